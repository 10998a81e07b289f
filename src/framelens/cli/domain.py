"""``framelens domain check`` and ``framelens domain show``."""

from __future__ import annotations

import json

import click


@click.group()
def domain() -> None:
    """Validate and inspect domain packs (the TOML a researcher edits for a topic).

    \b
    Examples:
      framelens domain show social_credit
      framelens domain check my_topic.toml
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
