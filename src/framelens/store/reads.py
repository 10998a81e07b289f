"""The store's read API: every query the framing, evaluation, report and export read with.

Methods return plain rows (dicts) or DataFrames, never a cursor to build SQL on, so
no module outside ``store/`` holds a SQL statement. Mixed into :class:`~.db.Store`.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: Passages the framing reads: analysed, neither boilerplate nor repeats, of current documents.
CONTENT = (
    "FROM passages p JOIN documents d USING (doc_id)"
    " WHERE d.status = 'ok' AND p.is_boilerplate = 0 AND p.is_duplicate = 0"
)
#: Columns of a table that stay in the store (models, vectors), never exported.
BINARY = {"framing": ("model",), "embeddings": ("vector",)}


class Reads:
    """Read queries, grouped by what reads them."""

    db: sqlite3.Connection

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples zipped with the column names: faster than dict(Row)
        cursor.execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, r)) for r in cursor]

    def columns(self, table: str) -> list[str]:
        return [r["name"] for r in self.db.execute(f"PRAGMA table_info({table})")]

    # -- whole tables ---------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """A whole table as a DataFrame, binary columns left out; ``documents`` with its frame shares."""
        import pandas as pd

        columns = [c for c in self.columns(name) if c not in BINARY.get(name, ())]
        frame = pd.read_sql_query(f"SELECT {', '.join(repr_ident(c) for c in columns)} FROM {name}", self.db)
        if name == "documents":
            shares = self.document_shares()
            for frame_name in self.share_frames():
                frame[f"share_{frame_name}"] = frame["doc_id"].map(lambda d, f=frame_name: shares.get(d, {}).get(f))
        return frame

    def documents(self, *, with_text: bool = False) -> list[dict[str, Any]]:
        """Every document (any status), in doc_id order, with ``share_<frame>`` keys."""
        cols = "*" if with_text else ", ".join(c for c in self.columns("documents") if c != "text")
        rows = self._rows(f"SELECT {cols} FROM documents ORDER BY doc_id")
        shares = self.document_shares()
        frames = self.share_frames()
        for row in rows:
            mine = shares.get(row["doc_id"], {})
            row.update({f"share_{f}": mine.get(f) for f in frames})
        return rows

    def document_shares(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self._rows("SELECT doc_id, frame, share FROM document_frames"):
            out[r["doc_id"]][r["frame"]] = r["share"]
        return out

    def share_frames(self) -> list[str]:
        """The frames documents have shares of, in the domain pack's order (the order they are written in)."""
        return [r["frame"] for r in self._rows("SELECT frame FROM document_frames GROUP BY frame ORDER BY MIN(rowid)")]

    def runs(self, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM runs ORDER BY started DESC, rowid DESC"
        return self._rows(sql + (f" LIMIT {int(limit)}" if limit else ""))

    def run_record(self, run_id: str) -> dict[str, Any] | None:
        """One run's row of the manifest, or None."""
        rows = self._rows("SELECT * FROM runs WHERE run_id = ?", (run_id,))
        return rows[0] if rows else None

    def texts(self) -> dict[str, str]:
        """The clean text of every analysed (ok) document."""
        return {r["doc_id"]: r["text"] for r in self._rows("SELECT doc_id, text FROM documents WHERE status = 'ok'")}

    def ok_documents(self) -> set[str]:
        return {r["doc_id"] for r in self._rows("SELECT doc_id FROM documents WHERE status = 'ok'")}

    def passage_spans(self) -> dict[str, list[tuple[int, int, int]]]:
        """(start, end, idx) of every passage, by document."""
        out: dict[str, list[tuple[int, int, int]]] = {}
        for r in self._rows("SELECT doc_id, passage_idx, start, end FROM passages ORDER BY doc_id, passage_idx"):
            out.setdefault(r["doc_id"], []).append((r["start"], r["end"], r["passage_idx"]))
        return out

    def passage_labels(self) -> dict[tuple[str, int], dict[str, Any]]:
        """Every passage label (the frames table), by (doc_id, passage_idx)."""
        return {(r["doc_id"], r["passage_idx"]): r for r in self._rows("SELECT * FROM frames")}

    def labelled_in(self) -> dict[str, str]:
        """The last run that labelled each document's passages."""
        return {r["doc_id"]: r["run"] for r in self._rows("SELECT doc_id, MAX(run_id) AS run FROM frames GROUP BY doc_id")}

    def framed_passages(self) -> Iterator[sqlite3.Row]:
        """Content passages of ok documents with their frame ('' if none), in key order; streamed."""
        return self.db.execute(
            "SELECT p.doc_id, p.passage_idx, p.start, p.kind, p.text, COALESCE(f.frame, '') AS frame"
            " FROM passages p JOIN documents d USING (doc_id) LEFT JOIN frames f USING (doc_id, passage_idx)"
            " WHERE d.status = 'ok' AND p.is_boilerplate = 0 AND p.is_duplicate = 0"
            " ORDER BY p.doc_id, p.passage_idx"
        )

    def framing_history(self, limit: int = 2) -> list[dict[str, Any]]:
        """The last framing steps, newest first (without their models)."""
        return self._rows("SELECT run_id, mode, details_json FROM framing ORDER BY run_id DESC LIMIT ?", (limit,))

    # -- corpus figures ---------------------------------------------------------------------
    def stance_counts(self) -> dict[str, dict[str, int]]:
        """Passages per stance (other than 'none'), by document."""
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for r in self._rows("SELECT doc_id, stance, COUNT(*) AS n FROM frames WHERE stance != 'none' GROUP BY doc_id, stance"):
            out[r["doc_id"]][r["stance"]] = r["n"]
        return out

    def sanction_counts(self) -> dict[str, int]:
        """Sanctions that are not negated, by document."""
        return {r["doc_id"]: r["n"] for r in self._rows(
            "SELECT doc_id, COUNT(*) AS n FROM sanctions WHERE negated = 0 GROUP BY doc_id")}

    def claim_counts(self) -> dict[str, int]:
        return {r["doc_id"]: r["n"] for r in self._rows("SELECT doc_id, COUNT(*) AS n FROM claims GROUP BY doc_id")}

    def sanction_cells(self) -> list[dict[str, Any]]:
        """Sanctions (not negated) of ok documents counted by document, type, polarity and modality."""
        return self._rows(
            "SELECT s.doc_id, s.type, s.polarity, s.modality, MIN(s.passage_idx) AS passage_idx, COUNT(*) AS n"
            " FROM sanctions s JOIN documents d USING (doc_id) WHERE d.status = 'ok' AND s.negated = 0"
            " GROUP BY s.doc_id, s.type, s.polarity, s.modality"
        )

    def speaker_rows(self, doc_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Claims with a named speaker, counted by speaker, document and frame of the passage."""
        where, params = "", ()
        if doc_ids is not None:
            where = f" AND c.doc_id IN ({','.join('?' * len(doc_ids))})"
            params = tuple(doc_ids)
        return self._rows(
            "SELECT c.speaker, c.doc_id, MIN(c.passage_idx) AS passage_idx, COUNT(*) AS claims,"
            " SUM(c.text LIKE '%\"%' OR c.text LIKE '%“%') AS quotes, COALESCE(f.frame, '') AS frame, d.title"
            " FROM claims c JOIN documents d USING (doc_id) LEFT JOIN frames f USING (doc_id, passage_idx)"
            " WHERE d.status = 'ok' AND c.speaker IS NOT NULL" + where +
            " GROUP BY c.speaker, c.doc_id, f.frame", params,
        )

    def corpus_entities(self, limit: int = 25) -> list[dict[str, Any]]:
        """The entities named by most documents."""
        return self._rows(
            "SELECT e.canonical, e.label, COUNT(*) AS mentions, COUNT(DISTINCT e.doc_id) AS documents"
            " FROM entities e JOIN documents d USING (doc_id) WHERE d.status = 'ok'"
            " GROUP BY e.canonical, e.label ORDER BY documents DESC, mentions DESC, e.canonical LIMIT ?",
            (limit,),
        )

    def active_clusters(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM clusters WHERE status != 'retired' ORDER BY size DESC, cluster_id")

    def passage_with_title(self, doc_id: str, passage_idx: int) -> dict[str, Any] | None:
        rows = self._rows(
            "SELECT p.text, d.title FROM passages p JOIN documents d USING (doc_id)"
            " WHERE p.doc_id = ? AND p.passage_idx = ?", (doc_id, passage_idx),
        )
        return rows[0] if rows else None

    def group_sanctions(self, doc_ids: Sequence[str], limit: int = 12) -> list[dict[str, Any]]:
        """The sanction types most documents of a group rely on, actual and possible."""
        marks = ",".join("?" * len(doc_ids))
        return self._rows(
            f"SELECT type, polarity, SUM(modality = 'actual') AS actual, SUM(modality != 'actual') AS possible,"
            f" COUNT(DISTINCT doc_id) AS documents FROM sanctions WHERE negated = 0 AND doc_id IN ({marks})"
            " GROUP BY type, polarity ORDER BY documents DESC, actual + possible DESC, type LIMIT ?",
            (*doc_ids, limit))

    def group_claims(self, doc_ids: Sequence[str]) -> dict[str, int]:
        """Claims per type in a group of documents."""
        marks = ",".join("?" * len(doc_ids))
        return {r["type"]: r["n"] for r in self._rows(
            f"SELECT type, COUNT(*) AS n FROM claims WHERE doc_id IN ({marks}) GROUP BY type ORDER BY type", doc_ids)}

    # -- one document ----------------------------------------------------------------------
    def document_passages(self, doc_id: str) -> list[dict[str, Any]]:
        """A document's passages with their labels, in order."""
        return self._rows(
            "SELECT p.*, f.frame, f.probability, f.stance, f.cluster_id, f.labelled_by FROM passages p"
            " LEFT JOIN frames f USING (doc_id, passage_idx) WHERE p.doc_id = ? ORDER BY p.passage_idx", (doc_id,))

    def document_spans(self, doc_id: str) -> dict[str, list[dict[str, Any]]]:
        """The marked spans of a document: entities, sanctions and cues."""
        args = (doc_id,)
        return {
            "entity": self._rows("SELECT passage_idx, start, end, label, canonical FROM entities WHERE doc_id = ?", args),
            "sanction": self._rows("SELECT passage_idx, start, end, type, polarity, modality, negated, target"
                                   " FROM sanctions WHERE doc_id = ?", args),
            "cue": self._rows("SELECT passage_idx, start, end, frame, stance FROM cues WHERE doc_id = ?", args),
        }

    def document_claims(self, doc_id: str) -> list[dict[str, Any]]:
        return self._rows("SELECT passage_idx, start, end, text, type, speaker, hedged FROM claims"
                          " WHERE doc_id = ? ORDER BY start", (doc_id,))

    def document_entities(self, doc_id: str, limit: int) -> list[dict[str, Any]]:
        """A document's most named entities, each with its first passage."""
        return self._rows(
            "SELECT canonical, label, COUNT(*) AS n, MIN(passage_idx) AS passage_idx FROM entities WHERE doc_id = ?"
            " GROUP BY canonical, label ORDER BY n DESC, canonical LIMIT ?", (doc_id, limit))


def repr_ident(name: str) -> str:
    """A column name quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'
