"""``framelens ingest``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .options import ingest_options, make_ingest_options


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@ingest_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document (JSON Lines) on stdout.")
@click.option("--passages", "show_passages", is_flag=True, help="With --json: include every passage and its flags.")
def ingest(paths, as_json, show_passages, **options) -> None:
    """Read PATHS as `run` would and list each document: format, words, passages,
    flagged passages, or the reason it was skipped. Nothing is analysed or stored;
    use it to check a corpus before a long run. Exits with 1 if any input is skipped.

    \b
    Examples:
      framelens ingest corpus/sample
      framelens ingest export.jsonl --text-column body --json --passages > passages.jsonl
    """
    from ..ingest import iter_inputs
    from ..ingest.passages import segment
    from ..types import Skip

    if not paths and not options["urls"]:
        raise click.UsageError("give at least one PATH (or --urls FILE)")
    problems = 0
    for item in iter_inputs(paths, make_ingest_options(**options)):
        if isinstance(item, Skip):
            problems += 1
            row = {"doc_id": item.doc_id, "source": item.source, "status": item.status, "reason": item.reason}
        else:
            passages = segment(item)
            row = {
                "doc_id": item.doc_id, "source": item.source, "status": "ok", "format": item.fmt,
                "words": len(item.text.split()), "passages": len(passages),
                "boilerplate": sum(p.is_boilerplate for p in passages),
                "repeated": sum(p.is_duplicate for p in passages), "metadata": item.metadata,
            }
            if show_passages:
                row["passage_list"] = [
                    {"idx": p.idx, "start": p.start, "end": p.end, "kind": p.kind, "page": p.page,
                     "is_boilerplate": p.is_boilerplate, "is_duplicate": p.is_duplicate,
                     "flag_reason": p.flag_reason, "text": p.text}
                    for p in passages
                ]
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        elif row["status"] == "ok":
            flagged = f"{row['boilerplate']} boilerplate, {row['repeated']} repeated"
            click.echo(f"ok       {row['doc_id']}  [{row['format']}] {row['words']} words, {row['passages']} passages ({flagged})")
        else:
            click.echo(f"{row['status']:<8} {row['doc_id']}  {row['reason']}")
    raise SystemExit(1 if problems else 0)
