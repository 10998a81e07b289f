"""A run killed with SIGKILL mid-NLP, and two runs on one store at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from bench.synth import make_corpus
from framelens.errors import StoreError
from framelens.store import Store, store_lock

from .conftest import run_cli

pytestmark = [pytest.mark.model, pytest.mark.slow]


def analysed_count(db: Path) -> int:
    """Documents stored with their analysis, read through the store while a run writes it."""
    try:
        with Store(db, create=False) as store:
            return sum(1 for state in store.states().values() if state.fingerprint)
    except (StoreError, sqlite3.OperationalError):
        return 0


def wait_for(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def test_run_killed_mid_nlp_then_rerun_completes(tmp_path: Path, framelens_cmd: list[str]):
    corpus = make_corpus(tmp_path / "corpus", 120)
    out = tmp_path / "out"
    db = out / "framelens.db"
    proc = subprocess.Popen([*framelens_cmd, "-q", "run", str(corpus), "--out", str(out)])
    try:
        wait_for(lambda: analysed_count(db) > 0 or proc.poll() is not None)
        assert proc.poll() is None, "the run finished before it could be killed; make the corpus larger"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    done_before = analysed_count(db)
    assert 0 < done_before < 120
    assert not (out / "latest").exists()  # no half-written report

    result = run_cli("-q", "run", str(corpus), "--out", str(out))
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        docs = store.documents()
        assert len(docs) == 120 and all(d["status"] == "ok" for d in docs)
        n_passages = len(store.table("passages"))
        assert n_passages == sum(d["n_passages"] for d in docs)  # no duplicated rows
        runs = store.runs()
        assert [r["status"] for r in runs] == ["ok", "killed"]
        assert runs[0]["counts_json"] and '"unchanged": %d' % done_before in runs[0]["counts_json"]
    assert (out / "latest" / "index.html").is_file()


def test_second_concurrent_run_exits_3(sample_copy: Path, tmp_path: Path, framelens_cmd: list[str]):
    out = tmp_path / "out"
    corpus = make_corpus(tmp_path / "corpus", 60)
    first = subprocess.Popen([*framelens_cmd, "-q", "run", str(corpus), "--out", str(out)])
    try:
        lock = out / "framelens.db.lock"
        wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid))
        second = subprocess.run(
            [*framelens_cmd, "run", str(sample_copy), "--out", str(out)], capture_output=True, text=True
        )
        assert second.returncode == 3, second.stderr
        assert "holds the lock" in second.stderr and "Traceback" not in second.stderr
    finally:
        assert first.wait(timeout=300) == 0


def test_wait_option_queues_behind_the_lock(sample_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    with store_lock(out / "framelens.db"):
        blocked = run_cli("-q", "run", str(sample_copy), "--out", str(out))
        assert blocked.exit_code == 3
    waited = run_cli("-q", "run", str(sample_copy), "--out", str(out), "--wait")
    assert waited.exit_code == 0


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def test_killing_the_parent_of_a_two_worker_run_never_wedges_the_next_run(tmp_path: Path, framelens_cmd: list[str]):
    corpus = make_corpus(tmp_path / "corpus", 200)
    out = tmp_path / "out"
    proc = subprocess.Popen([*framelens_cmd, "-q", "run", str(corpus), "--out", str(out), "-j", "2",
                             "--semantic", "off"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: len(_children(proc.pid)) >= 2)
    workers = _children(proc.pid)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # The workers die with their parent (PR_SET_PDEATHSIG) and never held the lock.
    wait_for(lambda: not any(Path(f"/proc/{w}").exists() and "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]
                             for w in workers), timeout=30)
    result = subprocess.run([*framelens_cmd, "-q", "run", str(corpus), "--out", str(out), "--semantic", "off"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_worker_killed_mid_run_fails_its_batch_and_the_run_goes_on(tmp_path: Path, monkeypatch):
    from framelens.nlp import annotate

    corpus = make_corpus(tmp_path / "corpus", 40)
    victim = sorted(p.name for p in corpus.iterdir())[0]
    monkeypatch.setattr(annotate, "annotate", _killing_annotate)  # the engine imports it where a batch is sent
    monkeypatch.setitem(_VICTIM, "doc_id", victim)
    monkeypatch.setattr("framelens.pipeline.BATCH_PASSAGES", 20)  # many small batches
    out = tmp_path / "out"
    result = run_cli("run", str(corpus), "--out", str(out), "-j", "2", "--semantic", "off")
    assert result.exit_code == 1, result.output
    with Store(out / "framelens.db") as store:
        docs = {d["doc_id"]: d for d in store.documents()}
    assert docs[victim]["status"] == "failed" and "worker process died" in docs[victim]["reason"]
    assert sum(d["status"] == "ok" for d in docs.values()) > 0
    monkeypatch.undo()
    again = run_cli("run", str(corpus), "--out", str(out), "--semantic", "off")
    assert again.exit_code == 0, again.output


_VICTIM: dict[str, str] = {}
_REAL_ANNOTATE = __import__("framelens.nlp.annotate", fromlist=["annotate"]).annotate


def _killing_annotate(batch, *args, **kwargs):
    """Runs in a forked worker: the batch holding the victim document kills its worker."""
    if any(p.doc_id == _VICTIM.get("doc_id") for p in batch):
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_ANNOTATE(batch, *args, **kwargs)
