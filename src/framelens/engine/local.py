"""The local engine: this process (``jobs=1``) or a pool of worker processes."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from ..nlp.annotate import Annotations, PassageText, annotate, get_pipeline


class LocalEngine:
    """Annotate batches here or in ``jobs`` processes, each loading the model once.

    At most ``2 * jobs`` batches are in flight, so memory stays flat however long
    the input stream is.
    """

    def __init__(self, *, model: str, domain: str, jobs: int = 1, batch_size: int = 64) -> None:
        self.model = model
        self.domain = domain
        self.jobs = max(1, jobs)
        self.batch_size = batch_size

    def annotate(self, batches: Iterable[list[PassageText]]) -> Iterator[Annotations]:
        if self.jobs == 1:
            for batch in batches:
                yield annotate(batch, self.model, self.domain, self.batch_size)
            return
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(self.jobs, mp_context=context, initializer=get_pipeline, initargs=(self.model, self.domain)) as pool:
            window: deque[Future[Annotations]] = deque()
            for batch in batches:
                window.append(pool.submit(annotate, batch, self.model, self.domain, self.batch_size))
                if len(window) >= 2 * self.jobs:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
