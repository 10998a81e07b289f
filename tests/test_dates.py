"""Dates made ISO once, at ingest, with the precision the source gave."""

from __future__ import annotations

from pathlib import Path

import pytest

from framelens.ingest import iter_inputs
from framelens.ingest.dates import normalise_date
from framelens.report.charts import _date


@pytest.mark.parametrize("written,iso,precision", [
    ("2019", "2019", "year"),
    ("2019-10", "2019-10", "month"),
    ("2024-1-9", "2024-01-09", "day"),
    ("2019-10-05T10:00:00Z", "2019-10-05", "day"),
    ("2023-07-03 12:00", "2023-07-03", "day"),
    ("March 5, 2021", "2021-03-05", "day"),
    ("5 March 2021", "2021-03-05", "day"),
    ("March 2021", "2021-03", "month"),
    ("05/03/2021", "2021-05-03", "day"),  # dateutil reads slashes month first
    ("2021-02-30", None, None),  # no such day
    ("Mar 5", None, None),  # no year: cannot be placed
    ("last Tuesday", None, None),
    ("", None, None),
])
def test_dates_normalise_to_iso_with_precision(written: str, iso: str | None, precision: str | None):
    assert normalise_date(written) == (iso, precision)


def test_dates_ingest_stores_iso_and_keeps_the_date_as_written(tmp_path: Path):
    (tmp_path / "a.md").write_text("---\ntitle: A\ndate: March 5, 2021\n---\nSome text about scores.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: B\ndate: 2020-04\n---\nMore text about scores.\n", encoding="utf-8")
    docs = {d.doc_id: d for d in iter_inputs([tmp_path])}
    assert docs["a.md"].metadata["date"] == "2021-03-05" and docs["a.md"].metadata["date_precision"] == "day"
    assert docs["a.md"].metadata["date_as_written"] == "March 5, 2021"
    assert docs["b.md"].metadata["date"] == "2020-04" and "date_as_written" not in docs["b.md"].metadata


@pytest.mark.parametrize("stored,plotted", [
    ("2019", "2019-01-01"), ("2019-10", "2019-10-01"), ("2019-10-05", "2019-10-05"),
    ("9999-12-31", None), ("", None), (None, None), ("March 2020", None),
])
def test_dates_chart_reads_the_stored_iso_date(stored, plotted):
    assert (_date(stored).isoformat() if _date(stored) else None) == plotted
