"""Claims across sources: sentences of different documents on the same topic, side by side.

A *statement* is a sentence of at least ``MIN_WORDS`` words, in an analysed passage that
is not a heading, that raises one of the domain pack's topics (``[topics.<name>]``). Two
statements of different documents on one topic *dispute* each other when one negates what
the other affirms, when both give figures and no figure is shared, or when they give
opposite answers the pack declares for the topic's question (``answers``): evidence of a
real difference. Passages framed differently (one frame against another, not against the
fallback) are *framed differently*, shown apart and never called a dispute. Everything
here is plain data in, plain data out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..ingest.passages import is_bullet, sentence_spans
from ..nlp.negation import text_negation_finder
from ..nlp.terms import WORD_CHAR, lowered, text_term_index, text_term_places
from ..types import Located

if TYPE_CHECKING:
    from ..domain import DomainPack

#: A figure: digits not glued to letters ("21st century", "5G" and "B2B" are no figures).
_NUMBER = re.compile(r"(?<!\w)(?:\d[\d,.]*\d|\d)%?(?!\w)")
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Statement(Located):
    """One sentence raising ``topic``."""

    topic: str
    frame: str
    negated: bool
    figures: tuple[str, ...]
    #: The answer to the topic's question the sentence gives, of the pack's ``answers`` ("" if none or several).
    answer: str = ""


@dataclass
class TopicGroup:
    """The statements of one topic, by frame, and how many documents disagree on it."""

    topic: str
    label: str
    by_frame: dict[str, list[Statement]]
    documents: int
    disputing: int  # documents with a statement another document's negates or gives other figures for
    reasons: dict[str, int] = field(default_factory=dict)  # documents per reason (frame included)
    pairs: int = 0  # document pairs that dispute the topic (the ranking)
    framed_differently: int = 0  # documents that differ only in frame, or contrast in other words


#: Reasons that are evidence of a dispute; "frame" is a difference of framing, not of fact.
DISPUTE_REASONS = ("negation", "figures", "answers")
#: Shorter sentences (fragments, subtitles, list entries) never become statements.
MIN_WORDS = 8
#: Words before an answer's phrase, within its clause, where a negation takes the answer back.
ANSWER_NEGATION_WINDOW = 4
#: Statements per answer of a topic paired with those of the other answers (bounds the work).
ANSWER_PAIRS_LIMIT = 200


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
        for term in (*topic.terms, *(p for phrases in topic.answers.values() for p in phrases)):  # an answer raises its question
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


def answer_finder(pack: DomainPack, negated_in: Callable[[str], bool] | None = None) -> Callable[[str], dict[str, str]]:
    """A function giving, for a sentence, the answer it gives to each topic that declares ``answers``.

    An answer's phrase counts unless a negation comes before it in its clause, within
    ``ANSWER_NEGATION_WINDOW`` words ("is not received positively"); a sentence that gives
    two answers to one topic gives none.
    """
    owner: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for name, topic in pack.topics.items():
        for answer, phrases in topic.answers.items():
            for phrase in phrases:
                owner[phrase.lower().strip()].add((name, answer))
    index = text_term_index(owner)
    negated_in = negated_in or negation_finder(pack)

    def find(sentence: str) -> dict[str, str]:
        if not owner:
            return {}
        given: dict[str, set[str]] = defaultdict(set)
        lower = lowered(sentence)
        for start, _, phrase in text_term_places(lower, index):
            clause = re.split(r"[,;:()\u2013\u2014]", lower[:start])[-1]
            if negated_in(" ".join(clause.split()[-ANSWER_NEGATION_WINDOW:])):
                continue
            for topic, answer in owner[phrase]:
                given[topic].add(answer)
        return {topic: next(iter(answers)) for topic, answers in given.items() if len(answers) == 1}

    return find


def statements(passages: Iterable[dict[str, Any]], pack: DomainPack) -> list[Statement]:
    """Statements of passages given as dicts with doc_id, passage_idx, start, text, frame."""
    find = topic_finder(pack)
    order = list(pack.topics)
    negated_in = negation_finder(pack)
    answers_in = answer_finder(pack, negated_in)  # the one negation finder, built once
    out = []
    for p in passages:
        if "kind" in p.keys() and p["kind"] == "heading":  # a heading is no statement
            continue
        places = find(p["text"])
        if not places:
            continue
        for first, last in sentence_spans(p["text"]):
            sentence = p["text"][first:last]
            if len(sentence.split()) < MIN_WORDS or sum(map(is_bullet, sentence.splitlines())) > 1:
                continue  # a fragment, or list items run together (a reading list): no statement
            raised = set().union(*(t for a, b, t in places if first <= a and b <= last))
            if not raised:
                continue
            start = p["start"] + first
            negated, figures = negated_in(sentence), tuple(_NUMBER.findall(sentence))
            answers = answers_in(sentence)
            for name in order:
                if name in raised:
                    out.append(Statement(
                        p["doc_id"], int(p["passage_idx"]), start, start + len(sentence), sentence,
                        topic=name, frame=p["frame"], negated=negated, figures=figures, answer=answers.get(name, ""),
                    ))
    return out


#: Two statements make the same claim when this share of their content words is common
#: (Jaccard), not counting the words every passage of the topic uses (the pack's
#: ``[framing] cluster_stop_words``: "social", "credit", "system"): only then is one negating
#: the other, or giving other figures, a dispute. Chosen on the seeds (in-sample).
SAME_CLAIM = 0.125
#: A content word in more statements of a topic than this says nothing about which claim a
#: statement makes ("system"), and is not used to find candidate pairs.
COMMON_WORD = 200


@lru_cache(maxsize=100_000)
def content_words(text: str) -> frozenset[str]:
    """Lower-case words of three or more letters, neither stop words nor figures."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(w for w in (m.group().lower() for m in _CONTENT_WORD.finditer(text)) if w not in ENGLISH_STOP_WORDS)


def topic_words(pack: DomainPack) -> frozenset[str]:
    """Words every passage of the pack's topic uses (``[framing] cluster_stop_words``): they say
    nothing about which claim a statement makes."""
    return frozenset(w.lower() for w in pack.words("framing", "cluster_stop_words"))


def same_claim(a: Statement, b: Statement, common: frozenset[str] = frozenset()) -> bool:
    """Whether two statements are about the same thing, by the content words they share
    (``common``: words that do not count, see :func:`topic_words`)."""
    x, y = _claim_words(a.text, common), _claim_words(b.text, common)
    shared = len(x & y)
    return shared > 0 and shared / (len(x) + len(y) - shared) >= SAME_CLAIM


@lru_cache(maxsize=100_000)
def _claim_words(text: str, common: frozenset[str]) -> frozenset[str]:
    return content_words(text) - common


def differences(a: Statement, b: Statement, fallback: str, common: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Why two statements on one topic differ. Disputes: "negation" (one negates what the other
    affirms, in the same words), "figures" (other figures for the same claim) and "answers"
    (opposite answers to the topic's question, as the pack declares them). Not disputes:
    "frame" (passages framed differently) and "contrast" (one negates, the other affirms, in other
    words: too little evidence that they speak of the same thing). ``common``: see :func:`same_claim`."""
    reasons = []
    if opposite_answers(a.answer, b.answer):
        reasons.append("answers")
    claim = None  # computed only when needed
    if a.negated != b.negated:
        claim = same_claim(a, b, common)
        reasons.append("negation" if claim else "contrast")
    if a.frame != b.frame and fallback not in (a.frame, b.frame):
        reasons.append("frame")
    if a.figures and b.figures and not set(a.figures) & set(b.figures):
        if claim if claim is not None else same_claim(a, b, common):
            reasons.append("figures")
    return tuple(reasons)


def topic_groups(found: list[Statement], pack: DomainPack) -> list[TopicGroup]:
    """One group per topic raised by at least two documents; those most document pairs dispute first."""
    by_topic: dict[str, list[Statement]] = defaultdict(list)
    for s in found:
        by_topic[s.topic].append(s)
    common = topic_words(pack)
    groups = []
    for name, items in by_topic.items():
        docs = {s.doc_id for s in items}
        if len(docs) < 2:
            continue
        disputing, reasons, pairs, framed = _disputing(items, pack.fallback.name, common)
        by_frame: dict[str, list[Statement]] = {f: [] for f in pack.frame_names}
        for s in items:
            by_frame.setdefault(s.frame, []).append(s)
        groups.append(TopicGroup(name, pack.topics[name].label, by_frame, len(docs), disputing, reasons, pairs, framed))
    return sorted(groups, key=lambda g: (-g.pairs, -g.disputing, -g.documents, g.topic))


#: Statements with figures a document's page compares with its own, per topic.
FIGURE_PAIRS_LIMIT = 300


def _stance_differences(a: tuple[str, bool, str], b: tuple[str, bool, str], fallback: str) -> bool:
    """Whether two (frame, negated, answer) kinds of statement can differ at all (a quick filter)."""
    return a[1] != b[1] or (a[0] != b[0] and fallback not in (a[0], b[0])) or opposite_answers(a[2], b[2])


def opposite_answers(a: str, b: str) -> bool:
    """Two statements give different answers to their topic's question ("" is none)."""
    return bool(a and b and a != b)


def _candidates(items: list[Statement]) -> set[tuple[int, int]]:
    """Pairs of statements of different documents that share a content word (not a common one),
    or that give different answers to the topic's question (at most ``ANSWER_PAIRS_LIMIT`` per answer)."""
    index: dict[str, list[int]] = defaultdict(list)
    by_answer: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(items):
        for word in content_words(s.text):
            index[word].append(i)
        if s.answer and len(by_answer[s.answer]) < ANSWER_PAIRS_LIMIT:
            by_answer[s.answer].append(i)
    pairs = set()
    answered = list(by_answer.values())
    for n, members in enumerate(answered):
        for other in answered[n + 1 :]:
            pairs.update((min(i, j), max(i, j)) for i in members for j in other if items[i].doc_id != items[j].doc_id)
    for members in index.values():
        if len(members) > COMMON_WORD:
            continue
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if items[i].doc_id != items[j].doc_id:
                    pairs.add((i, j))
    return pairs


def _disputing(items: list[Statement], fallback: str, common: frozenset[str]) -> tuple[int, dict[str, int], int, int]:
    """Documents that dispute the topic, documents per reason (frame included), disputing
    document pairs, and documents framed differently but not disputing.

    Disputes are found statement by statement among pairs that share a content word;
    framing is compared by frame alone (a few kinds per topic, however many sentences).
    """
    reasons: dict[str, set[str]] = defaultdict(set)
    disputed_pairs: set[frozenset[str]] = set()
    for i, j in _candidates(items):
        a, b = items[i], items[j]
        for r in differences(a, b, fallback, common):
            reasons[r] |= {a.doc_id, b.doc_id}
            if r in DISPUTE_REASONS:
                disputed_pairs.add(frozenset((a.doc_id, b.doc_id)))
    docs_by_frame: dict[str, set[str]] = defaultdict(set)
    for s in items:
        docs_by_frame[s.frame].add(s.doc_id)
    framed = [f for f in docs_by_frame if f != fallback]
    for n, f in enumerate(framed):
        for g in framed[n + 1 :]:
            if len(docs_by_frame[f] | docs_by_frame[g]) >= 2:
                reasons["frame"] |= docs_by_frame[f] | docs_by_frame[g]
    disputing = set().union(*(reasons[r] for r in DISPUTE_REASONS if r in reasons))
    framed_only = (reasons.get("frame", set()) | reasons.get("contrast", set())) - disputing
    return len(disputing), {r: len(d) for r, d in sorted(reasons.items())}, len(disputed_pairs), len(framed_only)


class Disagreements:
    """Which documents' statements differ from a given document's, topic by topic.

    Built once per report: statements of each topic are indexed by (frame, negated, answer),
    so looking up one document costs its statements × a few kinds, not the whole corpus.
    """

    def __init__(self, found: list[Statement], fallback: str, common: frozenset[str] = frozenset()) -> None:
        self.fallback, self.common = fallback, common
        self.by_doc: dict[str, list[Statement]] = defaultdict(list)
        self.by_sig: dict[str, dict[tuple, list[Statement]]] = defaultdict(lambda: defaultdict(list))
        self.with_figures: dict[str, list[Statement]] = defaultdict(list)
        for s in found:
            self.by_doc[s.doc_id].append(s)
            self.by_sig[s.topic][(s.frame, s.negated, s.answer)].append(s)
            if s.figures:
                self.with_figures[s.topic].append(s)

    def of(self, doc_id: str, *, limit: int = 3) -> list[dict[str, Any]]:
        """For each topic, this document's statement and up to ``limit`` differing ones of other documents."""
        out = []
        seen: dict[str, set[str]] = defaultdict(set)

        def showable(others: list[Statement], taken: set[str]) -> Iterator[Statement]:
            """Those of ``others`` whose document the topic can still show (not this one, not one
            shown already), until it shows ``limit``."""
            for o in others:
                if len(taken) >= limit:
                    return
                if o.doc_id != doc_id and o.doc_id not in taken:
                    yield o

        def add(s: Statement, o: Statement, why: tuple[str, ...]) -> None:
            seen[s.topic].add(o.doc_id)
            out.append({"topic": s.topic, "mine": s, "theirs": o, "reasons": why})

        # Disputes first: they take the ``limit`` places of a topic before mere differences of frame.
        for disputes_only in (True, False):
            for s in self.by_doc.get(doc_id, ()):
                taken = seen[s.topic]  # documents already shown for this topic (at most ``limit``)
                for sig, group in self.by_sig[s.topic].items():
                    if len(taken) >= limit or not _stance_differences((s.frame, s.negated, s.answer), sig, self.fallback):
                        continue
                    # In the disputes pass, without figures of its own and opposite answers, only a
                    # negation makes a dispute, and it does exactly when the two make the same claim.
                    negation_only = disputes_only and not s.figures and not opposite_answers(s.answer, sig[2])
                    if negation_only and s.negated == sig[1]:
                        continue  # nothing can dispute here
                    for o in showable(group[: 20 * limit], taken):
                        if negation_only and not same_claim(s, o, self.common):
                            continue
                        why = differences(s, o, self.fallback, self.common)
                        if why and (not disputes_only or set(why) & set(DISPUTE_REASONS)):
                            add(s, o, why)
                if s.figures and disputes_only:
                    figures = set(s.figures)
                    for o in showable(self.with_figures[s.topic][:FIGURE_PAIRS_LIMIT], taken):
                        # "figures" is among the differences exactly when these hold: test them
                        # first, and ask for all the reasons only of a pair that has them
                        if not figures & set(o.figures) and same_claim(s, o, self.common):
                            add(s, o, differences(s, o, self.fallback, self.common))
        return out
