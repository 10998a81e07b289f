"""``framelens_frame_cues``: frame cue terms, each with the stance the text takes on it.

A cue hit is

- *refuted* when it is negated ("China is not turning into a Black Mirror episode"),
  when its sentence carries a rebuttal marker ("the Orwellian picture is overblown"),
  or when a later sentence of the passage rebuts ("Headlines call it Orwellian. The
  reality is more mundane.") or opens with a contrast and negates ("However, it is not
  ...");
- *reported* when its sentence attributes it to someone else: a reporting verb whose
  subject is not the author ("critics describe ..."), "according to", or quotation marks;
- *endorsed* otherwise: the author's own voice.

Rebuttal markers are themselves hits: refuted cues of every frame that has a
``refuted_as`` (a passage that calls the dystopian picture a myth frames the system as
the other thing). Word lists come from the domain pack's ``[frames.*]`` and ``[stance]``.

Works with or without a parser: with dependency labels negation follows the syntax,
without them a negation word shortly before the cue counts.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from spacy.language import Language

from ..domain import DEFAULT_PACK, KEY_WEIGHT, DomainPack
from .component import PackComponent
from .extensions import CUES_KEY
from .negation import negated_sentence, negated_up_to_verb, negation_before
from .terms import build_phrase_matcher, token_in, word_set
from .view import view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

STANCES = ("endorsed", "reported", "refuted")
#: Without a parser: a negation at most this many tokens before a cue negates it.
NEGATION_WINDOW = 3
_REBUTTAL = "__rebuttal__"
_FIRST_PERSON = {"i", "we", "us", "our", "my"}


@Language.factory("framelens_frame_cues", default_config={"domain": DEFAULT_PACK}, assigns=["doc.spans"])
def make_frame_cues(nlp: Language, name: str, *, domain: str) -> FrameCueFinder:
    """Factory: ``nlp.add_pipe("framelens_frame_cues")`` (after the parser, if any)."""
    return FrameCueFinder(nlp, name, domain=domain)


class FrameCueFinder(PackComponent):
    """Marks cue hits in ``doc.spans["framelens_cues"]``: label = frame, with stance and weight."""

    def configure(self, pack: DomainPack) -> None:
        nlp = self.nlp
        terms: dict[str, list[str]] = {}
        for frame in pack.frames.values():
            terms[f"{frame.name}|{KEY_WEIGHT}"] = list(frame.key_cues)
            terms[f"{frame.name}|1"] = list(frame.cues)
        terms[_REBUTTAL] = list(pack.words("stance", "rebuttal_markers"))
        self.matcher = build_phrase_matcher(nlp.vocab, terms, nlp.make_doc)
        self.refutable = tuple(f.name for f in pack.frames.values() if f.refuted_as)
        self.contrast = tuple(tuple(p.lower().split()) for p in pack.words("stance", "contrast_openers"))
        self.reporting = word_set(pack.words("stance", "reporting_verbs"))
        self.attribution = tuple(tuple(p.lower().split()) for p in pack.words("stance", "attribution_phrases"))
        self.negations = frozenset(w.lower() for w in pack.words("stance", "negations"))
        self.counters = frozenset(w.lower() for w in pack.words("stance", "counter_verbs"))

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        self.ready()
        hits = []
        rebuttals = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            if key == _REBUTTAL:
                rebuttals.append(Span(doc, start, end, label=_REBUTTAL))
            else:
                frame, weight = key.split("|")
                hits.append(Span(doc, start, end, label=frame, kb_id=weight))
        # Longest match wins: "surveillance state" (key) over "surveillance" (cue). A cue inside a
        # longer name is part of the name: "Freedom House", "the State Council", "Ant Financial".
        hits = [h for h in filter_spans(hits) if not _inside_a_name(h, doc.ents)]
        rebuttals = [r for r in filter_spans(rebuttals) if not any(_overlaps(r, h) for h in hits)]
        if not hits and not rebuttals:  # most passages: nothing to judge
            doc.spans[CUES_KEY] = []
            return doc
        read = view(doc)
        parsed = read.parsed
        sentences = read.sentences
        sentence_tokens = [read.tokens_of(s) for s in sentences]
        quoted = read.quoted
        rebutting = {i for i, s in enumerate(sentences) if any(_inside(r, s) for r in rebuttals)}
        # A later sentence that rebuts, or opens with a contrast and negates, answers the ones before it.
        answered_before = max(
            (i for i, s in enumerate(sentence_tokens) if i in rebutting or (self._opens_with_contrast(s) and negated_sentence(s, self.negations))),
            default=-1,
        )
        spans = []
        reports: dict[int, bool] = {}  # with a parser, whether a sentence attributes depends on the sentence alone
        for span in hits:
            n = _sentence_index(sentences, span)
            if parsed and n not in reports:
                reports[n] = self._reported(span, sentence_tokens[n], set(), parsed)
            if self._negated(span, parsed) or (span.label_ in self.refutable and (n in rebutting or n < answered_before)):
                stance = "refuted"
            elif span.start in quoted or (reports[n] if parsed else self._reported(span, sentence_tokens[n], quoted, parsed)):
                stance = "reported"
            else:
                stance = "endorsed"
            ext = span._  # one Underscore per span, not one per attribute
            ext.framelens_stance, ext.framelens_weight = stance, int(span.kb_id_)
            spans.append(span)
        for marker in rebuttals:
            for frame in self.refutable:
                span = Span(doc, marker.start, marker.end, label=frame)
                ext = span._
                ext.framelens_stance, ext.framelens_weight = "refuted", KEY_WEIGHT
                spans.append(span)
        doc.spans[CUES_KEY] = sorted(spans, key=lambda s: (s.start, s.end, s.label_))
        return doc

    # -- stance tests -----------------------------------------------------------
    def _negated(self, span: Span, parsed: bool) -> bool:
        """A negation governs the cue: on its own tokens' chain up to the nearest verb."""
        if not parsed:
            return negation_before(view(span.doc).tokens, span.start, lambda t: t.lower_ in self.negations, NEGATION_WINDOW)
        return negated_up_to_verb(span.root, self.negations, counters=self.counters)

    def _opens_with_contrast(self, sent: list[Token]) -> bool:
        words = [t.lower_ for t in islice((t for t in sent if not (t.is_punct or t.is_space)), 4)]
        return any(tuple(words[: len(p)]) == p for p in self.contrast)

    def _reported(self, span: Span, sent: list[Token], quoted: set[int], parsed: bool) -> bool:
        """Whether the cue ``span`` is reported in its sentence (given as its tokens)."""
        if span.start in quoted:
            return True
        lower = [t.lower_ for t in sent]
        if any(_contains(lower, phrase) for phrase in self.attribution):
            return True
        for token in sent:
            if token.i >= span.start and not parsed:
                break
            if token_in(token, self.reporting) and (not parsed or token.pos_ in ("VERB", "AUX")):
                subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")] if parsed else []
                if not any(s.lower_ in _FIRST_PERSON for s in subjects):
                    return True
        return False


#: Entity labels of names (institutions, places, laws, products) whose words are no cues.
#: People and works are not among them: "George Orwell", "Nineteen Eighty-Four" still frame.
NAME_LABELS = frozenset({"ORG", "FAC", "GPE", "LAW", "PRODUCT"})


def _inside_a_name(span: Span, ents) -> bool:
    """``span`` lies inside a longer entity of ``NAME_LABELS``."""
    return any(e.label_ in NAME_LABELS and e.start <= span.start and span.end <= e.end
               and e.end - e.start > span.end - span.start for e in ents)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _inside(span: Span, sent: Span) -> bool:
    return sent.start <= span.start < sent.end


def _sentence_index(sentences: list[Span], span: Span) -> int:
    return next((i for i, s in enumerate(sentences) if _inside(span, s)), len(sentences) - 1)


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return phrase[0] in words and any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))
