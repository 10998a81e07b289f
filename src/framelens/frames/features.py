"""Passage features for framing: entity-masked lemmas plus stance-aware cue scores.

A passage's *vote* for a frame is the weight of its endorsed and reported cues of that
frame plus the weight of refuted cues of frames whose ``refuted_as`` is this frame:
"the Orwellian picture is overblown" votes for *regulatory*. Votes give the weak labels
and, as features, let the classifier weigh stance; the words (TF-IDF of lemmas) carry
the frame to passages without any cue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from ..nlp.frame_cues import STANCES
from .estimator import UNLABELLED

if TYPE_CHECKING:
    import pandas as pd

    from ..domain import DomainPack

#: A weak label needs a vote of at least this much (one key cue, or three cues)...
MIN_VOTE = 3
#: ... and this many times the next frame's vote.
MARGIN = 1.5


def numeric_columns(pack: DomainPack) -> list[str]:
    """Names of the cue feature columns, in a fixed order."""
    cols = [f"vote_{f}" for f in pack.frames]
    cols += [f"{stance}_{f}" for f in pack.frames for stance in STANCES]
    return [*cols, "heading", "log_words"]


def votes(cues: Iterable[tuple[str, str, int]], pack: DomainPack) -> dict[str, float]:
    """Each frame's vote from ``(frame, stance, weight)`` cue hits."""
    out = dict.fromkeys(pack.frames, 0.0)
    for frame, stance, weight in cues:
        spec = pack.frames.get(frame)
        if spec is None:
            continue
        if stance == "refuted":
            if spec.refuted_as:
                out[spec.refuted_as] += weight
        else:
            out[frame] += weight
    return out


def feature_table(passages: pd.DataFrame, cues: pd.DataFrame, pack: DomainPack) -> pd.DataFrame:
    """One row per passage: ``lemmas`` plus the numeric cue features.

    ``passages`` has ``doc_id, passage_idx, kind, n_words, lemmas``; ``cues`` has
    ``doc_id, passage_idx, frame, stance, weight``. Row order follows ``passages``.
    """
    import pandas as pd

    hits: dict[tuple[str, int], list[tuple[str, str, int]]] = defaultdict(list)
    # Columns as lists, not itertuples: a row tuple of string columns costs a per-cell conversion.
    for doc_id, idx, frame, stance, weight in zip(
        cues["doc_id"].tolist(), cues["passage_idx"].tolist(), cues["frame"].tolist(), cues["stance"].tolist(),
        cues["weight"].tolist(),
    ):
        hits[(doc_id, int(idx))].append((frame, stance, int(weight)))
    rows = []
    for doc_id, idx, kind, n_words in zip(
        passages["doc_id"].tolist(), passages["passage_idx"].tolist(), passages["kind"].tolist(), passages["n_words"].tolist()
    ):
        found = hits.get((doc_id, int(idx)), [])
        row: dict[str, float] = {f"vote_{f}": v for f, v in votes(found, pack).items()}
        for f in pack.frames:
            for stance in STANCES:
                row[f"{stance}_{f}"] = sum(w for fr, st, w in found if fr == f and st == stance)
        row["heading"] = float(kind == "heading")
        row["log_words"] = float(np.log1p(n_words))
        rows.append(row)
    table = pd.DataFrame(rows, columns=numeric_columns(pack), index=passages.index, dtype=float)
    table.insert(0, "lemmas", passages["lemmas"].fillna("").astype(str).to_numpy())
    if "text" in passages:
        table.insert(0, "text", passages["text"].fillna("").astype(str).to_numpy())
    return table


def weak_labels(table: pd.DataFrame, pack: DomainPack) -> np.ndarray:
    """Class indices into ``pack.frame_names`` from cue votes; ``-1`` where cues do not decide.

    Headings get the fallback frame; a clear winner of the votes gets its frame; passages
    with no vote at all get the fallback (neutral is the absence of evaluation and purpose:
    without these, a corpus with no headings gave the model no neutral example, and every
    neutral passage of the congestion example was called a frame); everything else is left to
    the model.
    """
    names = list(pack.frame_names)
    fallback = names.index(pack.fallback.name)
    labels = np.full(len(table), UNLABELLED, dtype=int)
    vote_cols = [f"vote_{f}" for f in pack.frames]
    vote_matrix = table[vote_cols].to_numpy()
    headings = table["heading"].to_numpy()
    for i, row in enumerate(vote_matrix):
        order = np.argsort(-row, kind="stable")
        best, second = row[order[0]], (row[order[1]] if len(row) > 1 else 0.0)
        if headings[i]:
            labels[i] = fallback
        elif best >= MIN_VOTE and best >= MARGIN * second:
            labels[i] = int(order[0])
        elif best == 0:
            labels[i] = fallback
    return labels


def keyword_baseline(table: pd.DataFrame, pack: DomainPack) -> list[str]:
    """The plain keyword count most framing tools use: the frame with most cue words, stance ignored."""
    names = list(pack.frames)
    counts = np.column_stack([
        table[[f"{stance}_{f}" for stance in STANCES]].to_numpy().sum(axis=1) for f in names
    ]) if len(table) else np.zeros((0, len(names)))
    out = []
    for row in counts.tolist():
        best = int(np.argmax(row))
        out.append(names[best] if row[best] > 0 and row.count(row[best]) == 1 else pack.fallback.name)
    return out
