"""One exception family. Only the CLI turns these into exit codes."""

from __future__ import annotations


class FramelensError(Exception):
    """Root of every error framelens raises on purpose."""

    exit_code = 2


class ConfigError(FramelensError):
    """A usage or configuration problem: bad option, bad domain pack, bad path."""


class ModelError(ConfigError):
    """No spaCy model could be loaded."""


class StoreError(FramelensError):
    """The store cannot be opened or is from a newer framelens."""


class LockedError(FramelensError):
    """Another run holds the lock on this store."""

    exit_code = 3


class DocumentError(FramelensError):
    """One input document cannot be read. Recorded as a skip; never ends a batch.

    Args:
        reason: plain-English reason shown in ``status`` and the report.
        status: ``skipped`` (nothing to analyse) or ``failed`` (could not be read).
    """

    def __init__(self, reason: str, status: str = "skipped") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
