"""A store filled with known rows (no model, no pipeline) for report tests."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from framelens.store import Store
from framelens.types import Claim, Cue, DocRecords, Document, Entity, Passage, Sanction

FRAMES = [
    {"name": "orwellian", "label": "Orwellian surveillance dystopia", "description": ""},
    {"name": "regulatory", "label": "Regulatory / market tool", "description": ""},
    {"name": "neutral", "label": "Neutral / descriptive", "description": ""},
]
RUN = "20260101T000000.000000Z-0001"


def fake_store(path: Path, n_docs: int = 3, *, run_id: str = RUN, previous: str | None = None,
               texts: dict[int, str] | None = None, title: str = "Document {i}") -> Store:
    """``n_docs`` documents of two passages each, framed alternately; the first has sanctions, claims, cues.

    Written through the store's own API, as the pipeline writes it.
    """
    store = Store(path)
    config = {"seed": 0, "domain": "social_credit"}
    versions = {"framelens": "test", "spacy": "3.8", "model": "en_core_web_sm 3.8.0", "domain": "social_credit test", "python": "3.11"}
    texts = texts or {}
    analysed, labels, documents = [], [], []
    shares = {}
    first = "doc-00000.txt"
    for i in range(n_docs):
        doc_id = f"doc-{i:05d}.txt"
        p0 = texts.get(i, f"The social credit system is a surveillance machine that tracks every citizen {i}.")
        p1 = "Officials say the scores are not compulsory and participation remains voluntary."
        text = p0 + "\n\n" + p1
        frame0 = "orwellian" if i % 2 == 0 else "regulatory"
        w0, w1 = len(p0.split()), len(p1.split())
        share = {"orwellian": w0 / (w0 + w1) if frame0 == "orwellian" else 0.0,
                 "regulatory": (w1 + (w0 if frame0 == "regulatory" else 0)) / (w0 + w1), "neutral": 0.0}
        shares[doc_id] = share
        doc = Document(doc_id, f"/corpus/{doc_id}", text, "txt", {
            "title": title.format(i=i), "outlet": f"Outlet {i % 3}", "date": f"{2020 + i % 4}-0{1 + i % 9}-01",
            "doc_type": "article", "language": "en"})
        passages = [Passage(doc_id, 0, 0, len(p0), p0), Passage(doc_id, 1, len(p0) + 2, len(text), p1)]
        records = DocRecords(lemmas={0: "", 1: ""})
        if doc_id == first:
            records.sanctions += [
                Sanction(first, 0, 4, 10, "social", "blacklist", "punishment", "individual", "actual"),
                Sanction(first, 1, 100, 106, "scores", "travel_ban_flights", "punishment", "individual", "possible"),
                Sanction(first, 1, 110, 115, "votes", "tax_benefit", "reward", "company", "actual"),
            ]
            records.claims += [
                Claim(first, 1, len(texts.get(0, "x")) + 2, len(texts.get(0, "x")) + 40, "Officials say the scores",
                      "attributed", "Officials", (), False),
                Claim(first, 0, 0, 20, "The social credit system", "assertion", None, (), False),
            ]
            records.cues.append(Cue(first, 0, 49, 56, "machine", "orwellian", "endorsed", 1))
            records.entities.append(Entity(first, 1, 0, 9, "Officials", "NORP", "Officials"))
        analysed.append((doc, passages, records))
        labels += [(doc_id, 0, frame0, 0.9, "endorsed" if frame0 == "orwellian" else "refuted"),
                   (doc_id, 1, "regulatory", 0.8, "none")]
        documents.append({"doc_id": doc_id, "dominant_frame": frame0, **{f"share_{k}": v for k, v in share.items()}})
    details = {"frames": FRAMES, "semantic": False, "document_shares": shares}
    if previous:
        store.start_run(previous, config, "hash", "fp", versions)
        store.save_analysed(analysed, fingerprint="fp", run_id=previous)
        store.finish_run(previous, "ok", {"new": n_docs})
        before = {d: {**s, "orwellian": 0.0, "regulatory": 1.0} for d, s in shares.items()}
        store.save_framing_row(previous, "weak", 1, {**details, "document_shares": before, "seconds": 0.1}, None)
    store.start_run(run_id, config, "hash", "fp", versions)
    store.save_analysed(analysed, fingerprint="fp", run_id=run_id)
    store.finish_run(run_id, "ok", {"new": n_docs})
    frame = pd.DataFrame(labels, columns=["doc_id", "passage_idx", "frame", "probability", "stance"])
    frame["cluster_id"] = None
    frame["evidence_json"] = "{}"
    result = SimpleNamespace(passages=frame, documents=pd.DataFrame(documents), discovery=None, mode="weak",
                             details={**details, "seconds": 0.1})
    store.save_framing(result, run_id, b"")
    return store


def retitle(store: Store, doc_id: str, title: str) -> None:
    """The document comes back with a new title (same text): stored again, as a run stores it, then framed."""
    doc = next(d for d in store.documents(with_text=True) if d["doc_id"] == doc_id)
    passages = [Passage(doc_id, p["passage_idx"], p["start"], p["end"], p["text"]) for p in store.document_passages(doc_id)]
    labels = store.document_passages(doc_id)
    meta = {k: doc[k] for k in ("outlet", "date", "doc_type", "language")}
    store.save_analysed([(Document(doc_id, doc["source"], doc["text"], "txt", {**meta, "title": title}), passages,
                          DocRecords(lemmas={p.idx: "" for p in passages}))], fingerprint="fp", run_id=RUN)
    frame = pd.DataFrame([{k: p[k] for k in ("doc_id", "passage_idx", "frame", "probability", "stance")} for p in labels])
    frame["cluster_id"], frame["evidence_json"] = None, "{}"
    shares = {k: doc[k] for k in doc if k.startswith("share_")}
    store.save_frame_rows(frame, pd.DataFrame([{"doc_id": doc_id, "dominant_frame": doc["dominant_frame"], **shares}]), RUN)
