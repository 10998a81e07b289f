"""Writing a report folder atomically and keeping a bounded history.

Each run renders into ``runs/<run-id>.tmp/``, which is renamed to
``runs/<run-id>/`` when complete; ``latest`` is a symlink swapped with one
atomic ``rename``. A run killed at any point leaves the previous report intact.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .context import corpus_context

if TYPE_CHECKING:
    from ..store import Store

TEMPLATES = Path(__file__).parent / "templates"


def render(template: str, **context: object) -> str:
    """Render a template from ``report/templates`` with HTML autoescaping."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(template).render(**context)


def write_report(store: Store, run_id: str, out: Path, *, keep: int = 10) -> Path:
    """Render the report of ``run_id`` into ``out/runs/<run-id>/`` and point ``out/latest`` at it."""
    runs = out / "runs"
    final = runs / run_id
    tmp = runs / f"{run_id}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    context = corpus_context(store, run_id)
    (tmp / "index.html").write_text(render("index.html.j2", **context), encoding="utf-8")
    framing = store.latest_framing()
    if framing and framing["model"]:
        # The fitted framing model, for `framelens frame --model` (skops format, not pickle).
        (tmp / "frame_model.skops").write_bytes(framing["model"])
    os.replace(tmp, final)
    _point_latest(out, final)
    _prune(runs, keep=keep, current=final)
    return out / "latest"


def _point_latest(out: Path, target: Path) -> None:
    latest = out / "latest"
    link = out / f".latest.{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target.relative_to(out), target_is_directory=True)
    if latest.exists() and not latest.is_symlink():
        shutil.rmtree(latest)  # a folder left by hand or by an older layout
    os.replace(link, latest)


def _prune(runs: Path, *, keep: int, current: Path) -> None:
    """Keep the ``keep`` newest run folders; remove leftovers of killed runs."""
    for leftover in runs.glob("*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    folders = sorted((p for p in runs.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True)
    for old in folders[max(keep, 1) :]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
