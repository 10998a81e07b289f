"""Report: context building, Jinja2 templates, atomic writing."""

from __future__ import annotations

from .write import write_comparison, write_report

__all__ = ["write_comparison", "write_report"]
