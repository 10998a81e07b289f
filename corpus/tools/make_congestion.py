"""Write corpus/congestion/*.md and corpus/congestion_gold.jsonl from congestion_texts.py.

The gold has one row per passage, in the seed gold's format (``doc``, ``pid``, offsets into
framelens's clean text, ``text``, ``frame``, ``stance``) plus ``url`` (the document, for
grouped cross-validation), so it serves ``framelens evaluate``, ``framelens train`` and
``framelens domain new --from-gold`` alike. Run: ``python corpus/tools/make_congestion.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from framelens.ingest import iter_inputs
from framelens.ingest.passages import segment
from framelens.types import Document

sys.path.insert(0, str(Path(__file__).parent))
from congestion_texts import DOCS  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent
FOLDER = CORPUS / "congestion"


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, (title, outlet, date, paragraphs) in DOCS.items():
        body = "\n\n".join(text for text, _, _ in paragraphs)
        (FOLDER / f"{name}.md").write_text(
            f"---\ntitle: {title}\noutlet: {outlet}\ndate: {date}\n---\n{body}\n", encoding="utf-8")
    rows = []
    for doc in iter_inputs([FOLDER]):
        assert isinstance(doc, Document), doc
        paragraphs = DOCS[doc.doc_id.removesuffix(".md")][3]
        passages = [p for p in segment(doc) if p.kind != "heading"]
        assert len(passages) == len(paragraphs), (doc.doc_id, len(passages), len(paragraphs))
        for p, (text, frame, stance) in zip(passages, paragraphs):
            assert " ".join(text.split()) == " ".join(p.text.split()), (doc.doc_id, p.idx)
            rows.append({"doc": doc.doc_id, "pid": f"{doc.doc_id}#{p.idx}", "start": p.start, "end": p.end,
                         "text": p.text, "is_heading": False, "is_boilerplate": p.is_boilerplate,
                         "is_duplicate": p.is_duplicate, "frame": frame, "stance": stance,
                         "url": f"congestion/{doc.doc_id}"})
    with open(CORPUS / "congestion_gold.jsonl", "w", encoding="utf-8") as f:
        for row in sorted(rows, key=lambda r: (r["doc"], r["start"])):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(DOCS)} documents, {len(rows)} labelled passages")


if __name__ == "__main__":
    main()
