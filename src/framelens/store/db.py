"""The SQLite store: the only module that reads or writes the database.

One file, WAL mode, autocommit connection with explicit ``BEGIN IMMEDIATE``
transactions: a run killed at any moment leaves every document either fully
stored or untouched, and the next run completes the work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..types import METADATA_KEYS, DocRecords, Document, Passage, Skip
from . import migrations
from .reads import CONTENT, Reads, repr_ident

Analysed = tuple[Document, Sequence[Passage], DocRecords]


@dataclass(frozen=True)
class DocState:
    """What the store knows of a document, to decide whether to re-analyse it."""

    content_hash: str | None
    fingerprint: str | None
    status: str
    language: str | None = None  # as found when it was analysed


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def explain(exc: sqlite3.Error) -> str:
    """A storage error in words a sysadmin can act on."""
    text = str(exc)
    low = text.lower()
    if "full" in low:
        return f"{text}: the disk is full; free space and run again (the previous report is kept)"
    if "readonly" in low or "read-only" in low:
        return f"{text}: the store or its folder is read-only; run where it can be written, or use --store"
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return (f"{text}: the store is damaged. `framelens status --check` lists the damage; restore a backup, "
                "or move the file away to start a new store (every document is analysed again)")
    if "disk i/o" in low or "unable to open" in low:
        return f"{text}: the file system failed (disk error, missing folder, or no permission)"
    return text


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; on a read-only file system (no WAL index can be made) the file
    is opened as immutable, which is safe there because nothing can change it."""
    uri = path.resolve().as_uri()
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        db = sqlite3.connect(uri + query, uri=True, isolation_level=None, timeout=30)
        db.row_factory = sqlite3.Row
        try:
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            if "unable to open" not in str(exc) and "readonly" not in str(exc):
                raise
    raise sqlite3.OperationalError("unable to open database file")


class Store(Reads):
    """A framelens store at ``path`` (created and migrated on open; read-only with ``create=False``).

    Writes are here, reads in :class:`~.reads.Reads`; rows are written by column name.
    """

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `framelens run` first or pass --store")
        if self.path.is_file() and self.path.stat().st_size == 0:
            raise StoreError(
                f"the store {self.path} is an empty file (0 bytes): it was truncated or never written. "
                "Restore it from a backup, or delete it to start a new store (every document is analysed again)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            if not create:  # reading only (status, export, report): works on a read-only file system too
                self.db.close()
                self.db = _read_only(self.path)
                self._check_version()
                return
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            migrations.apply(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.path}: {explain(exc)}") from exc
        except OSError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc.strerror or exc}") from exc

    def _check_version(self) -> None:
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        if current > len(migrations.MIGRATIONS):
            raise StoreError(f"the store has schema version {current}, newer than this framelens knows "
                             f"({len(migrations.MIGRATIONS)}); upgrade framelens or use another --store")

    def check(self) -> list[str]:
        """SQLite's own integrity check: [] when the store is sound, else its findings."""
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        return [] if rows == ["ok"] else rows

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside commit together or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- runs ---------------------------------------------------------------
    def start_run(self, run_id: str, config: dict, config_hash: str, fingerprint: str, versions: dict) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO runs (run_id, started, status, config_hash, config_json, fingerprint, versions_json)"
                " VALUES (?, ?, 'running', ?, ?, ?, ?)",
                (run_id, now(), config_hash, json.dumps(config, sort_keys=True), fingerprint, json.dumps(versions)),
            )

    def finish_run(self, run_id: str, status: str, counts: dict[str, int]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished = ?, status = ?, counts_json = ? WHERE run_id = ?",
                (now(), status, json.dumps(counts), run_id),
            )

    def fail_unfinished_runs(self) -> int:
        """Runs left 'running' by a killed process are marked 'killed'."""
        with self.transaction() as db:
            return db.execute("UPDATE runs SET status = 'killed' WHERE status = 'running'").rowcount

    # -- documents ----------------------------------------------------------
    def states(self) -> dict[str, DocState]:
        rows = self.db.execute("SELECT doc_id, content_hash, fingerprint, status, language FROM documents")
        return {r["doc_id"]: DocState(r["content_hash"], r["fingerprint"], r["status"], r["language"]) for r in rows}

    def hash_owner(self, content_hash: str, exclude: str) -> str | None:
        """An analysed document (other than ``exclude``) whose text has this hash."""
        row = self.db.execute(
            "SELECT doc_id FROM documents WHERE content_hash = ? AND status = 'ok' AND doc_id != ?"
            " ORDER BY doc_id LIMIT 1",
            (content_hash, exclude),
        ).fetchone()
        return row["doc_id"] if row else None

    def save_analysed(self, items: Sequence[Analysed], *, fingerprint: str, run_id: str) -> None:
        """Store documents with all their records, one transaction per batch."""
        with self.transaction() as db:
            for doc, passages, records in items:
                self._upsert_document(db, doc, run_id, status="ok", fingerprint=fingerprint, n_passages=len(passages))
                self._delete_records(db, doc.doc_id)
                _insert(db, "passages", [
                    {"doc_id": p.doc_id, "passage_idx": p.idx, "start": p.start, "end": p.end, "kind": p.kind,
                     "page": p.page, "is_boilerplate": int(p.is_boilerplate), "is_duplicate": int(p.is_duplicate),
                     "flag_reason": p.flag_reason, "n_words": len(p.text.split()), "text": p.text,
                     "lemmas": records.lemmas.get(p.idx)}
                    for p in passages])
                span = ("doc_id", "passage_idx", "start", "end", "text")
                _insert(db, "entities", [_fields(e, *span, "label", "canonical") for e in records.entities], ignore=True)
                _insert(db, "sanctions", [{**_fields(s, *span, "type", "polarity", "target", "modality"),
                                           "negated": int(s.negated)} for s in records.sanctions], ignore=True)
                _insert(db, "claims", [{**_fields(c, *span, "type", "speaker"), "numbers_json": json.dumps(list(c.numbers)),
                                        "hedged": int(c.hedged)} for c in records.claims], ignore=True)
                _insert(db, "cues", [_fields(c, *span, "frame", "stance", "weight") for c in records.cues], ignore=True)

    #: Tables whose rows belong to one document and are replaced when it is re-analysed.
    RECORD_TABLES = ("passages", "entities", "sanctions", "claims", "cues", "frames", "embeddings")

    def _delete_records(self, db: sqlite3.Connection, doc_id: str) -> None:
        for table in self.RECORD_TABLES:
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def save_skip(self, skip: Skip, run_id: str, *, duplicate_of: str | None = None, doc: Document | None = None) -> None:
        """Record an input that was not analysed, with its reason; its old rows go."""
        with self.transaction() as db:
            if doc is not None:
                self._upsert_document(db, doc, run_id, status=skip.status, reason=skip.reason, duplicate_of=duplicate_of)
            else:
                db.execute(
                    "INSERT INTO documents (doc_id, source, status, reason, first_run, last_run, changed_run)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(doc_id) DO UPDATE SET source = excluded.source, status = excluded.status,"
                    " reason = excluded.reason, duplicate_of = NULL, content_hash = NULL, fingerprint = NULL,"
                    " last_run = excluded.last_run, changed_run = excluded.changed_run",
                    (skip.doc_id, skip.source, skip.status, skip.reason, run_id, run_id, run_id),
                )
            self._delete_records(db, skip.doc_id)

    def touch(self, doc_ids: Iterable[str], run_id: str) -> None:
        """Mark unchanged documents as seen by this run."""
        with self.transaction() as db:
            db.executemany("UPDATE documents SET last_run = ? WHERE doc_id = ?", [(run_id, d) for d in doc_ids])

    def refresh_metadata(self, metadata: dict[str, dict[str, Any]]) -> int:
        """Metadata read again for documents whose text did not change (a corrected title in
        sources.csv, a date made ISO): stored, the analysis untouched. How many documents' metadata changed."""
        rows = [{**_metadata_columns(meta), "doc_id": doc_id} for doc_id, meta in metadata.items()]
        if not rows:
            return 0
        names = [n for n in rows[0] if n != "doc_id"]
        differs = " OR ".join(f"{n} IS NOT :{n}" for n in names)
        with self.transaction() as db:
            cursor = db.executemany(
                f"UPDATE documents SET {', '.join(f'{n} = :{n}' for n in names)} WHERE doc_id = :doc_id AND ({differs})", rows)
            return max(cursor.rowcount, 0)

    def mark_removed(self, seen: set[str], run_id: str) -> list[str]:
        """Documents not seen by this run become 'removed' (kept for history)."""
        gone = [d for d, s in self.states().items() if d not in seen and s.status != "removed"]
        with self.transaction() as db:
            db.executemany(
                "UPDATE documents SET status = 'removed', reason = 'no longer in the corpus',"
                " fingerprint = NULL, changed_run = ? WHERE doc_id = ?",
                [(run_id, d) for d in gone],
            )
        return gone

    def _upsert_document(
        self,
        db: sqlite3.Connection,
        doc: Document,
        run_id: str,
        *,
        status: str,
        reason: str = "",
        duplicate_of: str | None = None,
        fingerprint: str | None = None,
        n_passages: int = 0,
    ) -> None:
        columns = {
            "doc_id": doc.doc_id, "source": doc.source, "format": doc.fmt, **_metadata_columns(doc.metadata),
            "status": status, "reason": reason,
            "duplicate_of": duplicate_of, "content_hash": doc.content_hash, "fingerprint": fingerprint,
            "n_words": len(doc.text.split()), "n_passages": n_passages, "text": doc.text,
            "first_run": run_id, "last_run": run_id, "changed_run": run_id,
        }
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        updates = ", ".join(f"{k} = excluded.{k}" for k in columns if k not in ("doc_id", "first_run"))
        db.execute(
            f"INSERT INTO documents ({names}) VALUES ({marks}) ON CONFLICT(doc_id) DO UPDATE SET {updates}",
            list(columns.values()),
        )

    # -- framing ------------------------------------------------------------

    def framing_inputs(self, doc_ids: Sequence[str] | None = None) -> tuple[Any, Any]:
        """(passages, cues) DataFrames of the content passages (of ``doc_ids``, else all), in key order."""
        import pandas as pd

        where = ""
        if doc_ids is not None:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (doc_id TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM chosen")
            self.db.executemany("INSERT OR IGNORE INTO chosen VALUES (?)", [(d,) for d in doc_ids])
            where = " AND d.doc_id IN (SELECT doc_id FROM chosen)"
        passages = pd.read_sql_query(
            "SELECT p.doc_id, p.passage_idx, p.kind, p.n_words, p.lemmas, p.text "
            + CONTENT + where + " ORDER BY p.doc_id, p.passage_idx",
            self.db,
        )
        cues = pd.read_sql_query(
            "SELECT c.doc_id, c.passage_idx, c.start, c.end, c.text, c.frame, c.stance, c.weight"
            " FROM cues c JOIN documents d USING (doc_id) WHERE d.status = 'ok'" + where
            + " ORDER BY c.doc_id, c.passage_idx, c.start",
            self.db,
        )
        return passages, cues

    def labelled_passages(self) -> Any:
        """Content passages with their frame, probability and who labelled them (a DataFrame)."""
        import pandas as pd

        return pd.read_sql_query(
            "SELECT p.doc_id, p.passage_idx, p.text, p.n_words, p.kind, f.frame, f.probability, f.labelled_by"
            " FROM passages p JOIN documents d USING (doc_id)"
            " JOIN frames f ON f.doc_id = p.doc_id AND f.passage_idx = p.passage_idx"
            " WHERE d.status = 'ok' ORDER BY p.doc_id, p.passage_idx",
            self.db,
        )

    def content_documents(self, *, unframed: bool = False) -> list[tuple[str, int]]:
        """(doc_id, content passages) of analysed documents; ``unframed``: only those with no frames rows."""
        extra = " AND NOT EXISTS (SELECT 1 FROM frames f WHERE f.doc_id = d.doc_id)" if unframed else ""
        return [tuple(r) for r in self.db.execute(
            "SELECT d.doc_id, COUNT(*) " + CONTENT + extra + " GROUP BY d.doc_id ORDER BY d.doc_id")]

    def save_frame_rows(self, labels: Any, documents: Any, run_id: str) -> None:
        """Replace the labels and shares of the documents in ``labels`` (one batch), atomically."""
        with self.transaction() as db:
            db.executemany("DELETE FROM frames WHERE doc_id = ?", [(d,) for d in sorted(set(labels["doc_id"]))])
            self._write_labels(db, labels, documents, run_id)

    def save_framing_row(self, run_id: str, mode: str, n_passages: int, details: dict[str, Any], model: bytes | None) -> None:
        """Record a framing step that labelled passages without a new fit (the model it used is kept)."""
        with self.transaction() as db:
            db.execute("DELETE FROM frames WHERE doc_id NOT IN (SELECT doc_id FROM documents WHERE status = 'ok')")
            self._record_framing(db, run_id, mode, n_passages, details, model)

    @staticmethod
    def _write_labels(db: sqlite3.Connection, labels: Any, documents: Any, run_id: str) -> None:
        """Insert passage labels and set the documents' shares and dominant frame."""
        import pandas as pd

        by = labels["labelled_by"].tolist() if "labelled_by" in labels else ["model"] * len(labels)
        _insert(db, "frames", [
            {"doc_id": r.doc_id, "passage_idx": int(r.passage_idx), "frame": r.frame, "probability": float(r.probability),
             "stance": r.stance, "cluster_id": None if pd.isna(r.cluster_id) else int(r.cluster_id),
             "evidence_json": r.evidence_json, "run_id": run_id, "labelled_by": who}
            for r, who in zip(labels.itertuples(index=False), by)])
        for row in documents.to_dict("records"):
            db.execute("UPDATE documents SET dominant_frame = ? WHERE doc_id = ?", (row["dominant_frame"], row["doc_id"]))
            db.execute("DELETE FROM document_frames WHERE doc_id = ?", (row["doc_id"],))
            _insert(db, "document_frames", [{"doc_id": row["doc_id"], "frame": c.removeprefix("share_"), "share": row[c]}
                                            for c in row if c.startswith("share_") and row[c] is not None])

    def _record_framing(self, db: sqlite3.Connection, run_id: str, mode: str, n_passages: int,
                        details: dict[str, Any], model: bytes | None) -> None:
        """One row per framing step (its mode, details and model); the last ``KEEP_MODELS`` are kept."""
        _insert(db, "framing", [{"run_id": run_id, "mode": mode, "n_passages": n_passages,
                                 "seconds": details.get("seconds", 0.0), "details_json": json.dumps(details, default=str),
                                 "model": model}], replace=True)
        db.execute(
            "DELETE FROM framing WHERE run_id NOT IN (SELECT run_id FROM framing ORDER BY run_id DESC LIMIT ?)",
            (self.KEEP_MODELS,),
        )

    def clusters(self) -> list[dict[str, Any]]:
        """Discovered clusters with their term profiles (retired ones too: their ids stay taken)."""
        rows = self._rows("SELECT * FROM clusters ORDER BY cluster_id")
        for row in rows:
            row["profile"] = json.loads(row["centroid_json"])
        return rows

    def embeddings(self, model: str) -> dict[tuple[str, int], bytes]:
        rows = self.db.execute("SELECT doc_id, passage_idx, vector FROM embeddings WHERE model = ?", (model,))
        return {(r["doc_id"], r["passage_idx"]): r["vector"] for r in rows}

    def save_embeddings(self, model: str, vectors: Iterable[tuple[str, int, bytes]]) -> None:
        with self.transaction() as db:
            _insert(db, "embeddings", [{"doc_id": d, "passage_idx": i, "model": model, "vector": v} for d, i, v in vectors],
                    replace=True)

    #: Fitted framing models kept in the store (each report folder has its own copy too).
    KEEP_MODELS = 10

    def save_framing(self, result: Any, run_id: str, model_bytes: bytes) -> None:
        """Replace every passage label, cluster and document share with ``result``'s, atomically."""
        with self.transaction() as db:
            db.execute("DELETE FROM frames")
            db.execute("DELETE FROM document_frames")
            db.execute("UPDATE documents SET dominant_frame = NULL")
            self._write_labels(db, result.passages, result.documents, run_id)
            self._save_clusters(db, result, run_id)
            self._record_framing(db, run_id, result.mode, len(result.passages), result.details, model_bytes)

    def _save_clusters(self, db: sqlite3.Connection, result: Any, run_id: str) -> None:
        discovery = result.discovery
        db.execute("UPDATE clusters SET status = 'retired', size = 0, last_run = ? WHERE status != 'retired'", (run_id,))
        if discovery is None:
            return
        keys = list(zip(result.passages["doc_id"], result.passages["passage_idx"]))
        for c in discovery.clusters:
            examples = [{"doc_id": keys[r][0], "passage_idx": int(keys[r][1])} for r in c.examples]
            db.execute(
                "INSERT INTO clusters (cluster_id, status, frame, frame_share, size, top_terms_json, examples_json,"
                " centroid_json, similarity, first_run, last_run) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(cluster_id) DO UPDATE SET status = excluded.status, frame = excluded.frame,"
                " frame_share = excluded.frame_share, size = excluded.size, top_terms_json = excluded.top_terms_json,"
                " examples_json = excluded.examples_json, centroid_json = excluded.centroid_json,"
                " similarity = excluded.similarity, last_run = excluded.last_run",
                (c.cluster_id, c.status, c.frame, c.frame_share, c.size, json.dumps(c.top_terms),
                 json.dumps(examples), json.dumps(c.profile), c.similarity, run_id, run_id),
            )

    def latest_framing(self) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM framing ORDER BY run_id DESC LIMIT 1").fetchone()
        return dict(row) if row else None


def _insert(db: sqlite3.Connection, table: str, rows: Sequence[dict[str, Any]], *,
            ignore: bool = False, replace: bool = False) -> None:
    """Insert rows by column name (never by position, which changes with the schema)."""
    if not rows:
        return
    names = list(rows[0])
    verb = "INSERT OR IGNORE" if ignore else "INSERT OR REPLACE" if replace else "INSERT"
    db.executemany(
        f"{verb} INTO {table} ({', '.join(repr_ident(n) for n in names)}) VALUES ({', '.join('?' * len(names))})",
        [[r[n] for n in names] for r in rows])


def _fields(record: Any, *names: str) -> dict[str, Any]:
    return {n: getattr(record, n) for n in names}


def _metadata_columns(metadata: dict[str, Any]) -> dict[str, Any]:
    """A document's metadata as stored: the common keys in their own columns, the rest as JSON."""
    extra = {k: v for k, v in metadata.items() if k not in METADATA_KEYS}
    return {**{k: _text(metadata.get(k)) for k in METADATA_KEYS}, "metadata_json": json.dumps(extra, default=str, sort_keys=True)}


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
