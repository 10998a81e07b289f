"""Regenerate corpus/sample/policy_excerpt.pdf (a two-page, text-based PDF).

Written with nothing but the standard library so the sample corpus needs no PDF
toolkit to rebuild: `python corpus/tools/make_policy_pdf.py`. The text is an
illustrative policy excerpt written for framelens, not an official document.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

TITLE = "Measures on Joint Incentives and Joint Punishments (illustrative excerpt)"
PAGES = [
    [
        TITLE,
        "",
        "Article 1. These measures are formulated to strengthen the construction of the social credit "
        "system, improve market supervision and encourage trustworthiness in economic activities.",
        "",
        "Article 2. Market entities that have been entered on the list of seriously untrustworthy entities "
        "according to law shall be subject to the following joint punishment measures:",
        "(1) restrictions on participating in government procurement;",
        "(2) restrictions on issuing corporate bonds and shares;",
        "(3) increased frequency of inspections by the competent departments;",
        "(4) restrictions on the legal representative taking flights and high-speed trains.",
    ],
    [
        "Article 3. Market entities with a good credit record may be given incentive measures, including "
        "simplified approval procedures, priority in public procurement and fewer routine inspections.",
        "",
        "Article 4. Credit information shall be collected and used according to law. Entities may object to "
        "incorrect records and apply for credit restoration after correcting the violation.",
        "",
        "Article 5. These measures take effect on the date of publication.",
    ],
]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[str]) -> bytes:
    out = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td"]
    for para in lines:
        for line in textwrap.wrap(para, 85) or [""]:
            out.append(f"({_escape(line)}) Tj T*")
    out.append("ET")
    return "\n".join(out).encode("latin-1")


def build() -> bytes:
    objects: list[bytes] = []
    n_pages = len(PAGES)
    page_ids = [3 + 2 * i for i in range(n_pages)]
    font_id = 3 + 2 * n_pages
    info_id = font_id + 1
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, lines in enumerate(PAGES):
        stream = _content(lines)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {page_ids[i] + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(f"<< /Title ({_escape(TITLE)}) /Author (framelens sample corpus) >>".encode())
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_id} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(pdf)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "sample" / "policy_excerpt.pdf"
    target.write_bytes(build())
    print(f"wrote {target}")
