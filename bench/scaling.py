"""Time and peak memory of `framelens run` on corpora of 1x, 4x and 16x a base size.

    python bench/scaling.py [--quick] [--base N] [--jobs J] [--engine local|dask]

Corpora are generated from the sample corpus (bench/synth.py: shuffled sentences, new
place names and figures, so no document repeats and no cache helps). Peak memory is the
resident memory of the whole process tree (the command and any worker processes),
sampled from /proc. Targets: peak memory at 16x <= 1.25 x peak memory at 1x; time
roughly linear.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import FRAMELENS, timed_with_peak_rss  # noqa: E402
from bench.synth import make_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="base 5 documents, a smoke run")
    parser.add_argument("--base", type=int, default=100, help="documents in the 1x corpus")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    args = parser.parse_args()
    base = 5 if args.quick else args.base
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 4, 16):
            corpus = make_corpus(Path(tmp) / f"corpus{factor}", base * factor, seed=factor)
            cmd = [*FRAMELENS, "-q", "run", str(corpus), "--out", str(Path(tmp) / f"out{factor}"),
                   "--jobs", str(args.jobs), "--engine", args.engine, "--semantic", "off"]
            seconds, peak = timed_with_peak_rss(cmd)
            rows.append((factor, base * factor, seconds, peak))
            print(f"{factor:>3}x {base * factor:>6} documents: {seconds:8.1f} s  peak RSS {peak:8.0f} MB", flush=True)
    (_, _, t1, m1), (_, _, t16, m16) = rows[0], rows[-1]
    print(f"time 16x / 1x: {t16 / t1:.1f} (linear would be 16)")
    print(f"peak memory 16x / 1x: {m16 / m1:.2f} (target <= 1.25)")


if __name__ == "__main__":
    main()
