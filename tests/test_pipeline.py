"""`framelens run` end to end with the real model: incremental, skips, duplicates, report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from framelens import load
from framelens.config import RunConfig
from framelens.pipeline import run_pipeline
from framelens.store import Store

from .conftest import SEEDS, needs_shared, run_cli

pytestmark = pytest.mark.model


def run(corpus: Path, out: Path, **kw) -> object:
    return run_pipeline(RunConfig(paths=(corpus,), out=out, **kw))


def test_run_sample_corpus_writes_store_and_report(sample_copy: Path, tmp_path: Path):
    result = run(sample_copy, tmp_path / "out")
    assert result.exit_code == 0, result.problems
    assert result.counts["new"] == 11
    index = (tmp_path / "out" / "latest" / "index.html").read_text()
    assert "Five Myths About" in index and "Skipped and failed inputs" in index
    t = load(tmp_path / "out" / "framelens.db", ("entities", "passages"))
    assert {"China", "Rongcheng"} <= set(t["entities"]["canonical"])
    boiler = t["passages"][t["passages"]["is_boilerplate"] == 1]
    assert boiler["text"].str.contains("newsletter").any()
    # flagged passages are stored but get no annotations
    assert t["entities"].merge(boiler, on=["doc_id", "passage_idx"]).empty


def test_run_is_incremental(sample_copy: Path, tmp_path: Path, monkeypatch):
    from framelens import pipeline

    out = tmp_path / "out"
    run(sample_copy, out)
    detected = []
    monkeypatch.setattr(pipeline, "detect_language", lambda text: detected.append(text) or "en")
    again = run(sample_copy, out)
    assert again.counts["unchanged"] == 11 and again.counts["new"] == again.counts["changed"] == 0
    assert again.words == 0  # nothing went through spaCy
    assert detected == []  # an unchanged text keeps the language found when it was analysed
    with Store(out / "framelens.db") as store:
        assert {d["language"] for d in store.documents()} == {"en"}

    path = sample_copy / "mixed_feature.txt"
    path.write_text(path.read_text() + "\nA new closing line was added.\n")
    (sample_copy / "orwellian_op_ed.md").unlink()
    third = run(sample_copy, out)
    assert third.counts["changed"] == 1 and third.counts["unchanged"] == 9 and third.counts["removed"] == 1
    with Store(out / "framelens.db") as store:
        states = store.states()
        assert states["orwellian_op_ed.md"].status == "removed"
        assert len(store.runs()) == 3

    full = run(sample_copy, out, full=True)
    assert full.counts["changed"] == 10 and full.counts["unchanged"] == 0


def test_run_bad_inputs_are_recorded_and_exit_1(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_original.txt").write_text("The court blacklist limits travel for debtors.\n\nCompanies face inspections.")
    (corpus / "b_copy.txt").write_text("The court blacklist limits travel for debtors.\n\nCompanies face inspections.")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "huge.txt").write_text("word " * 1_100_000)  # a 5.5 MB single paragraph
    (corpus / "utf16.txt").write_bytes("Sesame Credit is run by Ant Group.".encode("utf-16"))
    result = run(corpus, tmp_path / "out")
    assert result.exit_code == 1
    problems = {d["doc_id"]: d for d in result.problems}
    assert set(problems) == {"b_copy.txt", "empty.txt", "huge.txt"}  # the first in file order is kept
    assert problems["b_copy.txt"]["reason"] == "duplicate of a_original.txt"
    assert problems["b_copy.txt"]["duplicate_of"] == "a_original.txt"
    assert "over the 1,000,000 limit" in problems["huge.txt"]["reason"]
    index = (tmp_path / "out" / "latest" / "index.html").read_text()
    assert "duplicate of a_original.txt" in index and "empty file" in index
    with Store(tmp_path / "out" / "framelens.db") as store:
        assert store.states()["utf16.txt"].status == "ok"


def test_run_keeps_history_with_retention(sample_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    for n in range(3):
        path = sample_copy / "mixed_feature.txt"
        path.write_text(path.read_text() + f"\nA closing line added by edit {n}.\n")
        run(sample_copy, out, keep=2)
    runs = sorted(p.name for p in (out / "runs").iterdir())
    assert len(runs) == 2
    assert (out / "latest").resolve().name == runs[-1]


def test_cli_run_then_status_json(sample_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run_cli("run", str(sample_copy), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "11 new" in result.stderr
    status = run_cli("status", "--out", str(out), "--json")
    data = json.loads(status.stdout)
    assert set(data) == {"documents", "runs"}
    assert len(data["documents"]) == 11 and data["runs"][0]["status"] == "ok"
    assert data["runs"][0]["versions"]["model"].startswith("en_core_web_sm")


@needs_shared
def test_run_seed_corpus_flags_boilerplate(tmp_path: Path):
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    result = run(corpus, tmp_path / "out")
    assert result.exit_code == 0
    passages = load(tmp_path / "out" / "framelens.db", ("passages",))["passages"]
    assert ((passages["doc_id"].str.startswith("001")) & (passages["is_duplicate"] == 1)).sum() == 3


def test_run_with_two_processes_gives_the_same_tables(sample_copy: Path, tmp_path: Path):
    one = run(sample_copy, tmp_path / "one")
    two = run(sample_copy, tmp_path / "two", jobs=2)
    assert one.words == two.words > 0
    tables = {"entities": ["doc_id", "passage_idx", "start", "end", "label", "canonical"],
              "passages": ["doc_id", "passage_idx", "start", "end", "kind", "is_boilerplate", "is_duplicate"],
              "documents": ["doc_id", "status", "content_hash", "n_words", "n_passages"]}
    first, second = (load(tmp_path / name / "framelens.db", tuple(tables)) for name in ("one", "two"))
    for name, columns in tables.items():
        a, b = (t[name][columns].sort_values(columns).reset_index(drop=True) for t in (first, second))
        assert a.equals(b), name


def test_run_stores_sanctions_and_claims_and_a_new_pack_reanalyses(sample_copy: Path, tmp_path: Path):
    from framelens.domain import BUNDLED

    out = tmp_path / "out"
    run(sample_copy, out)
    t = load(out / "framelens.db", ("sanctions", "claims"))
    sanctions, claims = t["sanctions"], t["claims"]
    assert {"travel_ban_flights", "travel_ban_trains"} <= set(sanctions[sanctions["doc_id"] == "tables/briefs.jsonl#brief-2024-02"]["type"])
    assert {"Lena Fischer", "Martin Vogel"} <= set(claims[claims["type"] == "attributed"]["speaker"])
    pack = tmp_path / "mine.toml"
    pack.write_text((BUNDLED / "social_credit.toml").read_text() + '\n[sanctions.pet_ban]\npolarity = "punishment"\nobjects = ["dog"]\n')
    again = run(sample_copy, out, domain=str(pack))
    assert again.counts["changed"] == 11  # a new pack is a new fingerprint


def test_first_batch_keeps_its_words_and_later_batches_free_theirs():
    """The first batch of a process runs outside ``nlp.memory_zone()`` (its common words stay
    in the vocabulary); every later batch's new strings are freed with its zone."""
    import subprocess
    import sys

    script = """
from framelens.domain import load_pack
from framelens.nlp.annotate import PassageText, annotate, get_pipeline, load_pipeline
from framelens.nlp.spacy_model import resolve_model
key = load_pipeline(resolve_model(None), load_pack())
first = annotate([PassageText("a", 0, 0, "Zorblatt officials frobnicated the blacklist.")], key)
later = annotate([PassageText("b", 0, 0, "Quuxwell regulators snargled the courts.")], key)
strings = get_pipeline(key).vocab.strings
print(first.n_words, later.n_words, *(w in strings for w in ("Zorblatt", "frobnicated", "Quuxwell", "snargled")))
"""
    # A fresh process, as a worker starts.
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["5", "5", "True", "True", "False", "False"]


def test_metadata_corrected_without_a_text_change_is_stored(sample_copy: Path, tmp_path: Path):
    """A corrected title or date in the front matter shows up in the next run, with no re-analysis."""
    out = tmp_path / "out"
    run(sample_copy, out)
    path = sample_copy / "mythbusting.md"
    text = path.read_text(encoding="utf-8")
    front, body = text.split("---\n", 2)[1:]
    front = "\n".join(line for line in front.splitlines() if not line.startswith(("title:", "date:")))
    path.write_text(f"---\n{front}\ntitle: A corrected title\ndate: 5 March 2021\n---\n{body}", encoding="utf-8")
    again = run(sample_copy, out)
    assert again.counts["unchanged"] == 11 and again.words == 0
    assert again.report_kept is None and "A corrected title" in (out / "latest" / "index.html").read_text(encoding="utf-8")
    documents = load(out / "framelens.db", ("documents",))["documents"].set_index("doc_id")
    assert documents.loc["mythbusting.md", "title"] == "A corrected title"
    assert documents.loc["mythbusting.md", "date"] == "2021-03-05"
    assert documents.loc["mythbusting.md", "date_precision"] == "day"


def test_a_run_with_nothing_changed_keeps_the_last_report(sample_copy: Path, tmp_path: Path):
    """A nightly re-run with nothing new re-renders nothing; another configuration, or any change, does."""
    out = tmp_path / "out"
    first = run(sample_copy, out)
    page = out / "latest" / "index.html"
    written = page.stat().st_mtime_ns
    again = run(sample_copy, out)
    assert again.report_kept == first.run_id and again.counts["unchanged"] == 11
    assert [p.name for p in (out / "runs").iterdir()] == [first.run_id] and page.stat().st_mtime_ns == written
    with Store(out / "framelens.db") as store:
        assert [r["status"] for r in store.runs()] == ["ok", "ok"]  # the run itself is recorded
    other = run(sample_copy, out, report_by=("outlet",))  # other report options: a new report
    assert other.report_kept is None and (out / "latest").resolve().name == other.run_id
    (sample_copy / "mythbusting.md").unlink()
    removed = run(sample_copy, out, report_by=("outlet",))
    assert removed.report_kept is None and (out / "latest").resolve().name == removed.run_id


def test_a_document_the_analysis_fails_on_fails_alone(sample_copy: Path, tmp_path: Path, monkeypatch):
    """An error a document's text sets off in the analysis (a bug) costs that document only: it is
    recorded as failed with the error and analysed again by the next run; its batch's other
    documents are stored, and the run goes on to its report."""
    from framelens.nlp import annotate

    real = annotate.passage_records

    def buggy(doc, **where):
        if "Zorblatt" in doc.text:
            raise IndexError("list index out of range")
        return real(doc, **where)

    (sample_copy / "buggy.md").write_text("# A note\n\nZorblatt officials frobnicated the blacklist.\n", encoding="utf-8")
    monkeypatch.setattr(annotate, "passage_records", buggy)
    out = tmp_path / "out"
    first = run(sample_copy, out)
    assert first.counts["new"] == 12 and first.counts["failed"] == 1 and first.exit_code == 1
    assert (out / "latest" / "index.html").is_file()
    with Store(out / "framelens.db") as store:
        documents = {d["doc_id"]: d for d in store.documents()}
    assert documents["buggy.md"]["status"] == "failed"
    assert "IndexError: list index out of range" in documents["buggy.md"]["reason"]
    assert sum(d["status"] == "ok" for d in documents.values()) == 11
    monkeypatch.setattr(annotate, "passage_records", real)  # the bug fixed: the next run analyses it
    again = run(sample_copy, out)
    assert again.counts["changed"] + again.counts["new"] == 1 and again.counts["failed"] == 0
