"""Store: SQLite schema, migrations, load/save and the run lock."""

from __future__ import annotations

from .db import DocState, Store
from .lock import store_lock

__all__ = ["DocState", "Store", "store_lock"]
