"""Scoring framing against gold: passage frames, stance, document shares, and a baseline.

The corpus is run through the whole pipeline (into a temporary store, exactly as
``framelens run`` would) and each gold passage is matched to the framelens passage it
overlaps most. Frames are scored on gold content passages (neither boilerplate nor
repeats); a gold content passage that framelens set aside as boilerplate counts as
labelled with the fallback frame.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from ..config import FramingOptions, IngestOptions, RunConfig
from ..domain import DEFAULT_PACK, load_pack
from ..frames.labelled import align, read_gold
from .scores import Accuracy, confusion


def evaluate_framing(
    gold_path: Path,
    corpus: Path,
    *,
    model: str | None,
    domain: str = DEFAULT_PACK,
    options: IngestOptions = IngestOptions(),
    framing: FramingOptions = FramingOptions(),
    gold_docs: Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Frame scores of a full run over ``corpus`` against ``gold_path`` (and document shares)."""
    from ..frames.features import feature_table, keyword_baseline
    from ..frames.stage import best_passage, use_semantic
    from ..frames.topics import statements, topic_words
    from ..pipeline import run_pipeline
    from ..store import Store

    pack = load_pack(domain)
    rows = read_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="framelens-eval-") as tmp:
        config = RunConfig(
            paths=(corpus,), out=Path(tmp), model=model, domain=domain, ingest=options, framing=framing, seed=seed
        )
        run_pipeline(config)
        with Store(config.store_path) as store:
            texts = store.texts()
            spans = store.passage_spans()
            labels = store.passage_labels()
            passages, cues = store.framing_inputs()
            baseline = dict(zip(
                zip(passages["doc_id"], passages["passage_idx"].astype(int)),
                keyword_baseline(feature_table(passages, cues, pack), pack),
            ))
            shares = {d["doc_id"]: d for d in store.documents()}
            found_statements = statements(store.framed_passages(), pack)
            details = json.loads((store.latest_framing() or {}).get("details_json") or "{}")
    located, missing = align(rows, texts)
    fallback = pack.fallback.name
    pairs, base_pairs, stance_pairs = [], [], []
    for gp in located:
        if not gp.content or not gp.row.get("frame"):
            continue
        key = (gp.row["doc"], best_passage(spans.get(gp.row["doc"], []), gp.start, gp.end))
        found = labels.get(key)
        pairs.append((gp.row["frame"], found["frame"] if found else fallback))
        base_pairs.append((gp.row["frame"], baseline.get(key, fallback)))
        stance = gp.row.get("stance", gp.row.get("stance_on_orwellian"))  # the older, topic-bound key is still read
        if stance is not None:
            stance_pairs.append((stance, found["stance"] if found else "none"))
    names = list(pack.frame_names)
    result: dict[str, Any] = {
        "gold": str(gold_path),
        "corpus": str(corpus),
        "mode": details.get("mode", "weak"),
        "semantic": use_semantic(framing),
        "passages": {"gold": len(rows), "located": len(located), "scored": len(pairs), "not_found": missing},
        "frames": frame_scores(pairs, names),
        "keyword_baseline": frame_scores(base_pairs, names),
        "stance": stance_scores(stance_pairs),
        "topics": topic_counts(found_statements, pack),
    }
    docs_path = gold_docs or _sibling_docs(gold_path)
    if docs_path is not None and docs_path.is_file():
        gold_docs_data = json.loads(docs_path.read_text(encoding="utf-8"))
        result["documents"] = share_scores(gold_docs_data, shares, names)
        if gold_docs_data.get("cross_document_disagreements"):
            where = {gp.row["pid"]: (gp.row["doc"], best_passage(spans.get(gp.row["doc"], []), gp.start, gp.end))
                     for gp in located if "pid" in gp.row}
            result["disagreements"] = disagreement_scores(
                gold_docs_data["cross_document_disagreements"], where, found_statements, fallback, topic_words(pack))
    return result


def topic_counts(found, pack) -> dict[str, int]:
    """Topics raised by two or more documents: how many are disputed, how many only framed differently."""
    from ..frames.topics import topic_groups

    groups = topic_groups(found, pack)
    return {"raised": len(groups), "disputed": sum(1 for g in groups if g.disputing),
            "framed_differently_only": sum(1 for g in groups if not g.disputing and g.framed_differently)}


def disagreement_scores(gold: list[dict[str, Any]], where: dict[str, tuple[str, int]], found, fallback: str,
                        common: frozenset[str] = frozenset()) -> dict[str, Any]:
    """How many hand-listed disagreements a reader finds in "claims across sources".

    A gold pair (``pid_a``, ``pid_b``) is found when the report lines up a statement of
    each passage under one topic and flags them as differing.
    """
    from ..frames.topics import differences

    by_passage: dict[tuple[str, int], list] = {}
    for s in found:
        by_passage.setdefault((s.doc_id, s.passage_idx), []).append(s)
    hits = Accuracy()
    rows = []
    for g in gold:
        a, b = by_passage.get(where.get(g["pid_a"]), []), by_passage.get(where.get(g["pid_b"]), [])
        matches = sorted({(x.topic, r) for x in a for y in b if x.topic == y.topic for r in differences(x, y, fallback, common)})
        hits.add(bool(matches))
        rows.append({"topic": g.get("topic", ""), "pid_a": g["pid_a"], "pid_b": g["pid_b"], "found": bool(matches),
                     "as": [f"{t} ({r})" for t, r in matches]})
    return {"found": hits.as_dict(), "pairs": rows}


def frame_scores(pairs: list[tuple[str, str]], names: list[str]) -> dict[str, Any]:
    """Per-frame P/R/F1, macro-F1, accuracy and the confusion matrix of (gold, predicted) pairs."""
    from sklearn.metrics import precision_recall_fscore_support

    gold, predicted = [g for g, _ in pairs], [p for _, p in pairs]
    if pairs:
        p, r, f1, support = precision_recall_fscore_support(gold, predicted, labels=names, zero_division=0)
    else:
        p = r = f1 = support = [0] * len(names)
    per = {name: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f1[i]), 4),
                  "support": int(support[i]), "predicted": predicted.count(name)} for i, name in enumerate(names)}
    present = [n for n in names if per[n]["support"]]
    macro = sum(float(f1[names.index(n)]) for n in present) / len(present) if present else 0.0
    accuracy = Accuracy()
    for g, p_ in pairs:
        accuracy.add(g == p_)
    return {"macro_f1": round(macro, 4), "accuracy": accuracy.as_dict(), "per_frame": per, "confusion": confusion(pairs)}


def stance_scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    accuracy, refuted = Accuracy(), Accuracy()
    for g, p in pairs:
        accuracy.add(g == p)
        if g == "refuted":
            refuted.add(p == "refuted")
    return {"accuracy": accuracy.as_dict(), "refuted_recall": refuted.as_dict(), "confusion": confusion(pairs)}


def share_scores(gold: dict[str, Any], shares: dict[str, dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """Mean absolute error of each frame's document share, and dominant-frame agreement."""
    errors: dict[str, list[float]] = {n: [] for n in names}
    dominant = Accuracy()
    per_doc = []
    for doc in gold.get("documents", []):
        ours = shares.get(doc["doc"])
        if ours is None:
            continue
        row = {"doc": doc["doc"], "gold_dominant": doc.get("overall_frame"), "dominant": ours.get("dominant_frame")}
        for n in names:
            if f"{n}_share" in doc and ours.get(f"share_{n}") is not None:
                errors[n].append(abs(float(doc[f"{n}_share"]) - float(ours[f"share_{n}"])))
                row[n] = {"gold": doc[f"{n}_share"], "framelens": ours[f"share_{n}"]}
        dominant.add(doc.get("overall_frame") == ours.get("dominant_frame"))
        per_doc.append(row)
    mae = {n: round(sum(v) / len(v), 4) for n, v in errors.items() if v}
    return {"mae": mae, "dominant": dominant.as_dict(), "documents": per_doc}


def _sibling_docs(gold_path: Path) -> Path | None:
    """``x_docs.json`` beside ``x_passages.jsonl`` (the shared gold layout)."""
    name = gold_path.name
    if name.endswith("_passages.jsonl"):
        return gold_path.with_name(name[: -len("_passages.jsonl")] + "_docs.json")
    return None

