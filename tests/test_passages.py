"""Passage segmentation, offsets, and boilerplate / repetition flags."""

from __future__ import annotations

import json

import pytest

from framelens.ingest import iter_inputs
from framelens.ingest.passages import boilerplate_reason, segment
from framelens.types import Document

from .conftest import GOLD, SEEDS, needs_shared


def doc(text: str, pages: tuple[int, ...] = ()) -> Document:
    return Document("d", "d", text, "txt", {}, pages)


def test_passages_offsets_point_into_the_text():
    text = "Title line\n\nFirst paragraph. It has two sentences.\n\n  - one\n  - two\n\nLast one."
    passages = segment(doc(text))
    assert [p.text for p in passages] == [
        "Title line", "First paragraph. It has two sentences.", "- one\n  - two", "Last one."
    ]
    assert all(text[p.start : p.end] == p.text for p in passages)
    assert [p.kind for p in passages] == ["heading", "paragraph", "bullets", "paragraph"]


def test_passages_wrapped_lines_join_but_stacked_lines_do_not():
    wrapped = (
        "Regulators publish registration data, administrative penalties and\n"
        "inspection results for companies on a national platform that anyone\n"
        "can search."
    )
    assert len(segment(doc(wrapped))) == 1
    stacked = "Kaiser Kuo: on trust\nA long line that is a separate paragraph of the page and ends here."
    assert len(segment(doc(stacked))) == 2


def test_passages_long_paragraph_is_split_at_sentences():
    sentence = "The court blacklist restricts people who ignore judgments. "
    text = sentence * 400  # ~24,000 characters, one paragraph
    passages = segment(doc(text.strip()), max_chars=4000)
    assert len(passages) >= 6
    assert all(len(p.text) <= 4000 for p in passages)
    assert all(p.text.endswith("judgments.") for p in passages)
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_passages_paragraph_without_sentence_breaks_is_split_at_spaces():
    text = "word " * 3000
    passages = segment(doc(text.strip()), max_chars=1000)
    assert all(0 < len(p.text) <= 1000 for p in passages)
    assert sum(len(p.text.split()) for p in passages) == 3000


def test_passages_pages_from_pdf_offsets():
    passages = segment(doc("Page one text.\n\nPage two text.", pages=(0, 16)))
    assert [p.page for p in passages] == [1, 2]


@pytest.mark.parametrize(
    "text,why",
    [
        ("This website uses cookies to give you the best experience. By using it you accept.", "cookie notice"),
        ("Manage cookies", "cookie notice"),
        ("Leave a Reply", "comment form"),
        ("Your email address will not be published. Required fields are marked *", "comment form"),
        ("Subscribe to our newsletter for monthly updates.", "newsletter prompt"),
        ("Share this article", "share buttons"),
        ("Skip to content", "site navigation"),
        ("© 2024 Example Media. All rights reserved.", "copyright line"),
        ("The system mostly regulates companies and subscribes to no single score.", ""),
        ("Cookies are a popular snack in Rongcheng.", ""),
    ],
)
def test_boilerplate_reason(text: str, why: str):
    assert boilerplate_reason(text) == why


def test_passages_near_duplicate_with_other_spelling_is_flagged():
    a = "The regime wants to track the behaviour of citizens, companies and organisations from a moral point of view."
    b = "The regime wants to track the behavior of citizens, companies and organizations from a moral point of view."
    passages = segment(doc(f"{a}\n\nSomething else entirely here.\n\n{b}"))
    assert [p.is_duplicate for p in passages] == [False, False, True]
    assert passages[2].flag_reason == "repeats passage 0" and not passages[2].analysed


@needs_shared
def test_passages_seed_flags_match_gold_on_repeats_and_site_chrome():
    gold = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    docs = {d.doc_id: d for d in iter_inputs([SEEDS])}
    for name, wanted in [
        ("001_e52c20f8f9210e00.txt", ("is_duplicate", "cookie")),
        ("004_cea3fb16ae54724d.txt", ("is_boilerplate", "comment")),
    ]:
        passages = segment(docs[name])
        rows = [r for r in gold if r["doc"] == name]
        assert len(passages) == len(rows)  # one passage per gold passage
        for p, g in zip(passages, rows):
            assert p.text.split() == g["text"].replace("\xa0", " ").split()
    p001 = segment(docs["001_e52c20f8f9210e00.txt"])
    assert sum(p.is_duplicate for p in p001) == 3  # the section repeated in American spelling
    assert any("cookie" in p.flag_reason for p in p001)
    p004 = segment(docs["004_cea3fb16ae54724d.txt"])
    flagged = {p.text for p in p004 if p.is_boilerplate}
    assert "Leave a Reply" in flagged
    assert any(t.startswith("Your email address") for t in flagged)
    assert any("Akismet" in t for t in flagged)
    assert any("newsletter" in t for t in flagged)


def test_sample_gold_offsets_match_current_segmentation():
    """corpus/sample_gold.jsonl must stay true to what framelens produces."""
    from .conftest import ROOT, SAMPLE

    docs = {d.doc_id: d for d in iter_inputs([SAMPLE])}
    rows = [json.loads(line) for line in (ROOT / "corpus" / "sample_gold.jsonl").open(encoding="utf-8")]
    assert {r["doc"] for r in rows} == set(docs)
    for row in rows:
        assert docs[row["doc"]].text[row["start"] : row["end"]] == row["text"], row["pid"]
    frames = {r["frame"] for r in rows}
    assert frames == {"orwellian", "regulatory", "neutral"}
