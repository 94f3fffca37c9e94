"""Each reader holds a file to the ``ReadLimits`` and refuses, naming the setting to raise.

A refusal comes before the expensive work: the far-cell workbook before the
workbook library allocates its rectangle, the 100,000-column CSV before either
parser starts. Raising the setting lets a genuine file through.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract.limits import ReadLimits
from boolky_sync.extract.read import read_source
from tests.extract.hostile_files import far_cell_workbook, inflating_workbook, wide_csv


def refusal(path: Path, limits: ReadLimits | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        read_source(path, limits=limits)
    return caught.value


def test_a_declared_far_cell_is_refused_before_the_sheet_is_read(tmp_path: Path) -> None:
    error = refusal(far_cell_workbook(tmp_path / "far.xlsx"))
    assert str(error) == (
        "far.xlsx: sheet 'S' declares A1:XFD1048576 (16,384 columns × 1,048,576 rows), "
        "more than the limit of 2,000 columns; if the file is genuine, raise [source] max_columns"
    )
    assert error.sheet == "S"


def test_a_far_cell_behind_a_lying_dimension_is_found_in_the_cells(tmp_path: Path) -> None:
    error = refusal(far_cell_workbook(tmp_path / "liar.xlsx", lying=True))
    assert "sheet 'S' has cells out to XFD1048576 (16,384 columns × 1,048,576 rows)" in str(error)


def test_a_sheet_within_the_columns_but_over_the_cells_names_max_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "phone"])
    sheet.append(["Ann", "+447911123456"])
    sheet["AD100000"] = "far"  # 30 columns × 100,000 rows
    book.save(tmp_path / "tall.xlsx")
    error = refusal(tmp_path / "tall.xlsx", ReadLimits(max_cells=1_000_000))
    assert "(30 columns × 100,000 rows = 3,000,000 cells), more than the limit of " in str(error)
    assert str(error).endswith("1,000,000 cells; if the file is genuine, raise [source] max_cells")


def test_a_workbook_that_packs_too_tightly_is_refused(tmp_path: Path) -> None:
    error = refusal(inflating_workbook(tmp_path / "bomb.xlsx", mib=4))
    assert "bomb.xlsx: xl/worksheets/sheet1.xml packs 4.0 MiB into " in str(error)
    assert "more than the limit of 200 to 1" in str(error)
    assert str(error).endswith("raise [source] max_compression_ratio")


def test_a_workbook_that_unpacks_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = inflating_workbook(tmp_path / "bomb.xlsx", mib=2)
    error = refusal(path, ReadLimits(max_inflated_mib=1, max_compression_ratio=10_000))
    assert "bomb.xlsx: unpacks to 2 MiB, more than the limit of 1 MiB" in str(error)
    assert str(error).endswith("raise [source] max_inflated_mib")


def test_raising_the_limits_lets_the_repeated_sheet_through(tmp_path: Path) -> None:
    path = inflating_workbook(tmp_path / "bomb.xlsx", mib=1)
    table = read_source(path, limits=ReadLimits(max_compression_ratio=10_000))
    assert table.rows > 1000


def test_a_100000_column_header_is_refused(tmp_path: Path) -> None:
    error = refusal(wide_csv(tmp_path / "wide.csv"))
    assert str(error) == (
        "wide.csv: the header has 100,000 columns, more than the limit of 2,000; "
        "if the file is genuine, raise [source] max_columns"
    )
    assert error.row == 1


def test_quoted_delimiters_do_not_count_as_columns(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text('name,"a,b,c,d,e",phone\nAnn,x,+447911123456\n', encoding="utf-8")
    assert read_source(path, limits=ReadLimits(max_columns=3)).columns == [
        "name",
        "a,b,c,d,e",
        "phone",
    ]


def test_a_row_wider_than_the_limit_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("name,phone\nAnn,+447911123456\n" + ",".join("y" * 50) + "\n")
    error = refusal(path, ReadLimits(max_columns=20))
    assert str(error).startswith("ragged.csv: line 3 has 50 columns, more than the limit of 20")
    assert error.row == 3


@pytest.mark.parametrize("ragged", [False, True], ids=["fast path", "exact path"])
def test_a_cell_over_the_limit_is_refused_with_row_and_column(tmp_path: Path, ragged: bool) -> None:
    path = tmp_path / "notes.csv"
    long = "ü" * 1500  # 3,000 bytes of UTF-8
    extra = ",extra" if ragged else ""
    path.write_text(
        f"name,phone,notes\nAnn,+447911123456,short\nBob,+447911123457,{long}{extra}\n",
        encoding="utf-8",
    )
    error = refusal(path, ReadLimits(max_cell_kib=2))
    assert str(error) == (
        "notes.csv: row 3, column 'notes' holds 3,000 bytes, more than the limit of 2 KiB; "
        "if the file is genuine, raise [source] max_cell_kib"
    )
    assert (error.row, error.column) == (3, "notes")


def test_json_cells_and_keys_are_held_to_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "contacts.json"
    path.write_text(json.dumps([{"name": "Ann", "phone": "+1", "note": "x" * 5000}]))
    assert "row 1, column 'note' holds 5,000 bytes" in str(
        refusal(path, ReadLimits(max_cell_kib=4))
    )
    path.write_text(json.dumps([{f"key{i}": "v" for i in range(30)}]))
    error = refusal(path, ReadLimits(max_columns=20))
    assert "contacts.json: the records have 30 columns, more than the limit of 20" in str(error)


def test_vcard_cells_and_columns_are_held_to_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "cards.vcf"
    phones = "".join(f"TEL:+4479111234{i:02d}\r\n" for i in range(20))
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n{phones}NOTE:{'n' * 5000}\r\nEND:VCARD\r\n"
    )
    error = refusal(path, ReadLimits(max_columns=30))
    assert "cards.vcf: the cards need 42 columns, more than the limit of 30" in str(error)
    error = refusal(path, ReadLimits(max_cell_kib=4))
    assert "cards.vcf: row 1, column 'NOTE' holds 5,000 bytes" in str(error)


def test_the_limits_refuse_values_outside_their_rules() -> None:
    with pytest.raises(ValueError, match="max_columns: 0 is out of range"):
        ReadLimits(max_columns=0)
