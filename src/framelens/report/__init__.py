"""Report: context building, Jinja2 templates, atomic writing."""

from __future__ import annotations

from .write import latest_run, write_comparison, write_report

__all__ = ["latest_run", "write_comparison", "write_report"]
