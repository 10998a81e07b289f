"""Building the framelens spaCy pipeline: a model plus the framelens components."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import DEFAULT_PACK

if TYPE_CHECKING:
    from spacy.language import Language

COMPONENTS = ("framelens_entities", "framelens_sanctions", "framelens_claims", "framelens_frame_cues")


def build_nlp(model: str, domain: str = DEFAULT_PACK) -> Language:
    """Load ``model`` and add the framelens components, configured with ``domain``."""
    from . import claims, entities, frame_cues, sanctions  # noqa: F401  (registers the factories)
    from .model import load_model

    nlp = load_model(model)
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config={"domain": str(domain)})
    return nlp
