"""Ingest: paths, tables and URL lists to Documents (or Skips with their reasons).

``iter_inputs`` streams; nothing here holds the whole corpus in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..config import IngestOptions
from ..errors import ConfigError, DocumentError
from ..types import Document, Skip
from .clean import decode
from .readers import read_html, read_pdf, read_table, read_text
from .urls import read_url_list

__all__ = ["SUPPORTED", "count_inputs", "iter_inputs"]

_FILE_READERS = {".txt": read_text, ".md": read_text, ".html": read_html, ".htm": read_html, ".pdf": read_pdf}
_TABLES = (".csv", ".jsonl")
SUPPORTED = tuple(sorted([*_FILE_READERS, *_TABLES]))
METADATA_FILE = "sources.csv"


def iter_inputs(
    paths: Sequence[Path],
    options: IngestOptions = IngestOptions(),
    *,
    on_input: Callable[[], None] | None = None,
) -> Iterator[Document | Skip]:
    """Every document under ``paths`` (folders recursively) and in ``options.urls``.

    Document ids are stable across runs: the path relative to the folder given
    (prefixed with the folder's name when several folders are given), ``#<id>`` for
    table rows, and the URL itself for fetched pages. ``on_input`` is called after
    each file or URL list has been read (for progress bars; see ``count_inputs``).
    """
    for path in paths:
        if not path.exists():
            raise ConfigError(f"no such file or folder: {path}")
    prefix = len(paths) > 1
    metadata: dict[Path, dict[str, dict[str, str]]] = {}
    for path in paths:
        root = path if path.is_dir() else path.parent
        for file in _files(path):
            rel = file.relative_to(root).as_posix()
            doc_id = f"{root.name}/{rel}" if prefix else rel
            yield from read_file(file, doc_id, _metadata_for(file, metadata), options)
            if on_input:
                on_input()
    if options.urls is not None:
        cache = options.url_cache or options.urls.parent / ".framelens-url-cache"
        yield from read_url_list(
            options.urls, cache=cache, delay=options.url_delay, timeout=options.url_timeout
        )
        if on_input:
            on_input()


def count_inputs(paths: Sequence[Path], options: IngestOptions = IngestOptions()) -> int:
    """How many times ``iter_inputs`` will call ``on_input``: files, plus one for a URL list."""
    return sum(1 for path in paths if path.exists() for _ in _files(path)) + (options.urls is not None)


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
        yield Skip(doc_id, str(path), exc.reason, exc.status)


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    for file in sorted(path.rglob("*")):
        rel = file.relative_to(path).parts
        if any(part.startswith(".") for part in rel) or file.is_dir():
            continue  # hidden files and folders (.git, caches) are not corpus
        if file.name == METADATA_FILE and _is_metadata_table(file):
            continue
        yield file


def _metadata_for(file: Path, cache: dict[Path, dict[str, dict[str, str]]]) -> dict[str, Any]:
    """Metadata for ``file`` from a ``sources.csv`` (column ``file``) beside it."""
    folder = file.parent
    if folder not in cache:
        table = folder / METADATA_FILE
        rows: dict[str, dict[str, str]] = {}
        if table.is_file() and _is_metadata_table(table):
            for row in csv.DictReader(io.StringIO(decode(table.read_bytes()))):
                name = (row.pop("file", "") or "").strip()
                rows[name] = {k: v for k, v in row.items() if k and v}
        cache[folder] = rows
    return dict(cache[folder].get(file.name, {}))


def _is_metadata_table(path: Path) -> bool:
    try:
        header = path.read_text(encoding="utf-8-sig", errors="replace").split("\n", 1)[0]
    except OSError:
        return False
    columns = [c.strip() for c in header.split(",")]
    return "file" in columns and "text" not in columns
