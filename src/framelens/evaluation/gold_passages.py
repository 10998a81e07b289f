"""Scoring the framing model on labelled passages that are their own documents.

A gold file of texts with a ``frame`` each (the dev-set format: no ``doc``, no corpus)
is framed exactly as a run frames a passage: the learning-first model on its text, then
the stance rule on the cues the production spaCy pipeline finds. When the file is one the
model was trained on, the scores are in-sample and are flagged as such.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import numpy as np

from ..domain import DEFAULT_PACK, load_pack
from ..errors import ConfigError


def evaluate_passages(gold_path: Path, *, domain: str = DEFAULT_PACK, framing_model: Path | None = None,
                      spacy_model: str | None = None, by: str | None = None) -> dict[str, Any]:
    """Frame scores of the pack's (or ``framing_model``'s) model on the passages of ``gold_path``;
    with ``by``, also per value of that field of the gold rows ("set", "outlet")."""
    import pandas as pd

    from ..frames.framing_model import loads
    from ..frames.labelled import read_labelled
    from ..frames.text_model import frame_report, stance_override
    from ..frames.training import annotate_texts, load_shipped, stance_weights

    pack = load_pack(domain)
    if not _has_frames(gold_path):
        return evaluate_extraction_passages(gold_path, pack, spacy_model=spacy_model, by=by)
    if framing_model is not None:
        saved = loads(Path(framing_model).read_bytes(), str(framing_model))
    else:
        saved = load_shipped(pack)
    if saved is None or "text" not in saved.meta.get("inputs", []):
        raise ConfigError(
            "no learning-first framing model to evaluate: give --framing-model FILE (from `framelens train`) "
            "or a pack whose [framing].model exists"
        )
    if saved.classes != list(pack.frame_names):
        raise ConfigError(f"the model frames {', '.join(saved.classes)}, the pack {', '.join(pack.frame_names)}")
    data = read_labelled([gold_path], list(pack.frame_names))
    proba = saved.model.predict_proba(pd.DataFrame({"text": data.texts}))
    classes = [str(c) for c in saved.model.classes_]
    labels = np.array([classes[i] for i in proba.argmax(axis=1)], dtype=object)
    found = annotate_texts(data.texts, pack, spacy_model)
    cues = stance_weights(data.texts, pack, found=found)
    labels, probability, changed = stance_override(labels, proba, classes, cues, pack.refuted_as,
                                                   rule_precision=saved.meta.get("stance_rule_precision"))
    result = frame_report(data.frames, labels, probability, data.stances, list(pack.frame_names), pack.refuted_as)
    result.update({
        "gold": str(gold_path),
        "mode": "passages",
        "in_sample": trained_on(saved, gold_path),
        "stance_rule_applied": int(changed.sum()),
        "model_cv": saved.meta.get("cv", {}),
    })
    rows = _content_rows(gold_path)
    groups = [_group(row, by) for _, row in rows] if by else None
    if groups is not None:
        result["by"] = {"field": by, "frames": _frames_by_group(data, labels, np.asarray(probability), groups, pack)}
    result.update(_extraction_scores(rows, found, pack, by))
    return result


def evaluate_extraction_passages(gold_path: Path, pack, *, spacy_model: str | None = None,
                                 by: str | None = None) -> dict[str, Any]:
    """Sanction types and voices of passages that are their own documents, from a file with
    ``text`` and ``sanctions`` or ``voices`` and no frames (a hand-coded sample, the project's
    checklists); each is scored on the rows that have it; with ``by``, also per value of that field."""
    from ..frames.labelled import labelled_rows
    from ..frames.training import annotate_texts
    from ..ingest.clean import normalise

    rows = [(n, r) for n, r in labelled_rows(gold_path) if isinstance(r.get("text"), str) and r["text"].strip()
            and (r.get("sanctions") is not None or r.get("voices") is not None)]
    if not rows:
        raise ConfigError(f"{gold_path}: no passage has 'text' with 'sanctions' or 'voices' (or 'frame') to score")
    found = annotate_texts([normalise(r["text"]) for _, r in rows], pack, spacy_model)
    result: dict[str, Any] = {"gold": str(gold_path), "mode": "extraction", "n": len(rows)}
    result.update(_extraction_scores(rows, found, pack, by))
    return result | ({"by": {"field": by}} if by else {})


def _extraction_scores(rows: list[tuple[int, dict]], found, pack, by: str | None) -> dict[str, Any]:
    """The ``sanctions`` and ``voices`` scores of ``rows`` (annotated as ``found``, in order), each
    on the rows that list it (a row without the key is not annotated for it; ``[]`` says none)."""
    out: dict[str, Any] = {}
    for key, names, scores, get in (("sanctions", _sanction_names, sanction_scores, _found_types),
                                    ("voices", _names, voice_scores, _found_voices)):
        scored = [i for i, (_, r) in enumerate(rows) if r.get(key) is not None]
        if not scored:
            continue
        predicted = get(found, len(rows))
        out[key] = scores([names(rows[i][1][key]) for i in scored], [predicted[i] for i in scored], pack,
                          ids=[_row_id(*rows[i]) for i in scored],
                          groups=[_group(rows[i][1], by) for i in scored] if by else None)
        out[key]["by_field"] = by
        out[key]["of"] = len(rows)
    return out


def _found_types(found, n: int) -> list[list[str]]:
    """The pack's sanction types found in each of ``n`` texts annotated by ``annotate_texts``."""
    return [[s.type for s in found.records(str(i)).sanctions] for i in range(n)]


def _found_voices(found, n: int) -> list[list[str]]:
    """The voices of each of ``n`` texts: the speakers of their claims, resolved within the text."""
    return [sorted({c.speaker for c in found.records(str(i)).claims if c.speaker}) for i in range(n)]


def _has_frames(gold_path: Path) -> bool:
    from ..frames.labelled import labelled_rows

    return any(row.get("frame") for _, row in labelled_rows(gold_path))


def trained_on(saved, gold_path: Path) -> bool:
    """Whether the saved model was trained on this very file (its sha256 is among the model's training files)."""
    digest = hashlib.sha256(gold_path.read_bytes()).hexdigest()
    return digest in saved.meta.get("training", {}).get("files", {}).values()


def _content_rows(gold_path: Path) -> list[tuple[int, dict]]:
    """The rows ``read_labelled`` frames, in its order: content passages with a text and a frame."""
    from ..frames.labelled import labelled_rows

    return [(number, row) for number, row in labelled_rows(gold_path)
            if not (row.get("is_boilerplate") or row.get("is_duplicate") or row.get("is_heading"))
            and isinstance(row.get("text"), str) and row["text"].strip() and row.get("frame")]


def _row_id(number: int, row: dict) -> str:
    return str(row.get("id") or f"line {number}")


def _group(row: dict, field: str) -> str:
    value = row.get(field)
    return "(none)" if value is None or value == "" else str(value)


def _frames_by_group(data, labels, probability, groups: list[str], pack) -> dict[str, dict[str, Any]]:
    """Per group: passages, accuracy and macro-F1 (``frame_report``'s, over the frames its gold uses)."""
    from ..frames.text_model import frame_report

    out = {}
    for name in sorted(set(groups)):
        idx = [i for i, g in enumerate(groups) if g == name]
        r = frame_report([data.frames[i] for i in idx], labels[idx], probability[idx], [data.stances[i] for i in idx],
                         list(pack.frame_names), pack.refuted_as)
        out[name] = {"n": r["n"], "accuracy": r["accuracy"], "macro_f1": r["macro_f1"]}
    return out


def _sanction_names(names) -> list[str]:
    """A row's sanction names: a list of names or of ``{"type": …}``, or a CSV cell "blacklist; fines"."""
    if isinstance(names, str):
        names = [n.strip() for n in re.split(r"[;,|]", names) if n.strip()]
    return [n if isinstance(n, str) else str(n.get("type")) for n in names]


def _names(names) -> list[str]:
    """A row's voices: a list of names, or a CSV cell "Jeremy Daum; Freedom House"."""
    if isinstance(names, str):
        names = [n.strip() for n in names.split(";") if n.strip()]
    return [str(n) for n in names]


def voice_scores(gold: list[list[str]], predicted: list[list[str]], pack,
                 ids: list[str] | None = None, groups: list[str] | None = None) -> dict[str, Any]:
    """Voices per passage, micro P/R/F1: a found voice counts when it is the same speaker as a gold
    voice not yet matched (the same name, surname or part of it, after the pack's entity aliases:
    "Mercator Institute for China Studies" is "MERICS"); with ``ids``, the passages that differ;
    with ``groups``, the scores per group (``"by"``)."""
    from .extraction import same_speaker

    alias = {p["pattern"].lower(): p["id"] for p in pack.entity_patterns if isinstance(p.get("pattern"), str) and p.get("id")}
    tp = fp = fn = exact = 0
    misses = []
    for n, (g, p) in enumerate(zip(gold, predicted)):
        left = [alias.get(v.lower(), v) for v in g]
        extra = []
        for voice in p:
            match = next((v for v in left if same_speaker(alias.get(voice.lower(), voice), v)), None)
            if match is None:
                extra.append(voice)
            else:
                left.remove(match)
        tp += len(p) - len(extra)
        fp += len(extra)
        fn += len(left)
        exact += not extra and not left
        if (extra or left) and ids is not None:
            misses.append({"id": ids[n], "gold": sorted(g), "predicted": sorted(p)})
    out: dict[str, Any] = {"micro": _prf(tp, fp, fn), "exact": exact, "n": len(gold)}
    if groups is not None:
        out["by"] = _by_group(voice_scores, gold, predicted, pack, groups)
    if ids is not None:
        out["misses"] = misses
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "support": tp + fn, "predicted": tp + fp}


def _by_group(scores, gold: list, predicted: list, pack, groups: list[str]) -> dict[str, dict[str, Any]]:
    """``scores`` (micro, exact count, n) of the passages of each group."""
    out = {}
    for name in sorted(set(groups)):
        idx = [i for i, g in enumerate(groups) if g == name]
        part = scores([gold[i] for i in idx], [predicted[i] for i in idx], pack)
        out[name] = {"micro": part["micro"], "exact": part["exact"], "n": part["n"]}
    return out


def sanction_scores(gold: list[list[str]], predicted: list[list[str]], pack,
                    ids: list[str] | None = None, groups: list[str] | None = None) -> dict[str, Any]:
    """Sanction types per passage, micro P/R/F1 and per type, through the pack's ``[sanction_aliases]``,
    and how many passages have exactly the gold types (``"exact"``); with ``ids``, also the passages
    whose types differ (``"misses"``: id, gold, predicted); with ``groups`` (one per passage), the
    micro scores and exact count per group (``"by"``).

    The annotator's names and the pack's types are both mapped onto the annotator's
    vocabulary: a pack type listed under an alias counts as that name; any other type
    keeps its own name (and so matches only a gold name spelt the same).
    """
    aliases = pack.sanction_aliases
    reverse = {t: name for name, types in aliases.items() for t in types}
    tp = fp = fn = 0
    per: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, predicted):
        gs, ps = set(g), {reverse.get(t, t) for t in p}
        for name in gs | ps:
            row = per.setdefault(name, {"tp": 0, "fp": 0, "fn": 0})
            hit = name in gs and name in ps
            row["tp"] += hit
            row["fp"] += name in ps and name not in gs
            row["fn"] += name in gs and name not in ps
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    found = [{reverse.get(t, t) for t in p} for p in predicted]
    out = {"micro": _prf(tp, fp, fn), "exact": sum(set(g) == f for g, f in zip(gold, found)), "n": len(gold),
           "types": {name: _prf(v["tp"], v["fp"], v["fn"]) for name, v in sorted(per.items())}}
    if groups is not None:
        out["by"] = _by_group(sanction_scores, gold, predicted, pack, groups)
    if ids is not None:
        out["misses"] = [{"id": i, "gold": sorted(set(g)), "predicted": sorted(f)}
                         for i, g, f in zip(ids, gold, found) if set(g) != f]
    return out


def learning_curve(gold_path: Path, *, domain: str = DEFAULT_PACK, seed: int = 0,
                   spacy_model: str | None = None) -> list[dict[str, Any]]:
    """Grouped-CV macro-F1 of a model adapted to the first 10, 20, 40, … labels (seeded order), up to all.

    Shows whether more labels still help. Each size is scored by cross-validation
    grouped by article among the labels it has; the shipped model is the prior, unless it
    was trained on this very file (then its judgement would leak the held-out labels, and
    each model learns from the labels alone: ``"prior": False``).
    """
    from ..frames.labelled import Labelled, read_labelled
    from ..frames.text_model import grouped_cv, make_text_model
    from ..frames.training import load_shipped, signals_of, stance_weights

    pack = load_pack(domain)
    data = read_labelled([gold_path], list(pack.frame_names))
    prior = load_shipped(pack)
    if prior is not None and trained_on(prior, gold_path):
        prior = None
    base = prior.model if prior is not None else None
    order = np.random.RandomState(seed).permutation(len(data))
    cues = stance_weights(data.texts, pack, spacy_model)
    sizes = [s for s in (10, 20, 40, 80, 160, 320, 640, 1280) if s < len(data)] + [len(data)]
    out = []
    for size in sizes:
        rows = np.sort(order[:size])
        subset = Labelled([data.texts[i] for i in rows], [data.frames[i] for i in rows],
                          [data.stances[i] for i in rows], [data.groups[i] for i in rows], data.digests)
        if len(set(subset.frames)) < 2 or len(set(subset.groups)) < 2:
            out.append({"labels": size, "macro_f1": None, "why": "fewer than two frames or articles", "prior": base is not None})
            continue
        scores = grouped_cv(lambda y: make_text_model(signals_of(pack), seed=seed, y=y, prior=base), subset,
                            np.ones(size, dtype=bool), frames=list(pack.frame_names), refuted_as=pack.refuted_as,
                            seed=seed, cues=cues.iloc[rows].reset_index(drop=True))
        out.append({"labels": size, "macro_f1": scores["macro_f1"], "ece": scores["ece"], "folds": scores["folds"],
                    "prior": base is not None})
    return out


def format_passages(r: dict[str, Any]) -> str:
    """The passage-mode framing scores as plain text."""
    if r.get("mode") == "extraction":
        what = " and ".join(k for k in ("sanctions", "voices") if k in r)
        return "\n".join([f"{r['n']} passages with {what} and no frames in {r['gold']}: framing not annotated",
                          *(_sanction_lines(r["sanctions"]) if "sanctions" in r else []),
                          *(_voice_lines(r["voices"]) if "voices" in r else [])])
    lines = [f"FRAMING of {r['n']} labelled passages in {r['gold']} (each passage framed on its own)"]
    if r["in_sample"]:
        lines.append("  IN-SAMPLE: the model was trained on this file; these scores say nothing about new text. "
                     "Its grouped cross-validation scores (from `framelens train`):")
        for name, s in r["model_cv"].items():
            lines.append(f"    {name}: macro-F1 {s['macro_f1']:.3f}, ECE {s['ece']:.3f} (n={s['n']})")
    lines.append(f"  macro-F1 {r['macro_f1']:.3f}   accuracy {r['accuracy']:.3f}   "
                 f"expected calibration error {r['ece']:.3f}   stance rule applied {r['stance_rule_applied']}x")
    for frame, v in r["per_frame"].items():
        lines.append(f"  {frame:14} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  (n={v['support']})")
    for key, v in r.items():
        if key.endswith("_recall") and isinstance(v, dict):
            lines.append(f"  {key.replace('_', ' ')}: {v['recall']:.3f} (n={v['n']})")
    if r.get("learning_curve"):
        if all(p.get("prior", True) for p in r["learning_curve"]):
            lines.append("  learning curve (grouped CV of the shipped model adapted to the first N labels):")
        else:
            lines.append("  learning curve (grouped CV of a model trained on the first N labels alone: the shipped "
                         "model was trained on this file, so it is not used as a prior):")
        lines += [f"    {p['labels']:5d} labels: " + (f"macro-F1 {p['macro_f1']:.3f}" if p["macro_f1"] is not None
                  else p.get("why", "")) for p in r["learning_curve"]]
    for name, v in r.get("by", {}).get("frames", {}).items():
        lines.append(f"  {r['by']['field']} {name}: accuracy {v['accuracy']:.3f}  macro-F1 {v['macro_f1']:.3f}  (n={v['n']})")
    if "sanctions" in r:
        lines += _sanction_lines(r["sanctions"])
    if "voices" in r:
        lines += _voice_lines(r["voices"])
    labels = r["confusion"]["labels"]
    lines.append("  confusion (gold rows -> predicted columns): " + " ".join(labels))
    lines += [f"    {g:12} {row}" for g, row in zip(labels, r["confusion"]["matrix"])]
    return "\n".join(lines)


def _sanction_lines(s: dict[str, Any]) -> list[str]:
    table = [f"    {name:34} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  "
             f"gold {v['support']:3d}  predicted {v['predicted']:3d}"
             for name, v in s["types"].items() if v["support"] or v["predicted"]]
    return _score_lines("SANCTIONS (types per passage, through the pack's [sanction_aliases])", s, "predicted", ", ", table)


def _voice_lines(v: dict[str, Any]) -> list[str]:
    return _score_lines("VOICES (people and organisations quoted or cited, per passage)", v, "found", "; ")


def _score_lines(title: str, s: dict[str, Any], found: str, sep: str, table: list[str] = ()) -> list[str]:
    """The micro scores, those per group, ``table``, then the passages that differ."""
    m = s["micro"]
    lines = [f"{title}: micro P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
             f"({m['support']} gold, {m['predicted']} {found}; {s['exact']}/{s['n']} passages exactly right"
             + (f"; scored on the {s['n']} of {s['of']} passages that list them" if s.get("of", s["n"]) != s["n"] else "")
             + ")"]
    for name, v in s.get("by", {}).items():
        b = v["micro"]
        lines.append(f"  {s.get('by_field') or ''} {name:30} P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}  "
                     f"exactly right {v['exact']}/{v['n']}")
    lines += table
    lines += [f"  differs: {miss['id']}: gold {sep.join(miss['gold']) or '-'}; found {sep.join(miss['predicted']) or '-'}"
              for miss in s.get("misses", [])]
    return lines
