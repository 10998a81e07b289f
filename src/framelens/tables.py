"""Every table of a store as pandas DataFrames: ``framelens.load`` and ``framelens export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

#: Exported tables, in the order a reader meets them. Binary columns (models, vectors) stay in the store.
#: ``statements`` (claims across sources: sentences per topic, with frame, negation and
#: figures) is derived from the passages with the last run's domain pack.
TABLES = (
    "documents", "passages", "frames", "cues", "entities", "sanctions", "claims", "statements", "clusters", "runs",
    "framing",
)
FORMATS = ("csv", "jsonl", "parquet")


def load(store: str | Path, tables: tuple[str, ...] = TABLES) -> dict[str, pd.DataFrame]:
    """Read the tables of a framelens store (``reports/framelens.db``) as DataFrames.

    Example::

        import framelens
        t = framelens.load("reports/framelens.db")
        t["documents"][["title", "share_orwellian", "share_regulatory", "dominant_frame"]]
        t["frames"].merge(t["passages"], on=["doc_id", "passage_idx"])
    """
    from .store import Store

    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise ConfigError(f"unknown table(s) {', '.join(unknown)}; tables: {', '.join(TABLES)}")
    out = {}
    with Store(store, create=False) as s:
        for name in tables:
            if name == "statements":
                out[name] = _statements(s)
                continue
            out[name] = s.table(name)
    return out


def _statements(store) -> pd.DataFrame:
    import json
    from dataclasses import asdict, fields

    import pandas as pd

    from .domain import load_pack
    from .frames.topics import Statement, statements

    runs = store.runs(limit=1)
    pack = load_pack(json.loads(runs[0]["config_json"]).get("domain", "social_credit")) if runs else None
    rows = [asdict(s) for s in statements(store.framed_passages(), pack)] if pack else []
    names = [f.name for f in fields(Statement)]
    frame = pd.DataFrame(rows, columns=["topic", *(n for n in names if n != "topic")])  # the topic first
    frame["figures"] = frame["figures"].map(lambda v: ", ".join(v))
    return frame


def export(store: str | Path, to: Path, fmt: str, tables: tuple[str, ...] = TABLES) -> dict[str, Path]:
    """Write each table to ``to/<table>.<fmt>``; each file is written whole or not at all."""
    import os

    if fmt not in FORMATS:
        raise ConfigError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        from importlib.util import find_spec

        if find_spec("pyarrow") is None:
            raise ConfigError("Parquet export needs pyarrow: pip install pyarrow")
    to.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in load(store, tables).items():
        path = to / f"{name}.{fmt}"
        tmp = to / f".{name}.{fmt}.tmp"
        if fmt == "csv":
            frame.to_csv(tmp, index=False)
        elif fmt == "jsonl":
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
        written[name] = path
    return written
