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
from framelens.store import Store, store_lock

from .conftest import run_cli

pytestmark = [pytest.mark.model, pytest.mark.slow]


def analysed_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents WHERE fingerprint IS NOT NULL").fetchone()[0]
    except sqlite3.OperationalError:
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
        n_passages = store.rows("SELECT COUNT(*) AS n FROM passages")[0]["n"]
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
