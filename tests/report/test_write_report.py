"""write_report end to end: every format, the same figures, inert contact data, private files."""

from __future__ import annotations

import csv
import json
import stat
import zipfile
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from boolky_sync.errors import ConfigError
from boolky_sync.report import FORMATS, RunReport, write_report
from tests.report.runs import (
    FAILED_PHONE,
    FORMULA_NAME,
    REJECTED_SCRIPT,
    SCRIPT_NAME,
    applied_report,
    planned_report,
)

FILES = {"summary.json", "report.html", "changes.csv", "rejects.csv", "report.xlsx"}


@pytest.fixture
def report(tmp_path: Path) -> RunReport:
    return applied_report(tmp_path)


@pytest.fixture
def run(report: RunReport, tmp_path: Path) -> Path:
    return write_report(report, tmp_path / "reports")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_format_is_written_into_a_private_run_folder(run: Path, tmp_path: Path) -> None:
    assert run.parent == tmp_path / "reports"
    assert run.name == "20260301-023005-nightly"
    assert {p.name for p in run.iterdir()} == FILES
    assert mode(run) == 0o700
    assert {p.name: mode(p) for p in run.iterdir()} == dict.fromkeys(FILES, 0o600)


def test_only_the_chosen_formats_are_written(report: RunReport, tmp_path: Path) -> None:
    run = write_report(report, tmp_path / "reports", ("json", "csv"))
    assert {p.name for p in run.iterdir()} == {"summary.json", "changes.csv", "rejects.csv"}
    assert FORMATS == ("json", "html", "csv", "xlsx")


def test_an_unknown_format_is_refused_before_anything_is_written(
    report: RunReport, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=r"'pdf'.*json, html, csv, xlsx"):
        write_report(report, tmp_path / "reports", ("json", "pdf"))
    assert not (tmp_path / "reports").exists()


def test_summary_json_is_the_reports_summary(run: Path, report: RunReport) -> None:
    written = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert written == report.summary()
    assert written["plan"] == {
        "create": 3,
        "update": 3,
        "remove": 1,
        "delete": 1,
        "move": 0,
        "create_groups": 1,
        "unchanged": 0,
    }
    assert written["applied"] == {"ok": 7, "failed": 1, "skipped": 0}
    assert written["outcomes"] == {
        "created": 3,
        "updated": 2,
        "removed": 1,
        "deleted": 1,
        "failed": 1,
        "rejected": 1,
        "unchanged": 0,
    }
    assert written["drift"] == 1 and written["exit_code"] == 1


def test_the_report_adds_up(report: RunReport) -> None:
    summary = report.summary()
    rejected = sum(summary["rejected"].values())
    assert summary["rows"] == summary["contacts"] + summary["merged"] + rejected - summary["split"]
    assert (summary["rows"], summary["contacts"], summary["merged"], rejected) == (8, 6, 1, 1)
    plan = summary["plan"]
    planned = plan["create"] + plan["update"] + plan["remove"] + plan["delete"]
    applied = summary["applied"]
    assert planned == applied["ok"] + applied["failed"] + applied["skipped"]


def test_changes_csv_opens_in_excel_with_umlauts_and_no_formulas(run: Path) -> None:
    raw = (run / "changes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    assert b"\r\n" in raw
    changes = read_csv(run / "changes.csv")
    names = {r["name"] for r in changes}
    assert {"'" + FORMULA_NAME, "'+Plus Name", "'-Minus", "'@Fail", SCRIPT_NAME} <= names
    assert "Anna Müller" in names
    assert not any(v.startswith(("=", "@")) for r in changes for v in r.values())
    phones = [r["phone"] for r in changes if r["phone"]]
    assert FAILED_PHONE in phones
    assert all(p.startswith("+49") for p in phones)  # phones are not neutralised
    (failed,) = [r for r in changes if r["outcome"] == "failed"]
    assert (failed["message_key"], failed["before"], failed["after"]) == (
        "invalidMail",
        "old@example.com",
        "bernd@new.example.com",
    )


def test_rejects_csv_keeps_the_row_its_reason_and_its_values(run: Path) -> None:
    (reject,) = read_csv(run / "rejects.csv")
    assert list(reject)[:5] == ["row", "phone", "reason", "detail", "file"]
    assert (reject["row"], reject["phone"]) == ("8", "12")
    assert reject["reason"] == "The number is not a valid phone number (phone_invalid)"
    assert (reject["Name"], reject["Phone"], reject["Groups"]) == (REJECTED_SCRIPT, "12", "Kunden")


def test_the_workbook_has_its_sheets_and_only_text_cells_for_text(run: Path) -> None:
    book = openpyxl.load_workbook(run / "report.xlsx")
    assert book.sheetnames == ["Summary", "Created", "Updated", "Removed", "Rejected", "Warnings"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.column_dimensions["A"].width >= 8
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(("=", "@", "-"))
    created = sheet_rows(book["Created"])
    formula = next(r for r in created if r["Name"] == "'" + FORMULA_NAME)
    assert formula["Phone"] == "+4915123456702"  # a phone keeps its "+"
    cell = book["Created"]["C4"]  # the header, the group to create, then the creates
    assert (cell.value, cell.data_type) == ("'" + FORMULA_NAME, "s")
    assert book["Created"]["C5"].value == "'+Plus Name"
    assert {r["Change"] for r in sheet_rows(book["Removed"])} == {"remove", "delete"}
    assert len(sheet_rows(book["Updated"])) == 4
    (reject,) = sheet_rows(book["Rejected"])
    assert list(reject)[:4] == ["Row", "Phone", "Reason", "Detail"]  # readable names
    assert (reject["Row"], reject["Name"], reject["Phone (source)"]) == (8, REJECTED_SCRIPT, "12")


def test_the_summary_sheet_holds_every_figure(run: Path, report: RunReport) -> None:
    book = openpyxl.load_workbook(run / "report.xlsx")
    figures = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert figures["plan.create"] == 3
    assert figures["rejected.phone_invalid"] == 1
    assert figures["outcomes.failed"] == 1
    assert figures["durations.apply"] == 1.5
    assert figures["dry_run"] == "no"
    assert figures["error"] is None


def sheet_rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_latest_points_at_the_newest_run(report: RunReport, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    first = write_report(report, folder)
    second = write_report(report, folder)  # the same second: a folder of its own
    report.started += timedelta(hours=1)
    third = write_report(report, folder, ("json",))
    assert len({first, second, third}) == 3
    assert (folder / "latest").resolve() == third.resolve()
    assert (folder / "latest" / "summary.json").is_file()


def test_a_dry_run_report_says_planned(tmp_path: Path) -> None:
    run = write_report(planned_report(tmp_path), tmp_path / "reports")
    assert {r["outcome"] for r in read_csv(run / "changes.csv")} == {"planned"}
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert summary["dry_run"] is True and summary["applied"]["ok"] == 0
    assert summary["outcomes"]["created"] == 3  # the planned figures, for the chart


def test_a_report_of_a_run_that_stopped_early_is_still_written(tmp_path: Path) -> None:
    report = planned_report(tmp_path)
    report.normalized = report.plan = None
    report.exit_code, report.error = 4, "the plan removes 9 of 10 contacts in scope"
    run = write_report(report, tmp_path / "reports")
    assert {p.name for p in run.iterdir()} == FILES
    assert json.loads((run / "summary.json").read_bytes())["error"] == report.error


def test_no_key_in_the_environment_reaches_a_report(
    report: RunReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "test-key-4f1c9a7e2b"
    monkeypatch.setenv("BOOLKY_API_KEY", key)
    report.target = "https://boolky.example/api"  # as the runner builds it: URL, no key
    run = write_report(report, tmp_path / "reports")
    for path in run.iterdir():
        assert key.encode() not in path.read_bytes(), path.name
    with zipfile.ZipFile(run / "report.xlsx") as book:
        for member in book.namelist():
            assert key.encode() not in book.read(member), member
