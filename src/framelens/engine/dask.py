"""The Dask engine: batches run as tasks on a Dask cluster (``pip install 'framelens[dask]'``).

Without a scheduler address a ``LocalCluster`` of ``jobs`` worker processes is started
on this machine; with one (``--scheduler tcp://host:8786``) the batches go to that
cluster's workers, which need framelens and the spaCy model installed. Each worker
loads the pipeline once (a worker plugin, run again on any restarted worker); the
domain pack travels with the tasks, so workers need no copy of it. Workers never touch
the store: they return plain records, and this process writes them. A task is retried
``retries`` times (a worker that dies mid-task counts as a failure); a batch that still
fails comes back with ``error`` set, and its documents are recorded as failed.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin

from ..errors import ConfigError
from ..nlp.annotate import Annotations, PassageText, annotate, get_pipeline

log = logging.getLogger("framelens.engine")
_PACK_FILES: dict[str, str] = {}


def _pack_file(pack_text: str) -> str:
    """This worker's copy of the domain pack (written once per pack version)."""
    digest = hashlib.sha256(pack_text.encode()).hexdigest()[:16]
    if digest not in _PACK_FILES:
        path = Path(tempfile.gettempdir()) / f"framelens-pack-{digest}.toml"
        path.write_text(pack_text, encoding="utf-8")
        _PACK_FILES[digest] = str(path)
    return _PACK_FILES[digest]


def annotate_task(batch: list[PassageText], model: str, pack_text: str, batch_size: int) -> Annotations:
    """The Dask task: the same work unit as the local engine's."""
    return annotate(batch, model, _pack_file(pack_text), batch_size)


class LoadPipeline(WorkerPlugin):
    """Worker plugin: load the spaCy pipeline when a worker starts, not in its first task."""

    name = "framelens-pipeline"

    def __init__(self, model: str, pack_text: str) -> None:
        self.model = model
        self.pack_text = pack_text

    def setup(self, worker) -> None:
        get_pipeline(self.model, _pack_file(self.pack_text))


class DaskEngine:
    """Annotate batches on a Dask cluster; at most ``2 × workers`` batches in flight."""

    def __init__(self, *, model: str, domain: str, jobs: int = 2, batch_size: int = 64,
                 scheduler: str | None = None, retries: int = 2) -> None:
        self.model = model
        self.pack_text = Path(domain).read_text(encoding="utf-8")
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
            client.register_plugin(LoadPipeline(self.model, self.pack_text))
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            window: deque = deque()
            for batch in batches:
                future = client.submit(annotate_task, batch, self.model, self.pack_text, self.batch_size,
                                       retries=self.retries, pure=False)
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
