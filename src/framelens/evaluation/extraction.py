"""Scoring entities, sanctions and claims against gold passages.

Each document with gold passages goes through the path a run takes: the run's
segmentation, the analysed passages with their bullet lead-ins, the spaCy pipeline and
document-level speaker resolution. A record counts for the gold passage it starts in.
Targets are measured on content passages (neither boilerplate nor repeats).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..config import IngestOptions
from ..domain import DEFAULT_PACK, load_pack
from ..frames.labelled import GoldPassage, align, read_gold
from ..ingest import iter_inputs
from ..ingest.passages import segment
from ..nlp.annotate import annotate, load_pipeline, passage_texts
from ..nlp.extensions import canonical_name
from ..types import Claim, Document, Sanction
from .scores import PRF, Accuracy, PerLabel, confusion

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART")


def evaluate_extraction(
    gold_path: Path, corpus: Path, *, model: str, domain: str = DEFAULT_PACK, options: IngestOptions = IngestOptions()
) -> dict[str, Any]:
    """Scores of the pipeline on the gold passages of ``gold_path`` found in ``corpus``."""
    rows = read_gold(gold_path)
    documents = {d.doc_id: d for d in iter_inputs([corpus], options) if isinstance(d, Document)}
    passages, missing = align(rows, {d.doc_id: d.text for d in documents.values()})
    pack = load_pack(domain)
    predicted = _analyse(passages, documents, load_pipeline(model, pack))
    content = [(gp, predicted[i]) for i, gp in enumerate(passages) if gp.content]
    annotated = {task for task in ("sanctions", "claims", "entities") if any(task in row for row in rows)}
    result = {
        "gold": str(gold_path),
        "corpus": str(corpus),
        "passages": {"gold": len(rows), "located": len(passages), "content": len(content), "not_found": missing},
        # A task the gold file does not annotate is "not annotated", never a score of 0.
        "not_annotated": sorted({"sanctions", "claims", "entities"} - annotated),
        "sanctions": _sanction_scores(content) if "sanctions" in annotated else None,
        "claims": _claim_scores(content) if "claims" in annotated else None,
        "entities": _entity_scores(content, lambda p: p["entities"]) if "entities" in annotated else None,
    }
    if "entities" in annotated:
        plain = _plain_entities([gp for gp, _ in content], model)
        result["entities_plain_model"] = _entity_scores(
            [(gp, {"entities": ents}) for (gp, _), ents in zip(content, plain)], lambda p: p["entities"]
        )
    return result


def _analyse(passages: list[GoldPassage], documents: dict[str, Document], key: str) -> list[dict[str, Any]]:
    """What a run finds in each gold passage's document, assigned to the gold passage each record starts in."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, gp in enumerate(passages):
        by_doc[gp.row["doc"]].append(i)
    out: list[dict[str, Any]] = [{} for _ in passages]
    for doc_id, indices in by_doc.items():
        records = annotate(passage_texts(segment(documents[doc_id])), key).records(doc_id)
        for i in indices:
            gp = passages[i]
            inside = lambda r, gp=gp: gp.start <= r.start < gp.end  # noqa: E731
            out[i] = {
                "entities": {(canonical_name(e.text), e.label) for e in records.entities if inside(e)},
                "sanctions": [_shift(s, gp.start) for s in records.sanctions if inside(s)],
                "claims": [_shift(c, gp.start) for c in records.claims if inside(c)],
            }
    return out


def _shift(record: Sanction | Claim, offset: int) -> Sanction | Claim:
    from dataclasses import replace

    return replace(record, start=record.start - offset, end=record.end - offset)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sanction_scores(content: list[tuple[GoldPassage, dict]]) -> dict[str, Any]:
    types = PerLabel()
    micro = PRF()
    polarity, modality, target = Accuracy(), Accuracy(), Accuracy()
    for gp, pred in content:
        gold_types = {s["type"] for s in gp.row.get("sanctions", [])}
        pred_types = {s.type for s in pred["sanctions"]}
        micro.add(pred_types, gold_types)
        types.add({(t, t) for t in pred_types}, {(t, t) for t in gold_types})
        for g in gp.row.get("sanctions", []):
            span = gp.locate(g.get("text", ""))
            candidates = [s for s in pred["sanctions"] if span and _overlaps((s.start, s.end), span)]
            same = [s for s in candidates if s.type == g["type"]] or [s for s in pred["sanctions"] if s.type == g["type"]]
            match = (same or candidates or [None])[0]
            if match is None:
                continue
            polarity.add(match.polarity == g["polarity"])
            modality.add(match.modality == g["modality"])
            target.add(match.target == g["target"])
    return {
        "types_micro": micro.as_dict(),
        "types": {k: v.as_dict() for k, v in types.labels.items()},
        "polarity": polarity.as_dict(),
        "modality": modality.as_dict(),
        "target": target.as_dict(),
    }


def _claim_spans(gp: GoldPassage) -> list[tuple[dict, tuple[int, int] | None]]:
    out = []
    for claim in gp.row.get("claims", []):
        text = re.sub(r"\[[^\]]*\]", " ", claim.get("text", ""))  # editorial insertions
        span = gp.locate(claim.get("text", "")) or _best_sentence_span(gp.text, text)
        out.append((claim, span))
    return out


def _best_sentence_span(passage: str, text: str) -> tuple[int, int] | None:
    """Where most of a paraphrased claim's words are: the longest run of its words."""
    words = [w for w in re.findall(r"\w+", text) if len(w) > 3]
    positions = sorted(m.start() for w in words[:6] for m in [re.search(re.escape(w), passage)] if m)
    if len(positions) < 2:
        return None
    return positions[0], positions[-1] + 1


def _claim_scores(content: list[tuple[GoldPassage, dict]]) -> dict[str, Any]:
    detect = PRF()
    type_acc, speaker_acc = Accuracy(), Accuracy()
    stat_recall, attr_recall = Accuracy(), Accuracy()
    pairs: list[tuple[str, str]] = []
    for gp, pred in content:
        gold = _claim_spans(gp)
        claims: list[Claim] = pred["claims"]
        matched_pred = {i for i, c in enumerate(claims) for _, span in gold if span and _overlaps((c.start, c.end), span)}
        detect.tp += len(matched_pred)
        detect.fp += len(claims) - len(matched_pred)
        for g, span in gold:
            hits = [c for c in claims if span and _overlaps((c.start, c.end), span)]
            if not hits:
                detect.fn += 1
                if g["type"] == "statistic":
                    stat_recall.add(False)
                if g["type"] == "attributed":
                    attr_recall.add(False)
                continue
            best = next((c for c in hits if c.type == g["type"]), hits[0])
            type_acc.add(best.type == g["type"])
            pairs.append((g["type"], best.type))
            if g["type"] == "statistic":
                stat_recall.add(any(c.type == "statistic" for c in hits))
            if g["type"] == "attributed":
                attributed = [c for c in hits if c.type == "attributed"]
                attr_recall.add(bool(attributed))
                if attributed:
                    speaker_acc.add(same_speaker(attributed[0].speaker, g.get("speaker")))
    # detect.fn counted gold claims without a hit; tp above counts predictions, so recall uses gold counts
    gold_total = sum(len(gp.row.get("claims", [])) for gp, _ in content)
    recall = (gold_total - detect.fn) / gold_total if gold_total else 0.0
    precision = detect.precision
    return {
        "detection": {
            "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
            "gold": gold_total, "predicted": detect.tp + detect.fp,
        },
        "type_accuracy": type_acc.as_dict(),
        "type_confusion": confusion(pairs),
        "statistic_recall": stat_recall.as_dict(),
        "attributed_recall": attr_recall.as_dict(),
        "speaker_accuracy": speaker_acc.as_dict(),
    }


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Same speaker: equal names, or the same surname (\"Daum\" / \"Jeremy Daum\")."""
    if not predicted or not gold:
        return predicted == gold
    a = canonical_name(predicted).lower().replace("’", "'")
    b = canonical_name(gold).lower().replace("’", "'")
    return a == b or a.split()[-1] == b.split()[-1] or a in b or b in a


def _entity_scores(content: list[tuple[GoldPassage, dict]], get) -> dict[str, Any]:
    scores = PerLabel()
    for gp, pred in content:
        gold = {(canonical_name(e["text"]), e["label"]) for e in gp.row.get("entities", []) if e["label"] in ENTITY_LABELS}
        found = {(t, lab) for t, lab in get(pred) if lab in ENTITY_LABELS}
        scores.add(found, gold)
    return {"micro": scores.micro(set(ENTITY_LABELS)).as_dict(), "labels": scores.as_dict()}


def _plain_entities(passages: list[GoldPassage], model: str) -> list[set[tuple[str, str]]]:
    """Entities of the plain statistical model, for comparison."""
    from ..nlp.spacy_model import load_model

    nlp = load_model(model)
    return [{(canonical_name(e.text), e.label_) for e in doc.ents} for doc in nlp.pipe(gp.text for gp in passages)]
