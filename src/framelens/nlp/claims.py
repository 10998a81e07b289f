"""``framelens_claims``: sentence-level claims with type, speaker, numbers and hedging.

Types, by precedence: *statistic* (a quantity other than a bare date presented as
fact), *attributed* (a named person or identifiable organisation speaks: reporting
verbs, "according to X", quotations with the attribution before, after or in a
neighbouring sentence), *prediction* (future or speculative), *assertion* (a
declarative sentence on the topic). The speaker is the text as written ("Daum", "he");
``records.resolve_speakers`` resolves it against the document's named people.

Quote marks are read as they come — straight, curly, guillemets, unbalanced or odd —
and never raise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.language import Language

from ..domain import DEFAULT_PACK, DomainPack
from ..ingest.passages import is_bullet
from .component import PackComponent
from .extensions import CLAIMS_KEY
from .negation import negates
from .terms import form_in, token_in, word_set
from .view import view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NUMBER_LABELS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
#: Dependents of a reporting or attitude verb that state what is said, hoped or wanted.
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd"})
#: Clauses attached to a noun: not part of the name of who speaks.
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp"})
#: What a reporting verb reports: a clause ("said that ...", "says it will ...").
_REPORTED = frozenset({"ccomp", "xcomp", "parataxis"})
#: A number that is a figure: digits, a percentage or a scale word.
_FIGURE = re.compile(r"\d|%|\b(?:percent|per cent|hundreds?|thousands?|millions?|billions?|trillions?)\b", re.IGNORECASE)
#: Pronoun speakers resolved later to the person named before them ("I" in interviews).
PRONOUNS = {"he", "she", "i"}
FIRST_SECOND_PERSON = {"i", "we", "you", "us", "our"}
_ENDS_SENTENCE = re.compile(r"[.!…:;\"”’»)]\s*$")
_QUOTES = re.compile(r"[\"“”„«»‹›「」『』]")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@Language.factory("framelens_claims", default_config={"domain": DEFAULT_PACK}, assigns=["doc.spans"])
def make_claims(nlp: Language, name: str, *, domain: str) -> ClaimFinder:
    """Factory: ``nlp.add_pipe("framelens_claims")`` (after the parser and NER)."""
    return ClaimFinder(nlp, name, domain=domain)


class ClaimFinder(PackComponent):
    """Marks claim sentences in ``doc.spans["framelens_claims"]``."""

    def configure(self, pack: DomainPack) -> None:
        words = lambda key: word_set(pack.words("claims", key))  # noqa: E731
        self.attitudes = words("attitude_verbs")
        self.reporting = words("reporting_verbs") | self.attitudes
        self.clause_verbs = words("clause_verbs")
        self.institutions = words("institution_nouns")
        self.unnamed = words("unnamed_sources")
        self.documents = frozenset(w.lower() for w in pack.words("claims", "document_nouns"))
        self.hedges = words("hedges")
        self.quantity = words("quantity_words")
        self.durations = words("duration_units")
        self.attribution = tuple(tuple(p.lower().split()) for p in pack.words("claims", "attribution_phrases"))
        self.speaker_names = pack.speakers
        self.references = frozenset(n.lower() for n in pack.entity_references)
        cues = pack.words("claims", "prediction_cues")
        self.prediction_words = word_set(c for c in cues if " " not in c)
        self.prediction_phrases = tuple(c.lower() for c in cues if " " in c)
        self.topic = tuple(t.lower() for t in pack.words("claims", "topic_terms"))

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        self.ready()
        spans = []
        quote_speaker: str | None = None
        read = view(doc)
        self._parsed = read.parsed
        for sent, ents in zip(read.sentences, _ents_by_sentence(doc, read.sentences)):
            sent_text = read.text_of(sent)
            claim = self.classify(sent, quote_speaker, read.quoted, ents, read.tokens_of(sent), sent_text)
            quote_speaker = self._open_quote_speaker(sent_text, claim, quote_speaker)
            if claim is None:
                continue
            kind, speaker, numbers, hedged = claim
            span = Span(doc, sent.start, sent.end, label=kind)
            ext = span._  # one Underscore per span, not one per attribute
            ext.framelens_speaker, ext.framelens_numbers, ext.framelens_hedged = speaker, numbers, hedged
            spans.append(span)
        doc.spans[CLAIMS_KEY] = spans
        return doc

    def classify(
        self, sent: Span, quote_speaker: str | None = None, quoted: set[int] | None = None, ents: list | None = None,
        tokens: list[Token] | None = None, text: str | None = None,
    ) -> tuple[str, str | None, list[str], bool] | None:
        """(type, speaker, numbers, hedged) of a sentence, or None if it is no claim.

        ``quoted`` holds the indices of tokens inside quotation marks: a reporting verb
        inside a quotation does not name the speaker of the quotation, and a quotation
        with no attribution at all is marked ``QUOTED``, for ``resolve_speakers`` to
        give to the person named just before it (a name heading, a pull quote).
        ``tokens`` and ``text`` are the sentence's, when the caller has them already.
        """
        quoted = quoted or set()
        ents = list(sent.ents) if ents is None else ents
        tokens = list(sent) if tokens is None else tokens
        full_text = sent.text if text is None else text
        words = [t for t in tokens if t.is_alpha]
        text = full_text.strip()
        if len(words) < 4 or text.endswith("?") or is_bullet(text):
            return None
        if not _ENDS_SENTENCE.search(text) and len(words) < 15:
            return None  # a heading or a fragment, not a statement
        numbers = self.numbers(sent, ents, tokens)
        speaker, named = self.speaker(sent, quoted, ents, tokens)
        inside = bool(quoted) and sum(1 for t in tokens if t.i in quoted) > len(tokens) / 2
        if speaker is None and inside:
            speaker, named = (quote_speaker, True) if quote_speaker else (QUOTED, True)
        hedged = any(form_in(f, self.hedges) for f in view(sent.doc).forms[sent.start : sent.end])
        attributed = bool(speaker and named)
        # A named source's claim is a statistic when it gives a figure; "five major categories"
        # or a duration in words is a detail of what the source said.
        if numbers and (not attributed or any(_FIGURE.search(n) for n in numbers)):
            return "statistic", speaker if named else None, numbers, hedged
        if attributed:
            return "attributed", speaker, numbers, hedged
        if _subject(sent).lower_ in FIRST_SECOND_PERSON:
            return None  # the author addressing the reader ("we should", "you can")
        if self._predicts(tokens, full_text):
            return "prediction", None, [], hedged
        if self._asserts(sent, len(words), full_text):
            return "assertion", None, [], hedged
        return None

    # -- parts ---------------------------------------------------------------
    def numbers(self, sent: Span, ents: list | None = None, tokens: list[Token] | None = None) -> list[str]:
        """Quantities with their scale and unit ("15 million bans", "91%"), not bare years."""
        found: list[str] = []
        used: set[int] = set()
        for ent in sent.ents if ents is None else ents:
            if ent.label_ == "DATE" and self._is_duration(ent):
                found.append(ent.text)
                used.update(range(ent.start, ent.end))
                continue
            if ent.label_ not in NUMBER_LABELS:
                continue
            if ent.label_ == "CARDINAL" and len(ent) == 1 and _YEAR.match(ent.text):
                continue
            found.append(self._with_unit(ent))
            used.update(range(ent.start, ent.end))
        doc_tokens = view(sent.doc).tokens
        for token in sent if tokens is None else tokens:
            if token.i in used or token.ent_type_ in ("DATE", "TIME", "ORDINAL"):
                continue
            label = token.i + 1 < len(doc_tokens) and doc_tokens[token.i + 1].text in (":", ")", ".")
            digits = token.like_num and token.text[:1].isdigit() and not _YEAR.match(token.text) and not label
            counted = token.lower_ in self.quantity and token.lower_ not in ("%", "percent", "per cent")
            if digits or (counted and (token.tag_ == "NNS" or _fraction(token))):
                found.append(self._with_unit(sent.doc[token.i : token.i + 1]) if digits else _fraction_text(token))
                used.add(token.i)
        return found

    def _is_duration(self, ent: Span) -> bool:
        """"5 years", "six months": a DATE entity that measures time rather than dates it."""
        has_number = any(t.like_num and not _YEAR.match(t.text) for t in ent)
        return has_number and any(token_in(t, self.durations) for t in ent)

    def _with_unit(self, span: Span) -> str:
        """The number with the noun it counts ("15 million" -> "15 million bans")."""
        doc = span.doc
        end = span.end
        if span.label_ in ("PERCENT", "MONEY"):
            return span.text
        head = span.root.head
        if head.i >= end and head.pos_ in ("NOUN", "PROPN") and head.i - end <= 3:
            end = head.i + 1
        elif end < len(doc) and doc[end].pos_ == "NOUN":
            end += 1
        return doc[span.start : end].text

    def speaker(
        self, sent: Span, quoted: set[int] | None = None, ents: list | None = None, tokens: list[Token] | None = None
    ) -> tuple[str | None, bool]:
        """(speaker as written, whether it is named) of a sentence, or (None, False)."""
        quoted = quoted or set()
        ents = list(sent.ents) if ents is None else ents
        tokens = list(sent) if tokens is None else tokens
        lowered = [t.lower_ for t in tokens]
        for phrase in self.attribution:
            if phrase[0] not in lowered:
                continue
            for i in range(len(lowered) - len(phrase) + 1):
                if tuple(lowered[i : i + len(phrase)]) != phrase:
                    continue
                preposition = tokens[i + len(phrase) - 1]
                source = [c for c in preposition.children if c.dep_ == "pobj"]
                if not source:
                    continue
                if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in source[0].children):
                    return self._name_of(_subject(sent), ents)  # "according to its own communications, the state ..."
                return self._name_of(source[0], ents)
        for token in tokens:
            if token.i in quoted:
                continue
            if token.pos_ == "VERB" and self._parsed:
                found = self._quoted_as(token, ents)
                if found:
                    return found
            if token.pos_ in ("VERB", "AUX") and token_in(token, self.reporting):
                if token_in(token, self.attitudes) and not self._states_attitude(token):
                    continue
                if token_in(token, self.clause_verbs) and self._parsed and not self._reports(token, quoted):
                    continue  # "China maintains a public blacklist": no content reported
                if negates(token):
                    continue  # "the court has not said how many ...": nothing said
                subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects and subjects[0].dep_ == "nsubj":
                    return self._name_of(subjects[0], ents)
                agents = [c for c in token.children if c.dep_ == "agent"]
                if agents and list(agents[0].children):
                    return self._name_of(next(iter(agents[0].children)), ents)
        return None, False

    def _quoted_as(self, verb: Token, ents: list) -> tuple[str | None, bool] | None:
        """The speaker of "Xinhua quoted Li Wei as saying ...", "Li was quoted by Xinhua as saying
        ...": the one quoted when named, else the one quoting ("Xinhua quoted a court official as
        saying ..." is Xinhua's report); None where the verb quotes no one "as" saying anything."""
        if not any(g.dep_ in ("pcomp", "pobj") and g.pos_ == "VERB" and token_in(g, self.reporting)
                   for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children):
            return None
        quoted = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        quoting = next((c for c in verb.children if c.dep_ == "nsubj"), None) or next(
            (g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        named = quoted is not None and any(e.start <= quoted.i < e.end and e.label_ in SPEAKER_LABELS for e in ents)
        if quoting is not None and not named:
            return self._name_of(quoting, ents)
        return self._name_of(quoted, ents) if quoted is not None else (None, False)

    def _reports(self, verb: Token, quoted: set[int]) -> bool:
        """Whether a reporting verb reports something said: a clause ("maintains that ...", "says
        it will"), a quotation in its sentence, or a colon after it ("he added: ..."); not a
        plain object ("maintains a public blacklist")."""
        if any(c.dep_ in _REPORTED for c in verb.children) or verb.dep_ in ("parataxis", "ccomp"):
            return True
        sent = verb.sent
        return any(t.i in quoted for t in sent) or any(t.text == ":" for t in verb.doc[verb.i + 1 : min(verb.i + 3, sent.end)])

    def _states_attitude(self, verb: Token) -> bool:
        """Whether an attitude verb reports someone's actual hope or aim: it says what is hoped
        ("hopes that ...", "wants to ..."), and no modal makes it the author's supposition
        ("as the State would want them to", "the EU might also consider ...")."""
        children = list(verb.children)
        return (any(c.dep_ in _COMPLEMENTS for c in children)
                and not any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ != "will" for c in children))

    def _name_of(self, token: Token, sent_ents: list) -> tuple[str | None, bool]:
        """The speaker a subject token stands for, and whether it is named."""
        doc = token.doc
        for ent in sent_ents:
            if ent.start <= token.i < ent.end and ent.label_ in SPEAKER_LABELS:
                if ent.label_ == "NORP":
                    return token.text, False  # "Chinese assert ...", "Americans say ...": a people, no voice
                return self._speaker_name(_proper_name(ent)), True
        # The subject's own phrase, without the clauses attached to it: in "Businesses can counter
        # a ranking by signing a Credit Rescue Commitment Letter, which could allow ...", a
        # misparsed relative clause must not make the letter the speaker.
        clauses = {t.i for c in token.children if c.dep_ in _CLAUSES for t in c.subtree}
        subtree = [t for t in token.subtree if t.i not in clauses]
        phrase_tokens = {t.i for t in subtree}
        inside = [
            ent for ent in sent_ents
            if ent.label_ in SPEAKER_LABELS and all(i in phrase_tokens for i in range(ent.start, ent.end))
            and not (ent.label_ == "NORP" and not token_in(token, self.institutions))  # "Chinese citizens"
        ]
        institution = token_in(token, self.institutions) and not token_in(token, self.unnamed)
        if inside and institution and all(e.label_ == "GPE" and e.root.dep_ == "poss" for e in inside):
            inside = []  # "China's top court said": the court speaks, not China
        # A name in apposition is who the subject is: "the Party's own newspaper, the People's Daily, ..."
        inside = [e for e in inside if e.root.dep_ == "appos" and e.root.head.i == token.i] or inside
        if inside:
            ent = min(inside, key=lambda e: (_SPEAKER_RANK[e.label_], e.start))
            if ent.label_ == "NORP":  # "the Chinese government"; a people after its noun is none
                # with what an "of" names: "the Chinese Ministry of Commerce", not "Chinese Ministry"
                of = [t.i for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
                end = max(of) + 1 if of and max(of) < ent.start + 6 else token.i + 1
                return (self._speaker_name(doc[ent.start : end].text), True) if ent.start <= token.i else (token.text, False)
            return self._speaker_name(_proper_name(ent)), True
        if token.lower_ in PRONOUNS:
            return token.text, True
        # "officials", "local officials", "a district official": an institution no one can name
        unnamed = (token.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in token.children)) or any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children)
        if institution and not unnamed:
            phrase = doc[subtree[0].i : subtree[-1].i + 1] if len(subtree) <= 6 else doc[token.i : token.i + 1]
            return self._speaker_name(phrase.text), True
        return token.text, False

    def _speaker_name(self, name: str) -> str | None:
        """A place speaking stands for its government (pack: ``[entities].speakers``)."""
        name = re.sub(r"^(the|The)\s+", "", name.replace("’", "'"))
        if name.lower() in self.references or name.lower().removesuffix("'s").removesuffix("’s") in self.references:
            return None  # an author or work cited as literature (Orwell, Black Mirror) is not a voice
        last = name.split()[-1] if name.strip() else ""
        if last[:1].isupper() and last.lower() in self.documents:
            return None  # a document cited ("the Measures provide ...") is no voice
        return self.speaker_names.get(name, name)

    def _open_quote_speaker(self, text: str, claim, current: str | None) -> str | None:
        """The speaker of a quotation still open at the end of this sentence (``text``)."""
        marks = _QUOTES.findall(text)
        if claim and claim[1] and marks:
            return claim[1] if len(marks) % 2 == 1 or current is None else current
        if marks and len(marks) % 2 == 1:
            return None  # an odd mark closes (or breaks) the quotation
        return current

    def _predicts(self, tokens: list[Token], text: str) -> bool:
        text = text.lower()
        return any(token_in(t, self.prediction_words) for t in tokens if t.tag_ in ("MD", "VB", "VBZ", "VBP", "JJ", "NN", "RB", "")) or any(
            phrase in text for phrase in self.prediction_phrases
        )

    def _asserts(self, sent: Span, n_words: int, text: str) -> bool:
        if n_words < 6 or (getattr(self, "_parsed", True) and sent.root.pos_ not in ("VERB", "AUX")):
            return False  # short, or a title or fragment: not a statement
        text = text.lower()
        return any(term in text for term in self.topic)


_SPEAKER_RANK = {"PERSON": 0, "ORG": 1, "NORP": 2, "GPE": 3}
#: Speaker placeholder for a quotation with no attribution (resolved per document).
QUOTED = "<quoted>"


def _proper_name(ent: Span) -> str:
    """The entity's name with the proper nouns that follow it in the same phrase, where the small
    model's NER cut a name short: "Ge" + "Ping’an", "TomorrowNews" + "US", "EU" + "-Asia Centre"."""
    doc, end = ent.doc, ent.end
    while end < len(doc):
        joined = (doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
                  and end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN")  # "EU" + "-Asia Centre"
        following = end + 1 if joined else end
        if not (doc[following].pos_ == "PROPN" and (joined or doc[end - 1].whitespace_)
                and (ent.start <= doc[following].head.i < following or doc[following].head.i == doc[end - 1].head.i
                     or doc[end - 1].head.i in (end, following))):
            break
        end = following + 1
    return ent._.framelens_canonical if end == ent.end else doc[ent.start : end].text


def _subject(sent: Span) -> Token:
    """The subject of the sentence's main verb (or its first token)."""
    root = sent.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects[0] if subjects else sent[0]


def _fraction(token: Token) -> bool:
    """"a quarter of", "half of": a fraction word used as a quantity."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.lower_ == "of"


def _fraction_text(token: Token) -> str:
    start = token.i - 1 if token.i > 0 and token.nbor(-1).lower_ in ("a", "one", "two", "three", "only") else token.i
    return token.doc[start : token.i + 1].text


def _ents_by_sentence(doc: Doc, sentences: list[Span]) -> list[list[Span]]:
    """The entities of each sentence, in one pass (``Span.ents`` scans the whole Doc)."""
    out: list[list[Span]] = [[] for _ in sentences]
    ents = list(doc.ents)
    i = 0
    for n, sent in enumerate(sentences):
        while i < len(ents) and ents[i].start < sent.start:
            i += 1
        while i < len(ents) and ents[i].end <= sent.end:
            out[n].append(ents[i])
            i += 1
    return out


