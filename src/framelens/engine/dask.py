"""The Dask engine: batches run as tasks on a Dask cluster (``pip install 'framelens[dask]'``).

Without a scheduler address a ``LocalCluster`` of ``jobs`` worker processes is started
on this machine; with one (``--scheduler tcp://host:8786``) the batches go to that
cluster's workers, which need framelens installed. The pipeline is built once, here,
and shipped whole to every worker (a worker plugin, run again on any restarted
worker): its model weights and domain pack travel with it, so workers need neither the
spaCy model package nor a copy of the pack, and tasks carry only the pipeline's name. Workers never touch
the store: they return plain records, and this process writes them. A task is retried
``retries`` times (a worker that dies mid-task counts as a failure); a batch that still
fails comes back with ``error`` set, and its documents are recorded as failed.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator

from distributed import Client, LocalCluster, WorkerPlugin

from ..domain import DomainPack
from ..errors import ConfigError
from ..nlp.annotate import (
    Annotations,
    PassageText,
    add_pipeline,
    annotate,
    get_pipeline,
    load_pipeline,
)

log = logging.getLogger("framelens.engine")


class ShipPipeline(WorkerPlugin):
    """Worker plugin: the pipeline itself (model weights and domain pack, pickled by spaCy),
    made the worker's ``key`` when it starts; a restarted worker gets it again."""

    name = "framelens-pipeline"

    def __init__(self, key: str, nlp) -> None:
        self.key = key
        self.nlp = nlp

    def setup(self, worker) -> None:
        add_pipeline(self.key, self.nlp)


class DaskEngine:
    """Annotate batches on a Dask cluster; at most ``2 × workers`` batches in flight."""

    def __init__(self, *, model: str, pack: DomainPack, jobs: int = 2, batch_size: int = 64,
                 scheduler: str | None = None, retries: int = 2) -> None:
        self.model = model
        self.pack = pack
        self.jobs = max(1, jobs)
        self.batch_size = batch_size
        self.scheduler = scheduler
        self.retries = retries

    def annotate(self, batches: Iterable[list[PassageText]]) -> Iterator[Annotations]:
        cluster = None
        if self.scheduler is None:
            cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
        try:
            client = Client(self.scheduler or cluster, set_as_default=False, timeout="30s")
        except OSError as exc:
            if cluster is not None:
                cluster.close()
            raise ConfigError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
        try:
            log.info("Dask dashboard: %s", client.dashboard_link, extra={"notice": True})
            key = load_pipeline(self.model, self.pack)  # built here once, then shipped whole
            client.register_plugin(ShipPipeline(key, get_pipeline(key)))
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            window: deque = deque()
            for batch in batches:
                future = client.submit(annotate, batch, key, self.batch_size, retries=self.retries, pure=False)
                window.append(future)
                if len(window) >= 2 * workers:
                    yield self._result(window.popleft())
            while window:
                yield self._result(window.popleft())
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _result(self, future) -> Annotations:
        try:
            return future.result()
        except Exception as exc:  # the task failed every retry, or its workers kept dying
            log.error("a batch failed on the Dask cluster after %d retries: %r", self.retries, exc)
            return Annotations(error=f"failed on the Dask cluster after {self.retries} retries: {type(exc).__name__}: {exc}")
