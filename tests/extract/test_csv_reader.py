"""The CSV reader on the files people bring: encodings, delimiters, line ends, ragged rows.

Fixtures in ``data/csv`` are what the programs write (Excel's "CSV UTF-8" and
"Unicode text", a German Outlook export in cp1252, a classic Mac file); smaller
cases are written to ``tmp_path`` by the tests themselves.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import cast

import numpy as np
import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract import csv_reader
from boolky_sync.extract.csv_reader import read_csv
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN, SourceTable

DATA = Path(__file__).parent / "data" / "csv"


def write(folder: Path, content: str | bytes, name: str = "contacts.csv") -> Path:
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def cells(table: SourceTable) -> list[dict[str, str]]:
    return cast("list[dict[str, str]]", table.frame[table.columns].to_dict("records"))


def row_numbers(table: SourceTable) -> list[int]:
    return [int(n) for n in table.frame[ROW_COLUMN]]


def exact_path_not_expected(*_args: object) -> None:
    raise AssertionError("the file should have been read on pyarrow's fast path")


# --- encodings -------------------------------------------------------------------------


def test_utf8_with_bom_as_excel_saves_csv_utf8() -> None:
    table = read_csv(DATA / "excel_utf8_bom.csv")

    assert table.encoding == "utf-8-sig"
    assert table.columns == ["First Name", "Last Name", "Phone"]  # no BOM on "First Name"
    assert cells(table)[1] == {
        "First Name": "José",
        "Last Name": "Muñoz",
        "Phone": "+34 612 345 678",
    }
    assert table.notes == []


def test_utf16_unicode_text_as_excel_saves_it_tab_separated() -> None:
    table = read_csv(DATA / "excel_unicode_text.txt")

    assert (table.encoding, table.delimiter) == ("utf-16-le", "\t")
    assert table.columns == ["Name", "Mobile", "City"]
    assert [r["Name"] for r in cells(table)] == ["Zoë Ångström", "Łukasz Wiśniewski", "山田太郎"]
    assert cells(table)[2]["City"] == "東京"
    assert row_numbers(table) == [2, 3, 4]


def test_cp1252_from_a_german_outlook_with_semicolons() -> None:
    table = read_csv(DATA / "outlook_de_cp1252.csv")

    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.columns[5] == "Telefon geschäftlich"
    first, second, third = cells(table)
    assert (first["Vorname"], first["Nachname"], first["Firma"]) == (
        "Jürgen",
        "Müller",
        "Bäckerei Weiß GmbH",
    )
    assert (second["Vorname"], second["Nachname"]) == ("Özlem", "Großmann")
    assert second["Firma"] == "Käse & Öl, Süd"
    assert second["Kategorien"] == "Lieferanten;Kunden"
    assert (third["Vorname"], third["Nachname"], third["Firma"]) == (
        "François",
        "Lefèvre",
        "Spende 5 €",
    )
    assert any("guessed" in note and "--encoding" in note for note in table.notes)


def test_an_explicit_encoding_is_used_as_given() -> None:
    table = read_csv(DATA / "outlook_de_cp1252.csv", encoding="latin-1")

    assert table.encoding == "latin-1"
    assert cells(table)[2]["Firma"] == "Spende 5 \x80"  # latin-1 has no euro sign
    assert not any("guessed" in note for note in table.notes)


def test_a_wrong_explicit_encoding_names_the_line_and_the_option() -> None:
    with pytest.raises(InputError, match=r"outlook_de_cp1252\.csv: line 1 .*--encoding"):
        read_csv(DATA / "outlook_de_cp1252.csv", encoding="utf-8")


@pytest.mark.parametrize("name", ["klingon", "rot13"])
def test_an_encoding_that_is_not_a_text_encoding_is_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, "name\nAnn\n")

    with pytest.raises(InputError, match=f"{name!r} is not a text encoding"):
        read_csv(path, encoding=name)


def test_bytes_no_encoding_explains_suggest_the_option(tmp_path: Path) -> None:
    noise = random.Random(7)
    gibberish = bytes(noise.randrange(0x80, 0x100) for _ in range(300))
    path = write(tmp_path, b"name,phone\n" + gibberish + b",0151\n")

    with pytest.raises(InputError, match=r"contacts\.csv: no text encoding .*--encoding"):
        read_csv(path)


# --- delimiters ------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_found(tmp_path: Path, delimiter: str) -> None:
    d = delimiter
    path = write(
        tmp_path, f'name{d}phone{d}note\nAnn{d}0151 1{d}"x, y; z | w\ty"\nBob{d}0151 2{d}plain\n'
    )

    table = read_csv(path)

    assert table.delimiter == delimiter
    assert cells(table) == [
        {"name": "Ann", "phone": "0151 1", "note": "x, y; z | w\ty"},
        {"name": "Bob", "phone": "0151 2", "note": "plain"},
    ]


def test_commas_inside_values_do_not_outvote_the_semicolon(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Name;Firma;Telefon\nMüller, Hans;ACME, Inc.;0151 1\nWeiß, Eva;Foo, Bar, Baz;0151 2\n",
    )

    table = read_csv(path)

    assert table.delimiter == ";"
    assert cells(table)[1]["Firma"] == "Foo, Bar, Baz"


def test_a_one_column_file_is_fine(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "phone\n0151 1\n+49 151 2\n"))

    assert table.columns == ["phone"]
    assert cells(table) == [{"phone": "0151 1"}, {"phone": "+49 151 2"}]


def test_a_given_delimiter_overrides_the_guess(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "a;b\n1;2\n"), delimiter=",")

    assert table.delimiter == ","
    assert cells(table) == [{"a;b": "1;2"}]


@pytest.mark.parametrize("delimiter", ["", ";;", '"', "\n"])
def test_a_delimiter_must_be_one_plain_character(tmp_path: Path, delimiter: str) -> None:
    with pytest.raises(InputError, match="delimiter must be one character"):
        read_csv(write(tmp_path, "a;b\n1;2\n"), delimiter=delimiter)


# --- line ends, blank lines and line numbers -------------------------------------------


def test_cr_only_line_ends_of_a_classic_mac() -> None:
    table = read_csv(DATA / "mac_classic_cr.csv")

    assert cells(table) == [
        {"name": n, "phone": f"0151 {i}"} for i, n in enumerate(["Ann", "Bob", "Cid"], start=1)
    ]
    assert row_numbers(table) == [2, 3, 5]  # line 4 is blank


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_blank_rows_are_dropped_and_the_others_keep_their_lines(tmp_path: Path, end: str) -> None:
    lines = ["", "name,phone", "", "Ann,1", ",", "", "Bob,2", "", ""]
    table = read_csv(write(tmp_path, end.join(lines)))

    assert cells(table) == [{"name": "Ann", "phone": "1"}, {"name": "Bob", "phone": "2"}]
    assert row_numbers(table) == [4, 7]


def test_whitespace_only_rows_count_as_blank(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "name,phone\n   \nAnn,1\n\t,  \nBob,2\n"))

    assert [r["name"] for r in cells(table)] == ["Ann", "Bob"]
    assert row_numbers(table) == [3, 5]


MULTILINE = (
    "name,note,phone\n"
    'Ann,"line one\nline two",0151 1\n'
    'Bob,"",0151 2\n'
    '"Cid\nCee","x ""quoted""\n\ny",0151 3\n'
    "\n"
    "Dan,,0151 4\n"
)


@pytest.mark.parametrize("stray_quote", [False, True], ids=["plain quoting", "a stray quote"])
def test_records_with_line_breaks_are_numbered_by_their_first_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stray_quote: bool
) -> None:
    # Plain quoting is numbered on pyarrow's fast path; a stray quote in an
    # unquoted field takes the exact (csv module) path. Both give the same.
    extra = "Eve,5'11\" tall,0151 5\n" if stray_quote else ""
    if not stray_quote:
        monkeypatch.setattr(csv_reader, "_parse_exact", exact_path_not_expected)
    table = read_csv(write(tmp_path, MULTILINE + extra))

    assert [r["note"] for r in cells(table)][:4] == [
        "line one\nline two",
        "",
        'x "quoted"\n\ny',
        "",
    ]
    assert cells(table)[2]["name"] == "Cid\nCee"
    assert row_numbers(table) == [2, 4, 5, 10, 11][: table.rows]
    assert table.rows == (5 if stray_quote else 4)


def test_line_numbers_stay_true_across_parser_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ~2.5 MB, so pyarrow parses it in several blocks: quoted CRLF line breaks
    # and blank lines scattered through it, and it stays on the fast path.
    monkeypatch.setattr(csv_reader, "_parse_exact", exact_path_not_expected)
    lines, expected, line = ["id,name,note"], [], 2
    for i in range(80_000):
        note = f'"first\r\nsecond {i}"' if i % 7 == 0 else f"n{i}"
        lines.append(f"{i},Person {i},{note}")
        expected.append(line)
        line += 2 if i % 7 == 0 else 1
        if i % 11 == 0:
            lines.append("")
            line += 1
    table = read_csv(write(tmp_path, "\r\n".join(lines) + "\r\n"))

    assert table.rows == 80_000
    assert row_numbers(table) == expected
    assert cells(table)[7]["note"] == "first\r\nsecond 7"


# --- ragged rows, odd bytes, headers ---------------------------------------------------


def test_short_rows_are_padded_with_empty_cells(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "a,b,c\n1,2\n3,4,5\n6\n"))

    assert cells(table) == [
        {"a": "1", "b": "2", "c": ""},
        {"a": "3", "b": "4", "c": "5"},
        {"a": "6", "b": "", "c": ""},
    ]
    assert row_numbers(table) == [2, 3, 4]
    assert any("2 row(s) had fewer cells" in note for note in table.notes)


def test_extra_cells_of_long_rows_are_kept_in_extra_columns(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "a,b\n1,2,3,4\n5,6\n7,8,9\n"))

    assert table.columns == ["a", "b", "column 3", "column 4"]
    assert cells(table) == [
        {"a": "1", "b": "2", "column 3": "3", "column 4": "4"},
        {"a": "5", "b": "6", "column 3": "", "column 4": ""},
        {"a": "7", "b": "8", "column 3": "9", "column 4": ""},
    ]
    assert any(
        "2 row(s) had more cells" in note and "column 3, column 4" in note for note in table.notes
    )


def test_trailing_empty_cells_make_no_extra_columns(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "a,b\n1,2,,\n3,4,\n"))

    assert table.columns == ["a", "b"]
    assert cells(table) == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
    assert not any("more cells" in note for note in table.notes)


def test_nul_bytes_are_removed_with_a_note() -> None:
    table = read_csv(DATA / "nul_bytes.csv")

    assert cells(table) == [{"name": "Ann", "phone": "0151 1"}, {"name": "Bob", "phone": "0151 2"}]
    assert "3 NUL byte(s) removed" in table.notes


def test_headers_are_stripped_and_made_unique(tmp_path: Path) -> None:
    path = write(tmp_path, " Phone ,Phone,,Name,Phone (2),__row\n1,2,3,4,5,6\n")

    table = read_csv(path)

    assert table.columns == ["Phone", "Phone (2)", "column 3", "Name", "Phone (2) (2)", "__row (2)"]
    assert cells(table)[0]["__row (2)"] == "6"
    assert row_numbers(table) == [2]


def test_cells_are_the_exact_strings_of_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,phone,zip,flag,amount,born,name,empty\n"
        "007,+49 151 1234567,01234,TRUE,4.47911123456E+11,2024-01-02,"
        ' padded ,""\n',
    )

    table = read_csv(path)

    assert cells(table) == [
        {
            "id": "007",
            "phone": "+49 151 1234567",
            "zip": "01234",
            "flag": "TRUE",
            "amount": "4.47911123456E+11",
            "born": "2024-01-02",
            "name": " padded ",
            "empty": "",
        }
    ]
    assert all(dtype == np.dtype(object) for dtype in table.frame[table.columns].dtypes)


def test_the_frame_ends_with_row_and_file(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "name,phone\nAnn,1\n", name="Kontakte 2024.csv"))

    assert list(table.frame.columns) == ["name", "phone", ROW_COLUMN, FILE_COLUMN]
    assert table.frame[ROW_COLUMN].dtype == np.int64
    assert table.frame[FILE_COLUMN].tolist() == ["Kontakte 2024.csv"]
    assert (table.format, table.path) == ("csv", str(tmp_path / "Kontakte 2024.csv"))


def test_an_unclosed_quote_swallows_the_rest_but_does_not_stop_the_file(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, 'name,phone\nAnn,"0151 1\nBob,0151 2\n'))

    assert cells(table) == [{"name": "Ann", "phone": "0151 1\nBob,0151 2\n"}]
    assert row_numbers(table) == [2]


def test_an_unclosed_quote_past_the_field_limit_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, 'a,b\n1,2,3\n4,"' + "x" * 200_000 + "\n")

    with pytest.raises(InputError, match=r"contacts\.csv: line 3: .*never closed"):
        read_csv(path)


def test_a_header_only_file_gives_an_empty_table(tmp_path: Path) -> None:
    # Whether no rows is an error is read_source's call (it says it is).
    table = read_csv(write(tmp_path, "name,phone\r\n"))

    assert table.columns == ["name", "phone"]
    assert table.rows == 0


@pytest.mark.parametrize("content", [b"\n\n\r\n", b"   \n\t\n", b"\xef\xbb\xbf", b"\x00\x00"])
def test_a_file_without_text_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(InputError, match=r"contacts\.csv: holds no text"):
        read_csv(write(tmp_path, content))


def test_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.csv: cannot be read"):
        read_csv(tmp_path / "missing.csv")
