"""The stages in order. Only this module knows the order; each stage is plain data in/out.

    ingest → (skip unchanged, flag duplicates) → segment → NLP (engine) → store → report
"""

from __future__ import annotations

import errno
import json
import logging
import platform
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .config import RunConfig, config_hash, fingerprint
from .domain import load_pack
from .errors import StoreError
from .ingest import UNREADABLE_FOLDER, count_inputs, iter_inputs
from .ingest.language import UNDETERMINED, model_language
from .ingest.language import detect as detect_language
from .ingest.language import skip_reason as language_skip
from .ingest.passages import segment
from .store import DocState, Store, store_lock
from .types import Document, Passage, Skip

if TYPE_CHECKING:
    from .nlp.annotate import PassageText

log = logging.getLogger(__name__)

#: Documents longer than this many characters are skipped (spaCy's own default limit).
MAX_DOCUMENT_CHARS = 1_000_000
#: Analysed passages per batch sent to the engine (and per store transaction).
BATCH_PASSAGES = 256

Progress = Callable[[str, int], None]
"""Called as ``progress(event, n)``: ``("inputs", total)`` once, ``("read", 1)`` per file or
URL list read, ``("queued", 1)`` per document sent to the NLP, ``("analysed", n)`` per batch,
``("framing", 1)`` when the framing stage starts."""


@dataclass
class RunResult:
    """What a run did: its id, counts, the problem documents and the report folder."""

    run_id: str
    counts: Counter = field(default_factory=Counter)
    problems: list[dict[str, Any]] = field(default_factory=list)
    report: str | None = None
    report_kept: str | None = None  # the run whose report still stands, when nothing changed
    seconds: float = 0.0
    words: int = 0
    seen: set[str] = field(default_factory=set)
    unchanged: list[str] = field(default_factory=list)
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)  # of unchanged documents, read again
    framing: dict[str, Any] | None = None  # details of the framing stage, when it ran

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0


def run_pipeline(config: RunConfig, progress: Progress | None = None) -> RunResult:
    """Ingest, analyse and report on ``config.paths``; incremental unless ``config.full``.

    A storage failure (disk full, read-only, damaged store) ends the run with a
    ``StoreError`` that says what to do; what was committed stays, and the previous
    report stays in place.
    """
    import sqlite3

    from .store.db import explain

    try:
        return _run_pipeline(config, progress)
    except sqlite3.Error as exc:
        raise StoreError(f"the store {config.store_path} failed: {explain(exc)}") from exc
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EIO):
            raise StoreError(f"cannot write under {config.out}: {exc.strerror}; the previous report is kept") from exc
        raise


def _run_pipeline(config: RunConfig, progress: Progress | None = None) -> RunResult:
    from .engine import get_engine
    from .frames.stage import frame_store, needs_framing
    from .nlp.spacy_model import model_version, resolve_model
    from .report import latest_run, write_report

    progress = progress or (lambda event, n: None)
    model = resolve_model(config.model)
    pack = load_pack(config.domain)
    if config.framing.model is not None:  # a saved model fitted with another pack fails now
        from .frames.stage import check_model_pack

        check_model_pack(config.framing.model, pack)
    if config.framing.train is not None:
        # A labels file that cannot train anything fails now, not after the whole NLP pass.
        from .frames.labelled import read_labelled

        read_labelled([config.framing.train], list(pack.frame_names))
    versions = {
        "framelens": __version__,
        "model": model_version(model),
        "spacy": _package_version("spacy"),
        "domain": f"{pack.name} {pack.version} ({pack.digest})",
        "python": platform.python_version(),
    }
    fp = fingerprint(model, versions["model"], pack.digest)
    started = time.perf_counter()
    with store_lock(config.store_path, wait=config.wait), Store(config.store_path) as store:
        store.fail_unfinished_runs()
        run_id = new_run_id()
        store.start_run(run_id, config.to_json(), config_hash(config), fp, versions)
        result = RunResult(run_id)
        try:
            engine = get_engine(
                config.engine, model=model, pack=pack, jobs=config.jobs, batch_size=config.batch_size,
                scheduler=config.scheduler,
            )
            todo = _changed_documents(config, store, fp, run_id, result, progress)
            for batch, annotations in _annotated(engine, todo):
                if annotations.error:
                    for doc, _ in batch:  # recorded with the reason, retried by the next run
                        store.save_skip(Skip(doc.doc_id, doc.source, annotations.error, status="failed"), run_id, doc=doc)
                    result.counts["failed"] += len(batch)
                    progress("analysed", len(batch))
                    continue
                for doc, _ in batch:  # a document the analysis failed on: recorded, retried by the next run
                    if doc.doc_id in annotations.failed:
                        store.save_skip(Skip(doc.doc_id, doc.source, annotations.failed[doc.doc_id], status="failed"),
                                        run_id, doc=doc)
                        result.counts["failed"] += 1
                store.save_analysed(
                    [(doc, passages, annotations.records(doc.doc_id)) for doc, passages in batch
                     if doc.doc_id not in annotations.failed],
                    fingerprint=fp,
                    run_id=run_id,
                )
                result.words += annotations.n_words
                progress("analysed", len(batch))
            result.counts["removed"] = len(store.mark_removed(result.seen, run_id))
            store.touch(result.unchanged, run_id)
            retitled = store.refresh_metadata(result.metadata)
            changed = any(result.counts[k] for k in ("new", "changed", "removed", "skipped", "failed")) or config.full
            if needs_framing(store, config.framing, pack, config.seed, changed):
                progress("framing", 1)
                result.framing = frame_store(store, pack, config.framing, seed=config.seed, run_id=run_id, full=config.full)
        except BaseException:
            try:
                store.finish_run(run_id, "failed", dict(result.counts))
            except Exception:  # noqa: BLE001 — the store itself may be what failed; report the first error
                log.debug("could not record the failed run", exc_info=True)
            raise
        result.problems = [
            d for d in store.documents() if d["status"] in ("skipped", "failed") and d["doc_id"] in result.seen
        ]
        kept = None if changed or retitled or result.framing else _same_report(store, latest_run(config.out), config, versions)
        if kept:  # nothing the report shows can differ: a nightly re-run with nothing new keeps it
            log.info("nothing changed since run %s: its report stands", kept)
            result.report, result.report_kept = str(config.out / "latest"), kept
        else:
            result.report = str(write_report(store, run_id, config.out, pack, keep=config.keep, by=config.report_by))
        result.seconds = time.perf_counter() - started
        store.finish_run(run_id, "partial" if result.problems else "ok", dict(result.counts))
    return result


def _same_report(store: Store, previous: str | None, config: RunConfig, versions: dict[str, str]) -> str | None:
    """``previous``, when its report came from a finished run of this store with the same
    configuration and versions (framelens, model, pack), so that this run's would be the same."""
    row = store.run_record(previous) if previous else None
    if not row or row["status"] != "ok" or row["config_hash"] != config_hash(config):
        return None
    return previous if json.loads(row["versions_json"] or "{}") == versions else None


def _keep_unreadable_folder(skip: Skip, states: dict, result: RunResult) -> None:
    """A folder that cannot be read this time: its documents stay as the last run left them
    (not marked removed)."""
    if not skip.reason.startswith(UNREADABLE_FOLDER):
        return
    prefix = skip.doc_id.rstrip("/") + "/"
    for doc_id in states:
        if doc_id.startswith(prefix) and doc_id not in result.seen:
            result.seen.add(doc_id)
            result.unchanged.append(doc_id)


def _changed_documents(
    config: RunConfig, store: Store, fp: str, run_id: str, result: RunResult, progress: Progress
) -> Iterator[tuple[Document, list[Passage]]]:
    """Segmented documents that need analysis; skips, duplicates and unchanged ones recorded."""
    states = store.states()
    owners: dict[str, str] = {}
    from .nlp.spacy_model import resolve_model

    model = resolve_model(config.model)
    run_language = model_language(model)
    # The report folder is never read as corpus, even when it lies inside it.
    exclude = (config.out, config.store_path.parent)
    progress("inputs", count_inputs(config.paths, config.ingest, exclude=exclude))
    for item in iter_inputs(config.paths, config.ingest, on_input=lambda: progress("read", 1), exclude=exclude):
        if item.doc_id in result.seen:
            item = Skip(item.doc_id + "~dup", item.source, f"same document id as an earlier input ({item.doc_id})")
        result.seen.add(item.doc_id)
        if isinstance(item, Skip):
            store.save_skip(item, run_id)
            result.counts[item.status] += 1
            _keep_unreadable_folder(item, states, result)
            continue
        digest = item.content_hash
        state = states.get(item.doc_id)
        current = not config.full and _is_current(state, digest, fp)
        # A document analysed before with this very text keeps the language found then.
        language = (str(item.metadata.get("language") or "").lower()[:3]
                    or (current and state.language) or detect_language(item.text))
        item.metadata["language"] = language
        if language not in (UNDETERMINED, run_language):
            store.save_skip(Skip(item.doc_id, item.source, language_skip(language, model)), run_id, doc=item)
            result.counts["skipped"] += 1
            continue
        if len(item.text) > MAX_DOCUMENT_CHARS:
            reason = f"{len(item.text):,} characters, over the {MAX_DOCUMENT_CHARS:,} limit for one document"
            store.save_skip(Skip(item.doc_id, item.source, reason), run_id)  # its text is not stored
            result.counts["skipped"] += 1
            continue
        if digest in owners:
            skip = Skip(item.doc_id, item.source, f"duplicate of {owners[digest]}")
            store.save_skip(skip, run_id, duplicate_of=owners[digest], doc=item)
            result.counts["skipped"] += 1
            continue
        owners[digest] = item.doc_id
        if current:
            result.unchanged.append(item.doc_id)
            result.metadata[item.doc_id] = item.metadata
            result.counts["unchanged"] += 1
            continue
        result.counts["new" if state is None or state.content_hash is None else "changed"] += 1
        progress("queued", 1)
        yield item, segment(item)


def _is_current(state: DocState | None, digest: str, fp: str) -> bool:
    return state is not None and state.status == "ok" and state.content_hash == digest and state.fingerprint == fp


def _annotated(
    engine: Any, todo: Iterator[tuple[Document, list[Passage]]]
) -> Iterator[tuple[list[tuple[Document, list[Passage]]], Any]]:
    """Group documents into batches of about ``BATCH_PASSAGES`` passages and annotate them."""
    batches: deque[list[tuple[Document, list[Passage]]]] = deque()

    def passages_of(batch: list[tuple[Document, list[Passage]]]) -> list[PassageText]:
        # spaCy comes with it: a run with nothing to analyse never imports it
        from .nlp.annotate import passage_texts

        return [text for _, passages in batch for text in passage_texts(passages)]

    def grouped() -> Iterator[list[PassageText]]:
        batch: list[tuple[Document, list[Passage]]] = []
        size = 0
        for doc, passages in todo:
            batch.append((doc, passages))
            size += len(passages)
            if size >= BATCH_PASSAGES:
                batches.append(batch)
                yield passages_of(batch)
                batch, size = [], 0
        if batch:
            batches.append(batch)
            yield passages_of(batch)

    for found in engine.annotate(grouped()):
        yield batches.popleft(), found


def new_run_id() -> str:
    """Sortable and unique: UTC time plus a short random suffix."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ") + "-" + uuid.uuid4().hex[:4]


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"
