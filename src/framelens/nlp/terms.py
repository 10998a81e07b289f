"""Term lists to spaCy matchers: words are matched in their inflected forms too.

Domain packs list base forms ("ban", "flight"); texts say "banned", "flights". Lemmas
would do this, but only with a trained lemmatizer; these few English inflection rules
work on any pipeline, including ``spacy.blank("en")`` in unit tests.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .view import view

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Token
    from spacy.vocab import Vocab

_VOWELS = set("aeiou")


def plurals(word: str) -> set[str]:
    """A noun and its plural forms."""
    forms = {word}
    if len(word) < 3 or not word[-1].isalpha():
        return forms
    forms.add(word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s"))
    if word.endswith("y") and word[-2] not in _VOWELS:
        forms.add(word[:-1] + "ies")
    return forms


def inflections(word: str) -> set[str]:
    """Plural and verb forms of a lower-case word (over-generating is mostly harmless)."""
    forms = plurals(word)
    if len(word) < 3 or not word.isalpha():
        return forms
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
        if len(word) <= 4 and word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS:
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # ban -> banned, bar -> barring
    if word.endswith("ise"):
        forms |= inflections(word[:-3] + "ize")
    return forms


def word_set(words: Iterable[str]) -> frozenset[str]:
    """Single words with their inflections (multi-word entries are kept as they are)."""
    out: set[str] = set()
    for word in words:
        word = word.lower().strip()
        out |= inflections(word) if " " not in word else {word}
    return frozenset(out)


def token_in(token: Token, words: frozenset[str]) -> bool:
    """Whether the token's lower-case form or lemma is one of ``words``."""
    return form_in(view(token.doc).forms[token.i], words)


def form_in(form: tuple[str, str | None], words: frozenset[str]) -> bool:
    """``token_in`` for a token's ``(lower, lemma)`` from ``DocView.forms``."""
    return form[0] in words or form[1] in words


def phrase_variants(term: str) -> set[str]:
    """A (multi-word) term with its last word also in the plural ("flight" -> "flights").

    Verb forms are not generated for phrases: a pack lists "blacklisted" itself, so
    that "fine" (the penalty) does not also find "fined" unless the pack says so.
    """
    words = term.lower().split()
    if not words:
        return set()
    return {" ".join([*words[:-1], form]) for form in plurals(words[-1])}


def build_phrase_matcher(vocab: Vocab, terms: dict[str, Iterable[str]], tokenizer) -> PhraseMatcher:
    """A case-insensitive PhraseMatcher with one match id per key of ``terms``."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(vocab, attr="LOWER")
    for key, items in terms.items():
        variants = sorted({v for term in items for v in phrase_variants(term)})
        if variants:
            matcher.add(key, [tokenizer(v) for v in variants])
    return matcher


# -- terms in plain text (no Doc: statements read from the store) ------------------------------
_TEXT_WORD = re.compile(r"[\w-]+")
#: A character that continues a word: a term ends where none follows.
WORD_CHAR = re.compile(r"[\w-]")


def text_term_index(terms: Iterable[str]) -> dict[str, list[str]]:
    """Lower-case terms under their first word, longest first (a term must begin with a
    letter, digit or hyphen to be found)."""
    index: dict[str, list[str]] = defaultdict(list)
    for term in sorted({t.lower().strip() for t in terms if t.strip()}, key=len, reverse=True):
        first = _TEXT_WORD.match(term)
        if first:
            index[first.group()].append(term)
    return index


def lowered(text: str) -> str:
    """``text`` in lower case, offsets kept (a character whose lower case is longer, "İ", stays)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lower


def text_term_places(lower: str, index: dict[str, list[str]]) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` where a term of ``index`` occurs as whole words in ``lower``:
    one pass over the words, trying at each the terms that begin with it, longest first."""
    for word in _TEXT_WORD.finditer(lower):
        for term in index.get(word.group(), ()):
            start, end = word.start(), word.start() + len(term)
            if lower.startswith(term, start) and not WORD_CHAR.match(lower, end):
                yield start, end, term
                break
