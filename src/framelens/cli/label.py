"""``framelens label``."""

from __future__ import annotations

from pathlib import Path

import click

from .options import store_option


@click.command()
@store_option
@click.option("-n", "count", type=click.IntRange(1), default=20, show_default=True, help="How many passages to label.")
@click.option("--to", "to", type=click.Path(dir_okay=False, path_type=Path), default=Path("labels.jsonl"),
              show_default=True, help="The labels file (.jsonl or .csv); pass it to `framelens run --train`.")
@click.option("--ask", is_flag=True, help="Ask in the terminal, one passage at a time, instead of writing a file to fill in.")
@click.option("--domain", default="social_credit", show_default=True, help="Domain pack name or .toml file.")
def label(out, store, count, to, ask, domain) -> None:
    """Pick the passages the framing model is least sure of, for a person to label.

    They are spread over documents and predicted frames. Without --ask, the file
    lists them with an empty `frame` column to fill in. With --ask, each passage
    is shown and answered with a frame's first letter (o / r / n for the bundled
    pack), s to skip, q to save and quit; answers are added to the file. The next
    `framelens run CORPUS --train FILE` trains on them, and the passages you labelled
    show your label.

    \b
    Examples:
      framelens label -n 30 --to labels.csv         # fill in the frame column, then:
      framelens run corpus/sample --train labels.csv
      framelens label --ask --to labels.jsonl
    """
    from ..domain import load_pack
    from ..errors import ConfigError
    from ..frames.active import least_sure, write_rows
    from ..frames.labelled import read_labelled
    from ..store import Store

    pack = load_pack(domain)
    with Store(store or out / "framelens.db", create=False) as db:
        passages = db.labelled_passages()
    if passages.empty:
        raise ConfigError("the store has no framed passages yet: run `framelens run CORPUS` first")
    rows = least_sure(passages, count)
    if not ask:
        write_rows(rows, to)
        click.echo(f"{len(rows)} passages to label written to {to}: fill in the `frame` column "
                   f"({', '.join(pack.frame_names)}), then run with --train {to}")
        return
    keys = _keys(list(pack.frame_names))
    answered = []
    if to.exists():
        previous = read_labelled([to], list(pack.frame_names)) if to.stat().st_size else None
        answered = [{"doc": d, "passage_idx": None, "predicted": "", "probability": None, "frame": f, "text": t}
                    for d, t, f in zip(previous.docs, previous.texts, previous.frames)] if previous else []
    prompt = " / ".join(f"{k} {f}" for k, f in keys.items()) + " / s skip / q save and quit"
    for i, row in enumerate(rows, 1):
        click.echo(f"\n[{i}/{len(rows)}] {row['doc']} ¶{row['passage_idx']} — model: {row['predicted']} "
                   f"({row['probability']:.0%})\n{row['text']}\n")
        answer = click.prompt(prompt, type=click.Choice([*keys, "s", "q"]), show_choices=False)
        if answer == "q":
            break
        if answer != "s":
            answered.append({**row, "frame": keys[answer]})
    write_rows(answered, to)
    click.echo(f"{len(answered)} labelled passages in {to}; next: framelens run CORPUS --train {to}")


def _keys(frames: list[str]) -> dict[str, str]:
    """A frame's first letter answers for it; digits when first letters clash (or are s / q)."""
    letters = [f[0] for f in frames]
    if len(set(letters)) == len(letters) and not {"s", "q"} & set(letters):
        return dict(zip(letters, frames))
    return {str(i): f for i, f in enumerate(frames, 1)}
