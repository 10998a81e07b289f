"""``framelens evaluate``: scores against a gold file in the shared gold format."""

from __future__ import annotations

from .corpus_framing import evaluate_framing
from .extraction import evaluate_extraction

__all__ = ["evaluate_extraction", "evaluate_framing"]
