"""One read of a Doc, shared by framelens's components and record extraction.

Iterating a Doc or a Span makes new ``Token`` objects every time, ``Doc.text`` and
``Span.text`` join the text of every token again, and ``doc[i]`` makes a new ``Token``
too. The components each did all of that for the same passage, about sixteen passes
over every token. ``view(doc)`` does it once per Doc: the token list, the text, the
sentences, the tokens' lower-case forms and lemmas, and the quoted tokens.

The last view is kept (with a reference to its Doc, so the identity test is sound) and
is made again when another Doc is asked for: the components run one after the other on
the same Doc, so they share it. (Threads annotating at once only make views more often;
the identity test keeps each one right.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_OPENING = set("“„«‹「『")
_CLOSING = set("”»›」』")
_SINGLE = ("'", "‘", "’")  # single quotes, which are apostrophes too
_ANY_QUOTE = ('"', *_OPENING, *_CLOSING, *_SINGLE)


@dataclass(eq=False)
class DocView:
    """A Doc's tokens, text and sentences, read once."""

    doc: Doc
    tokens: list[Token] = field(init=False)
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = list(self.doc)
        self.text = "".join(t.text_with_ws for t in self.tokens)

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences when the Doc has boundaries, else the whole Doc as one."""
        doc = self.doc
        if doc.has_annotation("SENT_START"):
            return list(doc.sents)
        return [doc[:]] if len(doc) else []

    @cached_property
    def forms(self) -> list[tuple[str, str | None]]:
        """Each token's lower-case form and lower-case lemma (None without one), read once:
        ``token.lower_`` and ``token.lemma_`` decode a new string on every call."""
        return [(t.lower_, t.lemma_.lower() or None) for t in self.tokens]

    @cached_property
    def parsed(self) -> bool:
        return bool(self.doc.has_annotation("DEP"))

    @cached_property
    def quoted(self) -> set[int]:
        """Indices of tokens inside quotation marks; unbalanced marks never raise.

        Curly quotes and guillemets open and close by their shape; a straight double
        quote toggles. A quotation left open runs to the end of the passage, as quotes
        that span paragraphs do. Single quotes ('...' and ‘...’) are apostrophes too, so one
        opens only as a token of its own after a space and before a word, closes only right
        after a word or mark, and counts only once closed: "the citizens' data" quotes nothing.
        """
        out: set[int] = set()
        if not any(mark in self.text for mark in _ANY_QUOTE):
            return out
        inside = False
        single: list[int] | None = None  # the tokens of an open single quotation
        tokens = self.tokens
        for token in tokens:
            text = token.text
            if text in _SINGLE:
                spaced_before = token.i == 0 or bool(tokens[token.i - 1].whitespace_)
                if text != "’" and spaced_before and not token.whitespace_ and token.i + 1 < len(tokens):
                    single = []  # opens
                elif single is not None and not spaced_before:
                    out.update(single)  # closes
                    single = None
                continue
            chars = set(text)
            if chars & _OPENING:
                inside = True
            elif chars & _CLOSING:
                inside = False
            elif '"' in text:
                inside = not inside
            elif inside:
                out.add(token.i)
            elif single is not None:
                single.append(token.i)
        return out

    def tokens_of(self, span: Span) -> list[Token]:
        """The tokens of a span of this Doc (no new Token objects)."""
        return self.tokens[span.start : span.end]

    def text_of(self, span: Span) -> str:
        """The text of a span of this Doc, as ``span.text`` gives it."""
        return self.text[span.start_char : span.end_char]


_last: DocView | None = None


def view(doc: Doc) -> DocView:
    """The view of ``doc``: the last one made if it was for this Doc, else a new one."""
    global _last
    if _last is None or _last.doc is not doc or len(_last.tokens) != len(doc):
        _last = DocView(doc)
    return _last
