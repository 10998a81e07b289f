"""Framing stage: fit and label N passages (target: 10,000 in under 60 s), in one process.

    python bench/framing.py [--passages 10000] [--semantic] [--quick]

The passages are real framelens features (entity-masked lemmas and stance-tagged cue hits)
of the seed corpus (or the sample corpus), resampled to N rows with variation — words
dropped, shuffled and mixed between two passages — so that no two rows are equal and
the vocabulary grows as it would. Timed: weak labels, the self-training fit, labelling
with explanations, and cluster discovery (k chosen by silhouette), i.e. ``frame_passages``.
With --semantic the MiniLM embeddings of the N passages are timed separately (a run caches
them in the store, so only new passages pay this).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import corpus_or_sample  # noqa: E402


def real_features(corpus: Path):
    from framelens.config import FramingOptions, RunConfig
    from framelens.pipeline import run_pipeline
    from framelens.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        config = RunConfig(paths=(corpus,), out=Path(tmp), framing=FramingOptions(semantic="off"))
        run_pipeline(config)
        with Store(config.store_path) as store:
            return store.framing_inputs()


def resample(passages, cues, n: int, seed: int = 0):
    import pandas as pd

    rng = np.random.RandomState(seed)
    hits = {k: g for k, g in cues.groupby(["doc_id", "passage_idx"])}
    rows, cue_rows = [], []
    for i in range(n):
        a, b = rng.randint(len(passages), size=2)
        pa, pb = passages.iloc[a], passages.iloc[b]
        words = (pa.lemmas or "").split() + (pb.lemmas or "").split()[: rng.randint(0, 15)]
        keep = [w for w in words if rng.rand() > 0.2] or words[:1]
        rng.shuffle(keep)
        doc_id, idx = f"bench-{i // 20:05d}", i % 20
        rows.append({"doc_id": doc_id, "passage_idx": idx, "kind": pa.kind, "n_words": max(len(keep), 1),
                     "lemmas": " ".join(keep) + f" w{rng.randint(50_000)}", "text": pa.text})
        for cue in hits.get((pa.doc_id, pa.passage_idx), pd.DataFrame()).itertuples(index=False):
            cue_rows.append({**cue._asdict(), "doc_id": doc_id, "passage_idx": idx})
    cue_columns = list(cues.columns)
    return pd.DataFrame(rows), pd.DataFrame(cue_rows, columns=cue_columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--semantic", action="store_true", help="also time MiniLM embeddings of the passages")
    parser.add_argument("--quick", action="store_true", help="1,000 passages from the sample corpus")
    args = parser.parse_args()
    n = 1_000 if args.quick else args.passages

    from framelens.domain import load_pack
    from framelens.frames.framing import frame_passages

    pack = load_pack()
    passages, cues = resample(*real_features(corpus_or_sample(args.quick)), n)
    semantic = None
    if args.semantic:
        from framelens.frames import embed

        started = time.perf_counter()
        vectors = embed.embed(passages["text"].tolist())
        semantic = embed.semantic_columns(vectors, pack, passages.index)
        print(f"MiniLM embeddings of {n:,} passages: {time.perf_counter() - started:.1f} s (cached by later runs)")
    started = time.perf_counter()
    result = frame_passages(passages, cues, pack, seed=0, semantic=semantic)
    seconds = time.perf_counter() - started
    k = len(result.discovery.clusters) if result.discovery else 0
    print(f"fit + label + explain + clusters (k={k}) of {n:,} passages: {seconds:.1f} s "
          f"({n / seconds:,.0f} passages/s); weak labels {result.details.get('weak_labels')}")
    if n >= 10_000:
        print(f"target < 60 s for 10,000 passages: {'met' if seconds * 10_000 / n < 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
