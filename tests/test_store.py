"""The SQLite store: migrations, transactions, incremental state, the lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from framelens.errors import LockedError, StoreError
from framelens.store import Store, store_lock
from framelens.store.migrations import MIGRATIONS
from framelens.types import DocRecords, Document, Entity, Passage, Skip


def a_doc(doc_id: str = "a.txt", text: str = "Some text here.") -> Document:
    return Document(doc_id, doc_id, text, "txt", {"title": "T", "topic": "x"})


def test_store_creates_schema_with_wal_and_version(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert {"runs", "documents", "passages", "entities", "sanctions", "claims"} <= {
            r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }


def test_store_refuses_a_newer_schema(tmp_path: Path):
    path = tmp_path / "s.db"
    Store(path).close()
    sqlite3.connect(path).execute("PRAGMA user_version = 999")
    with pytest.raises(StoreError, match="newer than this framelens"):
        Store(path)


def test_store_refuses_a_file_that_is_not_sqlite(tmp_path: Path):
    path = tmp_path / "s.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(path)


def test_store_missing_store_without_create(tmp_path: Path):
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "none.db", create=False)


def test_store_save_analysed_replaces_rows_without_duplicates(tmp_path: Path):
    doc = a_doc()
    passages = [Passage(doc.doc_id, 0, 0, 15, doc.text)]
    ents = [Entity(doc.doc_id, 0, 0, 4, "Some", "ORG", "Some")]
    with Store(tmp_path / "s.db") as store:
        for _ in range(2):
            store.save_analysed([(doc, passages, DocRecords(entities=ents))], fingerprint="fp", run_id="r1")
        assert len(store.table("passages")) == 1
        assert len(store.table("entities")) == 1
        row = store.documents(with_text=True)[0]
        assert row["title"] == "T" and '"topic": "x"' in row["metadata_json"] and row["text"] == doc.text
        assert store.states()["a.txt"].fingerprint == "fp"


def test_store_failed_transaction_leaves_nothing(tmp_path: Path):
    doc = a_doc()
    bad = [Passage(doc.doc_id, 0, 0, 1, "x"), Passage(doc.doc_id, 0, 0, 1, "x")]  # same primary key
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.save_analysed([(doc, bad, DocRecords())], fingerprint="fp", run_id="r1")
        assert store.documents() == []


def test_store_skip_then_removed(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        store.save_skip(Skip("bad.txt", "bad.txt", "empty file"), "r1")
        store.save_analysed([(a_doc(), [], DocRecords())], fingerprint="fp", run_id="r1")
        assert store.states()["bad.txt"].status == "skipped"
        assert store.mark_removed({"bad.txt"}, "r2") == ["a.txt"]
        assert store.states()["a.txt"].status == "removed"
        assert store.mark_removed({"bad.txt"}, "r3") == []  # already removed


def test_store_unfinished_runs_are_marked_killed(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        store.start_run("r1", {}, "h", "fp", {})
        assert store.fail_unfinished_runs() == 1
        assert store.runs()[0]["status"] == "killed"


def test_store_lock_is_exclusive_and_released(tmp_path: Path):
    path = tmp_path / "s.db"
    with store_lock(path):
        with pytest.raises(LockedError, match="holds the lock") as info:
            with store_lock(path):
                pass
        assert info.value.exit_code == 3
    with store_lock(path):  # released
        pass


def test_store_migration_moves_frame_share_columns_to_rows(tmp_path: Path):
    """A store made before 0005 kept one ``share_<frame>`` column per frame; the shares survive the upgrade."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for _, script in MIGRATIONS[:4]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 4")
    db.execute("ALTER TABLE documents ADD COLUMN share_orwellian REAL")
    db.execute("ALTER TABLE documents ADD COLUMN share_regulatory REAL")
    db.execute("INSERT INTO documents (doc_id, source, status, share_orwellian, share_regulatory)"
               " VALUES ('a', 'a', 'ok', 0.25, 0.75), ('b', 'b', 'skipped', NULL, NULL)")
    db.close()
    with Store(path) as store:
        assert not [c for c in store.columns("documents") if c.startswith("share_")]
        documents = {d["doc_id"]: d for d in store.documents()}
        assert documents["a"]["share_orwellian"] == 0.25 and documents["a"]["share_regulatory"] == 0.75
        assert documents["b"]["share_orwellian"] is None
        assert list(store.table("documents").columns[-2:]) == ["share_orwellian", "share_regulatory"]
