"""A one-line progress display on stderr: shown only on a terminal and without -q."""

from __future__ import annotations

import sys
import time

import click


class ProgressLine:
    """Counts ``ingested`` and ``analysed`` documents; redraws at most 10 times a second."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.counts = {"ingested": 0, "analysed": 0}
        self.started = time.monotonic()
        self._drawn = 0.0

    def __call__(self, event: str, n: int) -> None:
        self.counts[event] = self.counts.get(event, 0) + n
        now = time.monotonic()
        if self.enabled and now - self._drawn > 0.1:
            self._drawn = now
            line = (
                f"\rread {self.counts['ingested']:,} inputs · analysed {self.counts['analysed']:,} documents"
                f" · {now - self.started:,.0f}s "
            )
            click.echo(line, err=True, nl=False)

    def close(self) -> None:
        if self.enabled and self._drawn:
            click.echo("\r\033[K", err=True, nl=False)
