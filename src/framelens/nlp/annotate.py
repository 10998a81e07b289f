"""The work unit every engine runs: a batch of passages in, plain records out.

Workers load the pipeline once per process and never touch the store; they return
plain records (no spaCy objects), so results are cheap to send between processes
and a batch's spaCy strings can be freed by ``nlp.memory_zone()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..extract.records import passage_records, resolve_speakers
from ..types import Claim, Entity, Sanction

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class PassageText:
    """What a worker needs of a passage: where it is, its text, and its lead-in."""

    doc_id: str
    idx: int
    start: int
    text: str
    lead_in: str = ""


@dataclass
class Annotations:
    """Records produced for one batch, grouped by document."""

    entities: dict[str, list[Entity]] = field(default_factory=dict)
    sanctions: dict[str, list[Sanction]] = field(default_factory=dict)
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    n_words: int = 0

    def records(self, doc_id: str) -> tuple[list[Entity], list[Sanction], list[Claim]]:
        """All records of one document (empty lists if it had no analysed passage)."""
        return self.entities.get(doc_id, []), self.sanctions.get(doc_id, []), self.claims.get(doc_id, [])


_PIPELINES: dict[tuple[str, str], Language] = {}


def get_pipeline(model: str, domain: str) -> Language:
    """The process-wide pipeline for (model, domain pack), built on first use."""
    key = (model, str(domain))
    if key not in _PIPELINES:
        from .pipeline import build_nlp

        _PIPELINES[key] = build_nlp(model, domain)
    return _PIPELINES[key]


def annotate(batch: list[PassageText], model: str, domain: str, batch_size: int = 64) -> Annotations:
    """Run the pipeline over ``batch`` and extract every record from it."""
    nlp = get_pipeline(model, domain)
    out = Annotations()
    with nlp.memory_zone():
        docs = []
        for passage in batch:
            doc = nlp.make_doc(passage.text)
            doc._.framelens_lead_in = passage.lead_in
            docs.append(doc)
        for passage, doc in zip(batch, nlp.pipe(docs, batch_size=batch_size)):
            out.n_words += sum(1 for t in doc if not (t.is_punct or t.is_space))
            ents, sanctions, claims = passage_records(doc, doc_id=passage.doc_id, passage_idx=passage.idx, offset=passage.start)
            out.entities.setdefault(passage.doc_id, []).extend(ents)
            out.sanctions.setdefault(passage.doc_id, []).extend(sanctions)
            out.claims.setdefault(passage.doc_id, []).extend(claims)
    for doc_id, found in out.claims.items():
        out.claims[doc_id] = resolve_speakers(found, out.entities.get(doc_id, []))
    return out
