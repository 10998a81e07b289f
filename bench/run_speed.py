"""A whole ``framelens run`` with the pack's shipped framing model against the cue-vote path.

    python bench/run_speed.py [CORPUS] [--rounds 4] [--quick]

Issue 16's target: a run on the seeds with the shipped model is no slower than one with the
cue-vote path it replaced. The same installed code runs twice per round, alternating (so a
noisy neighbour hits both): once with the pack as shipped, once with a copy of the pack
whose ``[framing] model`` line is removed. Each run is a fresh process (start-up, imports
and model loading count, as they do for a user) on a fresh store. Prints the median of each
and their ratio. Default corpus: ../shared/corpus/seeds (with --quick, or without it: corpus/sample).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import FRAMELENS, corpus_or_sample, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="one round (for the test suite)")
    args = parser.parse_args()
    corpus = args.corpus or corpus_or_sample(args.quick)
    rounds = 1 if args.quick else args.rounds

    from framelens.domain import pack_path

    shipped = pack_path("social_credit")
    with tempfile.TemporaryDirectory() as tmp:
        cue_pack = Path(tmp) / "social_credit.toml"
        cue_pack.write_text(re.sub(r"(?m)^model\s*=.*$", "", shipped.read_text(encoding="utf-8")), encoding="utf-8")
        times: dict[str, list[float]] = {"shipped model": [], "cue-vote path": []}
        for r in range(rounds):
            for name, pack in (("shipped model", shipped), ("cue-vote path", cue_pack)):
                out = Path(tmp) / f"{r}-{name.split()[0]}"
                times[name].append(timed([*FRAMELENS, "run", str(corpus), "--out", str(out), "--domain", str(pack),
                                          "--semantic", "off"]))
    model, cues = (statistics.median(times[k]) for k in ("shipped model", "cue-vote path"))
    print(f"corpus {corpus} ({rounds} alternating rounds, fresh process and store each)")
    for name, values in times.items():
        print(f"  {name:14s} median {statistics.median(values):6.2f} s  [{' '.join(f'{v:.2f}' for v in values)}]")
    print(f"ratio shipped / cue-vote: {model / cues:.3f} (target <= 1.0)")


if __name__ == "__main__":
    main()
