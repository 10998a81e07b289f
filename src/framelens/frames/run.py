"""The framing stage of a run: read the store, frame every content passage, write back."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..domain import frames_digest
from ..errors import ConfigError
from . import embed

if TYPE_CHECKING:
    import pandas as pd

    from .framing import FramingResult

    from ..config import FramingOptions
    from ..domain import DomainPack
    from ..store import Store

log = logging.getLogger(__name__)


def use_semantic(options: FramingOptions) -> bool:
    if options.semantic == "off":
        return False
    if options.semantic == "on" and not embed.available():
        raise ConfigError(
            "--semantic on needs the embeddings extra: pip install torch==2.13.0 && pip install 'framelens[embeddings]'"
        )
    return embed.available()


def settings(options: FramingOptions, pack: DomainPack, seed: int) -> str:
    """Hash of what decides the labels besides the corpus; a change refits."""
    def digest(path: Path | None) -> str | None:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path else None

    parts = {
        "seed": seed, "frames": frames_digest(pack), "semantic": use_semantic(options),
        "model": digest(options.model), "train": digest(options.train), "clusters": options.clusters,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def needs_framing(store: Store, options: FramingOptions, pack: DomainPack, seed: int, corpus_changed: bool) -> bool:
    last = store.latest_framing()
    if last is None or corpus_changed:
        return True
    return json.loads(last["details_json"]).get("settings") != settings(options, pack, seed)


def frame_store(store: Store, pack: DomainPack, options: FramingOptions, *, seed: int, run_id: str) -> FramingResult:
    """Frame every content passage of the store and save labels, shares, clusters and model."""
    # scikit-learn and spaCy load only when framing runs, not when a re-run finds nothing to do.
    from .framing import frame_passages
    from .model import dumps, loads

    passages, cues = store.framing_inputs()
    semantic = _semantic(store, passages, pack) if use_semantic(options) else None
    saved = loads(_read(options.model), str(options.model)) if options.model else None
    train = train_labels(options.train, store, passages, pack) if options.train else None
    result = frame_passages(
        passages, cues, pack, seed=seed, semantic=semantic, saved=saved, train=train,
        k=options.clusters, previous_clusters=store.clusters(),
    )
    result.details["settings"] = settings(options, pack, seed)
    store.save_framing(result, run_id, dumps(result.saved), pack.frame_names)
    log.info("framed %d passages (%s mode) in %.1fs", len(passages), result.mode, result.details["seconds"])
    return result


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the model {path}: {exc.strerror}") from exc


def _semantic(store: Store, passages: pd.DataFrame, pack: DomainPack) -> pd.DataFrame:
    """Embedding columns for ``passages``, computing only those not cached in the store."""
    cached = store.embeddings(embed.MODEL_NAME)
    keys = list(zip(passages["doc_id"], passages["passage_idx"].astype(int)))
    todo = [i for i, k in enumerate(keys) if k not in cached]
    if todo:
        vectors = embed.embed([passages["text"].iat[i] for i in todo])
        fresh = {keys[i]: v.tobytes() for i, v in zip(todo, vectors)}
        store.save_embeddings(embed.MODEL_NAME, [(d, i, b) for (d, i), b in fresh.items()])
        cached.update(fresh)
    matrix = np.vstack([np.frombuffer(cached[k], dtype=np.float32) for k in keys]) if keys else np.zeros((0, 384))
    return embed.semantic_columns(matrix, pack, passages.index)


def train_labels(path: Path, store: Store, passages: pd.DataFrame, pack: DomainPack) -> np.ndarray:
    """Class indices (``-1`` unlabelled) from a gold-format file of labelled passages.

    Each labelled passage is found in the store's documents by its text and labels the
    content passage it overlaps most.
    """
    from ..evaluation.gold import align, read_gold
    from .estimator import UNLABELLED

    rows = [r for r in read_gold(path) if r.get("frame")]
    names = list(pack.frame_names)
    unknown = sorted({r["frame"] for r in rows} - set(names))
    if unknown:
        raise ConfigError(f"{path}: frame(s) {', '.join(unknown)} are not in the domain pack ({', '.join(names)})")
    texts = {d["doc_id"]: d["text"] for d in store.rows("SELECT doc_id, text FROM documents WHERE status = 'ok'")}
    located, missing = align(rows, texts)
    spans = passage_spans(store)
    index = {k: i for i, k in enumerate(zip(passages["doc_id"], passages["passage_idx"].astype(int)))}
    y = np.full(len(passages), UNLABELLED, dtype=int)
    for gp in located:
        key = (gp.row["doc"], best_passage(spans.get(gp.row["doc"], []), gp.start, gp.end))
        if key in index:
            y[index[key]] = names.index(gp.row["frame"])
    if (y != UNLABELLED).sum() == 0:
        raise ConfigError(
            f"none of the {len(rows)} labelled passages in {path} was found among the corpus's content passages"
            + (f" (e.g. {missing[0]})" if missing else "")
        )
    return y


def passage_spans(store: Store) -> dict[str, list[tuple[int, int, int]]]:
    """(start, end, idx) of every passage, by document."""
    out: dict[str, list[tuple[int, int, int]]] = {}
    for r in store.rows("SELECT doc_id, passage_idx, start, end FROM passages ORDER BY doc_id, passage_idx"):
        out.setdefault(r["doc_id"], []).append((r["start"], r["end"], r["passage_idx"]))
    return out


def best_passage(spans: list[tuple[int, int, int]], start: int, end: int) -> int | None:
    """Index of the passage overlapping ``[start, end)`` most; None if none overlaps."""
    best, overlap = None, 0
    for s, e, idx in spans:
        o = min(e, end) - max(s, start)
        if o > overlap:
            best, overlap = idx, o
    return best
