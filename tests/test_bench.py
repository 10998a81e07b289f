"""The benchmark scripts run (in their small --quick mode) so they cannot rot; figures are not asserted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import GOLD  # the shared seed gold; the dev set lies beside it

BENCH = Path(__file__).resolve().parent.parent / "bench"

#: The figure each script exists to print, as a pattern: a script that stops printing it fails.
FIGURES = {
    "startup": r"framelens --help: \d+\.\d{3} s median of \d+",
    "incremental": r"re-run, nothing changed: +\d+\.\d+ s += \d\.\d{3} of the full run",
    "throughput": r"ratio framelens / nlp\.pipe: \d+\.\d\d",
    "scaling": r"peak memory 16x / 1x: \d+\.\d\d",
    "framing": r"fit \+ label \+ explain \+ clusters \(k=\d+\) of [\d,]+ passages: \d+\.\d s",
    "dask_engine": r"throughput dask / local: \d+\.\d\d",
    "parity": r"(?m)^documents +[0-9a-f]{16}  rows=\d+ cols=doc_id,",
    "framing_cv": r"shipped +macro-F1 \d\.\d{3} ",
    "run_speed": r"ratio shipped / cue-vote: \d\.\d{3}",
    "sanction_jackknife": r"jackknife by article +micro P \d\.\d{3}  R \d\.\d{3}  F1 \d\.\d{3}",
}
SCRIPTS = sorted(FIGURES)


@pytest.mark.model
@pytest.mark.parametrize("script", SCRIPTS)
def test_benchmark_runs_in_quick_mode(script: str):
    if script == "dask_engine":
        pytest.importorskip("distributed", reason="the dask extra is not installed")
    if script == "sanction_jackknife" and subprocess.run(
            ["git", "-C", str(BENCH.parent), "cat-file", "-e", "b45b022^"], capture_output=True).returncode:
        pytest.skip("no git history with commit b45b022 here: the jackknife reads the pack from before it")
    if script in ("framing_cv", "sanction_jackknife") and not (GOLD.parent / "dev_passages.jsonl").is_file():
        pytest.skip("../shared/gold/dev_passages.jsonl is not here: the dev-set cross-validation cannot run")
    args = ["--synthetic", "4"] if script == "parity" else ["--quick"]
    proc = subprocess.run([sys.executable, str(BENCH / f"{script}.py"), *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert re.search(FIGURES[script], proc.stdout), proc.stdout


def test_every_benchmark_script_is_tested():
    assert sorted(p.stem for p in BENCH.glob("*.py") if not p.stem.startswith("_") and p.stem != "synth") == sorted(SCRIPTS)
