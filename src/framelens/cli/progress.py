"""Progress on stderr: a bar over the inputs read and a count of documents analysed.

Shown only when stderr is a terminal and without -q; redrawn at most 10 times a second.
"""

from __future__ import annotations

import sys
import time

import click

BAR_WIDTH = 24


class ProgressLine:
    """Receives the pipeline's progress events and draws one line."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.counts = {"inputs": 0, "read": 0, "queued": 0, "analysed": 0}
        self.started = time.monotonic()
        self._drawn = 0.0

    def __call__(self, event: str, n: int) -> None:
        self.counts[event] = self.counts.get(event, 0) + n
        now = time.monotonic()
        if self.enabled and now - self._drawn > 0.1:
            self._drawn = now
            click.echo("\r" + self.render(now), err=True, nl=False)

    def render(self, now: float) -> str:
        c = self.counts
        total = max(c["inputs"], 1)
        filled = int(BAR_WIDTH * min(c["read"], total) / total)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        return (
            f"ingest [{bar}] {c['read']:,}/{c['inputs']:,} inputs · "
            f"nlp {c['analysed']:,}/{c['queued']:,} documents · "
            + ("framing · " if c.get("framing") else "")
            + f"{now - self.started:,.0f}s "
        )

    def close(self) -> None:
        if self.enabled and self._drawn:
            click.echo("\r\033[K", err=True, nl=False)
