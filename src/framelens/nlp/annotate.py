"""The work unit every engine runs: a batch of passages in, plain records out.

Workers load the model once per process and never touch the store; they return
plain records (no spaCy objects), so results are cheap to send between processes
and a batch's spaCy strings can be freed by ``nlp.memory_zone()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..extract.entities import entities
from ..types import Entity

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class PassageText:
    """What a worker needs of a passage: where it is and its text."""

    doc_id: str
    idx: int
    start: int
    text: str


@dataclass
class Annotations:
    """Records produced for one batch, grouped by document."""

    entities: dict[str, list[Entity]] = field(default_factory=dict)
    n_words: int = 0


_MODELS: dict[str, Language] = {}


def get_model(name: str) -> Language:
    """The process-wide instance of model ``name``, loaded on first use."""
    if name not in _MODELS:
        from .model import load_model

        _MODELS[name] = load_model(name)
    return _MODELS[name]


def annotate(batch: list[PassageText], model: str, batch_size: int = 64) -> Annotations:
    """Run the spaCy pipeline over ``batch`` and extract every record from it."""
    nlp = get_model(model)
    out = Annotations()
    with nlp.memory_zone():
        docs = nlp.pipe((p.text for p in batch), batch_size=batch_size)
        for passage, doc in zip(batch, docs):
            out.n_words += sum(1 for t in doc if not (t.is_punct or t.is_space))
            found = entities(doc, doc_id=passage.doc_id, passage_idx=passage.idx, offset=passage.start)
            out.entities.setdefault(passage.doc_id, []).extend(found)
    return out
