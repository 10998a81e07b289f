"""Numbered schema migrations. Append; never edit a released one.

``PRAGMA user_version`` holds the number of the last migration applied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ..errors import StoreError


def _document_frames(db: sqlite3.Connection) -> None:
    """Frame shares move from one ``share_<frame>`` column per frame (added at run time, as
    the domain pack named them) to rows of ``document_frames``: the schema no longer
    depends on the pack."""
    db.execute(
        "CREATE TABLE document_frames ("
        " doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,"
        " frame TEXT NOT NULL, share REAL NOT NULL, PRIMARY KEY (doc_id, frame))"
    )
    shares = [r[1] for r in db.execute("PRAGMA table_info(documents)") if r[1].startswith("share_")]
    for column in shares:
        db.execute(
            f'INSERT INTO document_frames (doc_id, frame, share) SELECT doc_id, ?, "{column}" FROM documents'
            f' WHERE "{column}" IS NOT NULL', (column.removeprefix("share_"),))
        db.execute(f'ALTER TABLE documents DROP COLUMN "{column}"')


#: (name, SQL script or a function given the connection inside the migration's transaction).
MIGRATIONS: list[tuple[str, str | Callable[[sqlite3.Connection], None]]] = [
    (
        "0001_initial",
        """
        CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL,             -- running | ok | partial | failed
            config_hash TEXT NOT NULL,
            config_json TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            versions_json TEXT NOT NULL,      -- framelens, spacy, model, python
            counts_json TEXT                  -- new/changed/unchanged/removed/skipped/failed
        );
        CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            format TEXT,
            title TEXT, outlet TEXT, author TEXT, date TEXT, url TEXT, doc_type TEXT, language TEXT,
            metadata_json TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL,             -- ok | skipped | failed | removed
            reason TEXT NOT NULL DEFAULT '',
            duplicate_of TEXT,
            content_hash TEXT,
            fingerprint TEXT,                 -- set only once its annotations are stored
            n_words INTEGER NOT NULL DEFAULT 0,
            n_passages INTEGER NOT NULL DEFAULT 0,
            text TEXT,
            first_run TEXT,
            last_run TEXT,
            changed_run TEXT                  -- run that last (re)analysed it
        );
        CREATE INDEX documents_hash ON documents(content_hash);
        CREATE TABLE passages (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            passage_idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            kind TEXT NOT NULL,
            page INTEGER,
            is_boilerplate INTEGER NOT NULL,
            is_duplicate INTEGER NOT NULL,
            flag_reason TEXT NOT NULL,
            n_words INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (doc_id, passage_idx)
        );
        CREATE TABLE entities (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            passage_idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            canonical TEXT NOT NULL,
            PRIMARY KEY (doc_id, start, end, label)
        );
        """,
    ),
    (
        "0002_sanctions_claims",
        """
        CREATE TABLE sanctions (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            passage_idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            polarity TEXT NOT NULL,
            target TEXT NOT NULL,
            modality TEXT NOT NULL,
            negated INTEGER NOT NULL,
            PRIMARY KEY (doc_id, start, end, type)
        );
        CREATE TABLE claims (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            passage_idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            speaker TEXT,
            numbers_json TEXT NOT NULL,
            hedged INTEGER NOT NULL,
            PRIMARY KEY (doc_id, start, end)
        );
        CREATE INDEX entities_doc ON entities(doc_id, passage_idx);
        CREATE INDEX sanctions_type ON sanctions(type);
        CREATE INDEX claims_speaker ON claims(speaker)
        """,
    ),
    (
        "0003_framing",
        """
        ALTER TABLE passages ADD COLUMN lemmas TEXT;
        ALTER TABLE documents ADD COLUMN dominant_frame TEXT;
        CREATE TABLE cues (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            passage_idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            frame TEXT NOT NULL,
            stance TEXT NOT NULL,
            weight INTEGER NOT NULL,
            PRIMARY KEY (doc_id, start, end, frame)
        );
        CREATE TABLE frames (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            passage_idx INTEGER NOT NULL,
            frame TEXT NOT NULL,
            probability REAL NOT NULL,
            stance TEXT NOT NULL,
            cluster_id INTEGER,
            evidence_json TEXT NOT NULL,
            run_id TEXT NOT NULL,
            PRIMARY KEY (doc_id, passage_idx)
        );
        CREATE TABLE clusters (
            cluster_id INTEGER PRIMARY KEY,
            status TEXT NOT NULL,
            frame TEXT,
            frame_share REAL,
            size INTEGER NOT NULL,
            top_terms_json TEXT NOT NULL,
            examples_json TEXT NOT NULL,
            centroid_json TEXT NOT NULL,
            similarity REAL,
            first_run TEXT NOT NULL,
            last_run TEXT NOT NULL
        );
        CREATE TABLE framing (
            run_id TEXT PRIMARY KEY,
            mode TEXT NOT NULL,
            n_passages INTEGER NOT NULL,
            seconds REAL NOT NULL,
            details_json TEXT NOT NULL,
            model BLOB
        );
        CREATE TABLE embeddings (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            passage_idx INTEGER NOT NULL,
            model TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (doc_id, passage_idx, model)
        );
        CREATE INDEX cues_doc ON cues(doc_id, passage_idx);
        CREATE INDEX frames_frame ON frames(frame)
        """,
    ),
    (
        "0004_person_labels",
        """
        ALTER TABLE frames ADD COLUMN labelled_by TEXT NOT NULL DEFAULT 'model'
        """,
    ),
    ("0005_document_frames", _document_frames),
    # year | month | day: how much of the (ISO) `date` the source gave. No SQL comment on the
    # line: SQLite re-parses the table with the new column's text, and a comment would eat the ")".
    ("0006_date_precision", "ALTER TABLE documents ADD COLUMN date_precision TEXT"),
]


def apply(connection: sqlite3.Connection) -> list[str]:
    """Apply pending migrations in one transaction each; return the names applied.

    ``connection`` is in autocommit mode; each migration runs in its own
    ``BEGIN IMMEDIATE`` transaction, so a killed upgrade leaves the previous schema.
    """
    current = connection.execute("PRAGMA user_version").fetchone()[0]
    if current > len(MIGRATIONS):
        raise StoreError(
            f"the store has schema version {current}, newer than this framelens knows "
            f"({len(MIGRATIONS)}); upgrade framelens or use another --store"
        )
    applied = []
    for number, (name, step) in enumerate(MIGRATIONS[current:], current + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            if callable(step):
                step(connection)
            else:
                for statement in filter(str.strip, step.split(";")):
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        applied.append(name)
    return applied
