"""Report context: the figures a report shows, computed from the store as plain data."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

TOP_ENTITIES = 8


def corpus_context(store: Store, run_id: str) -> dict[str, Any]:
    """Everything ``index.html.j2`` needs, for the run ``run_id``."""
    run = next(r for r in store.runs() if r["run_id"] == run_id)
    docs = store.documents()
    flags = _passage_flags(store)
    ents = _entities_by_doc(store)
    sanctions = _per_doc(store, "SELECT doc_id, type, polarity, modality, COUNT(*) AS n FROM sanctions"
                         " WHERE negated = 0 GROUP BY doc_id, type, polarity, modality ORDER BY doc_id, n DESC, type")
    claims = _per_doc(store, "SELECT doc_id, type, COUNT(*) AS n FROM claims GROUP BY doc_id, type ORDER BY doc_id, type")
    framing = store.latest_framing()
    details = json.loads(framing["details_json"]) if framing else {}
    frames = details.get("frames", [])
    stances = _per_doc(store, "SELECT doc_id, stance, COUNT(*) AS n FROM frames WHERE stance != 'none' GROUP BY doc_id, stance")
    analysed = []
    for d in docs:
        if d["status"] != "ok":
            continue
        d = dict(d)
        d["flags"] = flags.get(d["doc_id"], Counter())
        d["top_entities"] = ents.get(d["doc_id"], [])
        d["sanctions"] = sanctions.get(d["doc_id"], [])
        d["claims"] = {r["type"]: r["n"] for r in claims.get(d["doc_id"], [])}
        d["shares"] = {f["name"]: d.get(f"share_{f['name']}") or 0.0 for f in frames}
        d["stances"] = {r["stance"]: r["n"] for r in stances.get(d["doc_id"], [])}
        analysed.append(d)
    problems = [d for d in docs if d["status"] in ("skipped", "failed")]
    removed = [d for d in docs if d["status"] == "removed"]
    return {
        "run": {**run, "versions": json.loads(run["versions_json"]), "config": json.loads(run["config_json"])},
        "documents": analysed,
        "problems": problems,
        "removed": removed,
        "totals": {
            "documents": len(analysed),
            "words": sum(d["n_words"] for d in analysed),
            "passages": sum(d["n_passages"] for d in analysed),
            "skipped": len(problems),
        },
        "framing": {**(framing or {}), "details": details, "frames": frames, "model": None},
        "corpus_shares": _corpus_shares(analysed, frames),
        "clusters": _clusters(store),
        "corpus_entities": _corpus_entities(store),
        "corpus_sanctions": store.rows(
            "SELECT s.type, s.polarity, COUNT(*) AS mentions, COUNT(DISTINCT s.doc_id) AS documents,"
            " SUM(s.modality = 'actual') AS actual, SUM(s.modality = 'possible') AS possible"
            " FROM sanctions s JOIN documents d USING (doc_id) WHERE d.status = 'ok' AND s.negated = 0"
            " GROUP BY s.type, s.polarity ORDER BY s.polarity, documents DESC, mentions DESC"
        ),
        "voices": store.rows(
            "SELECT c.speaker, COUNT(*) AS claims, COUNT(DISTINCT c.doc_id) AS documents FROM claims c"
            " JOIN documents d USING (doc_id) WHERE d.status = 'ok' AND c.speaker IS NOT NULL"
            " GROUP BY c.speaker ORDER BY documents DESC, claims DESC LIMIT 25"
        ),
    }


def _per_doc(store: Store, sql: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.rows(sql):
        out[row.pop("doc_id")].append(row)
    return out


def _passage_flags(store: Store) -> dict[str, Counter]:
    rows = store.rows(
        "SELECT doc_id, SUM(is_boilerplate) AS boilerplate, SUM(is_duplicate) AS duplicate,"
        " SUM(CASE WHEN is_boilerplate = 0 AND is_duplicate = 0 THEN 1 ELSE 0 END) AS analysed"
        " FROM passages GROUP BY doc_id"
    )
    return {r.pop("doc_id"): Counter(r) for r in rows}


def _entities_by_doc(store: Store) -> dict[str, list[dict[str, Any]]]:
    rows = store.rows(
        "SELECT doc_id, canonical, label, COUNT(*) AS n FROM entities"
        " GROUP BY doc_id, canonical, label ORDER BY doc_id, n DESC, canonical"
    )
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if len(out[r["doc_id"]]) < TOP_ENTITIES:
            out[r["doc_id"]].append(r)
    return out


def _corpus_entities(store: Store, limit: int = 25) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT e.canonical, e.label, COUNT(*) AS mentions, COUNT(DISTINCT e.doc_id) AS documents"
        " FROM entities e JOIN documents d USING (doc_id) WHERE d.status = 'ok'"
        " GROUP BY e.canonical, e.label ORDER BY documents DESC, mentions DESC, e.canonical LIMIT ?",
        (limit,),
    )


def _corpus_shares(documents: list[dict[str, Any]], frames: list[dict[str, Any]]) -> dict[str, float]:
    """Word-weighted frame shares of the whole corpus."""
    words = sum(d["n_words"] for d in documents) or 1
    return {f["name"]: sum(d["shares"].get(f["name"], 0.0) * d["n_words"] for d in documents) / words for f in frames}


def _clusters(store: Store) -> list[dict[str, Any]]:
    """Active discovered framings with their top terms and example passages."""
    out = []
    for c in store.rows("SELECT * FROM clusters WHERE status != 'retired' ORDER BY size DESC, cluster_id"):
        c["top_terms"] = [t for t, _ in json.loads(c["top_terms_json"])]
        c["examples"] = []
        for ex in json.loads(c["examples_json"]):
            row = store.rows(
                "SELECT p.text, d.title FROM passages p JOIN documents d USING (doc_id)"
                " WHERE p.doc_id = ? AND p.passage_idx = ?", (ex["doc_id"], ex["passage_idx"]),
            )
            if row:
                c["examples"].append({**ex, "text": row[0]["text"], "title": row[0]["title"] or ex["doc_id"]})
        out.append(c)
    return out
