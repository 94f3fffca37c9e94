"""A run's times shown local with UTC beside, whatever the machine's zone (``TZ``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from boolky_sync.report import build_tables
from boolky_sync.report.times import local_and_utc
from boolky_sync.report.write_html import render_html
from boolky_sync.report.write_xlsx import write_xlsx
from tests.report.runs import planned_report


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("berlin")
def test_local_time_comes_first_and_utc_beside_it() -> None:
    assert local_and_utc("2026-03-01T13:05:09+00:00") == "2026-03-01 14:05:09 CET (13:05:09 UTC)"
    summer = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    assert local_and_utc(summer) == "2026-07-02 01:30:00 CEST (2026-07-01 23:30:00 UTC)"
    assert local_and_utc(None) == ""


def test_on_a_machine_in_utc_the_time_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert local_and_utc("2026-03-01T13:05:09+00:00") == "2026-03-01 13:05:09 UTC"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.usefixtures("berlin")
def test_the_page_shows_local_time_and_the_json_keeps_utc(tmp_path: Path) -> None:
    tables = build_tables(planned_report(tmp_path))
    assert tables.summary["started"] == "2026-03-01T02:30:05+00:00"  # summary.json: ISO UTC
    page = render_html(tables)
    assert (
        '<time datetime="2026-03-01T02:30:05+00:00">2026-03-01 03:30:05 CET (02:30:05 UTC)</time>'
        in page
    )


@pytest.mark.usefixtures("berlin")
def test_the_workbook_shows_local_time_with_utc(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_xlsx(build_tables(planned_report(tmp_path)), tmp_path))
    figures = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert figures["started"] == "2026-03-01 03:30:05 CET (02:30:05 UTC)"
