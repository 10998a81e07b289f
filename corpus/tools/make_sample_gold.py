"""Write corpus/sample_gold.jsonl from tools/sample_labels.py and framelens's passages.

Offsets are into each document's clean text, as `framelens ingest --json --passages`
reports them. Run: `python corpus/tools/make_sample_gold.py`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from framelens.ingest import iter_inputs
from framelens.ingest.passages import segment
from framelens.types import Document

sys.path.insert(0, str(Path(__file__).parent))
from sample_labels import LABELS  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent
SAMPLE = CORPUS / "sample"


def main() -> None:
    rows = []
    for doc in iter_inputs([SAMPLE]):
        assert isinstance(doc, Document), doc
        passages = segment(doc)
        labels = LABELS[doc.doc_id]
        assert len(labels) == len(passages), (doc.doc_id, len(labels), len(passages))
        for p, (frame, stance, sanctions, claims, entities, rationale) in zip(passages, labels):
            for _, _, _, _, text in sanctions:
                assert " ".join(text.split()) in " ".join(p.text.split()), (doc.doc_id, p.idx, text)
            rows.append({
                "doc": doc.doc_id, "pid": f"{doc.doc_id}#{p.idx}", "start": p.start, "end": p.end, "text": p.text,
                "is_heading": p.kind == "heading", "is_boilerplate": p.is_boilerplate, "is_duplicate": p.is_duplicate,
                "frame": frame, "stance_on_orwellian": stance, "rationale": rationale,
                "sanctions": [dict(zip(("type", "polarity", "target", "modality", "text"), s)) for s in sanctions],
                "claims": [dict(zip(("text", "type", "speaker", "numbers", "hedged"), c)) for c in claims],
                "entities": [{"text": t, "label": label} for t, label in entities],
            })
    out = CORPUS / "sample_gold.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} passages to {out}")


if __name__ == "__main__":
    main()
