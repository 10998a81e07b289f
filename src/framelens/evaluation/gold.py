"""Gold files (the format of ../shared/gold/seed_passages.jsonl) and their alignment.

Gold offsets are into the raw files; framelens's offsets are into clean text. Each
gold passage is found in the clean text of its document by its (normalised) text,
searching forward from the previous one, so the evaluation never depends on the two
agreeing about where a passage starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..ingest.clean import normalise

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
    from ..frames.text_model import labelled_rows

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
