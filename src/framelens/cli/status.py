"""``framelens status``."""

from __future__ import annotations

import json

import click

from .options import store_option


@click.command()
@store_option
@click.option("--runs", "n_runs", type=click.IntRange(1), default=5, show_default=True, help="How many recent runs to list.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with keys 'documents' and 'runs'.")
@click.option("--check", is_flag=True, help="Run SQLite's integrity check on the store and say how to recover (exit 2 if damaged).")
def status(out, store, n_runs, as_json, check) -> None:
    """List the documents of a store with their status, and its last runs.

    Status is ok, skipped, failed or removed; skipped and failed documents carry
    the reason. Exits with 1 when any current document is skipped or failed.

    \b
    Examples:
      framelens status
      framelens status --store reports/framelens.db --json | jq '.runs[0]'
      framelens status --check            # is the store sound? how to recover if not
    """
    from ..errors import StoreError
    from ..store import Store

    if check:
        path = store or out / "framelens.db"
        with Store(path, create=False) as db:
            problems = db.check()
        if problems:
            raise StoreError(
                f"the store {path} is damaged ({len(problems)} problem(s), first: {problems[0]}). Restore a backup, "
                f"or recover what SQLite can read with `sqlite3 {path} .recover | sqlite3 recovered.db`, "
                "or move the file away and run again (every document is analysed again)")
        click.echo(f"ok: {path} passed SQLite's integrity check")
        return
    with Store(store or out / "framelens.db", create=False) as db:
        docs = [
            {k: d[k] for k in ("doc_id", "source", "status", "reason", "duplicate_of", "n_words", "n_passages", "last_run")}
            for d in db.documents()
        ]
        runs = [
            {**{k: r[k] for k in ("run_id", "started", "finished", "status", "config_hash", "fingerprint")},
             "versions": json.loads(r["versions_json"]), "counts": json.loads(r["counts_json"] or "{}")}
            for r in db.runs(n_runs)
        ]
    if as_json:
        click.echo(json.dumps({"documents": docs, "runs": runs}, indent=2))
    else:
        _print_table(docs, runs)
    raise SystemExit(1 if any(d["status"] in ("skipped", "failed") for d in docs) else 0)


def _print_table(docs: list[dict], runs: list[dict]) -> None:
    width = max([len(d["doc_id"]) for d in docs] + [6])
    click.echo(f"{'doc_id':<{width}}  {'status':<8}  {'words':>7}  reason")
    for d in docs:
        click.echo(f"{d['doc_id']:<{width}}  {d['status']:<8}  {d['n_words']:>7}  {d['reason']}")
    click.echo("")
    click.echo("last runs:")
    for r in runs:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(r["counts"].items())) or "-"
        click.echo(f"  {r['run_id']}  {r['status']:<8} {r['started']}  {counts}")
