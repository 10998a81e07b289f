"""Plain data passed between stages. No behaviour beyond small derived values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Metadata keys with their own column in the store and report (others are kept too).
METADATA_KEYS = ("title", "outlet", "author", "date", "url", "doc_type", "language", "date_precision")


@dataclass(frozen=True)
class Passage:
    """A paragraph-sized unit of a document, with offsets into its clean text."""

    doc_id: str
    idx: int
    start: int
    end: int
    text: str
    kind: str = "paragraph"  # paragraph | heading | bullets
    page: int | None = None
    is_boilerplate: bool = False
    is_duplicate: bool = False
    flag_reason: str = ""

    @property
    def analysed(self) -> bool:
        """Boilerplate and repeated passages are kept but left out of analysis."""
        return not (self.is_boilerplate or self.is_duplicate)


@dataclass(frozen=True)
class Document:
    """A cleaned input document with its metadata and a hash of its text."""

    doc_id: str
    source: str
    text: str
    fmt: str
    metadata: dict[str, Any] = field(default_factory=dict)
    pages: tuple[int, ...] = ()  # start offset of each page in ``text`` (PDF)

    @property
    def content_hash(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Skip:
    """An input that yielded no document, with the reason a person can act on."""

    doc_id: str
    source: str
    reason: str
    status: str = "skipped"  # skipped | failed


@dataclass(frozen=True)
class Located:
    """Where a record stands: its passage, and offsets into the document's clean text."""

    doc_id: str
    passage_idx: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity(Located):
    """A named entity in a passage."""

    label: str
    canonical: str


@dataclass(frozen=True)
class Sanction(Located):
    """A sanction or reward mention; offsets are into the document's clean text."""

    type: str
    polarity: str  # punishment | reward
    target: str  # individual | company | both | unspecified
    modality: str  # actual | possible
    negated: bool = False


@dataclass(frozen=True)
class Claim(Located):
    """A claim sentence; ``speaker`` is canonical once resolved against the document."""

    type: str  # statistic | attributed | prediction | assertion
    speaker: str | None
    numbers: tuple[str, ...]
    hedged: bool


@dataclass(frozen=True)
class Cue(Located):
    """A frame cue hit with the stance the text takes on it (endorsed / reported / refuted)."""

    frame: str
    stance: str
    weight: int


@dataclass
class DocRecords:
    """Everything the NLP stage extracted from one document's passages."""

    entities: list[Entity] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    lemmas: dict[int, str] = field(default_factory=dict)  # passage idx -> entity-masked lemmas

    def extend(self, other: DocRecords) -> None:
        self.entities += other.entities
        self.sanctions += other.sanctions
        self.claims += other.claims
        self.cues += other.cues
        self.lemmas.update(other.lemmas)


#: Words for a calibrated label probability, shown to readers beside the number.
CONFIDENCE_WORDS = ((0.8, "sure"), (0.6, "likely"), (0.0, "unsure"))


def confidence_word(probability: float | None) -> str:
    """"sure" (≥ 0.8), "likely" (≥ 0.6) or "unsure" for a calibrated label probability."""
    if probability is None:
        return ""
    shown = round(float(probability), 2)  # the word agrees with the rounded percentage beside it
    return next(word for bound, word in CONFIDENCE_WORDS if shown >= bound)
