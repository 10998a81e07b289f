"""The benchmark scripts run (in their small --quick mode) so they cannot rot; figures are not asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = ["startup", "incremental", "throughput", "scaling", "framing", "dask_engine"]


@pytest.mark.model
@pytest.mark.parametrize("script", SCRIPTS)
def test_benchmark_runs_in_quick_mode(script: str):
    if script == "dask_engine":
        pytest.importorskip("distributed", reason="the dask extra is not installed")
    proc = subprocess.run([sys.executable, str(BENCH / f"{script}.py"), "--quick"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert any(word in proc.stdout for word in ("ratio", " / ", "of the full run", "median", " s")), proc.stdout


def test_every_benchmark_script_is_tested():
    assert sorted(p.stem for p in BENCH.glob("*.py") if not p.stem.startswith("_") and p.stem != "synth") == sorted(SCRIPTS)
