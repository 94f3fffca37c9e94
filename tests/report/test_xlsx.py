"""report.xlsx with names that look like spreadsheet syntax: all of them stay plain strings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl

from boolky_sync.api import NewContact
from boolky_sync.report import RunReport, build_tables
from boolky_sync.report.write_xlsx import write_xlsx
from boolky_sync.sync.model import Create, Plan, Removal
from boolky_sync.sync.options import SyncOptions

NAMES = {
    "#N/A": "#N/A",
    "#REF!": "#REF!",
    "=1+1": "'=1+1",
    "bell\x07ringer": "bell\N{REPLACEMENT CHARACTER}ringer",
    "-2": "-2",
    "1e5": "1e5",
}


def test_every_text_cell_is_a_string_however_it_looks(tmp_path: Path) -> None:
    creates = [
        Create(NewContact(name, f"+4915123456{i:03d}"), ("Kunden",)) for i, name in enumerate(NAMES)
    ]
    plan = Plan(fingerprint="f", options=SyncOptions(), group_ids={"Kunden": 5}, creates=creates)
    report = RunReport(pipeline="odd", started=datetime(2026, 1, 1, tzinfo=UTC), dry_run=True)
    report.plan = plan
    path = write_xlsx(build_tables(report), tmp_path)
    sheet = openpyxl.load_workbook(path)["Created"]
    cells = {row[2].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert set(cells) == set(NAMES.values())
    assert {cell.data_type for cell in cells.values()} == {"s"}
    phones = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert all(p.data_type == "s" and str(p.value).startswith("+49") for p in phones)
    assert all(row[3].value is None for row in sheet.iter_rows(min_row=2))  # no id yet


def test_a_guarded_run_has_a_blocked_sheet_and_every_table_sheet_a_filter(tmp_path: Path) -> None:
    removals = [Removal(10 + i, f"+4915123456{i:03d}", f"Person {i}", "Kunden") for i in range(3)]
    plan = Plan(fingerprint="f", options=SyncOptions(), group_ids={"Kunden": 5}, removals=removals)
    plan.blocked = "3 of 3 contacts in scope would be removed"
    report = RunReport(pipeline="guarded", started=datetime(2026, 1, 1, tzinfo=UTC), dry_run=False)
    report.plan, report.exit_code, report.error = plan, 4, plan.blocked
    book = openpyxl.load_workbook(write_xlsx(build_tables(report), tmp_path))
    assert book.sheetnames == [
        "Summary",
        "Blocked",
        "Created",
        "Updated",
        "Removed",
        "Rejected",
        "Warnings",
    ]
    header, *rows = book["Blocked"].iter_rows(values_only=True)
    assert header == ("Change", "Phone", "Name", "Contact id", "Group", "Detail")
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("remove", f"+4915123456{i:03d}", "Kunden") for i in range(3)
    ]
    for sheet in book.worksheets:
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    warnings = next(book["Warnings"].iter_rows(values_only=True))
    assert warnings == ("File", "Row", "Field", "Code", "Detail")
