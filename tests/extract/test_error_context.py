"""Extract's errors say where the problem is as data, not only in their message.

``validate`` and the CLI read ``path``, ``row``, ``column``, ``sheet`` and
``key`` (the ``[source]`` option that fixes the problem) instead of parsing the
text, so each field is checked here on real failures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from boolky_sync.errors import InputError
from boolky_sync.extract import extract, read_source


def fields(error: InputError) -> dict[str, object]:
    return {
        "path": error.path,
        "row": error.row,
        "column": error.column,
        "sheet": error.sheet,
        "key": error.key,
    }


def raised(call: Callable[..., object], *args: object, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_a_missing_file_names_the_path_option(tmp_path: Path) -> None:
    missing = tmp_path / "kontakte.csv"

    error = raised(read_source, str(missing))

    assert fields(error) == {
        "path": str(missing),
        "row": None,
        "column": None,
        "sheet": None,
        "key": "path",
    }


def test_an_encoding_python_does_not_know_names_the_encoding_option(tmp_path: Path) -> None:
    path = write(tmp_path / "contacts.csv", b"name,phone\nAda,+44 7911 123456\n")

    error = raised(read_source, path, encoding="klingon")

    assert str(error).startswith("contacts.csv: 'klingon' is not a text encoding Python knows")
    assert (error.path, error.key, error.row) == (str(path), "encoding", None)


def test_bytes_the_given_encoding_cannot_explain_name_their_line(tmp_path: Path) -> None:
    path = write(tmp_path / "contacts.csv", b"name,phone\nAda,1\nJ\xfcrgen,2\n")

    error = raised(read_source, path, encoding="utf-8")

    assert str(error).startswith("contacts.csv: line 3 has bytes that are not utf-8")
    assert (error.path, error.key, error.row) == (str(path), "encoding", 3)


def test_a_missing_sheet_names_the_sheet_and_the_sheet_option(tmp_path: Path) -> None:
    path = tmp_path / "contacts.xlsx"
    book = Workbook()
    book.active.title = "Contacts"
    book.active.append(["name", "phone"])
    book.active.append(["Ada", "+44 7911 123456"])
    book.save(path)

    error = raised(read_source, path, sheet="Kunden")

    assert str(error).startswith(f"{path}: no sheet named 'Kunden'")
    assert fields(error) == {
        "path": str(path),
        "row": None,
        "column": None,
        "sheet": "Kunden",
        "key": "sheet",
    }


def test_a_mapping_to_a_missing_column_names_the_column_and_the_field(tmp_path: Path) -> None:
    path = write(tmp_path / "contacts.csv", b"name,phone\nAda,+44 7911 123456\n")

    error = raised(extract, path, mapping={"email": "E-Mail"})

    assert "the mapping takes email from column 'E-Mail'" in str(error)
    assert fields(error) == {
        "path": str(path),
        "row": None,
        "column": "E-Mail",
        "sheet": None,
        "key": "mapping.email",
    }


def test_one_column_for_two_fields_names_the_second_field(tmp_path: Path) -> None:
    path = write(tmp_path / "contacts.csv", b"name,phone\nAda,+44 7911 123456\n")

    error = raised(extract, path, mapping={"name": "name", "first_name": "name"})

    assert (error.column, error.key) == ("name", "mapping.first_name")


@pytest.mark.parametrize(
    ("name", "content", "options", "row", "key"),
    [
        ("contacts.csv", b"name,phone\nAda,1\n", {"format": "dbase"}, None, "format"),
        ("contacts.csv", b"name,city\nAda,London\n", {}, None, "mapping.phone"),
        ("contacts.csv", b"name,phone\nAda,1\n", {"preset": "sugarcrm"}, None, "preset"),
        ("contacts.json", b'[\n{"name": "Ada"},\n{"name": }\n]\n', {}, 3, "path"),
    ],
    ids=["unknown format", "no phone column", "unknown preset", "invalid JSON"],
)
def test_the_option_that_fixes_it(
    tmp_path: Path, name: str, content: bytes, options: dict[str, str], row: int | None, key: str
) -> None:
    path = write(tmp_path / name, content)

    error = raised(extract, path, **options)

    assert (error.path, error.row, error.key) == (str(path), row, key)
