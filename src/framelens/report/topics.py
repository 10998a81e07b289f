"""Claims across sources: sentences of different documents on the same topic, side by side.

A *statement* is a sentence of an analysed passage that raises one of the domain pack's
topics (``[topics.<name>]``). Two statements of different documents on one topic
*differ* when one negates what the other affirms, when their passages are framed
differently (one frame against another, not against the fallback), or when both give
figures and no figure is shared. Everything here is plain data in, plain data out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..domain import DomainPack

#: Statements shown per topic and frame in the corpus report (all of them are exported).
SHOWN_PER_CELL = 4
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)]*|$)")
_NUMBER = re.compile(r"\d[\d,.]*\d%?|\d%?")


@dataclass(frozen=True)
class Statement:
    """One sentence raising ``topic``; offsets are into the document's clean text."""

    topic: str
    doc_id: str
    passage_idx: int
    start: int
    end: int
    text: str
    frame: str
    negated: bool
    figures: tuple[str, ...]


@dataclass
class TopicGroup:
    """The statements of one topic, by frame, and how many documents disagree on it."""

    topic: str
    label: str
    by_frame: dict[str, list[Statement]]
    documents: int
    disputing: int  # documents with a statement that differs from another document's
    reasons: dict[str, int] = field(default_factory=dict)  # documents per reason


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(w.lower()) for w in words if w.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def negation_pattern(pack: DomainPack) -> re.Pattern[str]:
    """Negations and rebuttal markers of the pack's ``[stance]``, plus the ``n't`` contraction."""
    words = [w for w in (*pack.words("stance", "negations"), *pack.words("stance", "rebuttal_markers")) if w != "n't"]
    return re.compile(_pattern(words).pattern + r"|n't\b", re.IGNORECASE)


def statements(passages: Iterable[dict[str, Any]], pack: DomainPack) -> list[Statement]:
    """Statements of passages given as dicts with doc_id, passage_idx, start, text, frame."""
    topics = {name: _pattern(t.terms) for name, t in pack.topics.items()}
    if not topics:
        return []
    negation = negation_pattern(pack)
    out = []
    for p in passages:
        for m in _SENTENCE.finditer(p["text"]):
            sentence = m.group().strip()
            if len(sentence.split()) < 4:
                continue
            lead = len(m.group()) - len(m.group().lstrip())
            start = p["start"] + m.start() + lead
            for name, pattern in topics.items():
                if pattern.search(sentence):
                    out.append(Statement(
                        name, p["doc_id"], int(p["passage_idx"]), start, start + len(sentence), sentence,
                        p["frame"], bool(negation.search(sentence)), tuple(_NUMBER.findall(sentence)),
                    ))
    return out


def differences(a: Statement, b: Statement, fallback: str) -> tuple[str, ...]:
    """Why two statements on one topic disagree: negation, frame, figures (empty: they don't)."""
    reasons = []
    if a.negated != b.negated:
        reasons.append("negation")
    if a.frame != b.frame and fallback not in (a.frame, b.frame):
        reasons.append("frame")
    if a.figures and b.figures and not set(a.figures) & set(b.figures):
        reasons.append("figures")
    return tuple(reasons)


def topic_groups(found: list[Statement], pack: DomainPack) -> list[TopicGroup]:
    """One group per topic raised by at least two documents, disputed topics first."""
    by_topic: dict[str, list[Statement]] = defaultdict(list)
    for s in found:
        by_topic[s.topic].append(s)
    groups = []
    for name, items in by_topic.items():
        docs = {s.doc_id for s in items}
        if len(docs) < 2:
            continue
        disputing, reasons = _disputing(items, pack.fallback.name)
        by_frame: dict[str, list[Statement]] = {f: [] for f in pack.frame_names}
        for s in items:
            by_frame.setdefault(s.frame, []).append(s)
        groups.append(TopicGroup(name, pack.topics[name].label, by_frame, len(docs), disputing, reasons))
    return sorted(groups, key=lambda g: (-g.disputing, -g.documents, g.topic))


def _disputing(items: list[Statement], fallback: str) -> tuple[int, dict[str, int]]:
    """How many documents hold a statement that differs from another document's, and per reason.

    Statements are compared by signature (frame, negated, figures), so a topic raised
    by thousands of sentences costs signatures², not sentences².
    """
    docs_by_sig: dict[tuple, set[str]] = defaultdict(set)
    example: dict[tuple, Statement] = {}
    for s in items:
        sig = (s.frame, s.negated, s.figures)
        docs_by_sig[sig].add(s.doc_id)
        example.setdefault(sig, s)
    disputing: set[str] = set()
    reasons: dict[str, set[str]] = defaultdict(set)
    sigs = list(docs_by_sig)
    for i, a in enumerate(sigs):
        for b in sigs[i + 1 :]:
            docs = docs_by_sig[a] | docs_by_sig[b]
            why = differences(example[a], example[b], fallback)
            if not why or len(docs) < 2:
                continue
            disputing |= docs
            for r in why:
                reasons[r] |= docs
    return len(disputing), {r: len(d) for r, d in sorted(reasons.items())}


class Disagreements:
    """Which documents' statements differ from a given document's, topic by topic.

    Built once per report: statements of each topic are indexed by signature, so
    looking up one document costs its statements × signatures, not the whole corpus.
    """

    def __init__(self, found: list[Statement], fallback: str) -> None:
        self.fallback = fallback
        self._cache: dict[tuple, tuple[str, ...]] = {}
        self.by_doc: dict[str, list[Statement]] = defaultdict(list)
        self.by_sig: dict[str, dict[tuple, list[Statement]]] = defaultdict(lambda: defaultdict(list))
        for s in found:
            self.by_doc[s.doc_id].append(s)
            self.by_sig[s.topic][(s.frame, s.negated, s.figures)].append(s)

    def _why(self, a: tuple, b: tuple, sa: Statement, sb: Statement) -> tuple[str, ...]:
        """``differences`` of two signatures, computed once per pair."""
        key = (a, b)
        if key not in self._cache:
            self._cache[key] = differences(sa, sb, self.fallback)
        return self._cache[key]

    def of(self, doc_id: str, *, limit: int = 3) -> list[dict[str, Any]]:
        """For each topic, this document's statement and up to ``limit`` differing ones of other documents."""
        out = []
        seen: dict[str, set[str]] = defaultdict(set)
        for s in self.by_doc.get(doc_id, ()):
            for sig, group in self.by_sig[s.topic].items():
                why = self._why((s.frame, s.negated, s.figures), sig, s, group[0])
                if not why:
                    continue
                for o in group:
                    if len(seen[s.topic]) >= limit:
                        break
                    if o.doc_id != doc_id and o.doc_id not in seen[s.topic]:
                        seen[s.topic].add(o.doc_id)
                        out.append({"topic": s.topic, "mine": s, "theirs": o, "reasons": why})
        return out
