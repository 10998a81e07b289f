"""The Dask engine's overhead: `framelens run --engine dask` (a LocalCluster of J workers)
vs the local engine with J processes, on the same corpus and cores.

    python bench/dask_engine.py [--quick] [--docs N] [--jobs J]

Target: Dask throughput >= 0.8 x the local engine's (both use the same cores, so the
difference is the engine: cluster start-up, task scheduling, moving records back).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import FRAMELENS, timed  # noqa: E402
from bench.synth import make_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 documents, a smoke run")
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    n = 20 if args.quick else args.docs
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", n)
        common = ["-q", "run", str(corpus), "--jobs", str(args.jobs), "--semantic", "off"]
        local = timed([*FRAMELENS, *common, "--out", str(Path(tmp) / "local")])
        dask = timed([*FRAMELENS, *common, "--out", str(Path(tmp) / "dask"), "--engine", "dask"])
    print(f"{n} documents, {args.jobs} processes / workers")
    print(f"local engine: {local:7.2f} s")
    print(f"dask engine:  {dask:7.2f} s (LocalCluster start-up included)")
    print(f"throughput dask / local: {local / dask:.2f} (target >= 0.8)")


if __name__ == "__main__":
    main()
