"""Words per second of `framelens run` end to end vs plain `nlp.pipe`, same texts and processes.

    python bench/throughput.py [--quick] [--docs N] [--jobs J] [--semantic auto|on|off]

Both sides get the same synthetic corpus (N documents made from the sample corpus) and
the same number of processes. Plain `nlp.pipe` gets the documents' full texts and does
nothing else; `framelens run` does everything: read, clean, segment, NLP, extraction,
store, report. The ratio is framelens words/s over nlp.pipe words/s (target >= 0.85).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import FRAMELENS, timed  # noqa: E402
from bench.synth import make_corpus  # noqa: E402


def plain_pipe(corpus: Path, model: str, jobs: int) -> tuple[float, int]:
    import spacy

    from framelens.ingest.readers import split_front_matter

    texts = [split_front_matter(p.read_text(encoding="utf-8"))[1] for p in sorted(corpus.glob("*.md"))]
    nlp = spacy.load(model)
    start = time.perf_counter()
    words = 0
    for doc in nlp.pipe(texts, batch_size=64, n_process=jobs):
        words += sum(1 for t in doc if not (t.is_punct or t.is_space))
    return time.perf_counter() - start + _load_time(model), words


def _load_time(model: str) -> float:
    """Model load time, which `framelens run` pays too (once per process)."""
    import spacy

    start = time.perf_counter()
    spacy.load(model)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 documents, a smoke run")
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--semantic", choices=["auto", "on", "off"], default="off",
                        help="framing with MiniLM features (off: TF-IDF and cues; MiniLM start-up is a fixed cost)")
    args = parser.parse_args()
    from framelens.nlp.model import resolve_model

    model = resolve_model(None)
    n = 20 if args.quick else args.docs
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", n)
        pipe_s, words = plain_pipe(corpus, model, args.jobs)
        run_s = timed([*FRAMELENS, "-q", "run", str(corpus), "--out", str(Path(tmp) / "out"), "--jobs", str(args.jobs),
                       "--semantic", args.semantic])
    print(f"{n} documents, {words:,} words, {args.jobs} process(es), model {model}")
    print(f"plain nlp.pipe:      {pipe_s:7.2f} s  {words / pipe_s:9,.0f} words/s")
    print(f"framelens run:       {run_s:7.2f} s  {words / run_s:9,.0f} words/s (whole command, incl. start-up)")
    print(f"ratio framelens / nlp.pipe: {pipe_s / run_s:.2f} (target >= 0.85)")


if __name__ == "__main__":
    main()
