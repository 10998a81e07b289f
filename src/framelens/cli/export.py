"""``framelens export``."""

from __future__ import annotations

from pathlib import Path

import click

from .options import store_option


@click.command()
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write the tables into.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="csv", show_default=True, help="File format.")
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable) [default: all].")
@store_option
def export(to, fmt, tables, out, store) -> None:
    """Write every table of the store (no row caps) to --to, one file per table.

    Tables: documents (with frame shares and the dominant frame), passages, frames
    (per passage: frame, probability, stance, cluster, evidence), cues, entities,
    sanctions, claims, clusters, runs, framing.

    \b
    Examples:
      framelens export --to exports --format parquet
      framelens export --to exports --format csv --table documents --table frames
    """
    from ..tables import TABLES
    from ..tables import export as write

    store_path = store if store is not None else out / "framelens.db"
    written = write(store_path, to, fmt, tuple(tables) or TABLES)
    for name, path in written.items():
        click.echo(f"{name}: {path}")
