"""``framelens_entities``: domain entity patterns over the statistical NER, with aliases.

Runs after ``ner``: pattern matches replace the model's overlapping guesses (Sesame
Credit is a product, not a person), aliases resolve to a canonical name through the
pattern's ``id`` ("President Xi" -> Xi Jinping, read via ``Span._.framelens_canonical``),
and spans the pack lists under ``stop`` (the topic's own name) are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language

from ..domain import DEFAULT_PACK, DomainPack
from .component import PackComponent
from .extensions import canonical_name

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Labels of names, the only ones the junk filters apply to.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "LOC", "FAC", "EVENT", "LAW"})


@Language.factory(
    "framelens_entities",
    default_config={"domain": DEFAULT_PACK},
    assigns=["doc.ents"],
    requires=["doc.ents"],
)
def make_entities(nlp: Language, name: str, *, domain: str) -> EntityPatterns:
    """Factory: ``nlp.add_pipe("framelens_entities", config={"domain": "social_credit"})``."""
    return EntityPatterns(nlp, name, domain=domain)


class EntityPatterns(PackComponent):
    """Applies a domain pack's entity patterns and stop list to ``doc.ents``."""

    def configure(self, pack: DomainPack) -> None:
        from spacy.pipeline import EntityRuler

        ignore_case = pack.entity_case_insensitive
        self.ruler = None if not pack.entity_patterns else EntityRuler(
            self.nlp, name=f"{self.name}_ruler", overwrite_ents=True, phrase_matcher_attr="LOWER" if ignore_case else None
        )
        # Phrase patterns need only the tokenizer: no pipe runs on them (ours are not configured yet).
        if self.ruler is not None:  # a pack without patterns only filters the model's names
            with self.nlp.select_pipes(disable=self.nlp.pipe_names):
                self.ruler.add_patterns([dict(p) for p in pack.entity_patterns])
        self.stop = {canonical_name(s).lower() for s in pack.entity_stop}
        self.places = {p["pattern"] for p in pack.entity_patterns if p["label"] == "GPE" and isinstance(p["pattern"], str)}

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        if self.ruler is not None:
            doc = self.ruler(doc)
        ents = []
        for ent in doc.ents:
            ents += self._split_possessive(ent)
        doc.ents = [ent for ent in ents if self._keep(ent)]
        return doc

    def _split_possessive(self, ent) -> list:
        """"China's Civil Aviation Administration": a place and an organisation."""
        from spacy.tokens import Span

        if ent.label_ == "ORG" and len(ent) > 2 and ent[1].text in ("'s", "’s") and ent[0].text in self.places:
            return [Span(ent.doc, ent.start, ent.start + 1, label="GPE"), Span(ent.doc, ent.start + 2, ent.end, label="ORG")]
        return [ent]

    def _keep(self, ent) -> bool:
        """Whether an entity is a name worth reporting (generic checks, no lists of names)."""
        text = ent.text
        if ent.ent_id_ or ent.label_ not in NAME_LABELS:
            return True  # numbers, dates and pattern matches are kept as they are
        lowered = canonical_name(text).lower()
        if lowered in self.stop or any(stop in lowered for stop in self.stop if " " in stop):
            return False
        if not text[:1].isalnum() or text == text.lower():
            return False  # "’s", "• Shorter", "totalitarian": not names
        if ent.label_ == "ORG" and ent[0].tag_ == "VBG":
            return False  # a title-case heading ("Establishing Trust")
        # A title-case heading or list read as one long name ("Myth 5: Nothing Here Is ...").
        return not any(ch in text for ch in ":\n|()")
