"""``framelens train``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .options import spacy_model_option


@click.command()
@click.option("--gold", "gold", required=True, multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Labelled passages: JSONL or CSV with `text` and `frame` (repeatable).")
@click.option("--extra", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Labelled passages that train but are not scored, such as text written to illustrate "
                   "the codebook (repeatable).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to save the model [default: the pack's [framing].model file beside the pack].")
@click.option("--domain", default="social_credit", show_default=True, help="Domain pack name or .toml file.")
@click.option("--seed", default=0, show_default=True, help="Random seed (folds, solver).")
@spacy_model_option
@click.option("--no-cv", is_flag=True, help="Skip the grouped cross-validation (faster; no scores saved).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
def train(gold, extra, out, domain, seed, spacy_model, no_cv, as_json) -> None:
    """Fit the framing model on labelled passages; no corpus needed.

    Each gold file is scored by 5-fold cross-validation grouped by article (`url`,
    else `doc`): no article is in both the training and the test folds, and the other
    files always train. These scores are saved in the model and quoted by reports as
    "measured on other texts". `--extra` files always train and are never scored.
    Boilerplate, repeats and headings are left out.

    \b
    Examples:
      framelens train --gold ../shared/gold/dev_passages.jsonl --gold ../shared/gold/seed_passages.jsonl \\
        --extra corpus/codebook_passages.jsonl
      framelens train --gold my_labels.csv --domain my_topic.toml --out my_topic.framing.skops
    """
    from ..frames.training import train_files

    saved, path = train_files(list(gold), domain, out, seed=seed, cv=not no_cv, spacy_model=spacy_model,
                              extra=list(extra))
    if as_json:
        click.echo(json.dumps({"model": str(path), **saved.meta}, indent=2))
        return
    meta = saved.meta
    click.echo(f"trained on {meta['training']['passages']} passages "
               f"({', '.join(f'{f} {n}' for f, n in meta['training']['per_frame'].items())}) in {meta['seconds']} s")
    for name, scores in meta["cv"].items():
        click.echo(format_cv(name, scores))
    click.echo(f"saved: {path}")


def format_cv(name: str, s: dict) -> str:
    """Grouped-CV scores of one gold file as plain text."""
    lines = [f"{name}: {s['folds']}-fold cross-validation grouped by {s['grouped_by']}, {s['n']} passages",
             f"  macro-F1 {s['macro_f1']:.3f}   accuracy {s['accuracy']:.3f}   "
             f"expected calibration error {s['ece']:.3f}"]
    for frame, v in s["per_frame"].items():
        lines.append(f"  {frame:14} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  (n={v['support']})")
    for key, v in s.items():
        if key.endswith("_recall") and isinstance(v, dict):
            lines.append(f"  {key.replace('_', ' ')}: {v['recall']:.3f} (n={v['n']})")
    return "\n".join(lines)
