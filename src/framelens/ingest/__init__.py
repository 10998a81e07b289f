"""Ingest: paths, tables and URL lists to Documents (or Skips with their reasons).

``iter_inputs`` streams; nothing here holds the whole corpus in memory.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..config import IngestOptions
from ..errors import ConfigError, DocumentError
from ..types import Document, Skip
from .clean import decode
from .dates import normalise_date
from .readers import read_html, read_pdf, read_table, read_text
from .urls import read_url_list

__all__ = ["SUPPORTED", "count_inputs", "iter_inputs"]

log = logging.getLogger(__name__)
#: The reason of a folder that could not be listed; the pipeline keeps that folder's documents.
UNREADABLE_FOLDER = "cannot read the folder"
_SURROGATE = re.compile("[\udc80-\udcff]")

_FILE_READERS = {".txt": read_text, ".md": read_text, ".html": read_html, ".htm": read_html, ".pdf": read_pdf}
_TABLES = (".csv", ".jsonl")
SUPPORTED = tuple(sorted([*_FILE_READERS, *_TABLES]))
METADATA_FILE = "sources.csv"


def _dated(item: Document | Skip) -> Document | Skip:
    """A document's date made ISO (to the precision given) once, here; the date as written is
    kept in its metadata when it differs."""
    if not isinstance(item, Document) or "date" not in item.metadata:
        return item
    written = item.metadata["date"]
    iso, precision = normalise_date(written)
    metadata = {**item.metadata, "date": iso, "date_precision": precision}
    if written not in (None, "") and str(written).strip() != iso:
        metadata["date_as_written"] = str(written)
    return replace(item, metadata=metadata)


def iter_inputs(
    paths: Sequence[Path],
    options: IngestOptions = IngestOptions(),
    *,
    on_input: Callable[[], None] | None = None,
    exclude: Sequence[Path] = (),
) -> Iterator[Document | Skip]:
    """Every document under ``paths`` (folders recursively) and in ``options.urls``.

    Document ids are stable across runs: the path relative to the folder given
    (prefixed with the folder's name when several folders are given), ``#<id>`` for
    table rows, and the URL itself for fetched pages. ``on_input`` is called after
    each file or URL list has been read (for progress bars; see ``count_inputs``).
    Folders in ``exclude`` (the report folder) and hidden ones are never read; a symlink
    that leaves its corpus folder is followed only with ``options.follow_links``.
    """
    for path in paths:
        if not path.exists():
            raise ConfigError(f"no such file or folder: {path}")
    prefix = len(paths) > 1
    metadata: dict[Path, dict[str, dict[str, str]]] = {}
    for path in paths:
        root = path if path.is_dir() else path.parent
        for file, problem in _files(path, exclude=exclude, follow_links=options.follow_links):
            rel = _printable(file.relative_to(root).as_posix())
            doc_id = f"{_printable(root.name)}/{rel}" if prefix else rel
            if problem is not None:
                yield Skip(doc_id, _printable(str(file)), problem.reason, problem.status)
            else:
                meta, meta_problem = _metadata_for(file, metadata)
                if meta_problem is not None:
                    yield meta_problem
                for item in read_file(file, doc_id, meta, options):
                    # A file name that is not valid UTF-8 is stored and shown with U+FFFD.
                    item = replace(item, source=_printable(item.source)) if _SURROGATE.search(item.source) else item
                    yield _dated(item)
            if on_input:
                on_input()
    if options.urls is not None:
        cache = options.url_cache or options.urls.parent / ".framelens-url-cache"
        for item in read_url_list(options.urls, cache=cache, delay=options.url_delay, timeout=options.url_timeout):
            yield _dated(item)
        if on_input:
            on_input()


def count_inputs(paths: Sequence[Path], options: IngestOptions = IngestOptions(), *, exclude: Sequence[Path] = ()) -> int:
    """How many times ``iter_inputs`` will call ``on_input``: files, plus one for a URL list."""
    return sum(1 for path in paths if path.exists()
               for _ in _files(path, exclude=exclude, follow_links=options.follow_links)) + (options.urls is not None)


def read_file(path: Path, doc_id: str, meta: dict[str, Any], options: IngestOptions) -> Iterator[Document | Skip]:
    """Documents of one file; a file that cannot be read becomes a Skip."""
    suffix = path.suffix.lower()
    try:
        if suffix in _TABLES:
            yield from read_table(
                path, doc_id, meta, text_column=options.text_column, id_column=options.id_column
            )
            return
        reader = _FILE_READERS.get(suffix)
        if reader is None:
            supported = ", ".join(SUPPORTED)
            yield Skip(doc_id, str(path), f"unsupported file type '{suffix or path.name}' (supported: {supported})")
            return
        yield reader(path, doc_id, meta)
    except DocumentError as exc:
        yield Skip(doc_id, _printable(str(path)), exc.reason, exc.status)
    except Exception as exc:  # noqa: BLE001 — one input never ends a run: a library's failure is this file's
        log.debug("reading %s failed", path, exc_info=True)
        yield Skip(doc_id, _printable(str(path)), f"could not be read ({type(exc).__name__}: {str(exc)[:200]})", "failed")


def _printable(text: str) -> str:
    """A file name as text that can be stored and shown (undecodable bytes become U+FFFD)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _files(path: Path, *, exclude: Sequence[Path] = (), follow_links: bool = False) -> Iterator[tuple[Path, DocumentError | None]]:
    """(file, None) for every corpus file under ``path``; (path, problem) for what cannot be read."""
    if path.is_file():
        yield path, None
        return
    root = path.resolve()
    skip = {p.resolve() for p in exclude}
    found: list[tuple[Path, DocumentError | None]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else path
        found.append((where, DocumentError(
            f"{UNREADABLE_FOLDER} ({error.strerror or error}): its documents are kept from the last run", "failed")))

    for folder, dirs, files in os.walk(path, onerror=unreadable, followlinks=follow_links):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() not in skip)
        for name in sorted(files):
            file = here / name
            if name.startswith("."):
                continue  # hidden files (.DS_Store, editor backups) are not corpus
            if file.is_symlink() and not follow_links:
                target = file.resolve()
                if not target.is_relative_to(root):
                    found.append((file, DocumentError(
                        "a symlink to a file outside the corpus folder: not followed (use --follow-links)")))
                    continue
            if name == METADATA_FILE and _is_metadata_table(file):
                continue
            found.append((file, None))
    yield from sorted(found, key=lambda item: item[0].as_posix())


def _metadata_for(file: Path, cache: dict[Path, dict[str, dict[str, str]]]) -> tuple[dict[str, Any], Skip | None]:
    """Metadata for ``file`` from a ``sources.csv`` (column ``file``) beside it; and, the first
    time a folder's table cannot be read, a Skip that says so (its documents are still read)."""
    folder = file.parent
    problem = None
    if folder not in cache:
        table = folder / METADATA_FILE
        rows: dict[str, dict[str, str]] = {}
        if table.is_file() and _is_metadata_table(table):
            try:
                for row in csv.DictReader(io.StringIO(decode(table.read_bytes()).replace("\x00", ""))):
                    name = (row.pop("file", "") or "").strip()
                    rows[name] = {k: v for k, v in row.items() if k and v}
            except (DocumentError, OSError, csv.Error, ValueError) as exc:
                reason = exc.reason if isinstance(exc, DocumentError) else str(exc)
                problem = Skip(_printable(str(table)), _printable(str(table)),
                               f"metadata table not read ({reason}): its documents are analysed without it", "failed")
                rows = {}
        cache[folder] = rows
    return dict(cache[folder].get(file.name, {})), problem


def _is_metadata_table(path: Path) -> bool:
    try:
        header = path.read_text(encoding="utf-8-sig", errors="replace").split("\n", 1)[0]
    except OSError:
        return False
    columns = [c.strip() for c in header.split(",")]
    return "file" in columns and "text" not in columns
