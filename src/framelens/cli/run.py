"""``framelens run`` and ``framelens frame`` (the same pipeline with a saved framing model)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from .options import (
    SPACY_MODEL_HELP,
    by_option,
    framing_options,
    ingest_options,
    make_ingest_options,
    renamed_option,
    spacy_model_option,
    store_option,
)


def common_options(f):
    """Options ``run`` and ``frame`` share (``--domain`` is added by each)."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path)),
        store_option,
        click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True, help="Worker processes for the NLP (with --engine dask: LocalCluster workers)."),
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Where the NLP runs: this machine's processes, or a Dask cluster (pip install 'framelens[dask]')."),
        click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler to use, e.g. tcp://10.0.0.5:8786 [default: start a LocalCluster of --jobs workers]."),
        click.option("--full", is_flag=True, help="Re-analyse every document, ignoring the cache."),
        click.option("--wait", is_flag=True, help="If another run holds the lock, wait for it instead of exiting with code 3."),
        click.option("--keep", type=click.IntRange(1), default=10, show_default=True, help="Run folders kept in OUT/runs/."),
        click.option("--seed", type=int, default=0, show_default=True, help="Random seed for every stage."),
        by_option,
        ingest_options,
    ]
    for option in reversed(options):
        f = option(f)
    return f


@click.command()
@common_options
@click.option("--domain", default="social_credit", show_default=True, help="Domain pack name or .toml file.")
@spacy_model_option
@framing_options
@click.pass_obj
def run(obj, spacy_model, train, clusters, semantic, **options) -> None:
    """Analyse the corpus at PATHS and write the report to OUT/latest/.

    PATHS are folders (read recursively), files (.txt .md .html .htm .pdf) or
    tables (.csv .jsonl, one document per row). Only new and changed documents
    are analysed; vanished ones are marked removed. Every content passage is then
    framed; the fitted framing model is saved as OUT/latest/frame_model.skops.

    \b
    Examples:
      framelens run corpus/sample
      framelens run ~/corpus --out ~/scs-report --jobs 2 -q --log-file run.log
      framelens run export.csv --text-column body --id-column url
      framelens run ~/corpus --train my_labels.jsonl
    """
    from ..config import FramingOptions

    framing = FramingOptions(train=train, clusters=clusters, semantic=semantic)
    _run(obj, options, spacy_model=spacy_model, framing=framing)


@click.command()
@common_options
@click.option("--domain", help="Domain pack name or .toml file [default: the pack the framing model was fitted with].")
@renamed_option("--framing-model", "--model", "framing_model", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A saved framing model (frame_model.skops from a run folder).  [required]")
@click.option("--spacy-model", help=SPACY_MODEL_HELP)
@click.option("--clusters", type=click.IntRange(2), help="Number of discovered framings [default: chosen by silhouette score].")
@click.option("--semantic", type=click.Choice(["auto", "on", "off"]), default="auto", show_default=True, help="MiniLM embedding features (needed if the model was fitted with them).")
@click.pass_obj
def frame(obj, framing_model, spacy_model, clusters, semantic, **options) -> None:
    """Analyse the corpus at PATHS and frame it with a saved model, without refitting.

    Use it to label new documents exactly as an earlier run did, e.g. to compare a
    new batch against a reference corpus. The model must come from a run with the
    same domain pack: it is the pack the model records, unless --domain names another
    with the same frames and cues (anything else is refused before the analysis).

    \b
    Example:
      framelens frame new_articles/ --framing-model reports/latest/frame_model.skops --out new-report
    """
    from ..config import FramingOptions

    if framing_model is None:
        raise click.UsageError("Missing option '--framing-model' (a frame_model.skops from a run folder).")
    if options["domain"] is None:  # the pack the model was fitted with; no hidden default
        from ..frames.stage import model_pack

        options["domain"] = model_pack(framing_model)
        if options["domain"] is None:
            raise click.UsageError(f"the framing model {framing_model} does not say which domain pack it was "
                                   "fitted with (an older framelens made it): give --domain")
    framing = FramingOptions(model=framing_model, clusters=clusters, semantic=semantic)
    _run(obj, options, spacy_model=spacy_model, framing=framing)


def _run(obj, options: dict, *, spacy_model, framing) -> None:
    from ..config import RunConfig
    from ..pipeline import run_pipeline
    from .progress import ProgressLine

    ingest = {k: options.pop(k) for k in ("text_column", "id_column", "urls", "url_cache", "url_delay", "follow_links")}
    paths = options.pop("paths")
    options["report_by"] = tuple(options.pop("by"))
    if not paths and not ingest["urls"]:
        raise click.UsageError("give at least one PATH (or --urls FILE)")
    config = RunConfig(
        paths=tuple(paths), model=spacy_model, ingest=make_ingest_options(**ingest), framing=framing, **options
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
        + (f" (nothing changed: the report of run {result.report_kept} stands)" if result.report_kept else "")
    )
    log = logging.getLogger("framelens")
    log.info("run %s: %s", result.run_id, summary)
    if not obj["quiet"] and not obj["verbose"]:
        click.echo(summary, err=True)
        if result.framing and result.framing.get("cross_validation"):
            cv = result.framing["cross_validation"]
            click.echo(f"framing model trained on {cv['labelled']} labelled passages; "
                       f"{cv['folds']}-fold cross-validated macro-F1 {cv.get('macro_f1', 'n/a')}", err=True)
    if result.framing:
        # Per-document shares are in the documents table; a log line stays one line a person can read.
        shown = {k: v for k, v in result.framing.items() if k not in ("settings", "document_shares")}
        log.info("framing: %s", json.dumps(shown, default=str))
    for doc in result.problems:
        log.warning("%s: %s: %s", doc["status"], doc["doc_id"], doc["reason"])
    raise SystemExit(result.exit_code)
