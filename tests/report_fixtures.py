"""A store filled with known rows (no model, no pipeline) for report tests."""

from __future__ import annotations

import json
from pathlib import Path

from framelens.store import Store

FRAMES = [
    {"name": "orwellian", "label": "Orwellian surveillance dystopia", "description": ""},
    {"name": "regulatory", "label": "Regulatory / market tool", "description": ""},
    {"name": "neutral", "label": "Neutral / descriptive", "description": ""},
]
RUN = "20260101T000000.000000Z-0001"


def fake_store(path: Path, n_docs: int = 3, *, run_id: str = RUN, previous: str | None = None,
               texts: dict[int, str] | None = None, title: str = "Document {i}") -> Store:
    """``n_docs`` documents of two passages each, framed alternately; the first has sanctions, claims, cues."""
    store = Store(path)
    db = store.db
    config = {"seed": 0, "domain": "social_credit"}
    versions = {"framelens": "test", "spacy": "3.8", "model": "en_core_web_sm 3.8.0", "domain": "social_credit test", "python": "3.11"}
    for rid in [r for r in (previous, run_id) if r]:
        db.execute("INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?)", (rid, rid, rid, "ok", "hash", json.dumps(config), "fp",
                                                                    json.dumps(versions), json.dumps({"new": n_docs})))
    texts = texts or {}
    docs, passages, frames = [], [], []
    shares = {}
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
        docs.append({
            "doc_id": doc_id, "source": f"/corpus/{doc_id}", "format": "txt", "title": title.format(i=i),
            "outlet": f"Outlet {i % 3}", "date": f"{2020 + i % 4}-0{1 + i % 9}-01", "doc_type": "article",
            "language": "en", "status": "ok", "content_hash": "h", "fingerprint": "fp", "n_words": w0 + w1,
            "n_passages": 2, "text": text, "first_run": previous or run_id, "last_run": run_id, "changed_run": run_id,
            "dominant_frame": frame0, **{f"share_{k}": v for k, v in share.items()},
        })
        passages += [(doc_id, 0, 0, len(p0), "paragraph", None, 0, 0, "", w0, p0, ""),
                     (doc_id, 1, len(p0) + 2, len(text), "paragraph", None, 0, 0, "", w1, p1, "")]
        frames += [(doc_id, 0, frame0, 0.9, "endorsed" if frame0 == "orwellian" else "refuted", None, "{}", run_id),
                   (doc_id, 1, "regulatory", 0.8, "none", None, "{}", run_id)]
    for f in FRAMES:
        db.execute(f"ALTER TABLE documents ADD COLUMN share_{f['name']} REAL")
    with store.transaction() as tx:
        names = list(docs[0])
        tx.executemany(f"INSERT INTO documents ({', '.join(names)}) VALUES ({','.join('?' * len(names))})",
                       [tuple(d[n] for n in names) for d in docs])
        tx.executemany("INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", passages)
        tx.executemany("INSERT INTO frames (doc_id, passage_idx, frame, probability, stance, cluster_id,"
                       " evidence_json, run_id) VALUES (?,?,?,?,?,?,?,?)", frames)
        first = "doc-00000.txt"
        tx.executemany("INSERT INTO sanctions VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (first, 0, 4, 10, "social", "blacklist", "punishment", "individual", "actual", 0),
            (first, 1, 100, 106, "scores", "travel_ban_flights", "punishment", "individual", "possible", 0),
            (first, 1, 110, 115, "votes", "tax_benefit", "reward", "company", "actual", 0),
        ])
        tx.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?)", [
            (first, 1, len(texts.get(0, "x")) + 2, len(texts.get(0, "x")) + 40, "Officials say the scores", "attributed", "Officials", "[]", 0),
            (first, 0, 0, 20, "The social credit system", "assertion", None, "[]", 0),
        ])
        tx.execute("INSERT INTO cues VALUES (?,?,?,?,?,?,?,?)", (first, 0, 49, 56, "machine", "orwellian", "endorsed", 1))
        tx.execute("INSERT INTO entities VALUES (?,?,?,?,?,?,?)", (first, 1, 0, 9, "Officials", "NORP", "Officials"))
        details = {"frames": FRAMES, "semantic": False, "document_shares": shares}
        if previous:
            before = {d: {**s, "orwellian": 0.0, "regulatory": 1.0} for d, s in shares.items()}
            tx.execute("INSERT INTO framing VALUES (?,?,?,?,?,?)", (previous, "weak", 1, 0.1, json.dumps({**details, "document_shares": before}), None))
        tx.execute("INSERT INTO framing VALUES (?,?,?,?,?,?)", (run_id, "weak", 1, 0.1, json.dumps(details), None))
    return store
