"""Readers per format, and every kind of bad input becoming a Skip with a reason."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from framelens.config import IngestOptions
from framelens.errors import ConfigError
from framelens.ingest import iter_inputs
from framelens.ingest.clean import decode, normalise
from framelens.ingest.readers import markdown_to_text, split_front_matter
from framelens.types import Document, Skip

from .conftest import SAMPLE, SEEDS, needs_shared

TEXT = "The social credit system is a set of databases.\n\nIt mostly concerns companies."


def read_all(*paths: Path, **options) -> dict[str, Document | Skip]:
    return {item.doc_id: item for item in iter_inputs(list(paths), IngestOptions(**options))}


def test_ingest_sample_every_format_reads_all_documents():
    items = read_all(SAMPLE)
    assert all(isinstance(i, Document) for i in items.values()), [i for i in items.values() if isinstance(i, Skip)]
    formats = {i.fmt for i in items.values()}
    assert formats == {"txt", "md", "html", "pdf", "csv", "jsonl"}
    assert len(items) == 11


def test_ingest_front_matter_and_sources_csv_give_metadata():
    items = read_all(SAMPLE)
    assert items["orwellian_op_ed.md"].metadata["author"] == "Dana Whitcombe"
    assert items["regulatory_explainer.txt"].metadata["outlet"] == "Civic Explainers (illustrative)"
    assert not items["orwellian_op_ed.md"].text.startswith("---")
    assert "#" not in items["orwellian_op_ed.md"].text.split("\n")[0]


@needs_shared
def test_ingest_seed_sources_csv_is_metadata_not_a_table():
    items = read_all(SEEDS)
    assert len(items) == 5 and "sources.csv" not in items
    assert items["003_fb9f23f5535458ce.txt"].metadata["author"] == "Kendra Schaefer"


def test_ingest_html_drops_navigation_cookies_and_comments():
    doc = read_all(SAMPLE / "web" / "techwire_scoring_state.html")["techwire_scoring_state.html"]
    assert doc.metadata["title"].startswith("Inside the Scoring State")
    assert doc.metadata["author"] == "Sam Okafor"
    for chrome in ("cookie", "Log in", "Leave a Reply", "Related articles", "All rights reserved"):
        assert chrome not in doc.text
    assert "regulatory report card" in doc.text


def test_ingest_pdf_keeps_page_numbers():
    from framelens.ingest.passages import segment

    doc = read_all(SAMPLE / "policy_excerpt.pdf")["policy_excerpt.pdf"]
    passages = segment(doc)
    assert {p.page for p in passages} == {1, 2}
    article3 = next(p for p in passages if p.text.startswith("Article 3"))
    assert article3.page == 2 and "\n" in article3.text  # wrapped lines joined into one passage


def test_ingest_tables_one_document_per_row_with_metadata():
    items = read_all(SAMPLE / "tables")
    letter = items["letters.csv#letter-02"]
    assert letter.metadata["author"] == "J. Huang" and "myth" in letter.text
    assert "id" not in letter.metadata and "text" not in letter.metadata
    assert items["briefs.jsonl#brief-2024-02"].metadata["date"] == "2024-02-14"


def test_ingest_table_columns_are_configurable(tmp_path: Path):
    (tmp_path / "t.csv").write_text("url,body\nhttp://a,First text here.\nhttp://b,Second text.\n")
    items = read_all(tmp_path / "t.csv", text_column="body", id_column="url")
    assert sorted(items) == ["t.csv#http://a", "t.csv#http://b"]


def test_ingest_ids_are_stable_relative_paths(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(TEXT)
    assert list(read_all(tmp_path)) == ["a/b/x.txt"]
    assert list(read_all(tmp_path / "a")) == ["b/x.txt"]


def test_ingest_missing_path_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="no such file"):
        read_all(tmp_path / "nope")


BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n  ", "empty file"),
    ("binary.txt", bytes(range(256)) * 20, "binary"),
    ("picture.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "unsupported file type"),
    ("truncated.pdf", (SAMPLE / "policy_excerpt.pdf").read_bytes()[:300], "not a readable PDF"),
    ("nomain.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no main text"),
    ("notext.csv", b"id,body\n1,hello there\n", "no 'text' column"),
    ("bad.jsonl", b'{"id": 1, "text": "fine text"}\nnot json\n', "not valid JSON"),
]


@pytest.mark.parametrize("name,data,reason", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_ingest_bad_input_becomes_skip_with_reason(tmp_path: Path, name: str, data: bytes, reason: str):
    (tmp_path / name).write_bytes(data)
    items = list(iter_inputs([tmp_path]))
    skips = [i for i in items if isinstance(i, Skip)]
    assert skips, items
    assert reason in skips[0].reason


@pytest.mark.parametrize(
    "encoding,text",
    [
        ("cp1252", "Café owners say the “social credit” rules – so far – are mild. " * 5),
        ("gbk", "社会信用体系建设目标不是建立完人社会。企业信用信息公示系统记录行政处罚。" * 5),
    ],
)
def test_ingest_legacy_encodings_are_decoded(tmp_path: Path, encoding: str, text: str):
    (tmp_path / "legacy.txt").write_bytes(text.encode(encoding))
    doc = read_all(tmp_path)["legacy.txt"]
    assert doc.text == normalise(text)


@pytest.mark.parametrize("bom_encoding", ["utf-16", "utf-8-sig"])
def test_ingest_bom_files_are_decoded(tmp_path: Path, bom_encoding: str):
    (tmp_path / "bom.txt").write_bytes(TEXT.encode(bom_encoding))
    assert read_all(tmp_path)["bom.txt"].text == TEXT


def test_decode_utf16_big_endian_bom():
    assert decode(codecs.BOM_UTF16_BE + "Trust".encode("utf-16-be")) == "Trust"


def test_ingest_unreadable_file_is_recorded_failed(tmp_path: Path, monkeypatch):
    (tmp_path / "ok.txt").write_text(TEXT)
    (tmp_path / "locked.txt").write_text(TEXT)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    original = Path.open

    def locked_open(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)
    items = read_all(tmp_path)
    assert isinstance(items["ok.txt"], Document)
    assert items["locked.txt"].status == "failed" and "permission denied" in items["locked.txt"].reason
    assert items["dangling.txt"].status == "failed" and "cannot read" in items["dangling.txt"].reason


def test_ingest_csv_row_with_empty_text_is_skipped_others_kept(tmp_path: Path):
    (tmp_path / "t.csv").write_text('id,text\na,"Real text."\nb,\n')
    items = read_all(tmp_path)
    assert isinstance(items["t.csv#a"], Document)
    assert "empty 'text'" in items["t.csv#b"].reason


def test_front_matter_parsing():
    meta, body = split_front_matter('---\ntitle: "A: B"\nDate: 2020-01-01\n---\nBody')
    assert meta == {"title": "A: B", "date": "2020-01-01"} and body == "Body"
    assert split_front_matter("no front matter") == ({}, "no front matter")


@pytest.mark.parametrize(
    "markdown,text",
    [
        ("# Title", "Title"),
        ("**Myth 1:** no *single* score", "Myth 1: no single score"),
        ("see [the report](http://x.y/z) now", "see the report now"),
        ("> quoted line", "quoted line"),
        ("a * b * c", "a * b * c"),
        ("# Title\n\nText.", "Title\n\nText."),  # the blank line after a heading stays
        ("\\*not emphasis\\* and `co*de*`", "*not emphasis* and co*de*"),
        ("![a chart](c.png) of *nested **strong** text*", "a chart of nested strong text"),
        ("Punishments:\n\n- no *flights*\n- no trains\n\n1. first\n2) second", "Punishments:\n\n- no flights\n- no trains\n\n1. first\n2) second"),
        ("[a link][ref]\n\n[ref]: http://x.y", "a link"),
    ],
)
def test_markdown_to_text(markdown: str, text: str):
    assert markdown_to_text(markdown) == text


def test_normalise_whitespace_and_unicode():
    raw = "Cafe\u0301\u00a0 rules\r\n\r\n\r\n\u200bNext\tline  "
    assert normalise(raw) == "Café rules\n\nNext line"


def test_jsonl_rows_can_hold_json_metadata(tmp_path: Path):
    row = {"id": "x", "text": "Some text.", "tags": ["a", "b"]}
    (tmp_path / "r.jsonl").write_text(json.dumps(row))
    assert read_all(tmp_path)["r.jsonl#x"].metadata["tags"] == ["a", "b"]
