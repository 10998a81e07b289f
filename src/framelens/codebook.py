"""The codebook: what each frame, stance and report term means, in plain words.

One source for the report's ``codebook.html`` and for ``framelens domain show``, so the
two never say different things. Frame labels, descriptions and examples come from the
domain pack; the rest explains framelens's own terms for a reader of about sixteen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .domain import DomainPack

STANCES = [
    ("endorsed", "The author says it in their own voice."),
    ("reported", "The text says someone else holds this view (\u201ccritics say\u2026\u201d, \u201caccording to\u2026\u201d, a quotation), "
                 "and does not argue against it."),
    ("refuted", "The text brings the view up in order to reject it (\u201cthis is a myth\u201d, \u201cfar from\u2026\u201d, "
                "\u201cthere is no such\u2026\u201d). Rejecting one frame counts for the frame the pack names as its opposite."),
]

GLOSSARY = [
    ("Frame", "A way of presenting the policy: what the text makes seem most important about it."),
    ("Passage", "A paragraph of a document. Every passage gets one frame."),
    ("\u00b6 (pilcrow)", "\u201c\u00b63\u201d means passage number 3 of a document, counting from 0."),
    ("Cue", "A word or phrase from the domain pack that often signals a frame, shown in bold in the text."),
    ("Sure / likely / unsure", "How often a label like this is right: sure means 80 % or more, likely 60\u201380 %, "
                               "unsure below 60 %. Check the unsure ones yourself first."),
    ("Labelled by a person", "Someone gave this passage its frame by hand; the model did not decide it."),
    ("Share", "The part of a document's words that sit in passages of one frame."),
    ("Dominant frame", "What most of a document does. If more than half of its words frame nothing (they only "
                       "state facts), it is the no-frame label, such as neutral. Otherwise it is the frame with more "
                       "than two thirds of its framed words; failing that, the document is mixed."),
    ("Mixed", "No frame has more than two thirds of the document's framed words."),
    ("Disputed", "Two sources make the same claim differently: one denies what the other says, in much the same "
                 "words, they give different numbers for it, or they give opposite answers to the question "
                 "(answers the domain pack lists for the question, such as \u201cyes\u201d and \u201cnot yet\u201d)."),
    ("Framed differently", "Two sources answer the same question in passages with different frames, or the other "
                           "way round in other words. A difference of presentation, not proof that they disagree "
                           "on a fact: read both passages."),
    ("Discovered framing", "A group of passages that use similar words, found by the computer without labels. "
                           "Shown only when the groups stay the same when the data is shuffled."),
    ("Voice", "A person or organisation the text quotes or cites as a source."),
    ("Claim", "A sentence that states a figure, reports what someone said, or makes a checkable assertion."),
    ("PERSON, ORG, GPE, NORP", "Kinds of names: people; organisations; countries, cities and states; "
                               "nationalities, religious or political groups."),
    ("Macro-F1", "A score from 0 to 1 of how well labels match a person's labels, averaged over the frames "
                 "so a rare frame counts as much as a common one."),
    ("Calibration error", "How far the stated certainty is from how often labels are right (0 is perfect)."),
]


def codebook(pack: DomainPack) -> dict[str, Any]:
    """Frames (with examples), the fallback, stance forms and the glossary."""
    opposite = pack.refuted_as
    frames = []
    for spec in pack.frames.values():
        examples = spec.examples
        frames.append({"name": spec.name, "label": spec.label, "description": spec.description,
                       "examples": [(form, examples[form]) for form, _ in STANCES if examples.get(form)],
                       "refuted_as": opposite.get(spec.name)})
    fallback = {"name": pack.fallback.name, "label": pack.fallback.label,
                "description": pack.fallback.description or "No frame is salient: the passage states facts."}
    glossary = list(GLOSSARY)
    if pack.sanctions:  # a topic without sanctions has no sanction section to explain
        named = ", ".join(s.label.lower() for s in list(pack.sanctions.values())[:3])
        kinds = ", ".join(f"{k.sign} {k.label.lower()}" for k in pack.measure_kinds)
        glossary.insert(glossary.index(next(g for g in GLOSSARY if g[0] == "Voice")), (
            pack.measures_label, f"What the text says the policy does to people or firms ({named}\u2026), "
                                 f"by kind: {kinds}. Actual: said to happen; possible: could, may, planned."))
    return {"pack": pack.name, "frames": frames, "fallback": fallback, "stances": STANCES, "glossary": glossary}


def as_text(book: dict[str, Any]) -> str:
    """The codebook as plain text (``framelens domain show``)."""
    lines = ["FRAMES"]
    for f in book["frames"]:
        lines += [f"  {f['name']} — {f['label']}", f"    {f['description']}"]
        if f["refuted_as"]:
            lines.append(f"    Rejecting this picture counts for: {f['refuted_as']}")
        lines += [f"    e.g. ({form}) {text}" for form, text in f["examples"]]
    fb = book["fallback"]
    lines += [f"  {fb['name']} — {fb['label']}", f"    {fb['description']}", "", "STANCE"]
    lines += [f"  {name}: {text}" for name, text in book["stances"]]
    lines += ["", "TERMS"] + [f"  {term}: {text}" for term, text in book["glossary"]]
    return "\n".join(lines)
