"""Which sheet of a workbook is read when none is named, and the footer lines under the data.

Workbooks are written with openpyxl in the shapes people bring: an
instructions or cover sheet first, a summary beside the list, merged title
rows above the header and a ``Total`` line under it. The .ods is written by
hand (no installed library writes one), two tables in one content.xml.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from boolky_sync.cli.main import cli
from boolky_sync.errors import InputError
from boolky_sync.extract.excel_reader import read_excel
from boolky_sync.extract.limits import ReadLimits
from boolky_sync.extract.read import read_source
from tests.extract.test_excel_reader import make_workbook, write_ods_archive

INSTRUCTIONS: list[list[object]] = [
    ["How to fill in this workbook"],
    [],
    ["1. Put one customer per row on the sheet 'Customers'."],
    ["2. Write phone numbers with the country code, e.g. +44 7911 123456."],
    ["Column", "Meaning"],
    ["Name", "The customer's full name"],
    ["Mobile", "Mobile phone, international form"],
]
CUSTOMERS: list[list[object]] = [
    ["Name", "Mobile", "Email"],
    ["Ada Lovelace", "+44 7911 123456", "ada@example.org"],
    ["Alan Turing", "+44 7700 900123", "alan@example.org"],
    ["Grace Hopper", "+1 201-555-0123", ""],
]


def titled_sheet(book: Workbook, name: str, titles: dict[str, str]) -> Worksheet:
    """The book's first sheet, renamed, with each title merged across its range."""
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = name
    for cells, title in titles.items():
        sheet[cells.split(":")[0]] = title
        sheet.merge_cells(cells)
    return sheet


def inspected(path: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["inspect", str(path), *args, "--json"])
    assert result.exit_code == 0, result.output
    seen: dict[str, object] = json.loads(result.stdout)
    return seen


def test_an_instructions_sheet_first_is_passed_over_for_the_contacts(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "book.xlsx", {"Instructions": INSTRUCTIONS, "Customers": CUSTOMERS}
    )

    table = read_excel(path)

    assert table.sheet == "Customers"
    assert table.frame["Mobile"].tolist() == [
        "+44 7911 123456",
        "+44 7700 900123",
        "+1 201-555-0123",
    ]
    assert table.notes == [
        "read sheet 'Customers': it has a phone column and 3 rows; "
        "skipped 'Instructions' (no phone column)"
    ]


def test_a_header_only_cover_sheet_with_a_title_and_a_logo_cell_is_passed_over(
    tmp_path: Path,
) -> None:
    book = Workbook()
    cover = titled_sheet(book, "Cover", {"A1:D1": "ACME Bakery — customer list"})
    cover["F1"] = "[logo]"
    cover.append(["Prepared by", "Sales", "Date", "2024-05-01"])
    customers = book.create_sheet("Kunden")
    for row in CUSTOMERS:
        customers.append(row)
    path = tmp_path / "cover.xlsx"
    book.save(path)

    table = read_excel(path)

    assert (table.sheet, table.rows) == ("Kunden", 3)
    assert table.notes[0] == (
        "read sheet 'Kunden': it has a phone column and 3 rows; skipped 'Cover' (no phone column)"
    )


def test_phone_like_values_without_a_phone_header_beat_a_summary_sheet(tmp_path: Path) -> None:
    summary: list[list[object]] = [
        ["Region", "Customers"],
        ["North", 20],
        ["South", 18],
        ["West", 12],
    ]
    contacts: list[list[object]] = [["Client", "Numéro", "Ville"]]
    contacts += [[f"Client {i}", f"06 12 34 {i // 10}{i % 10} 00", "Lyon"] for i in range(50)]
    path = make_workbook(tmp_path / "clients.xlsx", {"Summary": summary, "Liste": contacts})

    table = read_excel(path)

    assert (table.sheet, table.rows) == ("Liste", 50)
    assert table.notes == [
        "read sheet 'Liste': it has a phone column and 50 rows; skipped 'Summary' (no phone column)"
    ]


def test_without_a_phone_column_anywhere_the_sheet_with_most_rows_is_read(tmp_path: Path) -> None:
    people: list[list[object]] = [["Name", "City"]]
    people += [[f"P{i}", "Bonn"] for i in range(5)]
    path = make_workbook(
        tmp_path / "nophone.xlsx",
        {
            "Summary": [["Region", "Customers"], ["North", 20], ["South", 18], ["West", 12]],
            "People": people,
        },
    )

    table = read_excel(path)

    assert table.sheet == "People"
    assert table.notes == [
        "read sheet 'People': no sheet has a phone column and 5 rows; skipped 'Summary' (3 rows)"
    ]


def test_merged_title_rows_and_a_total_footer_are_not_contacts(tmp_path: Path) -> None:
    book = Workbook()
    sheet = titled_sheet(
        book, "Clients", {"A1:C1": "Liste des clients", "A2:C2": "Export du 01/05/2024"}
    )
    sheet.append([])
    sheet.append(["Nom", "Téléphone", "Ville"])
    for i in range(7):
        sheet.append([f"Client {i}", f"+33 6 12 34 56 {i}{i}", "Paris"])
    sheet.append([])
    sheet.append(["Total : 7 clients"])
    path = tmp_path / "clients.xlsx"
    book.save(path)

    table = read_excel(path)

    assert table.rows == 7
    assert table.frame["Nom"].tolist() == [f"Client {i}" for i in range(7)]
    assert "header on row 4; the rows above it were skipped" in table.notes
    assert table.notes[-1] == "dropped 1 footer row: 'Total : 7 clients'"


def test_sum_rows_in_two_languages_are_dropped_but_never_a_row_with_a_phone(
    tmp_path: Path,
) -> None:
    rows: list[list[object]] = [
        ["Name", "Telefon", "Umsatz"],
        ["Anna", "+49 30 1234567", 10],
        ["Summe", "", 10],
        ["Gesamt: 1 Kunde"],
        ["Total", "+49 30 7654321", ""],
    ]
    path = make_workbook(tmp_path / "kunden.xlsx", {"Kunden": rows})

    table = read_excel(path)

    assert table.frame["Name"].tolist() == ["Anna", "Summe", "Gesamt: 1 Kunde", "Total"]
    assert all("footer" not in note for note in table.notes)

    path = make_workbook(tmp_path / "kunden2.xlsx", {"Kunden": rows[:4]})
    table = read_excel(path)
    assert table.frame["Name"].tolist() == ["Anna"]
    assert table.notes[-1] == "dropped 2 footer rows: 'Summe 10', 'Gesamt: 1 Kunde'"


def test_naming_the_first_sheet_still_reads_that_one(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "book.xlsx", {"Instructions": INSTRUCTIONS, "Customers": CUSTOMERS}
    )

    table = read_excel(path, sheet="Instructions")

    assert table.sheet == "Instructions"
    assert table.notes[0] == "read sheet 'Instructions': named (--sheet or [source] sheet)"


def test_inspect_json_shows_the_sheet_chosen_and_why(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "book.xlsx",
        {"Instructions": INSTRUCTIONS, "Customers": CUSTOMERS, "Summary": [["A", "B"], [1, 2]]},
    )

    seen = inspected(path)

    assert (seen["sheet"], seen["sheet_reason"]) == (
        "Customers",
        "it has a phone column and 3 rows; "
        "skipped 'Instructions' (no phone column), 'Summary' (no phone column)",
    )
    assert inspected(path, "--sheet", "customers")["sheet_reason"] == (
        "named (--sheet or [source] sheet)"
    )
    alone = make_workbook(tmp_path / "alone.xlsx", {"Customers": CUSTOMERS})
    assert inspected(alone)["sheet_reason"] == "the only sheet with data"


def test_inspect_table_has_a_sheet_line_with_the_reason(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "book.xlsx", {"Instructions": INSTRUCTIONS, "Customers": CUSTOMERS}
    )

    result = CliRunner().invoke(cli, ["inspect", str(path)], env={"COLUMNS": "200"})

    assert result.exit_code == 0, result.output
    assert (
        "sheet: Customers (it has a phone column and 3 rows; "
        "skipped 'Instructions' (no phone column))" in result.output
    )


def test_the_choice_reaches_the_source_notes(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "book.xlsx", {"Instructions": INSTRUCTIONS, "Customers": CUSTOMERS}
    )

    assert read_source(path).notes[0].startswith("read sheet 'Customers': it has a phone column")


def test_an_ods_with_an_instructions_table_first_is_read_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "kontakte.ods"
    write_ods_tables(path, {"Anleitung": INSTRUCTIONS, "Kontakte": CUSTOMERS})

    table = read_excel(path)

    assert (table.sheet, table.rows) == ("Kontakte", 3)
    assert table.notes == [
        "read sheet 'Kontakte': it has a phone column and 3 rows; "
        "skipped 'Anleitung' (no phone column)"
    ]


def write_ods_tables(path: Path, tables: dict[str, list[list[object]]]) -> None:
    """An .ods by hand with one table per entry, every cell a string."""
    body = "".join(
        f'<table:table table:name="{name}">'
        + "".join(
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p>'
                "</table:table-cell>"
                for cell in row
            )
            + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in tables.items()
    )
    write_ods_archive(path, body)


def test_the_read_limits_hold_for_every_sheet_scored(tmp_path: Path) -> None:
    wide: list[list[object]] = [[f"c{i}" for i in range(30)], list(range(30))]
    path = make_workbook(tmp_path / "wide.xlsx", {"Customers": CUSTOMERS, "Export": wide})

    with pytest.raises(InputError, match=r"sheet 'Export'.*max_columns"):
        read_excel(path, limits=ReadLimits(max_columns=28))
    assert read_excel(path, sheet="Customers", limits=ReadLimits(max_columns=28)).rows == 3


def test_a_hidden_sheet_is_read_only_when_no_visible_one_beats_it(tmp_path: Path) -> None:
    book = Workbook()
    shown = book.active
    shown.title = "Customers"
    for row in CUSTOMERS:
        shown.append(row)
    hidden = book.create_sheet("Old")
    for row in [*CUSTOMERS, *CUSTOMERS[1:]]:
        hidden.append(row)
    hidden.sheet_state = "hidden"
    path = tmp_path / "hidden.xlsx"
    book.save(path)

    table = read_excel(path)

    assert table.sheet == "Customers"
    assert table.notes == [
        "read sheet 'Customers': it has a phone column and 3 rows; skipped 'Old' (hidden, 6 rows)"
    ]
