"""Full run vs re-runs: nothing changed, and 1 % of documents changed.

    python bench/incremental.py [--quick] [--docs N]

Without --docs it uses the seed corpus (../shared/corpus/seeds) when present; with
--docs N a synthetic corpus of N documents (so that "1 % changed" means something).
Targets: re-run with nothing changed <= 5-10 % of the full run; 1 % changed <= 10 %.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import FRAMELENS, corpus_or_sample, timed  # noqa: E402
from bench.synth import make_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="sample corpus, smoke run")
    parser.add_argument("--docs", type=int, help="synthetic corpus of this many documents")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.docs:
            corpus = make_corpus(tmp_path / "corpus", args.docs)
        else:
            corpus = corpus_or_sample(args.quick)
        out = tmp_path / "out"
        run = [*FRAMELENS, "-q", "run", str(corpus), "--out", str(out)]
        full = timed(run)
        unchanged = timed(run)
        print(f"corpus: {corpus}")
        print(f"full run:                 {full:7.2f} s")
        print(f"re-run, nothing changed:  {unchanged:7.2f} s  = {unchanged / full:.3f} of the full run")
        if args.docs:
            files = sorted(corpus.glob("*.md"))
            for path in files[: max(1, len(files) // 100)]:
                path.write_text(path.read_text() + "\nOne more sentence changes this document.\n")
            changed = timed(run)
            print(f"re-run, 1 % changed:      {changed:7.2f} s  = {changed / full:.3f} of the full run")


if __name__ == "__main__":
    main()
