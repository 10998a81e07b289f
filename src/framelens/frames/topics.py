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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..ingest.passages import sentence_spans
from ..nlp.negation import text_negation_finder
from ..nlp.terms import WORD_CHAR, lowered, text_term_index, text_term_places
from ..types import Located

if TYPE_CHECKING:
    from ..domain import DomainPack

_NUMBER = re.compile(r"\d[\d,.]*\d%?|\d%?")


@dataclass(frozen=True)
class Statement(Located):
    """One sentence raising ``topic``."""

    topic: str
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


def negation_finder(pack: DomainPack) -> Callable[[str], bool]:
    """Whether a text holds a negation or rebuttal marker of the pack's ``[stance]``, or ``n't``."""
    return text_negation_finder((*pack.words("stance", "negations"), *pack.words("stance", "rebuttal_markers")))


def topic_finder(pack: DomainPack) -> Callable[[str], list[tuple[int, int, frozenset[str]]]]:
    """A function giving, for a text, ``(start, end, topics)`` of each place a topic term occurs.

    Terms are found as whole words in any case, the longest at each word. Where a long
    term matches, every shorter term it starts with matches there too ("social credit"
    inside "social credit system"), so each term also raises the topics of those.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for name, topic in pack.topics.items():
        for term in topic.terms:
            if term.strip():
                owners[term.lower().strip()].add(name)
    raises = {
        term: frozenset().union(*(
            names for prefix, names in owners.items()
            if term == prefix or (term.startswith(prefix) and not WORD_CHAR.match(term, len(prefix)))
        ))
        for term in owners
    }
    index = text_term_index(owners)

    def find(text: str) -> list[tuple[int, int, frozenset[str]]]:
        return [(start, end, raises[term]) for start, end, term in text_term_places(lowered(text), index)]

    return find


def statements(passages: Iterable[dict[str, Any]], pack: DomainPack) -> list[Statement]:
    """Statements of passages given as dicts with doc_id, passage_idx, start, text, frame."""
    find = topic_finder(pack)
    order = list(pack.topics)
    negated_in = negation_finder(pack)
    out = []
    for p in passages:
        places = find(p["text"])
        if not places:
            continue
        for first, last in sentence_spans(p["text"]):
            sentence = p["text"][first:last]
            if len(sentence.split()) < 4:
                continue
            raised = set().union(*(t for a, b, t in places if first <= a and b <= last))
            if not raised:
                continue
            start = p["start"] + first
            negated, figures = negated_in(sentence), tuple(_NUMBER.findall(sentence))
            for name in order:
                if name in raised:
                    out.append(Statement(
                        p["doc_id"], int(p["passage_idx"]), start, start + len(sentence), sentence,
                        topic=name, frame=p["frame"], negated=negated, figures=figures,
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


#: Statements with figures compared pairwise per topic; above this, figures that differ
#: are judged from the figure sets alone (any two distinct sets count as differing).
FIGURE_PAIRS_LIMIT = 300


def _stance_differences(a: tuple[str, bool], b: tuple[str, bool], fallback: str) -> tuple[str, ...]:
    """``differences`` without figures, for (frame, negated) signatures."""
    reasons = []
    if a[1] != b[1]:
        reasons.append("negation")
    if a[0] != b[0] and fallback not in (a[0], b[0]):
        reasons.append("frame")
    return tuple(reasons)


def _disputing(items: list[Statement], fallback: str) -> tuple[int, dict[str, int]]:
    """How many documents hold a statement that differs from another document's, and per reason.

    Negation and framing are compared by (frame, negated) signature — at most a few
    kinds per topic, however many sentences; figures statement by statement (see
    ``FIGURE_PAIRS_LIMIT``).
    """
    docs_by_sig: dict[tuple[str, bool], set[str]] = defaultdict(set)
    for s in items:
        docs_by_sig[(s.frame, s.negated)].add(s.doc_id)
    reasons: dict[str, set[str]] = defaultdict(set)
    sigs = list(docs_by_sig)
    for i, a in enumerate(sigs):
        for b in sigs[i + 1 :]:
            docs = docs_by_sig[a] | docs_by_sig[b]
            if len(docs) < 2:
                continue
            for r in _stance_differences(a, b, fallback):
                reasons[r] |= docs
    with_figures = [s for s in items if s.figures]
    if len(with_figures) <= FIGURE_PAIRS_LIMIT:
        for i, a in enumerate(with_figures):
            for b in with_figures[i + 1 :]:
                if a.doc_id != b.doc_id and not set(a.figures) & set(b.figures):
                    reasons["figures"] |= {a.doc_id, b.doc_id}
    elif len({s.figures for s in with_figures}) > 1:
        reasons["figures"] |= {s.doc_id for s in with_figures}
    disputing = set().union(*reasons.values()) if reasons else set()
    return len(disputing), {r: len(d) for r, d in sorted(reasons.items())}


class Disagreements:
    """Which documents' statements differ from a given document's, topic by topic.

    Built once per report: statements of each topic are indexed by (frame, negated), so
    looking up one document costs its statements × a few kinds, not the whole corpus.
    """

    def __init__(self, found: list[Statement], fallback: str) -> None:
        self.fallback = fallback
        self.by_doc: dict[str, list[Statement]] = defaultdict(list)
        self.by_sig: dict[str, dict[tuple, list[Statement]]] = defaultdict(lambda: defaultdict(list))
        self.with_figures: dict[str, list[Statement]] = defaultdict(list)
        for s in found:
            self.by_doc[s.doc_id].append(s)
            self.by_sig[s.topic][(s.frame, s.negated)].append(s)
            if s.figures:
                self.with_figures[s.topic].append(s)

    def of(self, doc_id: str, *, limit: int = 3) -> list[dict[str, Any]]:
        """For each topic, this document's statement and up to ``limit`` differing ones of other documents."""
        out = []
        seen: dict[str, set[str]] = defaultdict(set)

        def add(s: Statement, o: Statement, why: tuple[str, ...]) -> None:
            if o.doc_id != doc_id and o.doc_id not in seen[s.topic] and len(seen[s.topic]) < limit:
                seen[s.topic].add(o.doc_id)
                out.append({"topic": s.topic, "mine": s, "theirs": o, "reasons": why})

        for s in self.by_doc.get(doc_id, ()):
            taken = seen[s.topic]  # documents already shown for this topic (at most ``limit``)
            for sig, group in self.by_sig[s.topic].items():
                why = _stance_differences((s.frame, s.negated), sig, self.fallback)
                for o in group[: 4 * limit] if why and len(taken) < limit else ():
                    add(s, o, differences(s, o, self.fallback))
            if s.figures:
                for o in self.with_figures[s.topic][:FIGURE_PAIRS_LIMIT]:
                    if len(taken) >= limit:
                        break
                    why = differences(s, o, self.fallback)
                    if "figures" in why:
                        add(s, o, why)
        return out
