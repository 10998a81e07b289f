"""Charts as inline SVG, drawn with matplotlib (no pyplot state, no network, no JavaScript).

Marks carry links (matplotlib writes ``<a>`` around artists with a URL) so every point
leads to the document page behind it. Frames are told by marker shape and a text
label as well as by colour (colour-blind-safe palette).
"""

from __future__ import annotations

import io
import random
from datetime import date
from typing import Any

#: Colour-blind-safe (PuOr / RdBu family) colours and marker shapes per frame position.
PALETTE = ["#e08214", "#4393c3", "#8073ac", "#b8e186"]
FALLBACK_COLOUR = "#9a9a9a"
FRAME_MARKERS = ["s", "o", "v", "P"]
#: Up to this many documents each mark is one document, numbered and linked; above, marks are
#: bins that say how many documents they stand for.
LABELLED_POINTS = 60


def _date(value: str | None) -> date | None:
    """The day to plot of an ISO date as ingest stored it ("2019", "2019-10", "2019-10-05")."""
    parts = (value or "").split("-")
    try:
        year, month, day = (int(p) for p in (parts + ["1", "1"])[:3])
        when = date(year, month, day)
    except ValueError:
        return None  # no date, or one stored by an older framelens that the next run makes ISO
    return when if 1800 <= when.year <= 2200 else None  # "9999-12-31" is a placeholder (and overflows axes)


def frame_styles(frames: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """(colour, marker) of each frame name, the fallback grey, 'mixed' purple."""
    styles = {}
    for i, f in enumerate(frames[:-1]):
        styles[f["name"]] = (PALETTE[i % len(PALETTE)], FRAME_MARKERS[i % len(FRAME_MARKERS)])
    if frames:
        styles[frames[-1]["name"]] = (FALLBACK_COLOUR, "^")
    styles["mixed"] = ("#542788", "D")
    return styles


def spectrum_svg(points: list[dict[str, Any]], frames: list[dict[str, Any]], *, link_prefix: str = "") -> str:
    """Documents on the axis between the first two frames (x), by date where dates exist (y)."""
    from matplotlib.figure import Figure

    if not points or len(frames) < 3:
        return ""
    if len(points) > LABELLED_POINTS:
        return _binned_spectrum(points, frames)
    shown = points  # at most LABELLED_POINTS: each mark links to its document and carries its number
    dates = [_date(p["date"]) for p in shown]
    dated = sum(d is not None for d in dates) >= 2
    styles = frame_styles(frames)
    fig = Figure(figsize=(9, 3.6 if dated else 2.4), dpi=100)
    ax = fig.add_subplot()
    if dated:
        import matplotlib.dates as mdates

        nums = [mdates.date2num(d) if d else None for d in dates]
        real = [n for n in nums if n is not None]
        low, high = min(real), max(real)
        span = max(high - low, 60.0)
        undated_y = low - span * 0.25
        ys = [n if n is not None else undated_y for n in nums]
        years = range(mdates.num2date(low).year, mdates.num2date(high).year + 2)
        ticks = [t for t in (mdates.date2num(date(y, 1, 1)) for y in years) if low - span * 0.05 <= t <= high + span * 0.1]
        ticks = ticks or [low]  # all within one year: label that year once
        ax.set_yticks(ticks, [str(mdates.num2date(t).year) for t in ticks])
        ax.set_ylim(undated_y - span * 0.1, high + span * 0.1)
        if any(n is None for n in nums):
            ax.axhline(undated_y + span * 0.12, color="#cccccc", linewidth=0.8, linestyle="--")
            ax.text(-0.99, undated_y, "no date", fontsize=8, color="#555555", va="center")
    else:
        rng = random.Random(1)
        ys = [rng.uniform(-1, 1) for _ in shown]
        ax.set_yticks([])
        ax.set_ylim(-1.4, 1.4)
    for frame, (colour, marker) in styles.items():  # one artist per frame: fast, and each mark keeps its link
        mine = [(p, y) for p, y in zip(shown, ys) if styles.get(p["frame"], styles["mixed"]) == (colour, marker)]
        if not mine:
            continue
        mark = ax.scatter([p["position"] for p, _ in mine], [y for _, y in mine], s=46, c=colour,
                          marker=marker, edgecolors="#333333", linewidths=0.6, alpha=0.9, zorder=3)
        mark.set_urls([f"{link_prefix}{p['page']}" for p, _ in mine])
    for p, y in zip(shown, ys):  # numbers as in the documents table
        if p.get("number") is not None:
            label = ax.annotate(str(p["number"]), (p["position"], y), xytext=(5, 4), textcoords="offset points", fontsize=8)
            label.set_url(f"{link_prefix}{p['page']}")
    _decorate(ax, frames, styles)
    fig.tight_layout()
    return _svg(fig)


#: Width of a bin of the spectrum for many documents (21 bins from -1 to 1).
BIN = 0.1


def _binned_spectrum(points: list[dict[str, Any]], frames: list[dict[str, Any]]) -> str:
    """Many documents: one mark per position bin, year (where dated) and dominant frame, its
    size and the number beside it the count of documents, so no two marks hide each other."""
    from collections import Counter

    from matplotlib.figure import Figure

    styles = frame_styles(frames)
    years = [d.year if (d := _date(p["date"])) else None for p in points]
    dated = sum(y is not None for y in years) >= 2
    cells = Counter((round(p["position"] / BIN) * BIN, y if dated else 0, styles.get(p["frame"]) and p["frame"] or "mixed")
                    for p, y in zip(points, years))
    order = [*[f["name"] for f in frames], "mixed"]
    rows = sorted({y for _, y, _ in cells}, key=lambda y: (y is None, y or 0))
    row_of = {y: i for i, y in enumerate(rows)}
    fig = Figure(figsize=(9, max(2.4, 0.5 * len(rows) + 1.2)), dpi=100)
    ax = fig.add_subplot()
    marks: dict[str, list[tuple[float, float, int]]] = {}
    for (x, y, frame), n in sorted(cells.items(), key=lambda c: (c[0][0], str(c[0][1]), c[0][2])):
        offset = (order.index(frame) - (len(order) - 1) / 2) * 0.16  # frames side by side within a row
        marks.setdefault(frame, []).append((x, row_of[y] + offset, n))
        if n > 1:
            ax.annotate(str(n), (x, row_of[y] + offset), xytext=(6, -3), textcoords="offset points", fontsize=7)
    for frame, cells_of_frame in marks.items():  # one artist per frame, sized per mark: fast at any count
        colour, marker = styles[frame]
        ax.scatter([x for x, _, _ in cells_of_frame], [y for _, y, _ in cells_of_frame],
                   s=[18 + 14 * n ** 0.5 * 4 for _, _, n in cells_of_frame], c=colour, marker=marker,
                   edgecolors="#333333", linewidths=0.5, alpha=0.85, zorder=3)
    ax.set_yticks(range(len(rows)), ["no date" if y is None else str(y) for y in rows] if dated else [""])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    _decorate(ax, frames, styles)
    ax.set_title(f"{len(points):,} documents; a mark's number is how many it stands for", fontsize=8, loc="left")
    fig.tight_layout()
    return _svg(fig)


def _decorate(ax, frames: list[dict[str, Any]], styles: dict[str, tuple[str, str]]) -> None:
    """The spectrum's axis between the first two frames, and the legend of dominant frames."""
    left, right = frames[0], frames[1]
    ax.set_xlim(-1.05, 1.05)
    ax.axvline(0, color="#bbbbbb", linewidth=0.8, zorder=1)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_xticklabels([f"all {left['name']}", "", "balanced", "", f"all {right['name']}"])
    ax.set_xlabel(f"← more {left['label'].lower()}   ·   more {right['label'].lower()} →", fontsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [ax.scatter([], [], c=styles[n][0], marker=styles[n][1], edgecolors="#333333", linewidths=0.6, label=n)
               for n in [*[f["name"] for f in frames], "mixed"]]
    ax.legend(handles=handles, title="dominant frame", fontsize=8, title_fontsize=8, loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False)


def timeline_svg(timeline: dict[str, Any], frames: list[dict[str, Any]]) -> str:
    """Frame shares per period as stacked bars (the number of documents above each bar)."""
    from matplotlib.figure import Figure

    if not timeline:
        return ""
    periods = timeline["periods"]
    styles = frame_styles(frames)
    fig = Figure(figsize=(9, 2.8), dpi=100)
    ax = fig.add_subplot()
    xs = range(len(periods))
    bottom = [0.0] * len(periods)
    for f in frames:
        heights = [p["shares"].get(f["name"], 0.0) * 100 for p in periods]
        ax.bar(xs, heights, bottom=bottom, color=styles[f["name"]][0], edgecolor="white", linewidth=0.5, label=f["name"])
        bottom = [b + h for b, h in zip(bottom, heights)]
    for x, p in zip(xs, periods):
        ax.text(x, 101, f"{p['documents']}", ha="center", va="bottom", fontsize=7, color="#555555")
    ax.set_xticks(list(xs), [p["period"] for p in periods], fontsize=8, rotation=45 if len(periods) > 12 else 0)
    ax.set_ylim(0, 110)
    ax.set_yticks([0, 50, 100], ["0 %", "50 %", "100 %"])
    ax.set_ylabel("share of words", fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    return _svg(fig)


def _svg(fig) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "framelens", "font.family": "sans-serif"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]  # inline: drop the XML declaration and doctype
