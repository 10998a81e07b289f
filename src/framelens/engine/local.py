"""The local engine: this process (``jobs=1``) or a pool of worker processes."""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from ..domain import DomainPack
from ..nlp.spacy_model import pipeline_key

if TYPE_CHECKING:
    from ..nlp.annotate import Annotations, PassageText

# ``..nlp.annotate`` brings spaCy: imported where a batch is annotated, so that a run with
# nothing to analyse (a nightly re-run with nothing new) never pays for it.


class LocalEngine:
    """Annotate batches here or in ``jobs`` processes, each loading the model once.

    At most ``2 * jobs`` batches are in flight, so memory stays flat however long
    the input stream is.
    """

    def __init__(self, *, model: str, pack: DomainPack, jobs: int = 1, batch_size: int = 64) -> None:
        self.model = model
        self.pack = pack
        self.key = pipeline_key(model, pack)
        self.jobs = max(1, jobs)
        self.batch_size = batch_size

    def annotate(self, batches: Iterable[list[PassageText]]) -> Iterator[Annotations]:
        batches = iter(batches)
        first = next(batches, None)
        if first is None:
            return  # nothing to analyse: no model loaded, no pool started
        batches = itertools.chain([first], batches)
        from ..nlp.annotate import annotate, load_pipeline

        if self.jobs == 1:
            for batch in batches:
                yield annotate(batch, load_pipeline(self.model, self.pack), self.batch_size)
            return
        self._current = self._pool()
        try:
            window: deque[Future[Annotations]] = deque()
            for batch in batches:
                window.append(self._submit(batch))
                if len(window) >= 2 * self.jobs:
                    yield self._result(window.popleft())
            while window:
                yield self._result(window.popleft())
        finally:
            self._current.shutdown(wait=True, cancel_futures=True)

    def _pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_worker_init,
                                   initargs=(self.model, self.pack))

    def _submit(self, batch: list[PassageText]) -> Future[Annotations]:
        """Submit to the current pool; a pool broken by a dead worker is replaced first."""
        from concurrent.futures.process import BrokenProcessPool

        from ..nlp.annotate import annotate

        try:
            return self._current.submit(annotate, batch, self.key, self.batch_size)
        except BrokenProcessPool:
            self._current.shutdown(wait=False, cancel_futures=True)
            self._current = self._pool()
            return self._current.submit(annotate, batch, self.key, self.batch_size)

    @staticmethod
    def _result(future: Future[Annotations]) -> Annotations:
        """A batch's records; a batch whose worker died (or whose pool broke under it) fails with
        that reason: its documents are recorded as failed and analysed again by the next run."""
        from concurrent.futures.process import BrokenProcessPool

        from ..nlp.annotate import Annotations

        try:
            return future.result()
        except BrokenProcessPool:
            return Annotations(error="a worker process died (killed, or out of memory) while analysing this batch; "
                                     "the next run analyses it again")


def _worker_init(model: str, pack: DomainPack) -> None:
    """In each worker: die with the parent, drop the parent's store lock, load the pipeline once."""
    from ..nlp.annotate import load_pipeline
    from ..store.lock import release_inherited

    _die_with_parent()
    release_inherited()
    load_pipeline(model, pack)


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM to this worker when its parent dies (no orphans holding memory)."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
