"""The work unit every engine runs: a batch of passages in, plain records out.

Workers load the pipeline once per process and never touch the store; they return
plain records (no spaCy objects), so results are cheap to send between processes
and a batch's spaCy strings can be freed by ``nlp.memory_zone()``.

The first batch a process annotates runs outside a memory zone: its words, which are
mostly the corpus's common ones, stay in the vocabulary. Every later batch runs in a
zone, so only its new, rarer words are created and freed again. Without this, each
batch would create every lexeme it uses again: about 2.5 % of a run's time.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..ingest.passages import lead_in
from ..types import DocRecords, Passage
from .records import passage_records, resolve_entity_names, resolve_speakers
from .spacy_model import pipeline_key

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..domain import DomainPack


@dataclass(frozen=True)
class PassageText:
    """What a worker needs of a passage: where it is, its text, and its lead-in."""

    doc_id: str
    idx: int
    start: int
    text: str
    lead_in: str = ""


def passage_texts(passages: Sequence[Passage]) -> list[PassageText]:
    """The analysed passages of one document as a worker gets them, each with its lead-in."""
    return [PassageText(p.doc_id, p.idx, p.start, p.text, lead_in(passages, p)) for p in passages if p.analysed]


@dataclass
class Annotations:
    """Records produced for one batch, grouped by document."""

    docs: dict[str, DocRecords] = field(default_factory=dict)
    n_words: int = 0
    error: str | None = None  # the engine could not annotate this batch: its documents fail
    failed: dict[str, str] = field(default_factory=dict)  # documents the analysis failed on, with why

    def records(self, doc_id: str) -> DocRecords:
        """All records of one document (empty if it had no analysed passage)."""
        return self.docs.get(doc_id) or DocRecords()


_PIPELINES: dict[str, Language] = {}
_WARM: set[Language] = set()  # pipelines whose first batch has run (outside a memory zone)


def load_pipeline(model: str, pack: DomainPack) -> str:
    """Build this process's pipeline for ``model`` and ``pack`` (once); its key."""
    key = pipeline_key(model, pack)
    if key not in _PIPELINES:
        from .spacy_model import build_nlp

        add_pipeline(key, build_nlp(model, pack))
    return key


def add_pipeline(key: str, nlp: Language) -> None:
    """Make a built pipeline (e.g. one shipped to a Dask worker) this process's ``key``."""
    _PIPELINES[key] = nlp
    # The pipeline and the libraries loaded with it live as long as the process: move them
    # out of the garbage collector's way, so its full passes do not walk them again and again.
    gc.freeze()


def get_pipeline(key: str) -> Language:
    """The pipeline ``load_pipeline`` or ``add_pipeline`` gave this process under ``key``."""
    return _PIPELINES[key]


def annotate(batch: list[PassageText], key: str, batch_size: int = 64) -> Annotations:
    """Run the pipeline ``key`` over ``batch`` and extract every record from it.

    An error raised while analysing the batch (a bug a document's text sets off) costs only
    that document: the batch is analysed again one document at a time, and a document that
    still fails is returned in ``failed`` with the error, for the run to record.
    """
    try:
        return _annotate(batch, key, batch_size)
    except Exception:  # noqa: BLE001 — find the document it came from; the others are kept
        out = Annotations()
        for doc_id in dict.fromkeys(p.doc_id for p in batch):
            try:
                one = _annotate([p for p in batch if p.doc_id == doc_id], key, batch_size)
            except Exception as exc:  # noqa: BLE001
                out.failed[doc_id] = f"the analysis failed on this document ({type(exc).__name__}: {exc}); a framelens bug: please report it"
                continue
            out.docs.update(one.docs)
            out.n_words += one.n_words
        return out


def _annotate(batch: list[PassageText], key: str, batch_size: int) -> Annotations:
    nlp = get_pipeline(key)
    out = Annotations()
    with nlp.memory_zone() if nlp in _WARM else nullcontext():
        _WARM.add(nlp)
        docs = []
        for passage in batch:
            doc = nlp.make_doc(passage.text)
            doc._.framelens_lead_in = passage.lead_in
            docs.append(doc)
        for passage, doc in zip(batch, nlp.pipe(docs, batch_size=batch_size)):
            out.n_words += _words(doc)
            found = passage_records(doc, doc_id=passage.doc_id, passage_idx=passage.idx, offset=passage.start)
            out.docs.setdefault(passage.doc_id, DocRecords()).extend(found)
    for records in out.docs.values():
        records.entities = resolve_entity_names(records.entities)
        records.claims = resolve_speakers(records.claims, records.entities)
    return out


def _words(doc: Doc) -> int:
    """Tokens that are neither punctuation nor space, read as arrays (no Token objects made)."""
    from spacy.attrs import IS_PUNCT, IS_SPACE

    flags = doc.to_array([IS_PUNCT, IS_SPACE])
    return int(len(doc) - flags.any(axis=1).sum()) if len(doc) else 0
