"""Writing a report folder atomically and keeping a bounded history.

Each run renders into ``runs/<run-id>.tmp/`` — ``index.html``, ``summary.md``, one page
per document under ``docs/``, numbered document lists under ``documents/`` for large
corpora, ``by-<key>.html`` comparison pages, the framing model — and the folder is
renamed to ``runs/<run-id>/`` when complete; ``latest`` is a symlink swapped with one
atomic ``rename``. A run killed at any point leaves the previous report intact.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codebook import codebook
from ..frames.topics import Disagreements, topic_words
from ..types import confidence_word
from .context import (
    REASON_WORDS,
    comparison_context,
    corpus_context,
    document_context,
    group_documents,
    page_name,
    voices,
)

if TYPE_CHECKING:
    from ..domain import DomainPack
    from ..store import Store

TEMPLATES = Path(__file__).parent / "templates"
log = logging.getLogger(__name__)
#: Digest of each document page's inputs, kept beside the pages (see ``page_key``).
KEYS = "page-keys.json"
_ENV: Any = None


def _environment():
    global _ENV
    if _ENV is None:
        import jinja2

        class Environment(jinja2.Environment):
            def getattr(self, obj, attribute):
                # Report contexts are dicts: ``doc.title`` finds the key without the AttributeError
                # Jinja raises and catches first. Same answer: a dict's only attributes are its methods.
                if type(obj) is dict and attribute in obj and not hasattr(dict, attribute):
                    return obj[attribute]
                return super().getattr(obj, attribute)

        _ENV = Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            # HTML templates escape everything they insert; the Markdown summary is plain text.
            autoescape=lambda name: name is not None and ".html" in name,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # templates ship with the package: no stat() per page rendered
        )
        _ENV.filters["md"] = markdown_text
        _ENV.filters["confidence"] = confidence_word
        _ENV.globals["reason_words"] = REASON_WORDS
    return _ENV


def render(template: str, **context: object) -> str:
    """Render a template from ``report/templates`` (HTML ones autoescaped)."""
    return _environment().get_template(template).render(**context)


def markdown_text(value: object) -> str:
    """Text safe inside a Markdown table cell or list item: no pipes, brackets, HTML or line breaks."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    return re.sub(r"([\\|\[\]<>*_`])", r"\\\1", text)


def write_report(store: Store, run_id: str, out: Path, pack: DomainPack, *, keep: int = 10,
                 by: tuple[str, ...] = ()) -> Path:
    """Render the report of ``run_id`` into ``out/runs/<run-id>/`` and point ``out/latest`` at it.

    A document page whose inputs are unchanged since the previous report (same document
    row and labels, same disagreements shown, same corpus voices; see ``page_key``) is
    hard-linked from there instead of rendered again.
    """
    runs = out / "runs"
    final = runs / run_id
    if final.exists():  # re-rendered (`framelens report`): a new folder, so `latest` still swaps atomically
        final = runs / f"{run_id}+{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}"
    tmp = runs / f"{final.name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        return _write(store, run_id, out, pack, tmp, final, runs, keep=keep, by=by)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # never a half-written report; the previous one stays
        raise


def _write(store: Store, run_id: str, out: Path, pack: DomainPack, tmp: Path, final: Path, runs: Path, *,
           keep: int, by: tuple[str, ...]) -> Path:
    from .charts import frame_styles, spectrum_svg, timeline_svg

    (tmp / "docs").mkdir(parents=True)
    context = corpus_context(store, run_id, pack)
    frames = context["framing"]["frames"]
    styles = frame_styles(frames)
    context.update(styles=styles, page_name=page_name,
                   spectrum_svg=spectrum_svg(context["spectrum"], frames),
                   timeline_svg=timeline_svg(context["timeline"], frames),
                   spectrum_dated=sum(bool(p["date"]) for p in context["spectrum"]) >= 2,
                   groupings=[{"by": key, "file": f"by-{key}.html"} for key in by])
    for chart in ("spectrum", "timeline"):  # each chart also as a file, to save or put in a slide
        if context[f"{chart}_svg"]:
            (tmp / f"{chart}.svg").write_text('<?xml version="1.0" encoding="utf-8"?>\n' + context[f"{chart}_svg"],
                                              encoding="utf-8")
    (tmp / "index.html").write_text(render("index.html.j2", **context), encoding="utf-8")
    (tmp / "summary.md").write_text(render("summary.md.j2", **context), encoding="utf-8")
    (tmp / "codebook.html").write_text(render("codebook.html.j2", book=codebook(pack)), encoding="utf-8")
    documents = context["all_documents"]
    _write_document_pages(store, tmp, context, pack, styles, previous=out / "latest")
    for key in by:
        groups = group_documents(documents, key)
        page = comparison_context(store, groups, pack, title=f"Documents by {key.replace('_', ' ')}",
                                  found=context["statements"])
        (tmp / f"by-{key}.html").write_text(render("compare.html.j2", **page, styles=styles), encoding="utf-8")
    framing = store.latest_framing()
    if framing and framing["model"]:
        # The fitted framing model, for `framelens frame --framing-model` (skops format, not pickle).
        (tmp / "frame_model.skops").write_bytes(framing["model"])
    os.replace(tmp, final)
    _point_latest(out, final)
    _prune(runs, keep=keep, current=final)
    return out / "latest"


def _write_document_pages(store: Store, tmp: Path, context: dict[str, Any], pack: DomainPack,
                          styles: dict[str, tuple[str, str]], *, previous: Path) -> None:
    """One page per document under ``docs/``, and numbered document lists for large corpora.

    Pages whose ``page_key`` matches the previous report's are hard-linked from it.
    """
    documents = context["all_documents"]
    frames = context["framing"]["frames"]
    if context["document_pages"]:
        (tmp / "documents").mkdir()
        for page in context["document_pages"]:
            chunk = documents[page["first"] - 1 : page["last"]]
            (tmp / page["file"]).write_text(render(
                "documents.html.j2", page=page, pages=context["document_pages"], documents=chunk,
                total=len(documents), frames=frames, styles=styles), encoding="utf-8")
    corpus_voices = voices(store)
    disagreements = Disagreements(context["statements"], pack.fallback.name, topic_words(pack))
    labelled_in = store.labelled_in()
    try:
        before = json.loads((previous / "docs" / KEYS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    keys = {}
    for doc in documents:
        doc_id = doc["doc_id"]
        shown = disagreements.of(doc_id)
        keys[doc_id] = page_key(doc, labelled_in.get(doc_id), shown, corpus_voices, context["titles"])
        name = page_name(doc_id)
        if before.get(doc_id) == keys[doc_id] and _link(previous / name, tmp / name):
            continue
        doc_context = document_context(store, doc, pack, shown, frames, corpus_voices, context["titles"])
        (tmp / name).write_text(render("document.html.j2", **doc_context, styles=styles, back="../"), encoding="utf-8")
    (tmp / "docs" / KEYS).write_text(json.dumps(keys), encoding="utf-8")


def page_key(doc: dict[str, Any], labelled_in: str | None, shown: list[dict[str, Any]],
             corpus_voices: list[dict[str, Any]], titles: dict[str, str]) -> str:
    """A digest of everything a document page shows that may change between runs."""
    from .._version import __version__

    parts = [
        __version__, _templates_digest(),  # a new framelens, or edited templates, render every page again
        sorted((k, str(v)) for k, v in doc.items() if k != "last_run"), labelled_in,  # last_run: every run
        [(d["topic"], d["reasons"], d["mine"].text, d["theirs"].doc_id, d["theirs"].passage_idx, d["theirs"].text,
          titles.get(d["theirs"].doc_id)) for d in shown],
        [v["speaker"] for v in corpus_voices],
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


@functools.lru_cache(maxsize=1)
def _templates_digest() -> str:
    """A digest of the page templates, so a changed template is never served from the cache."""
    folder = Path(__file__).parent / "templates"
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*.j2")))).hexdigest()[:16]


def _link(source: Path, target: Path) -> bool:
    """Hard-link (or copy) ``source`` to ``target``; False if there is no source."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:
        shutil.copy2(source, target)
    return True


def write_comparison(store: Store, pack: DomainPack, groups: dict[str, list[dict[str, Any]]], path: Path,
                     *, title: str, prefix: str) -> Path:
    """Write one comparison page to ``path`` atomically; links to document pages start with ``prefix``."""
    from .charts import frame_styles

    page = comparison_context(store, groups, pack, title=title, prefix=prefix)
    html = render("compare.html.j2", **page, styles=frame_styles(page["frames"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, path)
    return path


def latest_run(out: Path) -> str | None:
    """The run whose report ``out/latest`` shows, when ``framelens run`` wrote it (a report
    re-rendered by ``framelens report`` has a suffix and does not count)."""
    latest = out / "latest"
    if not latest.is_symlink() or not (latest / "index.html").is_file():
        return None
    name = Path(os.readlink(latest)).name
    return None if "+" in name else name


def _point_latest(out: Path, target: Path) -> None:
    latest = out / "latest"
    link = out / f".latest.{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target.relative_to(out), target_is_directory=True)
    if latest.exists() and not latest.is_symlink():
        # A folder or file that framelens did not make: moved aside, never deleted.
        aside = out / f"latest.moved-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}"
        os.replace(latest, aside)
        log.warning("%s was not framelens's link to the current report: moved to %s", latest, aside)
    os.replace(link, latest)


def _prune(runs: Path, *, keep: int, current: Path) -> None:
    """Keep the ``keep`` newest run folders; remove leftovers of killed runs."""
    for leftover in runs.glob("*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    folders = sorted((p for p in runs.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True)
    for old in folders[max(keep, 1) :]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


