"""Passage segmentation with boilerplate and repetition flags.

A passage is a paragraph: a line, or a hard-wrapped block of lines; a run of bullet
or numbered lines is one passage; a paragraph longer than ``max_chars`` is split at
sentence boundaries. Boilerplate (cookie banners, comment forms, newsletter prompts,
share buttons, navigation) and passages that repeat an earlier one of the same
document, exactly or nearly (e.g. the same section in British and American
spelling), are flagged, not deleted, and left out of analysis.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator, Sequence

from ..config import MAX_PASSAGE_CHARS
from ..types import Document, Passage

_BULLET = re.compile(r"^\s*(?:[-*•‣◦▪●·–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;…\"”’)»]$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)»]*\s+(?=[\"“‘(«]?[A-Z0-9\u4e00-\u9fff])")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")

# Site chrome, matched against a whole (short) passage. Kept deliberately generic:
# these are the phrases web pages use, not the phrases of any one document.
_BOILERPLATE = [
    (re.compile(p, re.I), why)
    for p, why in [
        (r"\bcookies?\b.*\b(use|accept|consent|settings|policy|experience|agree)", "cookie notice"),
        (r"^(manage|accept( all)?|reject( all)?) cookies$", "cookie notice"),
        (r"\b(leave a (reply|comment)|post (a )?comment|add a comment)\b", "comment form"),
        (r"\byour email address will not be published\b", "comment form"),
        (r"\brequired fields are marked\b", "comment form"),
        (r"\b(akismet|comment data is processed)\b", "comment form"),
        (r"\b(newsletter|subscribe|sign up for (our|the)|delivered via rss)\b", "newsletter prompt"),
        (r"^(share( this)?( article| page| story)?|share on \w+|tweet|print|email)(\s*[|/·]\s*\w+)*$", "share buttons"),
        (r"^(skip to (main )?content|main menu|menu|search|home|log ?in|sign ?in|register)$", "site navigation"),
        (r"^((home|about|contact|news|blog|login|search|menu)\s*[|/»>·]\s*)+\w*$", "site navigation"),
        (r"\ball rights reserved\b|^©|^copyright\b", "copyright line"),
        (r"^(related (articles|posts|stories)|read more|you may also like|advertisement)$", "related links"),
        (r"^issn\s+\d{4}-\d{3}[\dx]$", "site chrome"),
        (r"^by [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}\*?$", "byline"),
    ]
]
_BOILERPLATE_MAX_WORDS = 60


def segment(doc: Document, *, max_chars: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """Split a document's clean text into flagged passages with offsets."""
    spans = list(_paragraph_spans(doc.text))
    spans = [piece for span in spans for piece in _split_long(doc.text, span, max_chars)]
    passages = []
    seen: dict[str, int] = {}
    shingle_index: dict[int, list[int]] = {}
    shingles: list[set[str]] = []
    for idx, (start, end, kind) in enumerate(spans):
        text = doc.text[start:end]
        reason = boilerplate_reason(text)
        duplicate_of = _find_repeat(text, idx, seen, shingle_index, shingles)
        if duplicate_of is not None and not reason:
            reason = f"repeats passage {duplicate_of}"
        passages.append(
            Passage(
                doc_id=doc.doc_id,
                idx=idx,
                start=start,
                end=end,
                text=text,
                kind=kind,
                page=_page_of(doc.pages, start),
                is_boilerplate=bool(reason) and duplicate_of is None,
                is_duplicate=duplicate_of is not None,
                flag_reason=reason,
            )
        )
    return passages


def boilerplate_reason(text: str) -> str:
    """The kind of site chrome ``text`` is, or ``""`` for content."""
    words = text.split()
    if len(words) > _BOILERPLATE_MAX_WORDS:
        return ""
    flat = " ".join(words)
    for pattern, why in _BOILERPLATE:
        if pattern.search(flat):
            return why
    return ""


def _paragraph_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of each paragraph, bullet run or heading."""
    offset = 0
    for block in re.split(r"(\n\s*\n)", text):
        if block.strip() and not block.isspace():
            yield from _block_spans(block, offset)
        offset += len(block)


def _block_spans(block: str, offset: int) -> Iterator[tuple[int, int, str]]:
    lines = []
    pos = offset
    for line in block.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            lines.append((pos + lead, pos + len(line), line.strip()))
        pos += len(line) + 1
    if _is_wrapped(lines):
        kind = "heading" if _looks_like_heading(lines[0][2]) and len(lines) == 1 else "paragraph"
        yield lines[0][0], lines[-1][1], kind
        return
    i = 0
    while i < len(lines):
        start, end, line = lines[i]
        if _BULLET.match(line):
            j = i
            while j + 1 < len(lines) and _BULLET.match(lines[j + 1][2]):
                j += 1
            yield start, lines[j][1], "bullets" if j > i else "paragraph"
            i = j + 1
            continue
        yield start, end, "heading" if _looks_like_heading(line) else "paragraph"
        i += 1


def _is_wrapped(lines: Sequence[tuple[int, int, str]]) -> bool:
    """True for a hard-wrapped paragraph rather than a stack of separate lines.

    Wrapped lines are of similar width, none but the last ends a sentence, and
    the text runs on (a continuation starts in lower case, or there are three
    or more lines of near-equal width).
    """
    if len(lines) == 1:
        return True
    texts = [line for _, _, line in lines]
    if any(_BULLET.match(t) or _MD_HEADING.match(t) for t in texts):
        return False
    body = texts[:-1]
    if any(not 30 <= len(t) <= 100 or _SENTENCE_END.search(t) for t in body):
        return False
    runs_on = any(t[:1].islower() for t in texts[1:])
    even = len(texts) >= 3 and max(map(len, body)) - min(map(len, body)) <= 25
    return runs_on or even


def _looks_like_heading(line: str) -> bool:
    if _MD_HEADING.match(line):
        return True
    words = line.split()
    return 0 < len(words) <= 14 and not re.search(r"[.!;,]$", line)


def _split_long(text: str, span: tuple[int, int, str], max_chars: int) -> Iterator[tuple[int, int, str]]:
    """Split an over-long span at sentence boundaries (or spaces, failing that)."""
    start, end, kind = span
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max((m.start() for m in _SENTENCE_BREAK.finditer(window)), default=-1)
        if cut < max_chars // 4:
            cut = window.rfind(" ")
        if cut < max_chars // 4:
            cut = max_chars
        piece_end = start + len(window[:cut].rstrip())
        yield start, piece_end, kind
        start = start + cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end, kind


def _page_of(pages: Sequence[int], start: int) -> int | None:
    if not pages:
        return None
    return bisect.bisect_right(pages, start)


_SPELLING = [
    (re.compile(r"(?<=\w{3})our(s?)\b"), r"or\1"),
    (re.compile(r"(?<=\w{3})is(e|es|ed|ing|ation|ations)\b"), r"iz\1"),
    (re.compile(r"(?<=\w{3})ys(e|es|ed|ing)\b"), r"yz\1"),
    (re.compile(r"(?<=\w{3})tre(s?)\b"), r"ter\1"),
    (re.compile(r"(?<=\w{3})lled\b"), r"led"),
]


def _words(text: str) -> list[str]:
    text = text.lower()
    for pattern, repl in _SPELLING:
        text = pattern.sub(repl, text)
    return re.findall(r"\w+", text)


def _find_repeat(
    text: str,
    idx: int,
    seen: dict[str, int],
    shingle_index: dict[int, list[int]],
    shingles: list[set[str]],
) -> int | None:
    """Index of an earlier passage this one repeats (exactly or nearly), else None.

    Exact repeats of short lines (a name above each interview) count as repeats only
    from eight words up; near repeats need a word-bigram Jaccard similarity of 0.7,
    after folding British and American spellings.
    """
    words = _words(text)
    key = " ".join(words)
    bigrams = {" ".join(pair) for pair in zip(words, words[1:])}
    shingles.append(bigrams)
    earlier = seen.get(key)
    if earlier is None and key:
        seen[key] = idx
    if len(words) < 8:
        return None
    if earlier is not None:
        return earlier
    # Candidates share one of the passage's smallest bigram hashes (a MinHash sketch).
    sketch = sorted(int(hashlib.md5(b.encode()).hexdigest()[:8], 16) for b in bigrams)[:6]
    candidates: set[int] = set()
    for h in sketch:
        candidates.update(shingle_index.setdefault(h, []))
        shingle_index[h].append(idx)
    for other in sorted(candidates):
        union = len(bigrams | shingles[other])
        if union and len(bigrams & shingles[other]) / union >= 0.7:
            return other
    return None
