"""The Excel reader on real workbooks written with openpyxl, plus an .ods, an .xls and broken files.

Workbooks are made in tmp_path so each test shows the cells it reads. Two
fixtures are committed because no installed library writes them: ``legacy.xls``
(made once with xlwt 1.3: a title row, a blank row, then Name / Phone /
Birthday with a phone stored as a number and a date) and
``password_protected.xlsx`` (a two-row workbook encrypted with msoffcrypto-tool
6.1, password "secret", the way Excel saves one with a password).
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from boolky_sync.errors import InputError
from boolky_sync.extract.excel_reader import (
    ENCRYPTED_MARKER,
    OLE2_MAGIC,
    cell_text,
    find_header_row,
    read_excel,
)
from boolky_sync.extract.read import read_source
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN, number_text, unique_names

DATA = Path(__file__).parent / "data" / "excel"
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def make_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write one sheet per entry, rows from A1 (an empty list is a blank row)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def records(path: Path) -> list[dict[str, object]]:
    return read_excel(path).frame.to_dict("records")  # type: ignore[return-value]


def test_header_below_a_merged_title_and_a_blank_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Customers"
    sheet["A1"] = "Customer list November"
    sheet.merge_cells("A1:C1")
    sheet.append([])
    sheet.append(["Name", "Phone", "E-mail"])
    sheet.append(["Emma Smith", "+12508682818", "emma.smith@example.com"])
    sheet.append(["Olivia Munn", "+17784845095", ""])
    path = tmp_path / "customers.xlsx"
    book.save(path)

    table = read_excel(path)

    assert table.format == "excel"
    assert table.sheet == "Customers"
    assert table.columns == ["Name", "Phone", "E-mail"]
    assert table.frame[ROW_COLUMN].tolist() == [4, 5]
    assert table.frame[FILE_COLUMN].tolist() == ["customers.xlsx"] * 2
    assert table.frame["E-mail"].tolist() == ["emma.smith@example.com", ""]
    assert "header on row 3; the rows above it were skipped" in table.notes


def test_phone_numbers_stored_as_numbers_come_out_as_typed(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "phones.xlsx",
        {
            "Sheet": [
                ["Name", "Mobile"],
                ["Aisha Khan", 447911123456],
                ["Emma Smith", 12508682818.0],
                ["Mangled by Excel", "4.47911E+11"],
                ["Big", 1e20],
            ]
        },
    )

    assert [r["Mobile"] for r in records(path)] == [
        "447911123456",
        "12508682818",
        "4.47911E+11",
        "100000000000000000000",
    ]


def test_dates_times_booleans_and_fractions_read_as_a_person_sees_them(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "values.xlsx",
        {
            "Sheet": [
                ["Name", "Birthday", "Registered", "Call at", "Opted in", "Score", "Noise"],
                [
                    "Emma",
                    date(1993, 4, 13),
                    datetime(2020, 1, 2, 3, 4, 5),
                    time(9, 30),
                    True,
                    3.5,
                    0.1 * 68,
                ],
                ["Olivia", datetime(1988, 2, 29), datetime(2021, 6, 1), None, False, 1.5e-7, None],
            ]
        },
    )

    emma, olivia = records(path)

    assert (emma["Birthday"], emma["Registered"], emma["Call at"]) == (
        "1993-04-13",
        "2020-01-02T03:04:05",
        "09:30:00",
    )
    assert (emma["Opted in"], emma["Score"], emma["Noise"]) == ("TRUE", "3.5", "6.8")
    assert (olivia["Birthday"], olivia["Registered"], olivia["Call at"]) == (
        "1988-02-29",
        "2021-06-01",
        "",
    )
    assert (olivia["Opted in"], olivia["Score"]) == ("FALSE", "0.00000015")


def test_blank_rows_are_dropped_and_the_others_keep_their_row_numbers(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "gaps.xlsx",
        {"Sheet": [["Name", "Phone"], ["A", "1"], [], [], ["B", "2"], [None, ""], ["C", "3"]]},
    )

    table = read_excel(path)

    assert table.frame["Name"].tolist() == ["A", "B", "C"]
    assert table.frame[ROW_COLUMN].tolist() == [2, 5, 7]


def test_table_placed_away_from_a1_keeps_true_row_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"] = "Name", "Phone"
    sheet["C4"], sheet["D4"] = "Emma", "+12508682818"
    path = tmp_path / "offset.xlsx"
    book.save(path)

    table = read_excel(path)

    assert table.columns == ["Name", "Phone"]
    assert records(path) == [
        {"Name": "Emma", "Phone": "+12508682818", ROW_COLUMN: 4, FILE_COLUMN: "offset.xlsx"}
    ]


def test_duplicate_and_missing_header_names_are_made_readable(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "headers.xlsx",
        {"Sheet": [["Phone", "Phone", None, "Name", None], ["1", "2", "3", "Emma", None]]},
    )

    assert read_excel(path).columns == ["Phone", "Phone (2)", "column 3", "Name"]


def test_named_sheet_is_read_and_its_name_reported(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "two.xlsx",
        {"First": [["Name", "Phone"], ["A", "1"]], "Second": [["Name", "Phone"], ["B", "2"]]},
    )

    table = read_excel(path, sheet="Second")

    assert table.sheet == "Second"
    assert table.frame["Name"].tolist() == ["B"]
    assert read_excel(path, sheet="second").sheet == "Second"


def test_first_sheet_with_content_is_read_when_the_first_is_empty(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "empty_first.xlsx",
        {
            "Cover": [],
            "Contacts": [["Name", "Phone"], ["A", "1"]],
            "Other": [["X", "Y"], ["x", "y"]],
        },
    )

    table = read_excel(path)

    assert table.sheet == "Contacts"
    assert table.frame["Name"].tolist() == ["A"]
    assert table.notes == [
        "read sheet 'Contacts': it has a phone column and 1 row; "
        "skipped 'Other' (no phone column), 'Cover' (empty)"
    ]


def test_missing_sheet_name_lists_the_sheets_there_are(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "book.xlsx", {"People": [["Name", "Phone"], ["A", "1"]], "Notes": []}
    )

    with pytest.raises(
        InputError, match=r"book\.xlsx: no sheet named 'Clients'; the sheets are 'People', 'Notes'"
    ):
        read_excel(path, sheet="Clients")


def test_named_empty_sheet_is_an_input_error(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "book.xlsx", {"People": [["Name", "Phone"], ["A", "1"]], "Notes": []}
    )

    with pytest.raises(InputError, match="sheet 'Notes' is empty"):
        read_excel(path, sheet="Notes")


def test_workbook_whose_every_sheet_is_empty(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "blank.xlsx", {"Sheet1": [], "Sheet2": []})

    with pytest.raises(
        InputError, match=r"blank\.xlsx: every sheet is empty \('Sheet1', 'Sheet2'\)"
    ):
        read_excel(path)


def test_header_without_rows_is_a_table_without_rows(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "header.xlsx", {"People": [["Title"], [], ["Name", "Phone"]]})

    table = read_excel(path)
    assert (table.rows, table.columns, table.sheet) == (0, ["Name", "Phone"], "People")
    assert read_source(path).notes[-1] == "header.xlsx, sheet 'People', has a header but no rows"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.xlsx: no such file"):
        read_excel(tmp_path / "nowhere.xlsx")


def test_corrupt_bytes_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this was never a spreadsheet\x00\x01\x02" * 20)

    with pytest.raises(
        InputError, match=r"broken\.xlsx: cannot be read as a workbook .*save it as \.xlsx"
    ):
        read_excel(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "holiday photos")

    with pytest.raises(InputError, match=r"archive\.xlsx: is a zip archive but not a workbook"):
        read_excel(path)


def test_truncated_legacy_workbook_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    """calamine panics on this cut (PanicException, not an Exception): still an InputError."""
    path = tmp_path / "cut.xls"
    path.write_bytes((DATA / "legacy.xls").read_bytes()[:3635])

    with pytest.raises(InputError, match=r"cut\.xls: cannot be read as a workbook"):
        read_excel(path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="password-protected: save it without a password"):
        read_excel(DATA / "password_protected.xlsx")


def test_password_protected_workbook_under_another_name(tmp_path: Path) -> None:
    """calamine names the password only for .xlsx; the reader's own check finds the stream."""
    path = tmp_path / "protected.xls"
    path.write_bytes((DATA / "password_protected.xlsx").read_bytes())

    with pytest.raises(InputError, match=r"protected\.xls: the workbook is password-protected"):
        read_excel(path)


def test_hand_made_ole2_with_encrypted_package_marker(tmp_path: Path) -> None:
    """A fake, not a real compound file: the check reads only the OLE2 magic and stream name."""
    path = tmp_path / "fake.xlsm"
    path.write_bytes(OLE2_MAGIC + bytes(504) + ENCRYPTED_MARKER + bytes(512))

    with pytest.raises(InputError, match="password-protected"):
        read_excel(path)


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "macros.xlsm", {"Sheet": [["Name", "Phone"], ["Emma", 447911123456]]}
    )

    assert records(path)[0]["Phone"] == "447911123456"


def test_legacy_xls(tmp_path: Path) -> None:
    table = read_excel(DATA / "legacy.xls")

    assert table.sheet == "Contacts"
    assert table.frame.to_dict("records") == [
        {
            "Name": "Emma Smith",
            "Phone": "447911123456",
            "Birthday": "1993-04-13",
            ROW_COLUMN: 4,
            FILE_COLUMN: "legacy.xls",
        },
        {
            "Name": "Lukas Müller",
            "Phone": "+4915123456789",
            "Birthday": "",
            ROW_COLUMN: 5,
            FILE_COLUMN: "legacy.xls",
        },
    ]


def test_opendocument_spreadsheet(tmp_path: Path) -> None:
    """An .ods written by hand: a zip with the mimetype, a manifest and content.xml."""
    path = tmp_path / "kontakte.ods"
    write_ods(
        path,
        "Kontakte",
        [
            cell("string", "Kundenliste"),
            cell("string", "Name") + cell("string", "Handy") + cell("string", "Geburtstag"),
            cell("string", "Lukas Müller")
            + cell("float", "4915123456789", 'office:value="4915123456789"')
            + cell("date", "02.11.1985", 'office:date-value="1985-11-02"'),
        ],
    )

    table = read_excel(path)

    assert table.sheet == "Kontakte"
    assert records(path) == [
        {
            "Name": "Lukas Müller",
            "Handy": "4915123456789",
            "Geburtstag": "1985-11-02",
            ROW_COLUMN: 3,
            FILE_COLUMN: "kontakte.ods",
        }
    ]


def cell(kind: str, text: str, value: str = "") -> str:
    return (
        f'<table:table-cell office:value-type="{kind}" {value}>'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


def write_ods(path: Path, sheet: str, rows: list[str]) -> None:
    body = "".join(f"<table:table-row>{row}</table:table-row>" for row in rows)
    write_ods_archive(path, f'<table:table table:name="{sheet}">{body}</table:table>')


def write_ods_archive(path: Path, tables: str) -> None:
    """An .ods zip: the mimetype, a manifest and a content.xml holding the given tables' XML."""
    namespaces = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {namespaces} office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest manifest:version="1.2" '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)


@pytest.mark.parametrize(
    ("rows", "header"),
    [
        pytest.param([["Name", "Phone"], ["A", 1.0]], 0, id="header-first"),
        pytest.param(
            [["Customer list"], [""], ["Name", "Phone"], ["A", 1.0]], 2, id="title-and-blank"
        ),
        pytest.param(
            [
                ["Exported:", "by Jane", "", "", ""],
                ["Name", "Phone", "Mail", "City", "Group"],
                ["A", 1.0, "a@x", "Rome", "VIP"],
            ],
            1,
            id="short-note-row",
        ),
        pytest.param(
            [
                ["Report", "", "", "", date(2024, 11, 1)],
                ["Name", "Phone", "Mail"],
                ["A", 1.0, "a@x"],
            ],
            1,
            id="title-with-date",
        ),
        pytest.param(
            [["x", "x", "x"], ["Name", "Phone", "Mail"], ["A", 1.0, "a@x"]],
            1,
            id="repeated-text-is-not-a-header",
        ),
        pytest.param(
            [["Name", "Phone", "Mail", "City", ""], ["A", 1.0, "a@x", "Rome", "VIP"]],
            0,
            id="unnamed-trailing-columns-still-a-header",
        ),
        pytest.param([[447911123456.0], [12508682818.0]], None, id="numbers-only"),
    ],
)
def test_header_row_detection(rows: list[list[object]], header: int | None) -> None:
    assert find_header_row(rows) == header  # type: ignore[arg-type]


def test_sheet_without_a_header_like_row_takes_its_first_row(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "bare.xlsx", {"Sheet": [[447911123456], [12508682818]]})

    table = read_excel(path)

    assert table.columns == ["447911123456"]
    assert table.frame[ROW_COLUMN].tolist() == [2]
    assert "no row looked like a header; took row 1" in table.notes


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (447911123456.0, "447911123456"),
        (12508682818.0, "12508682818"),
        (-3.0, "-3"),
        (3.5, "3.5"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (0.1 * 68, "6.800000000000001"),
    ],
)
def test_number_text_without_rounding(value: float, text: str) -> None:
    assert number_text(value) == text


def test_number_text_rounds_to_excels_fifteen_digits() -> None:
    assert number_text(0.1 * 68, significant=15) == "6.8"
    assert number_text(1234567890123456789.0, significant=15) == "1234567890123460000"


def test_cell_text_of_a_duration_and_an_integer() -> None:
    assert cell_text(timedelta(days=1, hours=6, seconds=5)) == "30:00:05"
    assert cell_text(42) == "42"


def test_unique_names_does_not_collide_with_a_name_already_numbered() -> None:
    assert unique_names(["Phone", "Phone (2)", "Phone"]) == ["Phone", "Phone (2)", "Phone (3)"]


def test_hidden_and_chart_sheets_give_way_to_the_first_visible_worksheet(tmp_path: Path) -> None:
    book = Workbook()
    hidden = book.active
    hidden.title = "Lookup"
    hidden.append(["Code", "Meaning"])
    hidden.append(["1", "male"])
    hidden.sheet_state = "hidden"
    book.create_chartsheet("Chart")
    visible = book.create_sheet("Contacts")
    visible.append(["Name", "Phone"])
    visible.append(["Emma", "+12508682818"])
    path = tmp_path / "hidden.xlsx"
    book.save(path)

    assert read_excel(path).sheet == "Contacts"
    assert read_excel(path, sheet="Lookup").frame["Meaning"].tolist() == ["male"]
