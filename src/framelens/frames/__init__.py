"""Framing with scikit-learn: features, the estimator, cluster discovery, store glue."""

from .framing import FramingResult, document_shares, frame_passages

__all__ = ["FramingResult", "document_shares", "frame_passages"]
