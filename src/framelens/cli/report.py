"""``framelens report`` and ``framelens compare``: pages rendered from the store, no analysis."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click

from .options import by_option, store_option


def _open(out: Path, store: Path | None):
    """The store path, the last finished run and its domain pack."""
    from ..domain import load_pack
    from ..errors import ConfigError
    from ..store import Store

    path = store if store is not None else out / "framelens.db"
    if not path.is_file():
        raise ConfigError(f"no framelens store at {path}; run `framelens run PATHS --out {out}` first")
    with Store(path, create=False) as s:
        finished = [r for r in s.runs() if r["status"] in ("ok", "partial")]
    if not finished:
        raise ConfigError(f"{path} has no finished run yet; run `framelens run PATHS --out {out}` first")
    run = finished[0]
    given = json.loads(run["config_json"]).get("domain", "social_credit")
    pack = load_pack(given)
    recorded = json.loads(run["versions_json"]).get("domain", "")
    if f"({pack.digest})" not in recorded:
        raise ConfigError(
            f"the domain pack {pack.path} changed since run {run['run_id']} analysed the corpus with it "
            f"({recorded or 'no record'}); run `framelens run PATHS --out {out}` to analyse again with the "
            "pack as it is now, or restore the pack")
    return path, run, pack


@click.command()
@store_option
@by_option
@click.option("--keep", type=click.IntRange(1), default=10, show_default=True, help="Run folders kept in OUT/runs/.")
@click.option("--wait", is_flag=True, help="If a run holds the lock, wait for it instead of exiting with code 3.")
def report(out, store, by, keep, wait) -> None:
    """Re-write OUT/latest/ from the store for the last run, without analysing anything.

    \b
    Examples:
      framelens report --by outlet              # adds by-outlet.html
      framelens report --by outlet --by year
    """
    from ..report import write_report
    from ..store import Store, store_lock

    path, run, pack = _open(out, store)
    with store_lock(path, wait=wait), Store(path, create=False) as s:
        latest = write_report(s, run["run_id"], out, pack, keep=keep, by=tuple(by))
    click.echo(f"report: {latest}/index.html")
    for key in by:
        click.echo(f"comparison by {key}: {latest}/by-{key}.html")


@click.command()
@click.argument("documents", nargs=-1, required=True)
@store_option
@click.option("--to", "to", type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write [default: OUT/compare/<names>.html].")
def compare(documents, out, store, to) -> None:
    """Put DOCUMENTS side by side: frame shares, sanctions, voices, claims, disagreements.

    Each argument is one column: a document (its id, a unique part of its id or
    title), a named group NAME=DOC,DOC,..., or every document of an outlet, a year
    or a document type: outlet:NAME, year:YYYY, doc_type:TYPE. Give as many as you like.

    \b
    Examples:
      framelens compare 001_e52c 004_cea3
      framelens compare "critics=001,002" "analysts=003,004" --to critics-vs-analysts.html
      framelens compare "outlet:Global Times" "outlet:The Economist" year:2019
    """
    from ..errors import ConfigError
    from ..report import write_comparison
    from ..report.context import analysed_documents, framing_details
    from ..store import Store

    if len(documents) < 2:
        raise click.UsageError("give at least two documents or groups to compare")
    path, _, pack = _open(out, store)
    with Store(path, create=False) as s:
        _, _, frames = framing_details(s)
        docs = analysed_documents(s, frames)
        groups = {}
        for arg in documents:
            field, colon, value = arg.partition(":")
            if colon and field in GROUP_FIELDS and "=" not in arg:
                chosen, label = _by_field(docs, field, value.strip())
            else:
                name, _, spec = arg.partition("=") if "=" in arg else (None, "", arg)
                chosen = [_find(docs, part.strip()) for part in spec.split(",") if part.strip()]
                if not chosen:
                    raise ConfigError(f"'{arg}' names no document")
                label = name or chosen[0]["label"]
            if label in groups:
                raise ConfigError(f"'{label}' is given twice")
            groups[label] = chosen
        slug = "-vs-".join(re.sub(r"[^A-Za-z0-9]+", "-", g).strip("-")[:30] or "group" for g in groups)[:150]
        target = to or out / "compare" / f"{slug}.html"
        prefix = os.path.relpath(out / "latest", target.parent) + "/"
        written = write_comparison(s, pack, groups, target, title="Comparison: " + " · ".join(groups), prefix=prefix)
    click.echo(f"comparison: {written}")


#: Document fields a comparison column can group by (``outlet:NAME``).
GROUP_FIELDS = ("outlet", "year", "doc_type")


def _by_field(docs: list[dict], field: str, value: str) -> tuple[list[dict], str]:
    """The documents whose ``field`` is ``value`` (any case), else the one value that contains it."""
    from ..errors import ConfigError

    values = sorted({str(d.get(field)) for d in docs if d.get(field)})
    exact = [v for v in values if v.lower() == value.lower()]
    near = exact or [v for v in values if value.lower() in v.lower()]
    if len(near) != 1:
        listed = "; ".join(near[:8] or values[:8]) + ("; …" if len(near or values) > 8 else "")
        what = f"matches {len(near)} {field} values" if near else f"matches no {field}"
        raise ConfigError(f"'{field}:{value}' {what} (the {field} values: {listed}); give one of them")
    return [d for d in docs if str(d.get(field)) == near[0]], f"{field} {near[0]}"


def _find(docs: list[dict], key: str) -> dict:
    """The document whose id is ``key``, else the one whose id or title contains it (case-insensitive)."""
    from ..errors import ConfigError

    exact = [d for d in docs if d["doc_id"] == key]
    if exact:
        return exact[0]
    low = key.lower()
    found = [d for d in docs if low in d["doc_id"].lower() or low in (d["title"] or "").lower()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ConfigError(f"no analysed document matches '{key}' (try `framelens status` for the ids)")
    names = ", ".join(d["doc_id"] for d in found[:6])
    raise ConfigError(f"'{key}' matches {len(found)} documents ({names}{', …' if len(found) > 6 else ''}); be more specific")
