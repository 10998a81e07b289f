"""One run per store at a time: an advisory lock the kernel releases if a run dies."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LockedError

log = logging.getLogger(__name__)


@contextmanager
def store_lock(store: Path, *, wait: bool = False) -> Iterator[Path]:
    """Hold ``<store>.lock`` for the duration; raise ``LockedError`` if another run has it.

    ``flock`` locks belong to the open file: a run killed with SIGKILL releases
    its lock at once, so a stale lock file never blocks the next night's run.
    """
    lock_path = store.with_name(store.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            alive = holder.isdigit() and _alive(int(holder))
            raise LockedError(
                f"another framelens run (pid {holder}) holds the lock on {store}; "
                "wait for it, or pass --wait to queue behind it"
                if alive or not holder.isdigit() else
                f"the lock on {store} is held by processes of a run (pid {holder}) that is no longer running "
                f"(orphaned workers); stop them (pkill -f framelens) and run again"
            ) from None
        previous = os.pread(fd, 64, 0).decode(errors="replace").strip()
        if previous.isdigit() and int(previous) != os.getpid() and not _alive(int(previous)):
            log.warning("the previous run (pid %s) ended without releasing its lock; taking it over", previous)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _HELD.add(fd)
        yield lock_path
        os.ftruncate(fd, 0)  # released in order: the next run finds no pid, so no "taking over" notice
    finally:
        _HELD.discard(fd)
        os.close(fd)


#: Lock file descriptors this process holds (a forked worker closes its copies).
_HELD: set[int] = set()


def release_inherited() -> None:
    """In a forked worker: close the parent's lock descriptors, so only the parent holds the lock
    (a worker that outlives a killed parent must not keep every later run out)."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
