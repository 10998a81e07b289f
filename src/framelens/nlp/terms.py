"""Term lists to spaCy matchers: words are matched in their inflected forms too.

Domain packs list base forms ("ban", "flight"); texts say "banned", "flights". Lemmas
would do this, but only with a trained lemmatizer; lemminflect's lexicon of English
inflections works on any pipeline, including ``spacy.blank("en")`` in unit tests.
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

#: Modals do not inflect: lemminflect's "past" of "shall" is "should", which means something
#: else (a pack that wants "should" lists it).
MODALS = frozenset({"can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought"})


def plurals(word: str) -> set[str]:
    """A noun and its plural forms (lemminflect's lexicon; its rules for words it does not know)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    # The regular plural too: the lexicon gives none for mass nouns ("finance"), yet texts write "finances".
    found = [*getAllInflections(word, upos="NOUN").values(), *getAllInflectionsOOV(word, "NOUN").values()]
    return {word} | {f.lower() for forms in found for f in forms}


def inflections(word: str) -> set[str]:
    """A lower-case word with its plural and verb forms ("ban": bans, banned, banning), from
    lemminflect's lexicon, or its rules for words it does not know; British "-ise" verbs
    also get the "-ize" forms."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    if word in MODALS:
        return {word}
    known = getAllInflections(word, upos="NOUN") or getAllInflections(word, upos="ADJ")
    verbs = getAllInflections(word, upos="VERB") or ({} if known else getAllInflectionsOOV(word, "VERB"))
    forms = plurals(word) | {f.lower() for group in verbs.values() for f in group}
    if word.endswith("ise") and len(word) > 4:
        forms |= inflections(word[:-3] + "ize")
    return forms


def word_set(words: Iterable[str]) -> frozenset[str]:
    """Single words with their inflections; a phrasal verb ("turn down") with its verb's
    ("turned down"); other multi-word entries as they are."""
    out: set[str] = set()
    for word in words:
        word = word.lower().strip()
        parts = word.split()
        if len(parts) == 1:
            out |= inflections(word)
        elif len(parts) == 2:
            out |= {f"{form} {parts[1]}" for form in inflections(parts[0])}
        else:
            out.add(word)
    return frozenset(out)


def phrasal(token: Token) -> frozenset[str]:
    """A verb with each particle the parse gives it, lower-case ("turned down"): a particle or
    adverb it governs ("takes five points away"), with its conjuncts ("goes up or down"), or a
    preposition right after the verb or after its object ("shut out of tenders", "keeps
    children out of university", where the parser reads "out" as a preposition)."""
    particles = []
    for child in token.children:
        if child.dep_ in ("prt", "advmod"):
            particles += [child, *child.conjuncts]
        elif child.dep_ == "prep" and (child.i == token.i + 1 or _after_object(token, child)):
            particles.append(child)
    return frozenset(f"{token.lower_} {p.lower_}" for p in particles)


def _after_object(verb: Token, prep: Token) -> bool:
    """``prep`` follows the verb's direct object at once: "keep debtors out of management"."""
    return any(c.dep_ == "dobj" and c.right_edge.i + 1 == prep.i and c.i > verb.i for c in verb.children)


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
