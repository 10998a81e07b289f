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
from functools import lru_cache

from ..config import MAX_PASSAGE_CHARS
from ..types import Document, Passage

#: A list item: a bullet, "1." / "(2)", or "a)" at the start of a line. The one bullet rule.
BULLET = re.compile(r"^\s*(?:[-*•‣◦▪●·–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+")
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


def is_bullet(text: str) -> bool:
    """Whether ``text`` starts as a list item."""
    return BULLET.match(text) is not None


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a plain text, where no spaCy Doc exists (stored passages).

    The one rule for this: a sentence ends after ``.``, ``!``, ``?`` or ``…`` (and any closing
    quotes) where space and a capital, a digit or an opening quote follow; so decimals
    ("3.5 %") and most abbreviations ("e.g. the") stay inside their sentence.
    """
    start = len(text) - len(text.lstrip())
    for m in _SENTENCE_BREAK.finditer(text):
        end = m.start() + len(m.group().rstrip())
        if end > start:
            yield start, end
        start = m.end()
    if text[start:].strip():
        yield start, len(text.rstrip())


def lead_in(passages: Sequence[Passage], passage: Passage) -> str:
    """The passage introducing a bullet list (the one before it), else ''."""
    if passage.kind != "bullets" or passage.idx == 0:
        return ""
    return passages[passage.idx - 1].text


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
    """Paragraphs of a block of consecutive lines (one per line, or wrapped lines joined)."""
    lines = []
    pos = offset
    for line in block.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            lines.append((pos + lead, pos + len(line), line.strip()))
        pos += len(line) + 1
    width = max(len(text) for _, _, text in lines)
    groups: list[list[tuple[int, int, str]]] = []
    for line in lines:
        if groups and _continues(groups[-1], line[2], width):
            groups[-1].append(line)
        else:
            groups.append([line])
    for group in groups:
        text = group[0][2]
        if BULLET.match(text):
            kind = "bullets" if sum(bool(BULLET.match(t)) for _, _, t in group) > 1 else "paragraph"
        else:
            kind = "heading" if len(group) == 1 and _looks_like_heading(text) else "paragraph"
        yield group[0][0], group[-1][1], kind


def _continues(group: list[tuple[int, int, str]], line: str, width: int) -> bool:
    """Whether ``line`` continues the paragraph (or bullet run) ``group``.

    Bullet lines join a bullet run; a line in lower case continues a wrapped bullet
    item; otherwise a line continues a paragraph whose last line was wrapped (it
    fills most of the block's width and ends no sentence).
    """
    last = group[-1][2]
    if BULLET.match(line) or _MD_HEADING.match(line):
        return bool(BULLET.match(group[0][2])) and bool(BULLET.match(line))
    if BULLET.match(group[0][2]):
        return line[:1].islower()
    if _SENTENCE_END.search(last) or _MD_HEADING.match(last):
        return False
    wrapped = len(last) >= 0.6 * width and len(last) >= 30
    return wrapped and (line[:1].islower() or len(group) > 1 or len(last) >= 60)


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


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """Lower-case words with British spellings folded (each rule acts within one word)."""
    return [_folded(word) for word in _WORD.findall(text.lower())]


@lru_cache(maxsize=65536)
def _folded(word: str) -> str:
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


#: Earlier passages compared per MinHash bucket (keeps segmentation linear in document size).
MAX_BUCKET = 64


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
    sketch = sorted(int.from_bytes(hashlib.md5(b.encode()).digest()[:4], "big") for b in bigrams)[:6]
    candidates: set[int] = set()
    for h in sketch:
        bucket = shingle_index.setdefault(h, [])
        # Only the latest passages of a bucket: a template repeated thousands of times would
        # otherwise make every passage a candidate of every other (quadratic time).
        candidates.update(bucket[-MAX_BUCKET:])
        bucket.append(idx)
    for other in sorted(candidates):
        union = len(bigrams | shingles[other])
        if union and len(bigrams & shingles[other]) / union >= 0.7:
            return other
    return None
