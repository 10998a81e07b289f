"""Report context: the figures a report shows, computed from the store as plain data.

Every figure keeps the keys of the passages behind it (``doc_id``, ``passage_idx``) so
the templates can link each mark, cell and row to its evidence on a document page.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from ..domain import DEFAULT_KINDS
from ..frames.topics import DISPUTE_REASONS, Statement, statements, topic_groups

if TYPE_CHECKING:
    from ..domain import DomainPack
    from ..store import Store

TOP_ENTITIES = 8
#: Documents listed in the index; the rest are on numbered pages of ``documents/``.
INDEX_DOCUMENTS = 200
DOCUMENTS_PER_PAGE = 500
#: Documents (columns) of the sanctions matrix in the index: those with most sanctions.
MATRIX_DOCUMENTS = 30
#: Columns of the transposed sanctions table (all documents × the types most documents rely on).
TRANSPOSED_TYPES = 12
VOICES = 25
#: Statements shown per topic and frame in the corpus report (all of them are exported).
SHOWN_PER_CELL = 4
#: How the report words each kind of evidence of a dispute (``topics.DISPUTE_REASONS``).
REASON_WORDS = {
    "negation": "one negates what another affirms",
    "figures": "different figures",
    "answers": "opposite answers to the question",
}
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_name(doc_id: str) -> str:
    """The file of a document's page: a readable, sanitised stem plus a hash (no collisions)."""
    stem = _SAFE.sub("-", doc_id).strip("-.")[:60] or "document"
    return f"docs/{stem}-{hashlib.sha1(doc_id.encode()).hexdigest()[:8]}.html"


# -- reading the store ------------------------------------------------------------------
def analysed_documents(store: Store, frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents with status ok, with frame shares, stance counts, year and page link."""
    stances = store.stance_counts()
    n_sanctions = store.sanction_counts()
    n_claims = store.claim_counts()
    out = []
    for d in store.documents():
        if d["status"] != "ok":
            continue
        d["shares"] = {f["name"]: d.get(f"share_{f['name']}") or 0.0 for f in frames}
        d["stances"] = stances.get(d["doc_id"], {})
        d["year"] = d["date"][:4] if d["date"] and d["date"][:4].isdigit() else None  # ISO since ingest
        d["page"] = page_name(d["doc_id"])
        d["label"] = d["title"] or d["doc_id"]
        d["n_sanctions"] = n_sanctions.get(d["doc_id"], 0)
        d["n_claims"] = n_claims.get(d["doc_id"], 0)
        out.append(d)
    return out


def framing_details(store: Store) -> tuple[dict[str, Any] | None, dict[str, Any], list[dict[str, Any]]]:
    framing = store.latest_framing()
    details = json.loads(framing["details_json"]) if framing else {}
    return framing, details, details.get("frames", [])


# -- the corpus report --------------------------------------------------------------------
def corpus_context(store: Store, run_id: str, pack: DomainPack) -> dict[str, Any]:
    """Everything ``index.html.j2`` and ``summary.md.j2`` need, for the run ``run_id``."""
    run = next(r for r in store.runs() if r["run_id"] == run_id)
    framing, details, frames = framing_details(store)
    documents = analysed_documents(store, frames)
    all_docs = store.documents()
    problems = [d for d in all_docs if d["status"] in ("skipped", "failed")]
    found = statements(store.framed_passages(), pack)
    numbers = {d["doc_id"]: i for i, d in enumerate(documents, 1)}
    for d in documents:
        d["number"] = numbers[d["doc_id"]]
    listed = documents[:INDEX_DOCUMENTS]
    return {
        "run": {**run, "versions": json.loads(run["versions_json"]), "config": json.loads(run["config_json"]),
                "counts": json.loads(run["counts_json"] or "{}")},
        "documents": listed,
        "all_documents": documents,
        "documents_total": len(documents),
        "document_pages": _pages(len(documents)),
        "problems": problems,
        "totals": {
            "documents": len(documents),
            "words": sum(d["n_words"] for d in documents),
            "passages": sum(d["n_passages"] for d in documents),
            "skipped": len(problems),
        },
        "framing": {**(framing or {}), "details": details, "frames": frames, "model": None},
        "corpus_shares": _corpus_shares(documents, frames),
        "spectrum": spectrum_points(documents, frames),
        "timeline": frame_timeline(documents, frames),
        "clusters": _clusters(store),
        "corpus_entities": store.corpus_entities(),
        "sanctions": sanctions_matrix(store, documents, kinds=[k.name for k in pack.measure_kinds]),
        "voices": voices(store),
        "topics": [_shown(g) for g in topic_groups(found, pack)],
        "changes": changes(store, run_id, all_docs, frames),
        "unsure": unsure_passages(store, {d["doc_id"]: d for d in all_docs}),
        "pack": {"name": pack.name, "version": pack.version, "topics": len(pack.topics)},
        "measures": measures(pack),  # None: a pack with no sanction types shows no sanction section
        "groupings": [],
        "titles": {d["doc_id"]: d["title"] or d["doc_id"] for d in all_docs},
        "statements": found,
    }


def _pages(n: int) -> list[dict[str, Any]]:
    if n <= INDEX_DOCUMENTS:
        return []
    return [{"number": i + 1, "file": f"documents/page-{i + 1}.html", "first": s + 1, "last": min(s + DOCUMENTS_PER_PAGE, n)}
            for i, s in enumerate(range(0, n, DOCUMENTS_PER_PAGE))]


def frame_timeline(documents: list[dict[str, Any]], frames: list[dict[str, Any]]) -> dict[str, Any]:
    """Word-weighted frame shares per year (per month when all dated documents fall within two
    years and give a month); empty when fewer than two periods have dated documents."""
    dated = [d for d in documents if d["dominant_frame"] and d.get("date") and d["date"][:4].isdigit()]
    years = {d["date"][:4] for d in dated}
    monthly = len(years) <= 2 and all(len(d["date"]) >= 7 for d in dated)
    periods: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in dated:
        periods[d["date"][:7] if monthly else d["date"][:4]].append(d)
    if len(periods) < 2 or not frames:
        return {}
    return {"unit": "month" if monthly else "year", "undated": len(documents) - len(dated),
            "periods": [{"period": p, "documents": len(docs), "shares": _corpus_shares(docs, frames)}
                        for p, docs in sorted(periods.items())]}


def spectrum_points(documents: list[dict[str, Any]], frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each document's position between the first two frames: share of the second minus the first, in [-1, 1]."""
    if len(frames) < 3:  # two frames and the fallback
        return []
    left, right = frames[0]["name"], frames[1]["name"]
    return [{
        "doc_id": d["doc_id"], "label": d["label"], "number": d.get("number"), "page": d["page"],
        "position": d["shares"][right] - d["shares"][left], "date": d["date"], "words": d["n_words"],
        "frame": d["dominant_frame"] or "",
    } for d in documents if d["dominant_frame"]]


def measures(pack: DomainPack) -> dict[str, Any] | None:
    """What the report calls the pack's measures and how it marks each kind; None without sanction types."""
    if not pack.sanctions:
        return None
    kinds = [{"name": k.name, "label": k.label, "sign": k.sign} for k in pack.measure_kinds]
    return {"label": pack.measures_label, "kinds": kinds, "signs": {k["name"]: k["sign"] for k in kinds},
            "measured": pack.measures_measured}


def sanctions_matrix(store: Store, documents: list[dict[str, Any]], *, kinds: list[str] | None = None,
                     limit: int = MATRIX_DOCUMENTS) -> dict[str, Any]:
    """Sanction types (rows, grouped by measure kind in ``kinds`` order) × documents (columns):
    actual / possible, with a passage to link."""
    rows = store.sanction_cells()
    # The pack's kinds in its order, then any other kind the store holds (none is left out).
    kinds = list(dict.fromkeys([*(kinds or (k.name for k in DEFAULT_KINDS)), *(r["polarity"] for r in rows)]))
    per_doc = Counter()
    for r in rows:
        per_doc[r["doc_id"]] += r["n"]
    by_id = {d["doc_id"]: d for d in documents}
    chosen = sorted((d for d in per_doc if d in by_id), key=lambda d: (-per_doc[d], by_id[d].get("number", 0)))[:limit]
    chosen.sort(key=lambda d: by_id[d].get("number", 0))
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    types: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = types.setdefault(r["type"], {"type": r["type"], "polarity": r["polarity"], "documents": set(), "actual": 0, "possible": 0})
        t["documents"].add(r["doc_id"])
        t[r["modality"] if r["modality"] in ("actual", "possible") else "possible"] += r["n"]
        cell = cells.setdefault((r["type"], r["doc_id"]), {"actual": 0, "possible": 0, "passage_idx": r["passage_idx"]})
        cell[r["modality"] if r["modality"] in ("actual", "possible") else "possible"] += r["n"]
        cell["passage_idx"] = min(cell["passage_idx"], r["passage_idx"])
    ordered = sorted(types.values(), key=lambda t: (_kind_rank(kinds, t), -len(t["documents"]), t["type"]))
    for t in ordered:
        t["documents"] = len(t["documents"])
        t["cells"] = [cells.get((t["type"], d)) for d in chosen]
    with_sanctions = sorted((d for d in per_doc if d in by_id), key=lambda d: by_id[d].get("number", 0))
    top = sorted(ordered, key=lambda t: (-t["documents"], t["type"]))[:TRANSPOSED_TYPES]
    return {
        "columns": [by_id[d] for d in chosen],
        "groups": [{"kind": k, "rows": [t for t in ordered if t["polarity"] == k]} for k in kinds
                   if any(t["polarity"] == k for t in ordered)],
        "documents_with_sanctions": len(with_sanctions),
        # When the matrix cannot show every document: every document (rows) × the types most rely on.
        "transposed": {"types": top, "rows": [
            {"doc": by_id[d], "cells": [cells.get((t["type"], d)) for t in top]} for d in with_sanctions[:INDEX_DOCUMENTS]]}
        if len(with_sanctions) > len(chosen) else None,
    }


def voices(store: Store, *, limit: int = VOICES, doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Named speakers: how often, in which documents (with a passage each), in passages of which
    frame; one name per speaker across documents (:func:`~framelens.nlp.records.corpus_speakers`)."""
    # spaCy comes with it: imported only when a report is rendered
    from ..nlp.records import corpus_speakers

    rows = store.speaker_rows(doc_ids)
    name = corpus_speakers(r["speaker"] for r in rows)
    speakers: dict[str, dict[str, Any]] = {}
    for r in rows:
        speaker = name[r["speaker"]]
        v = speakers.setdefault(speaker, {"speaker": speaker, "claims": 0, "quotes": 0, "frames": Counter(), "documents": {}})
        v["claims"] += r["claims"]
        v["quotes"] += r["quotes"] or 0
        if r["frame"]:
            v["frames"][r["frame"]] += r["claims"]
        doc = v["documents"].setdefault(r["doc_id"], {"doc_id": r["doc_id"], "title": r["title"] or r["doc_id"], "passage_idx": r["passage_idx"], "page": page_name(r["doc_id"])})
        doc["passage_idx"] = min(doc["passage_idx"], r["passage_idx"])
    out = sorted(speakers.values(), key=lambda v: (-len(v["documents"]), -v["claims"], v["speaker"]))[:limit]
    for v in out:
        v["documents"] = list(v["documents"].values())
        v["frames"] = dict(v["frames"].most_common())
    return out


#: Passages listed under "check these first".
UNSURE_SHOWN = 12


def unsure_passages(store: Store, docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The passages the framing model is least sure of, spread over documents: a teacher checks these first."""
    from ..frames.active import least_sure

    passages = store.labelled_passages()
    if passages.empty:
        return []
    rows = least_sure(passages, UNSURE_SHOWN)
    return [{**r, "title": (docs.get(r["doc"]) or {}).get("title") or r["doc"], "page": page_name(r["doc"])}
            for r in rows if r["probability"] < 0.6]


def changes(store: Store, run_id: str, all_docs: list[dict[str, Any]], frames: list[dict[str, Any]]) -> dict[str, Any]:
    """New, changed and removed documents of this run, and frame-share shifts since the previous framing."""
    new = [d for d in all_docs if d["status"] == "ok" and d["first_run"] == run_id]
    changed = [d for d in all_docs if d["status"] == "ok" and d["changed_run"] == run_id and d["first_run"] != run_id]
    removed = [d for d in all_docs if d["status"] == "removed" and d["changed_run"] == run_id]
    previous_runs = [r for r in store.runs() if r["run_id"] < run_id]
    shifts = []
    history = store.framing_history(2)
    if len(history) == 2 and history[0]["run_id"] == run_id and frames:
        now = json.loads(history[0]["details_json"]).get("document_shares", {})
        before = json.loads(history[1]["details_json"]).get("document_shares", {})
        titles = {d["doc_id"]: d["title"] or d["doc_id"] for d in all_docs}
        for doc_id in sorted(set(now) & set(before)):
            delta = {f["name"]: now[doc_id].get(f["name"], 0.0) - before[doc_id].get(f["name"], 0.0) for f in frames}
            biggest = max(delta, key=lambda k: abs(delta[k]))
            if abs(delta[biggest]) >= 0.05:
                shifts.append({"doc_id": doc_id, "title": titles.get(doc_id, doc_id), "page": page_name(doc_id),
                               "before": before[doc_id], "after": now[doc_id], "frame": biggest, "delta": delta[biggest]})
        shifts.sort(key=lambda s: -abs(s["delta"]))
    return {"first_run": not previous_runs, "new": new, "changed": changed, "removed": removed, "shifts": shifts[:50]}


def _shown(group) -> dict[str, Any]:
    """A topic group for the report: a few statements per frame (those that answer the topic's
    question first, then negative ones, then those with figures)."""
    cells = {}
    for frame, items in group.by_frame.items():
        per_doc: dict[str, Statement] = {}
        for s in sorted(items, key=lambda s: (not s.answer, not s.negated, not s.figures)):
            per_doc.setdefault(s.doc_id, s)  # one statement per document and frame
        cells[frame] = {"shown": list(per_doc.values())[:SHOWN_PER_CELL], "more": max(0, len(per_doc) - SHOWN_PER_CELL)}
    return {"topic": group.topic, "label": group.label, "documents": group.documents,
            "disputing": group.disputing, "cells": cells, "pairs": group.pairs,
            "reasons": {r: n for r, n in group.reasons.items() if r in DISPUTE_REASONS},
            "framed_differently": group.framed_differently}


def _corpus_shares(documents: list[dict[str, Any]], frames: list[dict[str, Any]]) -> dict[str, float]:
    """Word-weighted frame shares of a set of documents."""
    words = sum(d["n_words"] for d in documents) or 1
    return {f["name"]: sum(d["shares"].get(f["name"], 0.0) * d["n_words"] for d in documents) / words for f in frames}


def _clusters(store: Store) -> list[dict[str, Any]]:
    """Active discovered framings with their top terms and example passages."""
    out = []
    for c in store.active_clusters():
        c["top_terms"] = [t for t, _ in json.loads(c["top_terms_json"])]
        c["examples"] = []
        for ex in json.loads(c["examples_json"]):
            row = store.passage_with_title(ex["doc_id"], ex["passage_idx"])
            if row:
                c["examples"].append({**ex, "text": row["text"], "title": row["title"] or ex["doc_id"],
                                      "page": page_name(ex["doc_id"])})
        out.append(c)
    return out


# -- document pages -------------------------------------------------------------------------
def document_context(store: Store, doc: dict[str, Any], pack: DomainPack, disagreements: list[dict[str, Any]],
                     frames: list[dict[str, Any]], corpus_voices: list[dict[str, Any]],
                     titles: dict[str, str]) -> dict[str, Any]:
    """The teacher view of one document: marked passages, profile and discussion prompts."""
    from .markup import mark_passage

    doc_id = doc["doc_id"]
    passages = store.document_passages(doc_id)
    spans = store.document_spans(doc_id)
    if not pack.sanctions:  # the pack has none: no sanction marks, profile or prompt
        spans["sanction"] = []
    claims = store.document_claims(doc_id)
    by_passage: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for kind, rows in spans.items():
        for r in rows:
            by_passage[r["passage_idx"]][kind].append(r)
    for c in claims:
        by_passage[c["passage_idx"]]["claim"].append(c)
    signs = {k.name: k.sign for k in pack.measure_kinds}
    for p in passages:
        p["html"] = mark_passage(p["text"], p["start"], by_passage[p["passage_idx"]], signs=signs)
        p["claims"] = by_passage[p["passage_idx"]]["claim"]
        p["analysed"] = not (p["is_boilerplate"] or p["is_duplicate"])
    sanctions = spans["sanction"]
    own_voices = voices(store, limit=50, doc_ids=[doc_id])
    for item in disagreements:
        other = item["theirs"].doc_id
        item["other_title"] = titles.get(other, other)
        item["other_page"] = page_name(other)
        item["topic_label"] = pack.topics[item["topic"]].label
    profile = {
        "entities": store.document_entities(doc_id, TOP_ENTITIES * 2),
        "sanctions": _sanction_summary(sanctions, [k.name for k in pack.measure_kinds]),
        "claims": Counter(c["type"] for c in claims),
        "voices": own_voices,
    }
    # Disputes need evidence (negation, figures); a different frame alone is shown apart.
    disputes = [d for d in disagreements if set(d["reasons"]) & set(DISPUTE_REASONS)]
    return {
        "doc": doc, "frames": frames, "passages": passages, "profile": profile, "measures": measures(pack),
        "disagreements": disputes,
        "framed_differently": [d for d in disagreements if d not in disputes],
        "prompts": discussion_prompts(doc, claims, sanctions, own_voices, corpus_voices, disputes, frames, passages,
                                      measures_label=pack.measures_label),
    }


def _sanction_summary(sanctions: list[dict[str, Any]], kinds: list[str]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for s in sanctions:
        if s["negated"]:
            continue
        t = out.setdefault(s["type"], {"type": s["type"], "polarity": s["polarity"], "actual": 0, "possible": 0, "passage_idx": s["passage_idx"]})
        t["actual" if s["modality"] == "actual" else "possible"] += 1
        t["passage_idx"] = min(t["passage_idx"], s["passage_idx"])
    return sorted(out.values(), key=lambda t: (_kind_rank(kinds, t), t["type"]))


def _kind_rank(kinds: list[str], row: dict[str, Any]) -> int:
    """Where a sanction type's measure kind comes in the pack's order (an undeclared kind last)."""
    return kinds.index(row["polarity"]) if row["polarity"] in kinds else len(kinds)


def discussion_prompts(doc, claims, sanctions, own_voices, corpus_voices, disagreements, frames, passages,
                       measures_label: str = "Sanctions and rewards") -> list[dict[str, Any]]:
    """Questions for a class, each built from this document's data and linked to its passages."""
    prompts = []
    names = [v["speaker"] for v in own_voices]
    missing = [v["speaker"] for v in corpus_voices if v["speaker"] not in names][:4]
    if names:
        text = f"This text gives voice to {_join(names[:5])}."
    else:
        text = "No one is quoted or cited by name in this text."
    if missing:
        text += f" Other sources in this collection quote {_join(missing)}. Whose perspective is missing here, and does it matter?"
    else:
        text += " Whose perspective is missing, and does it matter?"
    prompts.append({"kind": "Voices", "text": text, "links": [(v["speaker"], v["documents"][0]["passage_idx"]) for v in own_voices[:5]]})
    unsourced = [c for c in claims if not c["speaker"] and c["type"] in ("statistic", "assertion")]
    if unsourced:
        first = unsourced[0]
        prompts.append({"kind": "Sources", "text": f"{len(unsourced)} claim(s) are made without a named source, for example: "
                        f"“{_short(first['text'])}” How could a reader check them?",
                        "links": [("claim", c["passage_idx"]) for c in unsourced[:5]]})
    live = [s for s in sanctions if not s["negated"]]
    actual = sorted({s["type"].replace("_", " ") for s in live if s["modality"] == "actual"})
    possible = sorted({s["type"].replace("_", " ") for s in live if s["modality"] != "actual"})
    if actual or possible:
        text = f"{measures_label}: "
        text += (f"presented as already happening — {_join(actual[:6])}" if actual else "none presented as already happening")
        text += (f"; presented as possible or planned — {_join(possible[:6])}." if possible else "; none presented as only possible.")
        text += " What evidence does the text give for each?"
        prompts.append({"kind": "Fact or possibility", "text": text, "links": list(dict.fromkeys((s["type"].replace("_", " "), s["passage_idx"]) for s in live))[:6]})
    if doc.get("dominant_frame") and frames:
        shares = ", ".join(f"{f['label'].lower()} {round(doc['shares'].get(f['name'], 0) * 100)}%" for f in frames)
        refuted = [p for p in passages if p.get("stance") == "refuted"]
        text = f"Framing: {shares}."
        if refuted:
            text += f" {len(refuted)} passage(s) raise a picture only to reject it: which picture, and how is it rejected?"
        else:
            text += " Find the passages that set the tone: which words do the work?"
        prompts.append({"kind": "Framing", "text": text, "links": [("refuted", p["passage_idx"]) for p in refuted[:5]]})
    # One prompt per topic, and never the same two sentences twice (they can disagree on several topics).
    topics: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    asked = []
    for item in disagreements:
        pair = (item["mine"].text, item["theirs"].text)
        if item["topic"] not in topics and pair not in pairs:
            topics.add(item["topic"])
            pairs.add(pair)
            asked.append(item)
    for item in asked[:3]:
        prompts.append({"kind": "Disagreement", "text": f"On “{item['topic_label']}”, this text says “{_short(item['mine'].text)}” while "
                        f"“{item['other_title']}” says “{_short(item['theirs'].text)}” Who is right, and how could you find out?",
                        "links": [("here", item["mine"].passage_idx)]})
    return prompts


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _short(text: str, n: int = 140) -> str:
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


# -- comparisons ---------------------------------------------------------------------------
#: Columns of a ``--by`` page: the largest groups, then one "other" column for the rest.
TOP_GROUPS = 8


def group_documents(documents: list[dict[str, Any]], by: str, *, top: int = TOP_GROUPS) -> dict[str, list[dict[str, Any]]]:
    """Documents grouped by ``outlet``, ``doc_type`` or ``year`` (missing values: "unknown"):
    the ``top`` largest groups (years in order), and the rest together as "other (N groups)"."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in documents:
        groups[str(d.get(by) or "unknown")].append(d)
    if len(groups) <= top + 1:
        return dict(sorted(groups.items()))
    largest = sorted(groups, key=lambda g: (-len(groups[g]), g))[:top]
    rest = [g for g in groups if g not in largest]
    out = {g: groups[g] for g in sorted(largest)}
    out[f"other ({len(rest)} {by.replace('_', ' ')} values)"] = [d for g in sorted(rest) for d in groups[g]]
    return out


def comparison_context(store: Store, groups: dict[str, list[dict[str, Any]]], pack: DomainPack, *, title: str,
                       prefix: str = "", found: list[Statement] | None = None) -> dict[str, Any]:
    """Groups of documents side by side: frame shares, sanctions, voices, claims, disagreements."""
    _, _, frames = framing_details(store)
    if found is None:
        found = statements(store.framed_passages(), pack)
    group_of = {d["doc_id"]: name for name, docs in groups.items() for d in docs}
    columns = []
    for name, docs in groups.items():
        ids = [d["doc_id"] for d in docs]
        sanctions = store.group_sanctions(ids)
        columns.append({
            "name": name, "documents": docs, "words": sum(d["n_words"] for d in docs),
            "shares": _corpus_shares(docs, frames),
            "dominant": Counter(d["dominant_frame"] or "—" for d in docs).most_common(),
            "sanctions": sanctions, "claims": store.group_claims(ids),
            "voices": voices(store, limit=8, doc_ids=ids),
        })
    topics = []
    for g in topic_groups([s for s in found if s.doc_id in group_of], pack):
        per_group = {}
        for name in groups:
            items = [s for ss in g.by_frame.values() for s in ss if group_of[s.doc_id] == name]
            per_group[name] = {
                "frames": Counter(s.frame for s in items), "negated": sum(s.negated for s in items),
                "example": next(iter(sorted(items, key=lambda s: (not s.negated, s.doc_id))), None),
            }
        disagree = _groups_disagree(per_group, pack.fallback.name)
        topics.append({"label": g.label, "per_group": per_group, "disagree": disagree})
    topics.sort(key=lambda t: not t["disagree"])
    return {"title": title, "frames": frames, "columns": columns, "topics": topics, "prefix": prefix,
            "measures": measures(pack),
            "page_name": page_name}


def _groups_disagree(per_group: dict[str, dict[str, Any]], fallback: str) -> list[str]:
    """Why groups differ on a topic: different majority frame, or one mostly negates what another affirms."""
    present = {n: g for n, g in per_group.items() if g["example"] is not None}
    reasons = []
    majority = {n: g["frames"].most_common(1)[0][0] for n, g in present.items()}
    framed = {f for f in majority.values() if f != fallback}
    if len(framed) > 1:
        reasons.append("frame")
    negating = {n: g["negated"] * 2 > sum(g["frames"].values()) for n, g in present.items()}
    if len(set(negating.values())) > 1:
        reasons.append("negation")
    return reasons
