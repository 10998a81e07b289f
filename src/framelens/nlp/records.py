"""Annotated passage Docs to typed records, and document-level speaker resolution.

Pure functions: no I/O, no model. ``passage_records`` reads what the framelens
components left on a Doc; ``resolve_speakers`` uses the whole document's entities to
turn "Daum" into "Jeremy Daum" and "she" into the person last named before her.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ..types import Claim, Cue, DocRecords, Entity, Sanction
from .entities import NAME_LABELS
from .extensions import CLAIMS_KEY, CUES_KEY, SANCTIONS_KEY, canonical_name
from .view import view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PRONOUNS = {"he", "she", "i", "him", "her", "<quoted>"}
#: How far before a claim the person a pronoun or quotation refers to may be named.
REFERENCE_WINDOW = 600


def entities(
    doc: Doc, *, doc_id: str, passage_idx: int, offset: int, labels: frozenset[str] = NAME_LABELS
) -> Iterator[Entity]:
    """Named entities of ``doc`` (one passage) with offsets shifted into the document text; numbers,
    dates and ordinals are claims' business."""
    for ent in doc.ents:
        if ent.label_ not in labels or not ent.text.strip():
            continue
        yield Entity(doc_id=doc_id, passage_idx=passage_idx, start=offset + ent.start_char, end=offset + ent.end_char,
                     text=ent.text, label=ent.label_, canonical=canonical_name(ent.text))


def _located(span: Span, text: Callable[[Span], str], doc_id: str, passage_idx: int, offset: int) -> tuple:
    """The ``Located`` fields of a span of a passage Doc, offsets shifted into the document text."""
    return doc_id, passage_idx, offset + span.start_char, offset + span.end_char, text(span)


def sanctions(doc: Doc, *, doc_id: str, passage_idx: int, offset: int, negated: bool = False) -> Iterator[Sanction]:
    """Sanction mentions of a passage Doc; negated mentions only with ``negated=True``."""
    text = view(doc).text_of
    for span in doc.spans.get(SANCTIONS_KEY, []):
        ext = span._  # one Underscore per span, not one per attribute read
        if ext.framelens_negated and not negated:
            continue
        yield Sanction(
            *_located(span, text, doc_id, passage_idx, offset),
            type=span.label_,
            polarity=ext.framelens_polarity,
            target=ext.framelens_target,
            modality=ext.framelens_modality,
            negated=bool(ext.framelens_negated),
        )


def claims(doc: Doc, *, doc_id: str, passage_idx: int, offset: int) -> Iterator[Claim]:
    """Claim sentences of a passage Doc (speakers as written; see ``resolve_speakers``)."""
    text = view(doc).text_of
    for span in doc.spans.get(CLAIMS_KEY, []):
        ext = span._
        yield Claim(
            *_located(span, text, doc_id, passage_idx, offset),
            type=span.label_,
            speaker=ext.framelens_speaker,
            numbers=tuple(ext.framelens_numbers or ()),
            hedged=bool(ext.framelens_hedged),
        )


def cues(doc: Doc, *, doc_id: str, passage_idx: int, offset: int) -> Iterator[Cue]:
    """Frame cue hits of a passage Doc with their stance."""
    text = view(doc).text_of
    for span in doc.spans.get(CUES_KEY, []):
        ext = span._
        yield Cue(
            *_located(span, text, doc_id, passage_idx, offset),
            frame=span.label_,
            stance=ext.framelens_stance,
            weight=int(ext.framelens_weight),
        )


def masked_lemmas(doc: Doc) -> str:
    """Lower-case lemmas of content words, each named entity replaced by its label.

    What the framing model reads: "Pence called it Orwellian" and "Kuo called it
    Orwellian" look the same, so outlets and names cannot decide a frame.
    """
    words = []
    for token in view(doc).tokens:
        if token.ent_type_ in NAME_LABELS:
            if token.ent_iob_ == "B":
                words.append("ent_" + token.ent_type_.lower())
        elif token.is_alpha and not token.is_stop and len(token) > 1:
            words.append((token.lemma_ or token.text).lower())
    return " ".join(words)


def passage_records(doc: Doc, *, doc_id: str, passage_idx: int, offset: int) -> DocRecords:
    """Every record of one annotated passage."""
    where = {"doc_id": doc_id, "passage_idx": passage_idx, "offset": offset}
    return DocRecords(
        entities=list(entities(doc, **where)),
        sanctions=list(sanctions(doc, **where)),
        claims=list(claims(doc, **where)),
        cues=list(cues(doc, **where)),
        lemmas={passage_idx: masked_lemmas(doc)},
    )


#: Small words an acronym may skip or keep ("National Development and Reform Commission" = NDRC,
#: "People's Bank of China" = PBOC).
_SMALL_WORDS = {"of", "and", "for", "the", "on", "in", "de", "des", "du", "la", "le"}


def _acronyms(name: str) -> set[str]:
    """The acronyms a multi-word name goes by: initials without and with its small words, and of
    a name of three words or more also without its first ("China National Tourism Administration"
    is the NTA as well as the CNTA)."""
    words = [w for w in name.replace("'s", "").replace("’s", "").split() if w[:1].isalpha()]
    if len(words) < 2:
        return set()
    out = {"".join(w[0] for w in words if w.lower() not in _SMALL_WORDS).upper(), "".join(w[0] for w in words).upper()}
    return out | (_acronyms(" ".join(words[1:])) if len(words) >= 3 else set())


def _head(name: str) -> str:
    """The word a name is of: its last word before any "of" ("Court" of "Supreme People's Court",
    "Ministry" of "Ministry of Commerce", "court" of "China's top court")."""
    words = name.split(" of ")[0].split() or name.split()
    return words[-1] if words else name


def _longer_names(name: str, full_names: Iterable[str]) -> list[str]:
    """The multi-word names that end or start with the one-word ``name`` ("Daum", "Xi")."""
    return [n for n in full_names if name in (n.split()[-1], n.split()[0])]


def full_name(name: str, full_names: list[str]) -> str:
    """A surname or given name ("Daum") as the document's longer name ending or starting with it
    ("Jeremy Daum"), when there is one; else the name as it is."""
    longer = _longer_names(name, full_names)
    return longer[0] if longer else name


def corpus_speakers(names: Iterable[str]) -> dict[str, str]:
    """Across documents, the name each speaker goes by: a one-word capitalised name that ends or
    starts exactly one longer speaker's name of the corpus becomes it ("Soros" → "George Soros",
    "Xi" → "Xi Jinping"; a surname two people share stays as it is), and a curly apostrophe is a
    straight one ("Supreme People’s Court"). Within a document :func:`resolve_speakers` has done
    this already."""
    names = set(names)
    straight = {n: n.replace("’", "'") for n in names}
    longer = {s for s in straight.values() if " " in s}
    out = {}
    for name, s in straight.items():
        if " " not in s and s[:1].isupper():
            ending = _longer_names(s, longer)
            s = ending[0] if len(ending) == 1 else s
        out[name] = s
    return out


def resolve_entity_names(entities: list[Entity]) -> list[Entity]:
    """One canonical name per referent within a document: a lone surname becomes the full name
    of a person named in the document ("Kaplan" -> "Joel Kaplan"), and an acronym the long name
    it abbreviates ("EU" -> "European Union"), so the tables count them as one; and each name
    keeps one label."""
    full_people = list(dict.fromkeys(e.canonical for e in sorted(entities, key=lambda e: e.start)
                                     if e.label == "PERSON" and " " in e.canonical))
    long_names = {a: e.canonical for e in entities if e.label in ("ORG", "GPE", "NORP", "LAW") for a in _acronyms(e.canonical)}
    out = []
    for e in entities:
        canonical = e.canonical
        if e.label == "PERSON" and " " not in canonical:
            canonical = full_name(canonical, full_people)
        elif canonical.isupper() and 2 <= len(canonical) <= 6 and canonical in long_names:
            canonical = long_names[canonical]
        out.append(replace(e, canonical=canonical) if canonical != e.canonical else e)
    # One label per name: a person if any mention reads it as one (the small model reads a name
    # standing alone, such as a heading above an interview, as an organisation), else the label
    # most of its mentions have (ties: the first mention's).
    labels: dict[str, Counter] = {}
    for e in out:
        labels.setdefault(e.canonical, Counter())[e.label] += 1
    major = {name: "PERSON" if counts["PERSON"] else counts.most_common(1)[0][0] for name, counts in labels.items()}
    return [replace(e, label=major[e.canonical]) if e.label != major[e.canonical] else e for e in out]


def _named_organisation(speaker: str, named: set[str]) -> str:
    """The one name of ``named`` that a common noun phrase ("top court", "China's top court") has
    the head word of ("Supreme People's Court"), or that an acronym ("NTA") abbreviates ("China
    National Tourism Administration"); else ``speaker`` as it is."""
    head = _head(speaker)
    if head.islower():
        same = {n for n in named if _head(n).lower() == head}
    elif speaker.isupper() and 2 <= len(speaker) <= 6:
        same = {n for n in named if speaker in _acronyms(n)}
    else:
        return speaker
    return same.pop() if len(same) == 1 else speaker


def resolve_speakers(found: Iterable[Claim], people: Iterable[Entity]) -> list[Claim]:
    """Canonical speakers from the document: surnames and pronouns to full names.

    ``people`` are the document's entities after :func:`resolve_entity_names` (one label per
    name). A pronoun becomes the person named last before the claim; a single name that ends
    a longer PERSON name of the document becomes that name; a common noun phrase or an acronym
    becomes the one organisation the document names that it stands for (``_named_organisation``);
    failing that, a lone common noun ("government") becomes the one longer speaker of the
    document it heads ("Chinese government"). A pronoun with nobody named before it leaves the
    claim unattributed.
    """
    found = list(found)
    persons = sorted((e for e in people if e.label == "PERSON"), key=lambda e: e.start)
    full_names = [e.canonical for e in persons if " " in e.canonical]
    longer_speakers = {c.speaker for c in found if c.speaker and " " in c.speaker}
    named = {n.replace("’", "'") for n in [*longer_speakers, *(e.canonical for e in people if e.label in ("ORG", "GPE", "LAW"))]
             if " " in n and _head(n)[:1].isupper()}
    out = []
    for claim in found:
        speaker = claim.speaker
        if speaker and speaker.lower() in PRONOUNS:
            before = [e for e in persons if e.end <= claim.start and claim.start - e.end <= REFERENCE_WINDOW]
            speaker = before[-1].canonical if before else None
        speaker = speaker and _named_organisation(speaker, named)
        if speaker and " " not in speaker and speaker.islower():
            headed = {n for n in longer_speakers if n.split()[-1].lower() == speaker}
            speaker = headed.pop() if len(headed) == 1 else speaker
        elif speaker and " " not in speaker:
            speaker = full_name(speaker, full_names)
        if speaker is None and claim.type == "attributed":
            claim = replace(claim, type="assertion")
        out.append(replace(claim, speaker=speaker) if speaker != claim.speaker else claim)
    return out
