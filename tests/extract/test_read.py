"""``read_source``: files that are not there, options that do not fit, and the dispatch."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from boolky_sync.errors import InputError
from boolky_sync.extract import csv_reader
from boolky_sync.extract.read import FORMAT_NAMES, read_source
from boolky_sync.extract.table import FORMATS, SourceTable

VCARDS = Path(__file__).parent / "data" / "ez-vcard"


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# --- the file itself -------------------------------------------------------------------


def test_a_missing_file_is_named_with_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "kontakte.csv"

    with pytest.raises(InputError, match=rf"^{missing}: no such file; check the path$"):
        read_source(str(missing))


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_source(tmp_path)


def test_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^empty\.csv: is empty \(0 bytes\)"):
        read_source(write(tmp_path, "empty.csv", ""))


@pytest.mark.parametrize("content", ["name,phone\n", "name;phone\r\n\r\n;\r\n  \r\n"])
def test_a_header_without_rows(tmp_path: Path, content: str) -> None:
    """An export of an empty list is a source of no contacts, not a bad file (issue 10)."""
    table = read_source(write(tmp_path, "header.csv", content))
    assert (table.rows, table.columns) == (0, ["name", "phone"])
    assert table.notes[-1] == "header.csv has a header but no rows"


# --- options ---------------------------------------------------------------------------


def test_a_sheet_for_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"contacts\.csv: --sheet is for workbooks.* csv"):
        read_source(write(tmp_path, "contacts.csv", "name\nAnn\n"), sheet="Sheet1")


def test_an_encoding_for_a_file_that_is_not_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "contacts.json", '[{"name": "Ann"}]')

    with pytest.raises(InputError, match=r"--encoding is for CSV/TSV/TXT files.* json"):
        read_source(path, encoding="cp1252")


def test_an_unknown_format_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown format 'pdf'; use one of csv, excel, json"):
        read_source(write(tmp_path, "contacts.csv", "name\nAnn\n"), format="pdf")


def test_every_format_name_means_a_known_format() -> None:
    assert set(FORMAT_NAMES.values()) == set(FORMATS)


def test_the_format_option_overrides_the_content(tmp_path: Path) -> None:
    path = write(tmp_path, "contacts.json", '[{"name": "Ann"}]\n[{"name": "Bob"}]\n')

    table = read_source(path, format="CSV")

    assert table.format == "csv"
    assert table.frame.to_dict("list")['[{"name": "Ann"}]'] == ['[{"name": "Bob"}]']


def test_tsv_means_tab_separated_whatever_else_the_lines_hold(tmp_path: Path) -> None:
    path = write(tmp_path, "contacts.txt", "name,first\tphone\nDoe,Ann\t0151\nRoe,Bo\t0152\n")

    table = read_source(path, format="tsv")

    assert (table.delimiter, table.columns) == ("\t", ["name,first", "phone"])


def test_an_encoding_reaches_the_csv_reader(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes("name\nJürgen\n".encode("cp1252"))

    table = read_source(path, encoding="latin-1")

    assert (table.encoding, table.frame.iloc[0]["name"]) == ("latin-1", "Jürgen")


# --- dispatch --------------------------------------------------------------------------


@pytest.mark.parametrize("format_name", [None, "xlsx", ".XLSX", "excel"])
def test_workbooks_go_to_the_excel_reader(tmp_path: Path, format_name: str | None) -> None:
    path = workbook(
        tmp_path / "contacts.xlsx",
        {
            "Erste": [["Name", "Handy"], ["Ann", "0151 1"]],
            "Zweite": [["Vorname", "Mobil"], ["Bob", "0151 2"], ["Cid", "0151 3"]],
        },
    )

    table = read_source(path, format=format_name, sheet="Zweite")

    assert (table.format, table.sheet, table.rows) == ("excel", "Zweite", 2)
    assert table.frame.iloc[1]["Vorname"] == "Cid"


def test_vcards_go_to_the_vcard_reader() -> None:
    table = read_source(VCARDS / "John_Doe_IPHONE.vcf")

    assert table.format == "vcard"
    assert table.rows >= 1


@pytest.mark.parametrize("format_name", [None, "ndjson", "json"])
def test_json_goes_to_the_json_reader(tmp_path: Path, format_name: str | None) -> None:
    path = write(tmp_path, "contacts.data", '{"name": "Ann"}\n{"name": "Bob"}\n')

    table = read_source(path, format=format_name)

    assert table.format == "json"
    assert table.frame["name"].tolist() == ["Ann", "Bob"]


def test_a_source_table_is_what_comes_back(tmp_path: Path) -> None:
    assert isinstance(read_source(write(tmp_path, "c.csv", "name\nAnn\n")), SourceTable)


# --- what the libraries raise ----------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad value"),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
        csv.Error("line contains NUL"),
        OSError("disk gone"),
    ],
)
def test_library_errors_about_content_become_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def failing(*_args: object, **_kwargs: object) -> SourceTable:
        raise error

    monkeypatch.setattr(csv_reader, "read_csv", failing)

    with pytest.raises(InputError, match=r"^c\.csv: cannot be read as csv: ") as raised:
        read_source(write(tmp_path, "c.csv", "name\nAnn\n"))
    assert raised.value.__cause__ is error


def test_programming_errors_are_not_dressed_up_as_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_args: object, **_kwargs: object) -> SourceTable:
        raise TypeError("a bug")

    monkeypatch.setattr(csv_reader, "read_csv", failing)

    with pytest.raises(TypeError, match="a bug"):
        read_source(write(tmp_path, "c.csv", "name\nAnn\n"))
