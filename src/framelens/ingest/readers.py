"""Readers: one function per input format, each yielding Documents or Skips.

Every reader turns bad input into a ``Skip`` with a reason a person can act on;
none of them raises for one bad file.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import DocumentError
from ..types import Document, Skip
from .clean import decode, decode_with_encoding, normalise

#: A web page whose main text has fewer words than this has no article in it.
MIN_PAGE_WORDS = 10
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


def read_text(path: Path, doc_id: str, meta: Mapping[str, Any]) -> Document:
    """A ``.txt`` or ``.md`` file with optional ``---`` front matter."""
    text, encoding = decode_with_encoding(_read_bytes(path))
    front, text = split_front_matter(text)
    if path.suffix.lower() == ".md":
        text = markdown_to_text(text)
    clean = normalise(text)
    if not clean.strip():
        raise DocumentError("no text after the front matter" if front else "empty file")
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    decoded = {} if encoding in ("utf-8", "utf_8") else {"encoding": encoding}
    return Document(doc_id, str(path), clean, fmt, {**meta, **front, **decoded})


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Parse a flat ``key: value`` front-matter block; return (metadata, body)."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith("#"):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text.lstrip("\ufeff")[match.end() :]


def markdown_to_text(text: str) -> str:
    """What a reader of rendered Markdown sees, as plain text: markup gone (markdown-it-py's
    CommonMark parser), headings, paragraphs and list items on their own lines, the source's
    blank lines between blocks kept, list markers kept (segmentation finds lists by them)."""
    tokens = _commonmark().parse(text)
    lines: list[str] = []
    last_line = None  # source line where the previous block ended
    markers: list[str] = []  # the marker of each open list item ("- ", "2. ")
    for at, token in enumerate(tokens):
        if token.type == "list_item_open":
            markers.append(f"{token.info}{token.markup} ")
        elif token.type == "list_item_close":
            markers.pop()
        elif token.type in ("inline", "fence", "code_block", "html_block") and token.map:
            start, end = token.map
            if last_line is not None and start > last_line and lines:
                lines.append("")  # a blank line in the source between two blocks
            content = _inline_text(token) if token.type == "inline" else token.content.rstrip("\n")
            if markers and at >= 2 and tokens[at - 2].type == "list_item_open":  # the item's first text
                content = markers[-1] + content
            lines.append(content)
            last_line = end
    return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def _commonmark() -> Any:
    """One CommonMark parser for every file (building one costs more than parsing a page)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _inline_text(token: Any) -> str:
    """The text of an inline token: link and emphasis markup gone, images as their alt text."""
    out = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(_inline_text(child))
    return "".join(out)


def read_html(path: Path, doc_id: str, meta: Mapping[str, Any]) -> Document:
    """A saved web page: main text and metadata via trafilatura."""
    return html_document(decode(_read_bytes(path)), doc_id, str(path), meta)


def html_document(html: str, doc_id: str, source: str, meta: Mapping[str, Any], url: str | None = None) -> Document:
    """Main text of a web page (navigation and comments dropped) as a Document."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=True, with_metadata=True
    )
    text = normalise(getattr(result, "text", None) or "") if result is not None else ""
    if len(text.split()) < MIN_PAGE_WORDS:
        # trafilatura falls back to any text it finds, e.g. a lone navigation link
        raise DocumentError(f"no main text found in the web page (fewer than {MIN_PAGE_WORDS} words)")
    found = {
        "title": result.title,
        "author": result.author,
        "date": result.date,
        "outlet": result.sitename,
        "url": result.url or url,
        "language": result.language,
    }
    metadata = {k: v for k, v in found.items() if v} | dict(meta)
    return Document(doc_id, source, text, "html", metadata)


def read_pdf(path: Path, doc_id: str, meta: Mapping[str, Any]) -> Document:
    """A PDF policy text via pypdf; the start offset of every page is kept."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(_read_bytes(path)))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise DocumentError("the PDF is encrypted with a password: save an unencrypted copy to analyse it", "failed")
        page_texts = [normalise(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        raise DocumentError(f"not a readable PDF (truncated or damaged): {exc}", "failed") from exc
    parts, pages, offset = [], [], 0
    for page_text in page_texts:
        pages.append(offset)
        parts.append(page_text)
        offset += len(page_text) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise DocumentError("the PDF has no extractable text (a scanned image?)")
    found = {"title": info.get("/Title"), "author": info.get("/Author")}
    metadata = {k: str(v) for k, v in found.items() if v} | dict(meta)
    return Document(doc_id, str(path), text, "pdf", metadata, tuple(pages))


def _opens_without_password(reader: Any) -> bool:
    """Many "encrypted" PDFs only restrict printing: they open with the empty password."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 — an algorithm pypdf cannot handle here (AES without cryptography)
        return False


def read_table(
    path: Path, doc_id: str, meta: Mapping[str, Any], *, text_column: str, id_column: str
) -> Iterator[Document | Skip]:
    """A ``.csv`` or ``.jsonl`` table: one document per row, other columns as metadata."""
    seen: set[str] = set()
    checked = False
    missing = 0
    try:
        for number, row in _table_rows(path):
            if isinstance(row, DocumentError):
                yield Skip(f"{doc_id}#row{number}", f"{path}:{number}", row.reason, row.status)
                continue
            if not checked and path.suffix.lower() == ".csv":  # a CSV header holds for every row
                checked = True
                if text_column not in row:
                    columns = ", ".join(map(str, row)) or "none"
                    yield Skip(
                        doc_id,
                        str(path),
                        f"table has no '{text_column}' column (columns: {columns}); "
                        "choose one with --text-column",
                    )
                    return
            checked = True
            if text_column not in row:
                missing += 1
                yield Skip(f"{doc_id}#row{number}", f"{path}:{number}",
                           f"row {number} has no '{text_column}' field (fields: {', '.join(map(str, row))[:200] or 'none'}); "
                           "choose the text field with --text-column")
                continue
            row_id = _scalar(row.get(id_column)).strip() or f"row{number}"
            if row_id in seen:
                row_id = f"{row_id}~row{number}"
            seen.add(row_id)
            yield _row_document(path, f"{doc_id}#{row_id}", number, row, meta, text_column, id_column)
    except DocumentError as exc:
        yield Skip(doc_id, str(path), exc.reason, exc.status)
        return
    if not checked:
        yield Skip(doc_id, str(path), "table has no rows")


def _row_document(
    path: Path, rid: str, number: int, row: Mapping[str, Any], meta: Mapping[str, Any], text_column: str, id_column: str
) -> Document | Skip:
    source = f"{path}:{number}"
    value = row.get(text_column)
    if value is not None and not isinstance(value, str):
        kind = {list: "a list", dict: "an object", bool: "true/false"}.get(type(value), "a number")
        return Skip(rid, source, f"row {number}: '{text_column}' is {kind}, not text")
    text = normalise(value or "")
    if not text.strip():
        return Skip(rid, source, f"row {number} has an empty '{text_column}' column")
    extra = {k: v for k, v in row.items() if k not in (text_column, id_column) and v not in (None, "")}
    return Document(rid, source, text, path.suffix.lower().lstrip("."), {**meta, **extra})


def _scalar(value: Any) -> str:
    """An id or metadata value as text (a list or object id is not usable: empty)."""
    return "" if value is None or isinstance(value, (list, dict)) else str(value)


def json_lines(text: str) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, value, problem) for each non-empty line of JSON Lines; ``problem`` says
    why a line cannot be read (then the value is None). Used for corpora and labelled files."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, f"is not valid JSON: {exc.msg}"
        except (RecursionError, ValueError) as exc:  # nesting too deep, an integer too long
            yield number, None, f"cannot be read: {type(exc).__name__}: {str(exc)[:120]}"


def _table_rows(path: Path) -> Iterator[tuple[int, Any]]:
    """(row number, dict) pairs; a bad JSONL line yields a DocumentError instead."""
    text = decode(_read_bytes(path))
    if path.suffix.lower() == ".jsonl":
        for number, row, problem in json_lines(text):
            if problem:
                yield number, DocumentError(f"line {number} {problem}", "failed")
            else:
                yield number, row if isinstance(row, dict) else DocumentError(f"line {number} is not a JSON object")
        return
    csv.field_size_limit(2**31 - 1)
    try:
        for number, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), 1):
            yield number, {k: v for k, v in row.items() if k is not None}
    except csv.Error as exc:
        raise DocumentError(f"not a readable CSV table: {exc}", "failed") from exc


#: Inputs larger than this are skipped unread (a text that long is not one article).
MAX_FILE_BYTES = 50_000_000


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``: never a FIFO or a device."""
    import stat

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError("not a regular file (a pipe, device or socket): not read")
        if info.st_size > MAX_FILE_BYTES:
            raise DocumentError(
                f"{info.st_size / 1e6:,.0f} MB, over the {MAX_FILE_BYTES // 1_000_000} MB limit for one input file: "
                "split it into documents")
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except PermissionError as exc:
        raise DocumentError("cannot read the file: permission denied", "failed") from exc
    except OSError as exc:
        raise DocumentError(f"cannot read the file: {exc.strerror or exc}", "failed") from exc
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"over the {MAX_FILE_BYTES // 1_000_000} MB limit for one input file (it grew while read)")
    return data
