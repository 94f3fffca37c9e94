"""report.xlsx with names that look like spreadsheet syntax: all of them stay plain strings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl

from boolky_sync.api import NewContact
from boolky_sync.report import RunReport, build_tables
from boolky_sync.report.write_xlsx import write_xlsx
from boolky_sync.sync.model import Create, Plan
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
