"""The reliability suite: hostile and broken inputs in one corpus, one run.

Each case is one entry in ``CASES``: a name, a function that builds it in the corpus
folder, and what ``status`` must say of it (a status and a piece of the reason), or
``"ok"`` for an input that must be analysed. The run must finish with exit code 0 or
1, list every input with a reason, analyse the good documents, write nothing outside
its output folder and print no traceback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

GOOD = (
    "The city published its new credit rules on Monday. Officials said the blacklist "
    "would be used to enforce court judgments against companies that refuse to pay their debts.\n"
)


def _text(name: str) -> str:
    """The good text with a sentence of its own (identical texts are skipped as duplicates)."""
    return GOOD + f"This copy is the {name} case.\n"


def _good(corpus: Path) -> None:
    (corpus / "good.txt").write_text(_text("good"), encoding="utf-8")


def _fifo(corpus: Path) -> None:
    os.mkfifo(corpus / "pipe.txt")


def _symlink_outside(corpus: Path) -> None:
    outside = corpus.parent / "secret.txt"
    outside.write_text("password: hunter2 " * 20, encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside)


def _symlink_device(corpus: Path) -> None:
    (corpus / "zero.txt").symlink_to("/dev/zero")


def _utf8_one_bad_byte(corpus: Path) -> None:
    (corpus / "cafe.txt").write_bytes(("Le café est fermé. " * 40).encode() + b"\xff" + _text("cafe").encode())


def _utf16_no_bom(corpus: Path) -> None:
    (corpus / "wide.txt").write_bytes(_text("wide").encode("utf-16-le"))


def _jsonl_mixed(corpus: Path) -> None:
    rows = [
        '{"id": "no-text", "title": "first object has no text"}',
        '{"id": "list", "text": ["not", "a", "string"]}',
        '{"id": "number", "text": 12345}',
        '{"id": "deep", "text": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"id": "bigint", "text": "x", "n": ' + "9" * 5000 + "}",
        json.dumps({"id": "fine", "text": _text("jsonl")}),
    ]
    (corpus / "rows.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _bad_file_name(corpus: Path) -> None:
    name = os.fsencode(corpus) + b"/caf\xe9-latin1.txt"
    with open(name, "wb") as f:
        f.write(_text("file name").encode())


def _metadata_with_nul(corpus: Path) -> None:
    sub = corpus / "meta"
    sub.mkdir()
    (sub / "sources.csv").write_bytes(b"file,title\nm.txt,A \x00 title\n")
    (sub / "m.txt").write_text(_text("metadata"), encoding="utf-8")


def _far_future_date(corpus: Path) -> None:
    (corpus / "future.md").write_text("---\ntitle: Placeholder date\ndate: 9999-12-31\n---\n" + _text("future"), encoding="utf-8")


def _huge_file(corpus: Path) -> None:
    with (corpus / "huge.txt").open("wb") as f:  # sparse: 60 MB on paper, nothing on disk
        f.truncate(60_000_000)


def _hostile_html(corpus: Path) -> None:
    (corpus / "xss.txt").write_text(
        _text("xss") + "<script>alert('x')</script> {{ 7 * 7 }} {% raw %} ../../etc/passwd\n", encoding="utf-8")


def _languages(corpus: Path) -> None:
    texts = {
        "de": "Das Sozialkreditsystem in China wird oft als Überwachungsinstrument beschrieben, doch es besteht "
              "vor allem aus schwarzen Listen der Gerichte.",
        "zh": "中国的社会信用体系经常被描述为监控工具，但实际上它主要是由法院执行判决的失信被执行人名单组成的监管工具。",
        "fr": "Le système de crédit social chinois est souvent décrit comme orwellien, mais il s'agit surtout de "
              "listes noires tenues par les tribunaux.",
    }
    for code, text in texts.items():
        (corpus / f"lang-{code}.txt").write_text(text + "\n", encoding="utf-8")


def _encrypted_pdf(corpus: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(corpus / "locked.pdf")


#: (builder, {doc id: (status, piece of the reason) or "ok"}). One line per new case.
CASES = [
    (_good, {"good.txt": "ok"}),
    (_fifo, {"pipe.txt": ("skipped", "not a regular file")}),
    (_symlink_outside, {"leak.txt": ("skipped", "outside the corpus folder")}),
    (_symlink_device, {"zero.txt": ("skipped", "outside the corpus folder")}),
    (_utf8_one_bad_byte, {"cafe.txt": "ok"}),
    (_utf16_no_bom, {"wide.txt": "ok"}),
    (_jsonl_mixed, {
        "rows.jsonl#row1": ("skipped", "no 'text' field"),
        "rows.jsonl#list": ("skipped", "is a list, not text"),
        "rows.jsonl#number": ("skipped", "is a number, not text"),
        "rows.jsonl#row4": ("failed", "cannot be read"),
        "rows.jsonl#row5": ("failed", "cannot be read"),
        "rows.jsonl#fine": "ok",
    }),
    (_bad_file_name, {"caf\ufffd-latin1.txt": "ok"}),
    (_metadata_with_nul, {"meta/m.txt": "ok"}),
    (_far_future_date, {"future.md": "ok"}),
    (_huge_file, {"huge.txt": ("skipped", "MB limit")}),
    (_hostile_html, {"xss.txt": "ok"}),
    (_encrypted_pdf, {"locked.pdf": ("failed", "encrypted with a password")}),
    (_languages, {f"lang-{c}.txt": ("skipped", f"language {c}: ") for c in ("de", "zh", "fr")}),
]


@pytest.mark.model
@pytest.mark.timeout(600)
def test_every_bad_input_is_recorded_and_the_run_goes_on(tmp_path: Path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for build, _ in CASES:
        build(corpus)
    out = corpus / "reports"  # inside the corpus: must never be read as corpus
    before = set(tmp_path.rglob("*"))
    first = run_cli("run", str(corpus), "--out", str(out), "--semantic", "off")
    assert first.exit_code in (0, 1), first.output
    assert "Traceback" not in first.output
    status = json.loads(run_cli("status", "--out", str(out), "--json").output)
    by_id = {d["doc_id"]: d for d in status["documents"]}
    for _, expected in CASES:
        for doc_id, want in expected.items():
            assert doc_id in by_id, f"{doc_id} is not listed ({sorted(by_id)})"
            doc = by_id[doc_id]
            if want == "ok":
                assert doc["status"] == "ok", (doc_id, doc["reason"])
            else:
                assert doc["status"] == want[0] and want[1] in (doc["reason"] or ""), (doc_id, doc)
    assert any(d["status"] == "failed" and "metadata table not read" in d["reason"] for d in status["documents"])
    assert "pip install" in by_id["lang-de.txt"]["reason"] or "spacy download" in by_id["lang-de.txt"]["reason"]
    # Nothing outside the output folder was written, and the output folder is not corpus.
    written = {p for p in set(tmp_path.rglob("*")) - before if out not in p.parents and p != out}
    assert not written
    again = run_cli("run", str(corpus), "--out", str(out), "--semantic", "off")
    assert again.exit_code in (0, 1), again.output
    assert not any(d["doc_id"].startswith("reports/") for d in json.loads(
        run_cli("status", "--out", str(out), "--json").output)["documents"])
    page = (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert "hunter2" not in page and "<script>alert" not in page
    assert (out / "framelens.db").stat().st_size < 5_000_000  # the 60 MB input was not stored


def test_a_reader_that_raises_anything_becomes_a_failed_input(tmp_path: Path, monkeypatch):
    from framelens import ingest
    from framelens.types import Document, Skip

    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7 whatever")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")

    def explode(*args, **kwargs):
        raise RuntimeError("AES-256 needs the cryptography package")

    monkeypatch.setitem(ingest._FILE_READERS, ".pdf", explode)
    items = {i.doc_id: i for i in ingest.iter_inputs([tmp_path])}
    assert isinstance(items["b.txt"], Document)
    assert isinstance(items["a.pdf"], Skip) and items["a.pdf"].status == "failed"
    assert "RuntimeError" in items["a.pdf"].reason and "cryptography" in items["a.pdf"].reason


#: Where a run is killed: (module, function) patched to raise as a kill would stop it there.
#: (A SIGKILL in the middle of the NLP is tests/test_robustness.py's.)
STAGES = {
    "ingest": ("framelens.ingest.readers", "read_text"),
    "framing": ("framelens.frames.stage", "frame_store"),
    "report": ("framelens.report", "write_report"),
}


@pytest.mark.model
@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_run_killed_at_any_stage_is_completed_by_the_next_run(tmp_path: Path, monkeypatch, sample_copy, stage):
    import importlib

    import framelens

    out = tmp_path / "out"
    if stage != "ingest":  # a first complete run, then a change, so the kill hits a store with history
        assert run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off").exit_code == 0
        (sample_copy / "added.txt").write_text(_text(stage), encoding="utf-8")
    module, name = STAGES[stage]
    real = getattr(importlib.import_module(module), name)
    calls = {"n": 0}

    def killed(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] >= 3 or stage != "ingest":
            raise KeyboardInterrupt  # as a kill at this point
        return real(*args, **kwargs)

    monkeypatch.setattr(f"{module}.{name}", killed)
    if stage == "ingest":
        monkeypatch.setitem(importlib.import_module("framelens.ingest")._FILE_READERS, ".txt", killed)
    interrupted = run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off", catch=True)
    assert interrupted.exit_code != 0
    monkeypatch.undo()
    result = run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off")
    assert result.exit_code == 0, result.output
    tables = framelens.load(out / "framelens.db")
    assert set(tables["documents"].status) == {"ok"}  # nothing lost, failed or left half-done
    ok = set(tables["documents"].doc_id)
    assert len(ok) >= 11
    content = tables["passages"][tables["passages"].doc_id.isin(ok)].query("is_boilerplate == 0 and is_duplicate == 0")
    assert len(tables["frames"]) == len(content) > 0
    assert (out / "latest" / "index.html").is_file()


def test_an_unreadable_folder_is_recorded_and_its_documents_are_not_removed(tmp_path: Path, monkeypatch):
    """Root reads every folder here, so the walk's permission error is simulated."""
    import framelens.ingest as ingest

    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "open.txt").write_text(_text("open"), encoding="utf-8")
    (corpus / "locked" / "inside.txt").write_text(_text("inside"), encoding="utf-8")
    out = tmp_path / "out"
    from framelens.config import FramingOptions, RunConfig
    from framelens.pipeline import run_pipeline
    from framelens.store import Store

    config = RunConfig(paths=(corpus,), out=out, framing=FramingOptions(semantic="off"))
    run_pipeline(config)
    real_walk = os.walk

    def walk(top, onerror=None, followlinks=False):
        for folder, dirs, files in real_walk(top, onerror=onerror, followlinks=followlinks):
            if "locked" in dirs:
                dirs.remove("locked")
                onerror(PermissionError(13, "Permission denied", str(Path(folder) / "locked")))
            yield folder, dirs, files

    monkeypatch.setattr(ingest.os, "walk", walk)
    result = run_pipeline(config)
    with Store(out / "framelens.db") as store:
        docs = {d["doc_id"]: d for d in store.documents()}
    assert docs["locked/inside.txt"]["status"] == "ok"  # kept from the last run, not "removed"
    assert docs["locked"]["status"] == "failed" and "cannot read the folder" in docs["locked"]["reason"]
    assert result.counts["removed"] == 0


@pytest.mark.model
def test_storage_faults_are_explained_exit_2_and_keep_the_previous_report(tmp_path: Path, sample_copy, monkeypatch):
    import sqlite3

    from framelens.store import Store

    out = tmp_path / "out"
    assert run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off").exit_code == 0
    report = (out / "latest").resolve()
    (sample_copy / "extra.txt").write_text(_text("extra"), encoding="utf-8")

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "save_analysed", disk_full)
    result = run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off")
    assert result.exit_code == 2 and "disk is full" in result.output and "Traceback" not in result.output
    assert (out / "latest").resolve() == report and not list((out / "runs").glob("*.tmp"))
    monkeypatch.undo()
    assert run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off").exit_code == 0
    assert run_cli("status", "--out", str(out), "--check").exit_code == 0


def test_an_empty_or_damaged_store_is_an_explained_failure(tmp_path: Path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = run_cli("status", "--store", str(empty))
    assert result.exit_code == 2 and "empty file (0 bytes)" in result.output
    damaged = tmp_path / "damaged.db"
    import sqlite3

    with sqlite3.connect(damaged) as db:
        db.execute("CREATE TABLE t (x TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(400)])
    data = bytearray(damaged.read_bytes())
    data[8192:12288] = b"\xde\xad" * 2048  # a page in the middle
    damaged.write_bytes(bytes(data))
    result = run_cli("status", "--store", str(damaged), "--check")
    assert result.exit_code == 2 and ("damaged" in result.output or "malformed" in result.output)
    assert "Traceback" not in result.output


@pytest.mark.model
@pytest.mark.parametrize("kind", ["folder", "file"])
def test_a_latest_that_framelens_did_not_make_is_moved_aside_never_deleted(tmp_path: Path, sample_copy, kind):
    out = tmp_path / "out"
    out.mkdir()
    if kind == "folder":
        (out / "latest").mkdir()
        (out / "latest" / "my-notes.txt").write_text("mine", encoding="utf-8")
    else:
        (out / "latest").write_text("mine", encoding="utf-8")
    result = run_cli("run", str(sample_copy), "--out", str(out), "--semantic", "off")
    assert result.exit_code == 0, result.output
    assert (out / "latest").is_symlink()
    moved = list(out.glob("latest.moved-*"))
    assert len(moved) == 1
    kept = moved[0] / "my-notes.txt" if kind == "folder" else moved[0]
    assert kept.read_text(encoding="utf-8") == "mine"
