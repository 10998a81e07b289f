"""A first domain pack for a new topic, drafted from labelled passages (``framelens domain new``).

The frames are the labels' frames; each gets candidate cue terms (words and two-word
phrases) ranked by how well they separate its passages from the others: a smoothed
log-odds ratio, kept only for terms that at least ``MIN_PASSAGES`` passages of the frame use.
Every term is written with its counts, so a researcher can keep, move or strike it. The
word lists for stance and claims (negations, rebuttal markers, reporting verbs…) are English
function words, copied from the bundled pack as a start. The draft has no sanctions and no
topics: a topic adds them when it needs them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .domain import BUNDLED, DEFAULT_PACK
from .errors import ConfigError

MIN_PASSAGES = 2
KEY_CUES = 6
CUES = 24
#: Tables copied from the bundled pack: English function words, not the topic's.
COPIED = ("claims", "stance")


@dataclass(frozen=True)
class Candidate:
    """A cue term for a frame, with the counts that rank it."""

    term: str
    score: float
    in_frame: int  # passages of the frame that use it
    frame_total: int
    elsewhere: int  # passages of other frames that use it
    other_total: int


def draft_pack(name: str, labelled: Path, *, fallback: str = "neutral") -> tuple[str, dict[str, list[Candidate]]]:
    """The TOML text of a draft pack named ``name``, and the ranked candidates of each frame."""
    from .frames.labelled import labelled_rows

    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ConfigError(f"pack name '{name}': use lower_case_with_underscores")
    rows = [(str(r["frame"]), str(r["text"])) for _, r in labelled_rows(labelled)
            if isinstance(r.get("text"), str) and r.get("frame") and not (r.get("is_boilerplate") or r.get("is_duplicate"))]
    frames = sorted({f for f, _ in rows} - {fallback})
    odd = [f for f in frames if not re.fullmatch(r"[a-z][a-z0-9_]*", f)]
    if odd:
        raise ConfigError(f"{labelled}: frame names become identifiers; rename {', '.join(odd)} in lower_case_with_underscores")
    if len(frames) < 2:
        raise ConfigError(f"{labelled} labels {len(frames)} frame(s) besides '{fallback}'; a pack compares at least two")
    candidates = {f: rank_terms(rows, f) for f in frames}
    return _toml(name, labelled, frames, fallback, candidates, rows), candidates


def rank_terms(rows: list[tuple[str, str]], frame: str) -> list[Candidate]:
    """Terms of ``frame``'s passages, most distinctive first (smoothed log-odds against the rest)."""
    from sklearn.feature_extraction.text import CountVectorizer

    texts = [t for _, t in rows]
    mine = [f == frame for f, _ in rows]
    vectorizer = CountVectorizer(ngram_range=(1, 2), stop_words="english", binary=True, min_df=MIN_PASSAGES,
                                 token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")
    matrix = vectorizer.fit_transform(texts)
    terms = vectorizer.get_feature_names_out()
    in_frame = Counter()
    elsewhere = Counter()
    for row, own in zip(matrix, mine):
        for j in row.indices:
            (in_frame if own else elsewhere)[j] += 1
    n_frame, n_other = sum(mine), len(rows) - sum(mine)
    out = []
    for j, a in in_frame.items():
        if a < MIN_PASSAGES:
            continue
        b = elsewhere.get(j, 0)
        score = math.log((a + 0.5) / (n_frame - a + 0.5)) - math.log((b + 0.5) / (n_other - b + 0.5))
        if score > 0:
            out.append(Candidate(str(terms[j]), round(score, 3), a, n_frame, b, n_other))
    return sorted(out, key=lambda c: (-c.score, -c.in_frame, c.term))


def _toml(name: str, labelled: Path, frames: list[str], fallback: str, candidates: dict[str, list[Candidate]],
          rows: list[tuple[str, str]]) -> str:
    import tomllib

    counts = Counter(f for f, _ in rows)
    lines = [
        f"# A draft domain pack made by `framelens domain new {name} --from-gold {labelled.name}`.",
        "# Cue terms are ranked by how well they separate each frame's labelled passages from the others",
        "# (counts: passages of the frame that use the term / passages elsewhere). Keep what describes how",
        "# a passage frames the topic, strike what only names the topic, and write the descriptions.",
        "", "[pack]", f'name = "{name}"', 'version = "0.1"', f'description = "Drafted from {labelled.name}: '
        f'{len(rows)} labelled passages."', "",
        "[framing]", f'fallback = "{fallback}"', f'fallback_label = "{fallback.replace("_", " ").capitalize()}"', "",
    ]
    for frame in frames:
        ranked = candidates[frame]
        lines += [f"[frames.{frame}]", f'label = "{frame.replace("_", " ").capitalize()}"',
                  f'description = "TODO: what a passage framed {frame} says ({counts[frame]} labelled passages)."']
        for key, chosen in (("key_cues", ranked[:KEY_CUES]), ("cues", ranked[KEY_CUES : KEY_CUES + CUES])):
            if chosen:
                lines.append(f"{key} = [")
                lines += [f'  "{c.term}",  # {c.in_frame}/{c.frame_total} here, {c.elsewhere}/{c.other_total} elsewhere'
                          for c in chosen]
                lines.append("]")
        if not ranked:
            lines.append('cues = ["TODO"]  # no term separates this frame in the labels: write its cues')
        lines.append("")
    bundled = (BUNDLED / f"{DEFAULT_PACK}.toml").read_text(encoding="utf-8")
    for table in COPIED:  # the word lists only: the bundled pack's comments speak of its own topic
        match = re.search(rf"(?ms)^\[{table}\]\n.*?(?=^\[|\Z)", bundled)
        if match:  # the topic's own terms stay behind
            copied = re.sub(r"(?ms)^topic_terms = \[.*?^\]\n", "", match.group())
            copied = re.sub(r"(?m)^\s*#.*\n", "", copied)
            lines += [f"# Copied from the bundled {DEFAULT_PACK} pack: English function words, review for your topic.",
                      copied.rstrip(), ""]
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # a draft that is not even TOML is a bug here, not the user's problem
    return text
