"""``framelens evaluate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .options import ingest_options, make_ingest_options, spacy_model_option


@click.command()
@click.option("--gold", "gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Gold passages (JSON Lines, the shared gold format).")
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), help="The corpus the gold file annotates. Without it, each gold passage is its own document (dev-set format: `text` and `frame`) and the framing model is scored on them.")
@click.option("--learning-curve", is_flag=True, help="Without --corpus: also cross-validate models adapted to 10, 20, 40, … of the labels.")
@click.option("--by", "by", metavar="FIELD", help="Without --corpus: also score per value of this field of the gold rows (set, outlet, coder).")
@click.option("--framing-model", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Without --corpus: score this model (from `framelens train`) instead of the pack's.")
@spacy_model_option
@click.option("--domain", default="social_credit", show_default=True, help="Domain pack name or .toml file.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--task", "tasks", type=click.Choice(["extraction", "framing"]), multiple=True, help="Only this task (repeatable) [default: both].")
@click.option("--gold-docs", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Document-level gold shares (seed_docs.json format) [default: X_docs.json beside X_passages.jsonl].")
@click.option("--semantic", type=click.Choice(["auto", "on", "off"]), default="auto", show_default=True, help="MiniLM embedding features for framing.")
@click.option("--train", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Fit the framing model on these labelled passages (supervised mode) before scoring.")
@ingest_options
def evaluate(gold, corpus, by, learning_curve, framing_model, spacy_model, domain, as_json, tasks, gold_docs, semantic, train, **ingest) -> None:
    """Score framelens against hand-coded gold passages: precision / recall / F1 per task.

    Gold passages are found in the corpus by their text, so offsets into raw files
    and framelens's clean text may differ. Scores are on content passages (not
    boilerplate, not repeats). The plain spaCy NER is scored on the same passages;
    framing is compared with a keyword count over the same cue lexicon (no stance, no
    model). Framing runs the whole pipeline on the corpus in a temporary folder.

    \b
    Examples:
      framelens evaluate --gold ../shared/gold/seed_passages.jsonl --corpus ../shared/corpus/seeds
      framelens evaluate --gold corpus/sample_gold.jsonl --corpus corpus/sample --json
      framelens evaluate --gold my_labelled_passages.jsonl --learning-curve
      framelens evaluate --gold corpus/sanction_checks.jsonl --by set
    """
    if by and corpus is not None:
        raise click.UsageError("--by scores passages that are their own documents: leave out --corpus")
    if corpus is None:
        from ..evaluation.gold_passages import evaluate_passages, format_passages
        from ..evaluation.gold_passages import learning_curve as curve

        result = evaluate_passages(gold, domain=domain, framing_model=framing_model, spacy_model=spacy_model, by=by)
        if learning_curve:
            result["learning_curve"] = curve(gold, domain=domain, spacy_model=spacy_model)
        click.echo(json.dumps(result, indent=2) if as_json else format_passages(result))
        return
    from ..config import FramingOptions
    from ..evaluation import evaluate_extraction, evaluate_framing
    from ..nlp.spacy_model import resolve_model

    tasks = set(tasks or ("extraction", "framing"))
    options = make_ingest_options(**ingest)
    spacy_model = resolve_model(spacy_model)
    result = {}
    if "extraction" in tasks:
        result = evaluate_extraction(gold, corpus, model=spacy_model, domain=domain, options=options)
    if "framing" in tasks:
        result["framing"] = evaluate_framing(
            gold, corpus, model=spacy_model, domain=domain, options=options,
            framing=FramingOptions(semantic=semantic, train=train), gold_docs=gold_docs,
        )
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        text = [format_report(result)] if "extraction" in tasks else []
        text += [format_framing(result["framing"])] if "framing" in tasks else []
        click.echo("\n\n".join(text))


def format_report(r: dict) -> str:
    """The evaluation as plain-text tables."""
    p = r["passages"]
    lines = [
        f"gold: {r['gold']}  corpus: {r['corpus']}",
        f"passages: {p['gold']} gold, {p['located']} found in the corpus, {p['content']} content passages scored",
    ]
    lines += [f"  not found: {m}" for m in p["not_found"][:10]]
    for task in r.get("not_annotated", []):
        lines += ["", f"{task.upper()}: not annotated in this gold file"]
    s = r["sanctions"]
    if s is not None:
        lines += _sanction_lines(s)
    c = r["claims"]
    if c is not None:
        lines += _claim_lines(c)
    for name in ("entities", "entities_plain_model"):
        e = r.get(name)
        if e is None:
            continue
        title = "ENTITIES (framelens)" if name == "entities" else "ENTITIES (plain spaCy model, for comparison)"
        lines += ["", title, _prf_header(), _prf_row("micro", e["micro"])]
        lines += [_prf_row(f"  {label}", v) for label, v in sorted(e["labels"].items())]
    return "\n".join(lines)


def _sanction_lines(s: dict) -> list[str]:
    lines = ["", "SANCTIONS (types per passage)", _prf_header(), _prf_row("micro", s["types_micro"])]
    lines += [_prf_row(f"  {name}", v) for name, v in sorted(s["types"].items())]
    lines += [
        f"polarity accuracy {s['polarity']['accuracy']:.3f} (n={s['polarity']['n']})   "
        f"modality accuracy {s['modality']['accuracy']:.3f}   target accuracy {s['target']['accuracy']:.3f}",
    ]
    return lines


def _claim_lines(c: dict) -> list[str]:
    d = c["detection"]
    lines = [
        "", "CLAIMS",
        f"detection (sentence overlap): precision {d['precision']:.3f}  recall {d['recall']:.3f}  F1 {d['f1']:.3f}"
        f"  ({d['predicted']} predicted, {d['gold']} gold)",
        f"type accuracy {c['type_accuracy']['accuracy']:.3f}   statistic recall {c['statistic_recall']['accuracy']:.3f}"
        f" (n={c['statistic_recall']['n']})   attributed recall {c['attributed_recall']['accuracy']:.3f}"
        f" (n={c['attributed_recall']['n']})   speaker accuracy {c['speaker_accuracy']['accuracy']:.3f}"
        f" (n={c['speaker_accuracy']['n']})",
    ]
    return lines


def format_framing(r: dict) -> str:
    """Frame, stance and share scores as plain-text tables."""
    p = r["passages"]
    features = "TF-IDF + cues + MiniLM embeddings" if r["semantic"] else "TF-IDF + cues (no embeddings)"
    lines = [
        f"FRAMING ({r['mode']} mode, {features}) on {p['scored']} gold content passages",
        _prf_header(),
    ]
    for title, scores in (("framelens", r["frames"]), ("keyword count baseline", r["keyword_baseline"])):
        lines.append(f"{title:34} macro-F1 {scores['macro_f1']:.3f}   accuracy {scores['accuracy']['accuracy']:.3f}")
        lines += [_prf_row(f"  {name}", v) for name, v in scores["per_frame"].items() if v["support"] or v["predicted"]]
    lines += ["confusion (gold -> predicted):"]
    lines += [f"  {g:12} {c}" for g, c in r["frames"]["confusion"].items()]
    s = r["stance"]
    lines += [
        f"stance accuracy {s['accuracy']['accuracy']:.3f} (n={s['accuracy']['n']})   "
        f"refuted recall {s['refuted_recall']['accuracy']:.3f} (n={s['refuted_recall']['n']})"
        if s["accuracy"]["n"] else "stance: not annotated in this gold file",
    ]
    if "documents" in r:
        d = r["documents"]
        lines += [
            "document shares, mean absolute error: "
            + "  ".join(f"{name} {v:.3f}" for name, v in d["mae"].items())
            + f"   dominant frame agreement {d['dominant']['accuracy']:.3f} (n={d['dominant']['n']})",
        ]
    if "topics" in r:
        t = r["topics"]
        lines.append(f"topics in 'claims across sources': {t['raised']}, disputed {t['disputed']}, "
                     f"only framed differently {t['framed_differently_only']}")
    if "disagreements" in r:
        found = r["disagreements"]["found"]
        lines.append(f"cross-document disagreements found in 'claims across sources': {round(found['accuracy'] * found['n'])}/{found['n']}")
        lines += [f"  {'found ' if p['found'] else 'MISSED'} {p['topic'][:60]}" for p in r["disagreements"]["pairs"]]
    return "\n".join(lines)


def _prf_header() -> str:
    return f"{'':34} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"


def _prf_row(name: str, v: dict) -> str:
    return f"{name:34} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:6d} {v['predicted']:6d}"
