"""Hostile contact data comes out of a real run inert: shown in every report, run by none.

A source whose names are a script tag and spreadsheet formulas goes through
``boolky-sync run`` (one of them refused, so it lands in the rejects); then
report.html has no script element and shows the names as text, and no cell of
changes.csv, rejects.csv or report.xlsx starts with a formula character
unquoted.
"""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.cli.workspace import invoke, summary_of, write_contacts, write_pipeline

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
AT_FORMULA = "@Sum(1+1)"
REFUSED = "=cmd|' /C calc'!A0"
SCRIPT_PHONE, FORMULA_PHONE, AT_PHONE = "+447911123450", "+447911123451", "+447911123452"


class Page(HTMLParser):
    """Every element and every text of a page, as a browser's parser splits them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report folder of one run on the hostile source."""
    root = tmp_path_factory.mktemp("hostile")
    write_contacts(
        root / "data" / "hostile.csv",
        [
            (SCRIPT, SCRIPT_PHONE),
            (FORMULA, FORMULA_PHONE),
            (AT_FORMULA, AT_PHONE),
            (REFUSED, "not a phone"),
        ],
    )
    pipeline = write_pipeline(
        root,
        "hostile",
        """
        [source]
        path = "../data/hostile.csv"
        [normalize]
        static_groups = ["Hostile"]
        """,
    )
    result = invoke("run", pipeline, "--json")
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    assert summary["contacts"] == 3
    assert sum(summary["rejected"].values()) == 1
    return Path(summary["report"])


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_html_has_no_script_element_and_shows_the_names_as_text(report: Path) -> None:
    raw = (report / "report.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(raw)
    page.close()
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags
    assert not [name for _, attrs in page.tags for name, _ in attrs if name.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw.lower()
    texts = "\n".join(page.texts)
    assert SCRIPT in texts.lower()  # as text (normalize may have capitalised the name)
    assert FORMULA in texts
    assert REFUSED in texts  # the refused row's original value, in the rejects table
    assert "script-src" in raw or "default-src 'none'" in raw  # and a CSP behind it


def test_changes_csv_quotes_the_formulas(report: Path) -> None:
    by_phone = {row["phone"]: row for row in rows_of(report / "changes.csv") if row["phone"]}
    assert by_phone[FORMULA_PHONE]["name"] == "'" + FORMULA
    assert by_phone[AT_PHONE]["name"] == "'" + AT_FORMULA
    assert by_phone[SCRIPT_PHONE]["name"].lower() == SCRIPT  # not a formula: left as it is
    assert by_phone[SCRIPT_PHONE]["phone"] == SCRIPT_PHONE  # phone numbers are not quoted


def test_rejects_csv_quotes_the_refused_formula(report: Path) -> None:
    (row,) = rows_of(report / "rejects.csv")
    assert row["Name"] == "'" + REFUSED
    assert row["reason"]


def cells(path: Path, sheet: str) -> list[Any]:
    book = load_workbook(path)
    try:
        return [cell for row in book[sheet].iter_rows() for cell in row]
    finally:
        book.close()


def test_xlsx_cells_are_text_and_quoted(report: Path) -> None:
    created = cells(report / "report.xlsx", "Created")
    by_value = {str(cell.value): cell for cell in created if cell.value is not None}
    for name in (FORMULA, AT_FORMULA):
        cell = by_value["'" + name]
        assert cell.data_type == "s"
        assert cell.value.startswith("'")
    assert SCRIPT in {v.lower() for v in by_value}
    (refused,) = [c for c in cells(report / "report.xlsx", "Rejected") if c.value == "'" + REFUSED]
    assert refused.data_type == "s"
    book = load_workbook(report / "report.xlsx")
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    assert not str(cell.value or "").startswith(("=", "@")), cell.value
    finally:
        book.close()
