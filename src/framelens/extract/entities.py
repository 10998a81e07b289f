"""Named entities of an annotated passage as ``Entity`` records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..nlp.extensions import canonical_name
from ..types import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Labels worth a reader's attention; numbers, dates and ordinals are claims' business.
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "LOC", "FAC", "EVENT", "LAW"})


def entities(
    doc: Doc, *, doc_id: str, passage_idx: int, offset: int, labels: frozenset[str] = NAMED_LABELS
) -> Iterator[Entity]:
    """Entities of ``doc`` (one passage) with offsets shifted into the document text."""
    for ent in doc.ents:
        if ent.label_ not in labels or not ent.text.strip():
            continue
        yield Entity(
            doc_id=doc_id,
            passage_idx=passage_idx,
            start=offset + ent.start_char,
            end=offset + ent.end_char,
            text=ent.text,
            label=ent.label_,
            canonical=canonical_name(ent.text),
        )
