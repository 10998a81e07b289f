"""framelens's custom attributes, all in the ``framelens_`` namespace, registered once.

- ``Doc._.framelens_lead_in``: text introducing this passage (e.g. the line before a
  bullet list), set by the caller; sanctions in a list inherit its polarity and modality.
- ``doc.spans["framelens_sanctions"]``: sanction spans, label = type;
  ``Span._.framelens_polarity / _target / _modality / _negated``.
- ``doc.spans["framelens_claims"]``: claim sentences, label = claim type;
  ``Span._.framelens_speaker / _numbers / _hedged``.
- ``doc.spans["framelens_cues"]``: frame cue hits, label = frame;
  ``Span._.framelens_stance`` (endorsed / reported / refuted) and ``_weight``.
- ``Span._.framelens_canonical``: canonical entity name (alias resolved).
"""

from __future__ import annotations

import re

SANCTIONS_KEY = "framelens_sanctions"
CLAIMS_KEY = "framelens_claims"
CUES_KEY = "framelens_cues"

_LEADING_THE = re.compile(r"^(the|The)\s+")
_POSSESSIVE = re.compile(r"(['’]s|['’])$")


def canonical_name(text: str) -> str:
    """A name without a leading article, possessive or stray whitespace and quotes, with one kind
    of apostrophe ("Supreme People’s Court" and "Supreme People's Court" are one name)."""
    name = " ".join(text.replace("’", "'").split())
    name = _POSSESSIVE.sub("", _LEADING_THE.sub("", name))
    return name.strip(" \"'“”‘’") or text


def _canonical(span) -> str:
    return span.ent_id_ or canonical_name(span.text)


def register() -> None:
    """Register the extensions (idempotent; never overwrites another package's)."""
    from spacy.tokens import Doc, Span

    doc_attrs = {"framelens_lead_in": ""}
    span_attrs = {
        "framelens_polarity": None,
        "framelens_target": None,
        "framelens_modality": None,
        "framelens_negated": False,
        "framelens_speaker": None,
        "framelens_numbers": None,
        "framelens_hedged": False,
        "framelens_stance": None,
        "framelens_weight": 1,
    }
    for name, default in doc_attrs.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in span_attrs.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Span.has_extension("framelens_canonical"):
        Span.set_extension("framelens_canonical", getter=_canonical)
