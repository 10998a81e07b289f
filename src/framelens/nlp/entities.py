"""``framelens_entities``: domain entity patterns over the statistical NER, with aliases.

Runs after ``ner``: pattern matches replace the model's overlapping guesses (Sesame
Credit is a product, not a person), aliases resolve to a canonical name through the
pattern's ``id`` ("President Xi" -> Xi Jinping, read via ``Span._.framelens_canonical``),
and spans the pack lists under ``stop`` (the topic's own name) are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language

from ..domain import DEFAULT_PACK, load_pack
from .extensions import canonical_name, register

if TYPE_CHECKING:
    from spacy.tokens import Doc


@Language.factory(
    "framelens_entities",
    default_config={"domain": DEFAULT_PACK},
    assigns=["doc.ents"],
    requires=["doc.ents"],
)
def make_entities(nlp: Language, name: str, *, domain: str) -> EntityPatterns:
    """Factory: ``nlp.add_pipe("framelens_entities", config={"domain": "social_credit"})``."""
    return EntityPatterns(nlp, name, domain=domain)


class EntityPatterns:
    """Applies a domain pack's entity patterns and stop list to ``doc.ents``."""

    def __init__(self, nlp: Language, name: str = "framelens_entities", *, domain: str = DEFAULT_PACK) -> None:
        from spacy.pipeline import EntityRuler

        register()
        self.name = name
        self.pack = load_pack(domain)
        self.ruler = EntityRuler(nlp, name=f"{name}_ruler", overwrite_ents=True)
        self.ruler.add_patterns([dict(p) for p in self.pack.entity_patterns])
        self.stop = {canonical_name(s).lower() for s in self.pack.entity_stop}

    def __call__(self, doc: Doc) -> Doc:
        doc = self.ruler(doc)
        doc.ents = [ent for ent in doc.ents if self._keep(ent)]
        return doc

    def _keep(self, ent) -> bool:
        text = ent.text
        if ent.ent_id_:
            return True
        if canonical_name(text).lower() in self.stop:
            return False
        # A title-case heading read as one long name ("Myth 5: Nothing Here Is ...").
        return not any(ch in text for ch in ":\n|")
