"""Labelled passages: reading files of them, and finding them in a corpus's documents.

A labelled file (JSONL, or CSV with ``text`` and ``frame``) teaches the framing model
(``framelens train``, ``run --train``) and measures it (``framelens evaluate``); the
format is that of ../shared/gold/. Gold offsets are into the raw files, framelens's into
clean text, so a passage is found in the clean text of its document by its normalised
text, searching forward from the previous one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..ingest.clean import normalise
from ..ingest.readers import json_lines


@dataclass(frozen=True)
class Labelled:
    """Labelled passages from gold files: texts, frames, stances, and article groups."""

    texts: list[str]
    frames: list[str]
    stances: list[str]
    groups: list[str]
    digests: dict[str, str]  # file name -> sha256 of its bytes
    docs: list[str | None] = None  # the corpus document a passage is from, when the file says

    def __len__(self) -> int:
        return len(self.texts)


def read_labelled(paths: Iterable[Path], frames: Sequence[str]) -> Labelled:
    """Content passages with a frame from gold files (JSONL or CSV with ``text`` and ``frame``).

    Boilerplate, repeats and headings are left out (the dev codebook's neutral is factual
    content, not page furniture). Texts are normalised as a run stores passages (one kind of
    space, no invisible characters). The article group is ``url``, else ``doc``, else the file.
    The stance is ``stance`` or, in older files, ``stance_on_orwellian``.
    """
    texts, labels, stances, groups, docs, digests = [], [], [], [], [], {}
    for path in paths:
        data = _read_bytes(path)
        digests[path.name] = hashlib.sha256(data).hexdigest()
        for number, row in labelled_rows(path, data):
            if row.get("is_boilerplate") or row.get("is_duplicate") or row.get("is_heading"):
                continue
            text, frame = row.get("text"), row.get("frame")
            if not isinstance(text, str) or not text.strip() or not frame:
                continue
            if frame not in frames:
                raise ConfigError(f"{path}:{number}: frame '{frame}' is not one of the pack's ({', '.join(frames)})")
            texts.append(normalise(text))  # as a run stores passages: the model reads what it will be given
            labels.append(str(frame))
            stances.append(str(row.get("stance") or row.get("stance_on_orwellian") or "none"))
            groups.append(f"{path.name}:{row.get('url') or row.get('doc') or row.get('outlet') or number}")
            docs.append(str(row["doc"]) if row.get("doc") else None)
    if not texts:
        raise ConfigError(f"no labelled passages (rows with 'text' and 'frame') in {', '.join(str(p) for p in paths)}")
    return Labelled(texts, labels, stances, groups, digests, docs)


def _read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc


def labelled_rows(path: Path, data: bytes | None = None) -> Iterable[tuple[int, dict[str, Any]]]:
    """(line number, row) of a JSONL or CSV file of labelled passages; invalid JSON is a ``ConfigError``."""
    data = _read_bytes(path) if data is None else data
    text = data.decode("utf-8-sig", errors="replace")
    if path.suffix.lower() == ".csv":
        import csv
        import io

        for number, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
            yield number, row
        return
    for number, row, problem in json_lines(text):
        if problem:
            raise ConfigError(f"{path}:{number}: {problem.removeprefix('is ')}")
        if isinstance(row, dict):
            yield number, row


# --- gold passages in a corpus --------------------------------------------------------------
REQUIRED = ("doc", "text")


@dataclass(frozen=True)
class GoldPassage:
    """One gold passage located in framelens's clean text of its document."""

    row: dict[str, Any]
    start: int  # offsets into the clean text
    end: int
    text: str

    @property
    def content(self) -> bool:
        """Content passages: neither boilerplate nor a repeat (what the targets are measured on)."""
        return not (self.row.get("is_boilerplate") or self.row.get("is_duplicate"))

    def locate(self, snippet: str) -> tuple[int, int] | None:
        """Offsets (within this passage) of a gold snippet, tolerant of spacing."""
        return find_loose(self.text, snippet)


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Rows of a gold JSONL file; a clear error for anything malformed."""
    if not path.is_file():
        raise ConfigError(f"no gold file at {path}")
    rows = []
    for number, row in labelled_rows(path):
        missing = [k for k in REQUIRED if k not in row]
        if missing:
            raise ConfigError(f"{path}:{number}: a gold passage needs {', '.join(missing)}")
        rows.append(row)
    if not rows:
        raise ConfigError(f"{path} has no gold passages")
    return rows


def align(rows: list[dict[str, Any]], texts: dict[str, str]) -> tuple[list[GoldPassage], list[str]]:
    """Gold passages located in ``texts`` (doc id -> clean text); and what was not found."""
    found: list[GoldPassage] = []
    missing: list[str] = []
    cursor: dict[str, int] = {}
    for row in rows:
        text = texts.get(row["doc"])
        label = row.get("pid", row["doc"])
        if text is None:
            missing.append(f"{label}: document {row['doc']} is not in the corpus")
            continue
        span = find_loose(text, row["text"], cursor.get(row["doc"], 0)) or find_loose(text, row["text"])
        if span is None:
            missing.append(f"{label}: passage text not found in the document")
            continue
        cursor[row["doc"]] = span[1]
        found.append(GoldPassage(row, span[0], span[1], text[span[0] : span[1]]))
    return found, missing


def find_loose(haystack: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """(start, end) of ``needle`` in ``haystack`` ignoring differences in whitespace."""
    needle = normalise(needle).strip()
    if not needle:
        return None
    at = haystack.find(needle, start)
    if at >= 0:
        return at, at + len(needle)
    words = [re.escape(w) for w in needle.split()]
    match = re.compile(r"\s+".join(words)).search(haystack, start)
    return (match.start(), match.end()) if match else None
