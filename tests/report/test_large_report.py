"""A report of 100,000 creates: a page that stays small, files that hold every row.

The workbook's rows are written as XML of our own (``sheet_rows``), so these
tests read it back with openpyxl: every sheet, header, filter and frozen pane,
and cells holding what XML must escape, exactly as they were.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pandas as pd

from boolky_sync.api.records import NewContact
from boolky_sync.report import RunReport, build_tables, write_report
from boolky_sync.report.write_html import ROW_LIMIT
from boolky_sync.report.write_xlsx import write_xlsx
from boolky_sync.sync.apply import ApplyResult
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.model import Create, Plan
from boolky_sync.sync.options import SyncOptions

HEADER = (
    "Change",
    "Phone",
    "Name",
    "Contact id",
    "Group",
    "Field",
    "Before",
    "After",
    "Outcome",
    "Boolky's answer",
    "Detail",
)
SHEETS = ["Summary", "Created", "Updated", "Removed", "Rejected", "Warnings"]


def created_run(names: list[str]) -> RunReport:
    """A run that created one contact per name, every write taken (ids from 1000)."""
    phones = [f"+447911{n:06d}" for n in range(len(names))]
    creates = [
        Create(NewContact(name, phone, mail=f"p{n}@example.com"), ("CRM",))
        for n, (name, phone) in enumerate(zip(names, phones, strict=True))
    ]
    plan = Plan("f", SyncOptions(), {"CRM": 1}, creates=creates)
    outcomes = [Outcome("create", p, 1000 + n, None, True) for n, p in enumerate(phones)]
    started = datetime(2026, 1, 1, tzinfo=UTC)
    report = RunReport(pipeline="big", started=started, dry_run=False, finished=started)
    report.plan, report.applied = plan, ApplyResult(outcomes=outcomes)
    return report


def test_the_page_of_100000_creates_holds_the_cap_and_the_files_every_row(tmp_path: Path) -> None:
    rows = 100_000
    run = write_report(created_run([f"Person {n}" for n in range(rows)]), tmp_path)
    page = (run / "report.html").read_text(encoding="utf-8")
    assert (run / "report.html").stat().st_size < 5 * 2**20
    assert f"first {ROW_LIMIT:,} of {rows:,}; all in changes.csv" in page
    assert page.count("<tr><td>create</td>") == ROW_LIMIT
    changes = pd.read_csv(run / "changes.csv", dtype=str, encoding="utf-8-sig")
    assert len(changes) == rows
    assert changes["phone"].tolist() == [f"+447911{n:06d}" for n in range(rows)]
    assert changes["contact_id"].astype(int).tolist() == list(range(1000, 1000 + rows))
    book = openpyxl.load_workbook(run / "report.xlsx", read_only=True)
    assert book.sheetnames == SHEETS
    created = book["Created"].iter_rows(values_only=True)
    assert next(created) == HEADER
    assert sum(1 for _ in created) == rows


def test_the_workbook_has_its_sheets_labels_filters_frozen_headers_and_widths(
    tmp_path: Path,
) -> None:
    names = ["<b>Müller & Co</b>", "  spaced  ", "two\nlines", "=1+1", "#N/A", "ok"]
    book = openpyxl.load_workbook(write_xlsx(build_tables(created_run(names)), tmp_path))
    assert book.sheetnames == SHEETS
    sheet = book["Created"]
    header, *rows = sheet.iter_rows()
    assert tuple(c.value for c in header) == HEADER
    assert all(c.font.bold for c in header)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{len(names) + 1}"
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["A"].width
    assert [r[2].value for r in rows] == [*names[:3], "'=1+1", "#N/A", "ok"]
    assert {r[2].data_type for r in rows} == {"s"}
    assert [(r[3].value, r[3].data_type) for r in rows][:2] == [(1000, "n"), (1001, "n")]
    assert [r[5].value for r in rows] == [None] * len(names)  # no field: an empty cell
    for title in SHEETS:
        assert book[title].freeze_panes == "A2"
        assert str(book[title].auto_filter.ref).startswith("A1:")
