"""One run per store at a time: an advisory lock the kernel releases if a run dies."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LockedError


@contextmanager
def store_lock(store: Path, *, wait: bool = False) -> Iterator[Path]:
    """Hold ``<store>.lock`` for the duration; raise ``LockedError`` if another run has it.

    ``flock`` locks belong to the open file: a run killed with SIGKILL releases
    its lock at once, so a stale lock file never blocks the next night's run.
    """
    lock_path = store.with_name(store.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise LockedError(
                f"another framelens run (pid {holder}) holds the lock on {store}; "
                "wait for it, or pass --wait to queue behind it"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield lock_path
    finally:
        os.close(fd)
