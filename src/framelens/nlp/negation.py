"""Negation, in one place: what negates a word on a parsed Doc, in a window of tokens, in a
sentence, and in a plain text where no Doc exists (statements read from the store).

The word lists come from the domain pack (``[stance].negations``, ``[sanction_rules].negation_cues``);
the parser's ``neg`` dependency is used wherever there is a parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from .terms import lowered, text_term_index, text_term_places

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Hops up the dependency tree a negation may govern from ("not a surveillance tool").
MAX_HOPS = 8
_CONTRACTION = re.compile(r"n['’]t\b")
#: "or " just before a word: "whether or not", "like it or not" offer an alternative.
_OR_BEFORE = re.compile(r"\bor\s+$")
#: "not only", "not just": the sentence adds to what it says, it denies nothing.
_ADDING = frozenset({"only", "just", "merely", "simply", "solely"})
_ADDING_AFTER = re.compile(r"\s+(?:%s)\b" % "|".join(sorted(_ADDING)))


def _negates_nothing(token: Token) -> bool:
    """A "not" that negates nothing: an alternative ("whether or not it resembles 1984") or an
    addition ("not only named and shamed, but...")."""
    if token.lower_ != "not":
        return False
    return (token.i > 0 and token.nbor(-1).lower_ == "or") or (
        token.i + 1 < len(token.doc) and token.nbor(1).lower_ in _ADDING)


def negates(token: Token, words: Collection[str] = ()) -> bool:
    """``token`` has a ``neg`` dependent, or a negating determiner of ``words`` ("no score").

    A "not" the parser attached otherwise counts as well: after "is" the small English model
    often labels a typographic "n’t" (the usual apostrophe of web text) as punctuation.
    """
    return any((_is_not(c) and not _negates_nothing(c)) or (c.dep_ == "det" and c.lower_ in words) for c in token.children)


def _is_not(token: Token) -> bool:
    """A parsed negation: the ``neg`` dependency, or a "not" / "n't" / "n’t" however it was attached."""
    return token.dep_ == "neg" or token.norm_ == "not"


#: Dependencies of a clause's subject: a negated verb denies its predicate, not its subject...
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
#: ...unless the verb says that the subject exists or happens ("a national score does not exist").
EXISTENCE = frozenset({"exist", "happen", "occur", "materialise", "materialize"})


def negated_up_to_verb(token: Token, words: Collection[str] = (), *, counters: Collection[str] = ()) -> bool:
    """A negation governs ``token``: on its chain of heads, up to and including the nearest verb.

    A negated word of ``counters`` (lemmas that act against what they govern: "ban", "stop")
    does not count: "will not ban mass surveillance" affirms the surveillance, it does not
    deny it. A negated verb reached from its subject counts only when it is one of
    ``EXISTENCE``: "a national score does not exist" denies the score, "that trust isn't tied
    to anything" and "defaulters can't fly" do not deny the trust or the defaulters.
    """
    from_subject = False
    for _ in range(MAX_HOPS):
        if negates(token, words):
            if from_subject and token.lemma_.lower() not in EXISTENCE:
                return False
            return token.lemma_.lower() not in counters and token.lower_ not in counters
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            return False
        from_subject = token.dep_ in SUBJECTS
        token = token.head
    return False


def negation_before(tokens: Sequence[Token], start: int, is_negation: Callable[[Token], bool], window: int,
                    *, floor: int = 0) -> bool:
    """A negation word within ``window`` tokens before ``start`` (not before ``floor``): for text without a parse."""
    return any(is_negation(t) and not _negates_nothing(t) for t in tokens[max(start - window, floor) : start])


def negated_sentence(tokens: Iterable[Token], words: Collection[str]) -> bool:
    """The sentence holds a ``neg`` dependency or a negation word (an "or not" aside)."""
    return any((_is_not(t) or t.lower_ in words) and not _negates_nothing(t) for t in tokens)


def text_negation_finder(words: Iterable[str]) -> Callable[[str], bool]:
    """Whether a plain text holds one of ``words`` (whole words, any case) or ``n't``."""
    index = text_term_index(w for w in words if w != "n't")

    def negated(text: str) -> bool:
        lower = lowered(text)
        return bool(_CONTRACTION.search(lower)) or any(
            not (term == "not" and (_OR_BEFORE.search(lower, 0, start) or _ADDING_AFTER.match(lower, end)))
            for start, end, term in text_term_places(lower, index)
        )

    return negated
