"""``framelens evaluate``: scores against a gold file in the shared gold format."""

from __future__ import annotations

from .extraction import evaluate_extraction
from .framing import evaluate_framing

__all__ = ["evaluate_extraction", "evaluate_framing"]
