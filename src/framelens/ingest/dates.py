"""Dates as sources write them ("2019-10", "March 5, 2021", "2021-03-05T10:00:00Z") made
ISO once, at ingest, cut to the precision the source gave: ``2019``, ``2019-10`` or
``2019-10-05``. Every later stage reads the ISO form and its precision, never the original.

Parsing is python-dateutil's. Numeric dates with slashes are read month first, as
dateutil does ("05/03/2021" is 3 May 2021, US style); write ISO dates to be unambiguous.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

PRECISIONS = ("year", "month", "day")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$")
#: Two defaults that differ in every field: a field that comes out the same from both was written.
_DEFAULTS = (datetime(1, 1, 1), datetime(2, 2, 2))


def normalise_date(value: Any) -> tuple[str | None, str | None]:
    """(ISO date cut to its precision, precision) of ``value``; (None, None) when it is no date."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat(), "day"
    text = str(value or "").strip()
    if not text:
        return None, None
    m = _ISO.match(text)
    if m:
        parts = [int(p) for p in m.groups() if p is not None]
    else:
        parts = _parsed(text)
    if not parts:
        return None, None
    try:
        date(parts[0], *(parts[1:] + [1, 1])[:2])  # a real calendar date
    except ValueError:
        return None, None
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]), PRECISIONS[len(parts) - 1]


def _parsed(text: str) -> list[int]:
    """[year, month?, day?] of a date in words or numbers, as far as ``text`` gives them."""
    from dateutil import parser

    try:
        first, second = (parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return []
    if first.year != second.year:
        return []  # no year: "March 5" cannot be placed
    parts = [first.year]
    if first.month == second.month:
        parts.append(first.month)
        if first.day == second.day:
            parts.append(first.day)
    return parts
