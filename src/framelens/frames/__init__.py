"""Framing with scikit-learn: features, the estimator, cluster discovery, store glue.

Submodules load scikit-learn and spaCy; they are imported on first use, so code that
only asks whether framing is needed (``frames.stage.needs_framing``) stays light.
"""

__all__ = ["FramingResult", "document_shares", "frame_passages"]


def __getattr__(name: str):
    if name in __all__:
        from . import framing

        return getattr(framing, name)
    raise AttributeError(name)
