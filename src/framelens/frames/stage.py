"""The framing stage of a run: read the store, frame every content passage, write back."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..domain import frames_digest, shipped_model_path
from ..errors import ConfigError
from . import embed

if TYPE_CHECKING:
    import pandas as pd

    from ..config import FramingOptions
    from ..domain import DomainPack
    from ..store import Store
    from .framing_model import SavedModel

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
        "shipped": digest(shipped_model_path(pack)),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def needs_framing(store: Store, options: FramingOptions, pack: DomainPack, seed: int, corpus_changed: bool) -> bool:
    last = store.latest_framing()
    if last is None or corpus_changed:
        return True
    if store.content_documents(unframed=True):
        # A run killed between the NLP commit and the framing commit left analysed documents
        # without labels: "unchanged" documents are not done until they are framed.
        return True
    return json.loads(last["details_json"]).get("settings") != settings(options, pack, seed)


#: Above this many content passages the model is fitted on a sample of documents and the
#: corpus labelled in batches, so framing memory stays bounded however large the corpus.
LARGE_CORPUS = 200_000
FIT_SAMPLE = 50_000  # passages the model is fitted on, for a large corpus
BATCH = 20_000  # passages labelled at a time
#: A run whose new and changed documents hold at most this share of the content passages
#: (counted since the last fit) labels them with the last fitted model instead of refitting.
UPDATE_SHARE = 0.05


def frame_store(store: Store, pack: DomainPack, options: FramingOptions, *, seed: int, run_id: str,
                full: bool = False) -> dict:
    """Frame the store's content passages and save labels, shares, clusters and model; return the details.

    Three ways, chosen by size and by what changed:
    *fit* — fit on every content passage and label them all;
    *update* — only a few documents are new or changed since the last fit (≤ ``UPDATE_SHARE``
    of the passages, cumulated over runs): label just those with the last fitted model;
    *sample* — over ``LARGE_CORPUS`` passages: fit on a seeded sample of documents, then
    label the whole corpus batch by batch.
    """
    started = time.perf_counter()
    documents = store.content_documents()
    total = sum(n for _, n in documents)
    last = store.latest_framing()
    details = json.loads(last["details_json"]) if last else {}
    current = settings(options, pack, seed)
    if not full and last and last["model"] and options.model is None and options.train is None \
            and details.get("settings") == current:
        todo = store.content_documents(unframed=True)
        drift = details.get("updated_since_fit", 0) + sum(n for _, n in todo)
        if drift <= UPDATE_SHARE * total:
            return _update(store, pack, options, run_id, last, details, todo, drift, started)
    if total > LARGE_CORPUS and options.train is None:
        return _fit_sample(store, pack, options, seed, run_id, documents, current, started)
    return _fit(store, pack, options, seed, run_id, None, current, started)


def _fit(store: Store, pack: DomainPack, options: FramingOptions, seed: int, run_id: str,
         doc_ids: list[str] | None, current: str, started: float):
    """Fit on the content passages (of ``doc_ids``, else all), label them, save everything."""
    # scikit-learn and spaCy load only when framing runs, not when a re-run finds nothing to do.
    from .framing import frame_passages
    from .framing_model import dumps

    passages, cues = store.framing_inputs(doc_ids)
    saved = saved_model(options.model) if options.model else None
    person, cross_validation = None, None
    if saved is not None:
        saved = replace(saved, meta={**saved.meta, "applied_as": "saved"})  # the cached one stays as loaded
    elif options.train is not None:
        saved, person, cross_validation = _train_on_labels(options.train, store, passages, pack, seed)
    else:
        saved = _shipped(pack)
    semantic = _semantic(store, passages, pack) if _wants_semantic(options, saved) else None
    result = frame_passages(
        passages, cues, pack, seed=seed, semantic=semantic, saved=saved, person=person,
        k=options.clusters, previous_clusters=store.clusters(),
    )
    if cross_validation is not None:
        result.details["cross_validation"] = cross_validation
    result.details.update(settings=current, updated_since_fit=0, fitted_in=run_id, mode=result.mode,
                          reliability=reliability(result.mode, result.saved.meta, result.details))
    result.details["seconds"] = round(time.perf_counter() - started, 3)
    # A model applied unchanged (the shipped one, or --framing-model) is stored as the bytes it came as.
    store.save_framing(result, run_id, result.saved.raw or dumps(result.saved))
    log.info("framed %d passages (%s mode) in %.1fs", len(passages), result.mode, result.details["seconds"])
    return result.details


def _relabel(store: Store, pack: DomainPack, options: FramingOptions, saved, documents: list[tuple[str, int]],
             run_id: str) -> tuple[int, dict[str, dict[str, float]]]:
    """Label ``documents`` batch by batch with a fitted model; (passages labelled, their shares)."""
    from .framing import label_passages

    clusters = store.clusters()
    names = list(pack.frame_names)
    labelled, shares = 0, {}
    for chunk in _batches(documents, BATCH):
        passages, cues = store.framing_inputs(chunk)
        semantic = _semantic(store, passages, pack) if _wants_semantic(options, saved) else None
        labels, docs = label_passages(passages, cues, pack, saved, clusters, semantic=semantic)
        store.save_frame_rows(labels, docs, run_id)
        labelled += len(labels)
        shares.update({r["doc_id"]: {n: round(float(r[f"share_{n}"]), 4) for n in names} for r in docs.to_dict("records")})
    return labelled, shares


def _update(store: Store, pack: DomainPack, options: FramingOptions, run_id: str, last: dict, details: dict,
            todo: list[tuple[str, int]], drift: int, started: float) -> dict:
    from .framing_model import loads

    saved = loads(last["model"], "the last framing model")
    labelled, shares = _relabel(store, pack, options, saved, todo, run_id)
    current = store.ok_documents()
    document_shares = {d: s for d, s in details.get("document_shares", {}).items() if d in current}
    document_shares.update(shares)
    details = {**details, "mode_of_fit": details.get("mode_of_fit", last["mode"]), "document_shares": document_shares,
               "updated_passages": labelled, "updated_since_fit": drift,
               "seconds": round(time.perf_counter() - started, 3)}
    store.save_framing_row(run_id, "update", labelled, details, last["model"])
    log.info("labelled %d new passages with the model fitted in run %s (%.1fs)", labelled, details.get("fitted_in"), details["seconds"])
    return {**details, "mode": "update"}


def _fit_sample(store: Store, pack: DomainPack, options: FramingOptions, seed: int, run_id: str,
                documents: list[tuple[str, int]], current: str, started: float) -> dict:
    """A corpus too large to fit on whole: fit on a seeded sample of documents, then label everything in batches."""
    import random

    from .framing_model import loads

    order = list(documents)
    random.Random(seed).shuffle(order)
    sample, size = [], 0
    for doc_id, n in order:
        if size >= FIT_SAMPLE:
            break
        sample.append(doc_id)
        size += n
    details = _fit(store, pack, options, seed, run_id, sorted(sample), current, started)
    model = store.latest_framing()["model"]
    saved = loads(model, "the framing model")
    chosen = set(sample)
    labelled, shares = _relabel(store, pack, options, saved, [d for d in documents if d[0] not in chosen], run_id)
    details.update(mode_of_fit="sample", fit_passages=size, document_shares={**details["document_shares"], **shares},
                   seconds=round(time.perf_counter() - started, 3))
    store.save_framing_row(run_id, details.get("mode", "weak"), size + labelled, details, model)
    return details


def _batches(documents: list[tuple[str, int]], size: int):
    """Lists of document ids holding about ``size`` passages each (a document is never split)."""
    batch, n = [], 0
    for doc_id, count in documents:
        batch.append(doc_id)
        n += count
        if n >= size:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


def reliability(mode: str, meta: dict, details: dict) -> dict:
    """Which measured score applies to this corpus's labels, and where it was measured.

    Cross-validated on the user's own labels when they trained the model; else the
    grouped cross-validation of the model's training data ("measured on other texts");
    else nothing was measured for these labels, and the report says so.
    """
    cv = details.get("cross_validation") or {}
    if mode == "supervised" and cv.get("macro_f1") is not None:
        return {"basis": "your labels", "macro_f1": cv["macro_f1"], "n": cv.get("labelled"),
                "how": f"{cv.get('folds')}-fold cross-validation, grouped by article, on the {cv.get('labelled')} "
                       "passages you labelled (passages you labelled show your label)"}
    scores = meta.get("cv") or {}
    if scores:
        name, best = max(scores.items(), key=lambda kv: kv[1].get("n", 0))
        return {"basis": "other texts", "macro_f1": best["macro_f1"], "ece": best.get("ece"), "n": best["n"],
                "per_frame": {f: v["f1"] for f, v in best.get("per_frame", {}).items()},
                "illustrations": list(meta.get("training", {}).get("not_scored") or []),
                "how": f"{best.get('folds')}-fold cross-validation grouped by article on {best['n']} labelled "
                       f"passages ({name}) that are not this corpus"}
    return {"basis": "none", "how": "no score was measured for labels made this way; score a hand-labelled sample "
                                    "with framelens evaluate before citing figures"}


def _wants_semantic(options: FramingOptions, saved) -> bool:
    """Embeddings are computed only for a model that reads them (the text model does not)."""
    if saved is not None and "text" in saved.meta.get("inputs", []):
        return False
    return use_semantic(options)


def _shipped(pack: DomainPack):
    """The pack's learning-first model, marked as applied by default ("pretrained" mode)."""
    from .training import load_shipped

    saved = load_shipped(pack)
    if saved is not None:  # the cached one stays as loaded
        saved = replace(saved, meta={**saved.meta, "applied_as": "pretrained"})
    return saved


def saved_model(path: Path) -> SavedModel:
    """The saved framing model at ``path``, loaded once per process (see
    :func:`~.framing_model.load_file`)."""
    from .framing_model import load_file

    return load_file(Path(path))


def model_pack(path: Path) -> str | None:
    """The domain pack (a bundled name or a file) the framing model at ``path`` was fitted with;
    None for a model made before framelens recorded it."""
    meta = saved_model(path).meta
    return meta.get("pack_file") or meta.get("pack")


def check_model_pack(path: Path, pack: DomainPack) -> None:
    """Refuse a saved framing model whose frames and cues are not those of ``pack``."""
    saved = saved_model(path)
    if saved.frames_digest != frames_digest(pack):
        fitted = saved.meta.get("pack_file") or saved.meta.get("pack") or "another pack"
        raise ConfigError(
            f"the framing model {path} was fitted with the domain pack '{fitted}', whose frames or cues differ "
            f"from those of '{pack.name}' ({pack.path}); run `framelens frame` with --domain {fitted}, or fit "
            "a model for this pack with `framelens run` or `framelens train`")


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


def _train_on_labels(path: Path, store: Store, passages: pd.DataFrame, pack: DomainPack, seed: int):
    """(model adapted to the user's labels, the passages a person labelled, CV scores on the labels).

    Every labelled passage trains, whether or not it is in this corpus; those found in the
    corpus (by document and text, or by their text alone) keep the person's label.
    """
    from .labelled import read_labelled
    from .training import load_shipped, train

    data = read_labelled([path], list(pack.frame_names))
    person = person_labels(data, store, passages)
    saved = train([path], pack, seed=seed, prior=load_shipped(pack), data=data)
    saved.meta = {**saved.meta, "applied_as": "supervised"}
    cv = saved.meta["cv"].get(Path(path).name)
    scores = {"labelled": len(data), "in_corpus": len(person), "folds": cv["folds"] if cv else 0,
              "macro_f1": cv["macro_f1"] if cv else None,
              "per_frame": cv["per_frame"] if cv else {}, "ece": cv["ece"] if cv else None}
    return saved, person, scores


def person_labels(data, store: Store, passages: pd.DataFrame) -> dict[tuple[str, int], str]:
    """The corpus passages a labelled passage is: by its document and text, else by its text alone."""
    from ..ingest.clean import normalise
    from .labelled import align

    keys = set(zip(passages["doc_id"], passages["passage_idx"].astype(int)))
    by_text = {" ".join(normalise(t).split()).casefold(): k
               for k, t in zip(zip(passages["doc_id"], passages["passage_idx"].astype(int)), passages["text"])}
    out: dict[tuple[str, int], str] = {}
    with_doc = [{"doc": d, "text": t, "frame": f} for d, t, f in zip(data.docs, data.texts, data.frames) if d]
    if with_doc:
        located, _ = align(with_doc, store.texts())
        spans = store.passage_spans()
        for gp in located:
            key = (gp.row["doc"], best_passage(spans.get(gp.row["doc"], []), gp.start, gp.end))
            if key in keys:
                out[key] = gp.row["frame"]
    for doc, text, frame in zip(data.docs, data.texts, data.frames):
        key = by_text.get(" ".join(normalise(text).split()).casefold())
        if not doc and key is not None:
            out[key] = frame
    return out


def best_passage(spans: list[tuple[int, int, int]], start: int, end: int) -> int | None:
    """Index of the passage overlapping ``[start, end)`` most; None if none overlaps."""
    best, overlap = None, 0
    for s, e, idx in spans:
        o = min(e, end) - max(s, start)
        if o > overlap:
            best, overlap = idx, o
    return best
