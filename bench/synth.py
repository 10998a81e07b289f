"""Synthetic corpora made from the sample corpus, for benchmarks and kill/lock tests.

Every generated document is a new mix of the sample's paragraphs with shuffled
sentences, a distinct place name and distinct figures, so no two documents share
a hash and no cache can help. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample"
PLACES = ["Rongcheng", "Suining", "Hangzhou", "Wenzhou", "Xiamen", "Shanghai", "Chengdu", "Nanjing", "Suzhou", "Yiwu"]
OUTLETS = ["Daily Ledger", "Policy Notes", "Asia Wire", "Civic Review", "Market Watch"]


def sample_paragraphs() -> list[str]:
    """Prose paragraphs of the sample corpus's text files (no headings)."""
    paragraphs = []
    for path in sorted(SAMPLE.glob("*.txt")) + sorted(SAMPLE.glob("*.md")):
        text = path.read_text(encoding="utf-8").split("---")[-1]
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.split()) > 25 and not p.startswith("#")]
    return paragraphs


def make_corpus(target: Path, n_docs: int, *, paragraphs_per_doc: int = 6, seed: int = 0) -> Path:
    """Write ``n_docs`` distinct .txt documents (with front matter) under ``target``."""
    rng = random.Random(seed)
    pool = sample_paragraphs()
    target.mkdir(parents=True, exist_ok=True)
    for i in range(n_docs):
        place = f"{rng.choice(PLACES)}-{i}"
        body = []
        for _ in range(paragraphs_per_doc):
            sentences = re.split(r"(?<=[.!?])\s+", rng.choice(pool))
            rng.shuffle(sentences)
            text = " ".join(sentences)
            text = re.sub(r"\d[\d,.]*", lambda m: str(rng.randint(2, 9999)), text)
            body.append(f"{text} Officials in {place} reported {rng.randint(10, 99999)} cases.")
        front = f"---\ntitle: Report {i} from {place}\noutlet: {rng.choice(OUTLETS)}\ndate: 20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n---\n"
        (target / f"doc{i:06d}.md").write_text(front + "\n\n".join(body) + "\n", encoding="utf-8")
    return target
