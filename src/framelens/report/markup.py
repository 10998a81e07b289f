"""A passage's text with its entities, sanctions, claims and frame cues marked up as HTML.

Annotations may overlap (a cue inside a claim, a name inside a sanction), so the text is
cut at every annotation boundary and each piece carries the classes of all annotations
covering it. Every piece of text is escaped: document text is always shown, never run.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

from markupsafe import Markup

from ..domain import DEFAULT_KINDS

#: Signs of the default measure kinds (a pack may declare its own, see [measures.kinds]).
SIGNS = {k.name: k.sign for k in DEFAULT_KINDS}


def _spans(kind: str, row: dict[str, Any], signs: dict[str, str]) -> tuple[str, str, str]:
    """(classes, tooltip, visible label after the span) of one annotation."""
    if kind == "cue":
        return (f"cue cue-{row['frame']} st-{row['stance']}", f"{row['frame']} cue, {row['stance']}",
                f"{row['frame']} · {row['stance']}")
    if kind == "sanction":
        sign = signs.get(row["polarity"], "•")
        kind_label = row["type"].replace("_", " ")
        state = "negated" if row["negated"] else row["modality"]
        return (f"sanction pol-{row['polarity']}", f"{row['polarity']}: {kind_label} ({state}; target {row['target']})",
                f"{sign} {kind_label} · {state}")
    if kind == "entity":
        return (f"ent ent-{row['label']}", f"{row['label']}: {row['canonical']}", "")
    if kind == "claim":
        who = f" — {row['speaker']}" if row.get("speaker") else ""
        return ("claim", f"claim ({row['type']}){who}", "")
    raise ValueError(kind)


def mark_passage(text: str, offset: int, annotations: dict[str, list[dict[str, Any]]],
                 signs: dict[str, str] | None = None) -> Markup:
    """``text`` (starting at document offset ``offset``) with ``annotations`` (kind → rows with document offsets);
    ``signs`` marks each measure kind (default: − punishment, + reward)."""
    signs = signs or SIGNS
    items = []
    for kind, rows in annotations.items():
        for row in rows:
            start, end = max(row["start"] - offset, 0), min(row["end"] - offset, len(text))
            if start < end:
                items.append((start, end, *_spans(kind, row, signs)))
    items.sort(key=lambda i: (i[0], -i[1]))  # outer annotations first: stable class order
    cuts = sorted({0, len(text), *(i[0] for i in items), *(i[1] for i in items)})
    labels: dict[int, list[str]] = defaultdict(list)  # where a label goes: after its annotation's end
    for i in items:
        if i[4]:
            labels[i[1]].append(f'<sup class="lbl">{html.escape(i[4])}</sup>')
    starting: dict[int, list[int]] = defaultdict(list)
    for n, i in enumerate(items):
        starting[i[0]].append(n)
    tags: dict[tuple[int, ...], str] = {}  # the opening tag of each set of covering annotations
    out = []
    active: tuple[int, ...] = ()  # annotations covering the piece, in ``items`` order
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b], quote=False)
        # Cuts include every start and end: a piece is covered by what started at or before it and ends after it.
        active = (*(n for n in active if items[n][1] > a), *starting.get(a, ()))
        if active:
            if active not in tags:
                classes = " ".join(dict.fromkeys(c for n in active for c in items[n][2].split()))
                title = " · ".join(dict.fromkeys(items[n][3] for n in active))
                tags[active] = f'<span class="{html.escape(classes)}" title="{html.escape(title)}">'
            out.append(f"{tags[active]}{piece}</span>")
        else:
            out.append(piece)
        out.extend(labels.get(b, ()))
    return Markup("".join(out))  # every piece above is escaped
