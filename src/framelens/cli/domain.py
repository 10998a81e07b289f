"""``framelens domain check``, ``framelens domain show`` and ``framelens domain new``."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def domain() -> None:
    """Validate and inspect domain packs (the TOML a researcher edits for a topic).

    \b
    Examples:
      framelens domain show social_credit
      framelens domain check my_topic.toml
      framelens domain new ai_act --from-gold my_labels.jsonl
    """


@domain.command()
@click.argument("file")
def check(file: str) -> None:
    """Validate a domain pack; errors are listed with their line numbers.

    \b
    Example:
      framelens domain check my_topic.toml
    """
    from ..domain import load_pack

    pack = load_pack(file)
    click.echo(
        f"ok: {pack.path} — pack '{pack.name}' {pack.version}: {len(pack.sanctions)} sanction types, "
        f"{len(pack.entity_patterns)} entity patterns"
    )


@domain.command()
@click.argument("name", default="social_credit")
@click.option("--json", "as_json", is_flag=True, help="The whole pack as JSON.")
def show(name: str, as_json: bool) -> None:
    """Show a pack: its codebook (frames, stance, terms), sanction taxonomy, entity patterns and word lists.

    \b
    Example:
      framelens domain show social_credit
    """
    from ..domain import load_pack

    pack = load_pack(name)
    if as_json:
        click.echo(json.dumps(pack.as_dict(), indent=2, ensure_ascii=False))
        return
    from ..codebook import as_text, codebook

    click.echo(f"{pack.name} {pack.version} ({pack.path})\n{pack.description}\n")
    click.echo(as_text(codebook(pack)) + "\n")
    click.echo(f"{'sanction type':32} {'polarity':11} {'target':12} label")
    for t in pack.sanctions.values():
        click.echo(f"{t.name:32} {t.polarity:11} {t.target:12} {t.label}")
    click.echo(f"\n{len(pack.entity_patterns)} entity patterns, {len(pack.entity_stop)} stop names, "
               f"{len(pack.speakers)} speaker aliases")
    for section in ("claims",):
        for key, words in pack.word_lists.get(section, {}).items():
            click.echo(f"[{section}] {key}: {len(words)} entries")


@domain.command()
@click.argument("name")
@click.option("--from-gold", "gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Labelled passages (JSONL or CSV with `text` and `frame`).")
@click.option("--to", "to", type=click.Path(dir_okay=False, path_type=Path), help="File to write [default: NAME.toml].")
@click.option("--fallback", default="neutral", show_default=True, help="The label of passages with no frame salient.")
def new(name: str, gold: Path, to: Path | None, fallback: str) -> None:
    """Draft a domain pack for a new topic from labelled passages.

    Frames come from the labels; each gets candidate cue terms ranked by how well they
    separate its passages from the others, each with its counts, to keep or strike.
    Then: edit the descriptions, `framelens domain check NAME.toml`, and
    `framelens train --gold LABELS --domain NAME.toml` to fit its framing model.

    \b
    Example:
      framelens domain new ai_act --from-gold my_labels.jsonl
    """
    from ..domain import load_pack
    from ..draft_pack import draft_pack
    from ..errors import ConfigError

    target = to or Path(f"{name}.toml")
    if target.exists():
        raise ConfigError(f"{target} exists; give another --to, or move it away")
    text, candidates = draft_pack(name, gold, fallback=fallback)
    target.write_text(text, encoding="utf-8")
    pack = load_pack(target)  # a draft that fails its own schema is a bug: say so now, not later
    click.echo(f"wrote {target}: pack '{pack.name}', frames {', '.join(pack.frames)} and fallback {pack.fallback.name}")
    for frame, ranked in candidates.items():
        shown = ", ".join(f"{c.term} ({c.in_frame}/{c.frame_total} vs {c.elsewhere}/{c.other_total})" for c in ranked[:5])
        click.echo(f"  {frame}: {len(ranked)} candidate terms; first {shown or 'none'}")
