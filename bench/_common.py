"""Helpers shared by the benchmark scripts: timing, child-process peak memory, corpora."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
FRAMELENS = [sys.executable, "-c", "from framelens.cli import main; main()"]


def timed(cmd: list[str], **kw) -> float:
    """Wall time of a command that must succeed (exit 0 or 1)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def children_peak_rss_mb() -> float:
    """Peak RSS of the largest finished child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def corpus_or_sample(quick: bool) -> Path:
    """The seed corpus when present (as the issue asks), else the sample corpus."""
    if SEEDS.is_dir() and not quick:
        return SEEDS
    return ROOT / "corpus" / "sample"


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
