"""Framing a corpus: every content passage gets a frame, a probability, a stance and evidence.

Pure data in, data out (no store): ``frame_passages`` takes the passages and cue hits
as DataFrames and returns labels, document shares, discovered clusters and the fitted
model. Three modes:

- ``weak`` (default): cue votes give weak labels, the self-training classifier labels
  every passage;
- ``supervised``: the user's labelled passages adapt the shipped model (trained in
  ``frames.training``, applied here like a saved model; passages a person labelled keep
  that label);
- ``saved``: a previously fitted model is applied without refitting.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..domain import frames_digest, pack_record
from ..errors import ConfigError
from .clusters import Discovery, assign_clusters, discover
from .estimator import UNLABELLED
from .features import feature_table, keyword_baseline, weak_labels
from .framing_model import SavedModel, explain, make_model

if TYPE_CHECKING:
    import pandas as pd

    from ..domain import DomainPack

#: A document is ``mixed`` unless one frame holds more than this share of its framed words.
DOMINANT_SHARE = 2 / 3
#: A document most of whose words are in passages of the fallback frame is that frame
#: (a report that is two thirds plain facts is not "regulatory" for its last third).
FALLBACK_SHARE = 1 / 2
MIXED = "mixed"
CV_FOLDS = 5
#: Passages shorter than this many words are not clustered.
CLUSTER_MIN_WORDS = 8


@dataclass
class FramingResult:
    """Labels per passage, shares per document, clusters, and the model that made them."""

    passages: pd.DataFrame  # doc_id, passage_idx, frame, probability, stance, cluster_id, evidence_json
    documents: pd.DataFrame  # doc_id, share_<frame>..., dominant_frame
    discovery: Discovery | None
    saved: SavedModel
    mode: str
    details: dict[str, Any] = field(default_factory=dict)


def frame_passages(
    passages: pd.DataFrame,
    cues: pd.DataFrame,
    pack: DomainPack,
    *,
    seed: int = 0,
    semantic: pd.DataFrame | None = None,
    saved: SavedModel | None = None,
    person: dict[tuple[str, int], str] | None = None,
    k: int | None = None,
    previous_clusters: list[dict[str, Any]] | None = None,
) -> FramingResult:
    """Frame ``passages`` (content passages: ``doc_id, passage_idx, kind, n_words, lemmas``).

    ``cues`` holds their cue hits (``doc_id, passage_idx, start, end, text, frame,
    stance, weight``); ``semantic`` optional embedding columns (same index);
    ``person`` maps (doc_id, passage_idx) to the frame a person gave it: shown as given.
    """
    import pandas as pd

    started = time.perf_counter()
    names = list(pack.frame_names)
    table = feature_table(passages, cues, pack)
    if semantic is not None:
        table = table.join(semantic)
    numeric = [c for c in table.columns if c not in ("lemmas", "text")]
    details: dict[str, Any] = {
        "passages": len(table),
        "semantic": semantic is not None,
        "frames": [{"name": f.name, "label": f.label, "description": f.description}
                   for f in [*pack.frames.values(), pack.fallback]],
    }
    if saved is not None:
        mode, model = saved.meta.get("applied_as", "saved"), saved.model
        _check_compatible(saved, pack, numeric)
        numeric = saved.numeric
    elif len(table) == 0:
        mode, model = "weak", None
    else:
        mode = "weak"
        y = weak_labels(table, pack)
        details["weak_labels"] = {names[c]: int((y == c).sum()) for c in range(len(names))}
        details["weak_labels"]["unlabelled"] = int((y == UNLABELLED).sum())
        model = _fit_weak(table, numeric, y, names, seed)
    out = _label(table, _inputs(saved, numeric), passages, cues, pack, model, names, person,
                 (saved.meta.get("stance_rule_precision") if saved is not None else None))
    # Headings and one-liners say too little to group by; they get no cluster.
    clustered = np.flatnonzero((passages["kind"] != "heading").to_numpy() & (passages["n_words"] >= CLUSTER_MIN_WORDS).to_numpy())
    discovery = discover(
        table["lemmas"].iloc[clustered].tolist(), out["frame"].iloc[clustered].tolist(),
        passages["n_words"].iloc[clustered].astype(int).tolist(),
        seed=seed, k=k, previous=previous_clusters, stop_words=pack.words("framing", "cluster_stop_words"),
    ) if len(clustered) else None
    cluster_ids = np.full(len(out), np.nan)
    if discovery is not None:
        cluster_ids[clustered] = np.where(discovery.assignments >= 0, discovery.assignments, np.nan)
        for c in discovery.clusters:
            c.examples = [int(clustered[r]) for r in c.examples]
    out["cluster_id"] = pd.array([None if np.isnan(c) else int(c) for c in cluster_ids], dtype="Int64")
    if discovery is not None:
        details["k_silhouette"] = {str(c): round(s, 4) for c, s in discovery.k_scores.items()}
        details["cluster_stability"] = discovery.stability
    details["keyword_baseline"] = dict(Counter(keyword_baseline(table, pack)))
    details["seconds"] = round(time.perf_counter() - started, 3)
    documents = document_shares(out.assign(n_words=passages["n_words"].to_numpy()), pack)
    # Kept with the run so the next report can show how each document's shares moved.
    details["document_shares"] = {
        row["doc_id"]: {name: round(float(row[f"share_{name}"]), 4) for name in names}
        for row in documents.to_dict("records")
    }
    saved_model = saved or SavedModel(model=model, classes=names, numeric=numeric, frames_digest=frames_digest(pack), meta={"mode": mode, "seed": seed, **pack_record(pack)})
    return FramingResult(out, documents, discovery, saved_model, mode, details)


def label_passages(
    passages: pd.DataFrame, cues: pd.DataFrame, pack: DomainPack, saved: SavedModel,
    clusters: list[dict[str, Any]], *, semantic: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Label ``passages`` with a fitted model, without fitting: (passage labels, document shares).

    Used for the documents a nightly run adds when the last fit still stands, and for the
    batches of a corpus too large to fit on whole. Each passage joins the active
    discovered framing whose term profile it is closest to.
    """
    import pandas as pd

    names = list(pack.frame_names)
    table = feature_table(passages, cues, pack)
    if semantic is not None:
        table = table.join(semantic)
    numeric = [c for c in table.columns if c not in ("lemmas", "text")]
    _check_compatible(saved, pack, numeric)
    out = _label(table, _inputs(saved, saved.numeric), passages, cues, pack, saved.model, names,
                 rule_precision=saved.meta.get("stance_rule_precision"))
    clusterable = (passages["kind"] != "heading").to_numpy() & (passages["n_words"] >= CLUSTER_MIN_WORDS).to_numpy()
    ids = assign_clusters(table["lemmas"].tolist(), clusters)
    out["cluster_id"] = pd.array([c if ok else None for c, ok in zip(ids, clusterable)], dtype="Int64")
    documents = document_shares(out.assign(n_words=passages["n_words"].to_numpy()), pack)
    return out, documents


def _fit_weak(table: pd.DataFrame, numeric: list[str], y: np.ndarray, names: list[str], seed: int):
    labelled = set(y[y != UNLABELLED].tolist())
    if len(labelled) < 2:
        # Too few cue hits to learn from (a tiny or off-topic corpus): cue votes decide alone.
        return None
    return make_model(numeric, seed=seed, n_rows=len(table)).fit(table, y)


def _check_compatible(saved: SavedModel, pack: DomainPack, numeric: list[str]) -> None:
    if saved.classes != list(pack.frame_names):
        raise ConfigError(
            f"the saved model frames {', '.join(saved.classes)} differ from the domain pack's "
            f"{', '.join(pack.frame_names)}; use the pack the model was fitted with"
        )
    missing = [c for c in saved.numeric if c not in numeric]
    if missing:
        hint = " (the model uses semantic features: install the embeddings extra)" if any(
            c.startswith(("sim_", "emb_")) for c in missing
        ) else ""
        raise ConfigError(f"the saved model needs features this run does not have: {', '.join(missing[:5])}{hint}")


def _inputs(saved: SavedModel | None, numeric: list[str]) -> list[str]:
    """The feature table's columns a model reads: ``text`` for the learning-first model."""
    if saved is not None and saved.meta.get("inputs"):
        return list(saved.meta["inputs"])
    return ["lemmas", *numeric]


def _label(
    table: pd.DataFrame, inputs: list[str], passages: pd.DataFrame, cues: pd.DataFrame, pack: DomainPack, model,
    names: list[str], person: dict[tuple[str, int], str] | None = None, rule_precision: float | None = None,
) -> pd.DataFrame:
    import pandas as pd

    n = len(table)
    if model is not None and "text" in inputs:
        labels, probability, evidence_terms = _label_text(table, model, pack, rule_precision)
    elif model is None:
        # Cue votes alone: weak labels, the fallback where they do not decide.
        y = weak_labels(table, pack)
        fallback = names.index(pack.fallback.name)
        idx = np.where(y == UNLABELLED, fallback, y)
        labels = np.array([names[i] for i in idx], dtype=object)
        probability = np.ones(n)
        evidence_terms = [[] for _ in range(n)]
    else:
        features = model.named_steps["features"].transform(table[inputs])  # once, for the labels and their evidence
        classify = model.named_steps["classify"]
        proba = classify.predict_proba(features)
        classes = classify.classes_
        best = np.argmax(proba, axis=1)
        labels = np.array([names[int(classes[i])] for i in best], dtype=object)
        probability = proba[np.arange(n), best]
        evidence_terms = explain(model, features, classes[best])
    keys = list(zip(passages["doc_id"].tolist(), passages["passage_idx"].astype(int).tolist()))
    by_person = np.array([k in (person or {}) for k in keys], dtype=bool)
    if by_person.any():  # a person's label is shown as given, whatever the model says
        labels = np.array(labels, dtype=object)
        labels[by_person] = [person[k] for k, p in zip(keys, by_person) if p]
        probability = np.where(by_person, 1.0, probability)
    stances = passage_stances(table, labels, pack)
    by_passage: dict[tuple[str, int], list[dict[str, Any]]] = {}
    columns = ("doc_id", "passage_idx", "text", "frame", "stance", "start", "end")
    for doc_id, idx, text, frame, stance, start, end in zip(*(cues[c].tolist() for c in columns)):
        by_passage.setdefault((doc_id, int(idx)), []).append(
            {"text": text, "frame": frame, "stance": stance, "start": int(start), "end": int(end)}
        )
    evidence = [
        json.dumps({"terms": terms, "cues": by_passage.get((d, int(i)), [])}, ensure_ascii=False)
        for (d, i), terms in zip(keys, evidence_terms)
    ]
    return pd.DataFrame({
        "doc_id": [k[0] for k in keys],
        "passage_idx": [int(k[1]) for k in keys],
        "frame": labels,
        "probability": np.round(probability, 4),
        "stance": stances,
        "evidence_json": evidence,
        "labelled_by": np.where(by_person, "person", "model"),
    })


def _label_text(table: pd.DataFrame, model, pack: DomainPack, rule_precision: float | None = None,
                ) -> tuple[np.ndarray, np.ndarray, list]:
    """Labels, calibrated probabilities and readable evidence from the learning-first model.

    A heading with no cue of any frame says too little to frame: it gets the fallback
    frame (with the model's probability of it); one with cues is framed like any passage.
    """
    from .text_model import explain_text, stance_override

    n = len(table)
    if n == 0:
        return np.array([], dtype=object), np.zeros(0), []
    features = model.named_steps["features"].transform(table[["text"]])
    proba = model.named_steps["classify"].predict_proba(features)
    classes = [str(c) for c in model.named_steps["classify"].classes_]
    best = np.argmax(proba, axis=1)
    votes = table[[f"vote_{f}" for f in pack.frames]].to_numpy().sum(axis=1)
    bare_heading = (table["heading"].to_numpy() > 0) & (votes == 0)
    if pack.fallback.name in classes:
        best = np.where(bare_heading, classes.index(pack.fallback.name), best)
    labels = np.array([classes[i] for i in best], dtype=object)
    labels, probability, _ = stance_override(labels, proba, classes, table, pack.refuted_as,
                                             rule_precision=rule_precision)
    return labels, probability, explain_text(model, features, labels)


def passage_stances(table: pd.DataFrame, labels: np.ndarray, pack: DomainPack) -> list[str]:
    """The passage's stance on the refutable frame (the one with ``refuted_as``).

    *refuted* when the passage is labelled with the frame refutations count for and has
    refuted cues; *reported* / *endorsed* when it is labelled with the refutable frame
    (by which of its cues weigh more); else *none*.
    """
    refutable = next((f for f in pack.frames.values() if f.refuted_as), None)
    if refutable is None:
        return ["none"] * len(table)
    f = refutable.name
    out = []
    for label, refuted, reported, endorsed in zip(
        labels, table[f"refuted_{f}"], table[f"reported_{f}"], table[f"endorsed_{f}"]
    ):
        if label == refutable.refuted_as and refuted > 0:
            out.append("refuted")
        elif label == f:
            out.append("reported" if reported > endorsed else "endorsed")
        else:
            out.append("none")
    return out


def document_shares(labels: pd.DataFrame, pack: DomainPack) -> pd.DataFrame:
    """Word-weighted frame shares per document and its dominant frame.

    ``labels`` has ``doc_id, frame, n_words``. Shares are of all content words; the
    dominant frame is the fallback when it holds more than half of the words (or nothing is
    framed), else the frame holding more than two thirds of the words in framed passages,
    else ``mixed``.
    """
    import pandas as pd

    names = list(pack.frame_names)
    words = labels.pivot_table(index="doc_id", columns="frame", values="n_words", aggfunc="sum", fill_value=0)
    words = words.reindex(columns=names, fill_value=0).astype(float).sort_index()
    total = words.sum(axis=1).replace(0, 1.0)
    out = pd.DataFrame({"doc_id": words.index})
    for f in names:
        out[f"share_{f}"] = [round(float(v), 4) for v in words[f] / total]
    framed = words[list(pack.frames)]
    framed_total = framed.sum(axis=1).to_numpy()
    top = framed.idxmax(axis=1).to_numpy() if len(framed) else np.array([], dtype=object)
    top_share = np.divide(framed.max(axis=1).to_numpy(), framed_total, out=np.zeros(len(framed)), where=framed_total > 0)
    unframed = (framed_total == 0) | (out[f"share_{pack.fallback.name}"].to_numpy() > FALLBACK_SHARE)
    out["dominant_frame"] = np.where(unframed, pack.fallback.name, np.where(top_share > DOMINANT_SHARE, top, MIXED))
    return out
