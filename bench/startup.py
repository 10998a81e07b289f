"""`framelens --help` wall time (target: <= 0.3 s), median of several runs.

    python bench/startup.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from bench._common import FRAMELENS, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 11")
    args = parser.parse_args()
    n = 3 if args.quick else 11
    python = statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(n))
    help_s = statistics.median(timed([*FRAMELENS, "--help"]) for _ in range(n))
    print(f"framelens --help: {help_s:.3f} s median of {n} (bare python start-up: {python:.3f} s)")
    print(f"target <= 0.300 s: {'met' if help_s <= 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
