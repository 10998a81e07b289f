"""Active labelling: which passages a person should label next.

The passages the model is least sure of teach it most. Picking only by probability
would hand a person ten passages of one long document, or of one frame; so the least
sure passages are taken in turns across documents and predicted frames.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: Passages shorter than this say too little to label (headings, one-liners).
MIN_WORDS = 8
FIELDS = ["doc", "passage_idx", "predicted", "probability", "frame", "text"]


def least_sure(passages: pd.DataFrame, n: int) -> list[dict[str, Any]]:
    """Up to ``n`` model-labelled passages, least sure first, spread over documents and frames.

    ``passages`` has ``doc_id, passage_idx, text, n_words, kind, frame, probability,
    labelled_by`` (``Store.labelled_passages``). Round robin: each turn takes the least
    sure remaining passage of each predicted frame, one passage per document per turn.
    """
    pool = passages[(passages["labelled_by"] != "person") & (passages["kind"] != "heading")
                    & (passages["n_words"] >= MIN_WORDS)].sort_values(["probability", "doc_id", "passage_idx"])
    queues = {frame: group.to_dict("records") for frame, group in pool.groupby("frame", sort=True)}
    chosen: list[dict[str, Any]] = []
    while len(chosen) < n and any(queues.values()):
        used_docs: set[str] = set()
        for frame in sorted(queues, key=lambda f: queues[f][0]["probability"] if queues[f] else 2.0):
            queue = queues[frame]
            pick = next((r for r in queue if r["doc_id"] not in used_docs), None) or (queue[0] if queue else None)
            if pick is None or len(chosen) >= n:
                continue
            queue.remove(pick)
            used_docs.add(pick["doc_id"])
            chosen.append(pick)
    return [{"doc": r["doc_id"], "passage_idx": int(r["passage_idx"]), "predicted": r["frame"],
             "probability": round(float(r["probability"]), 3), "frame": "", "text": r["text"]} for r in chosen]


def write_rows(rows: list[dict[str, Any]], path: Path) -> None:
    """CSV or JSON Lines by suffix, whole or not at all; ``frame`` is the column to fill in."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        if path.suffix.lower() == ".csv":
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
