"""A source that ends in the middle of a row -- an export still being written -- says so.

A CSV, TSV or TXT is cut when its last line has no line end and fewer cells
than the header, or when it ends inside an open quote; the reader names the
row (``cut_rows``) and notes it, and normalize refuses that row whatever it
holds. A cut workbook or JSON file is no file at all: an input error.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from boolky_sync.errors import InputError
from boolky_sync.extract import extract, read_source
from boolky_sync.normalize import normalize

HEAD = "Name,Phone,City\n"
WHOLE = HEAD + "Ann Lee,+447911123456,Leeds\nBob Stone,+447911123457,York\n"


def cut_at(tmp_path: Path, text: str, name: str = "crm.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("tail", "line"),
    [
        pytest.param("Cid Roe,+4479111", 4, id="mid-phone"),
        pytest.param("Cid Roe,+447911123458,Yo", None, id="mid-last-cell-of-a-full-row"),
        pytest.param('Cid Roe,+447911123458,"Yo', 4, id="open-quote-full-row"),
        pytest.param('Cid Roe,"+447911', 4, id="open-quote-short-row"),
        pytest.param('"Cid\nRoe",+4479', 4, id="a-quoted-line-break-then-cut"),
        pytest.param('"Cid\nRoe",+447911123458,"York\n', 4, id="open-quote-ending-in-a-line-end"),
        pytest.param("Cid Roe,+447911123458\n", None, id="short-row-with-its-line-end"),
        pytest.param("Cid Roe,+447911123458,", None, id="empty-last-cell"),
        pytest.param('Cid Roe,+447911123458,"York"', None, id="closed-quote"),
        pytest.param('Cid Roe,+447911123458,"Yo""rk"', None, id="doubled-quote"),
        pytest.param('Cid Roe,+447911123458,"Yo""rk', 4, id="doubled-quote-then-open"),
        pytest.param('Cid 37.8"N,+4479', 4, id="a-stray-quote-then-cut"),
    ],
)
def test_a_csv_cut_mid_row_names_its_last_row(tmp_path: Path, tail: str, line: int | None) -> None:
    table = read_source(cut_at(tmp_path, WHOLE + tail))
    if line is None:
        assert table.cut_rows == {}
        assert not any("middle of a row" in note for note in table.notes)
    else:
        assert table.cut_rows == {"crm.csv": line}
        assert (
            f"crm.csv ends in the middle of a row at line {line} — was it still being written? "
            "That row is refused; the rest is read"
        ) in table.notes
        assert table.frame["__row"].iloc[-1] == line


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_the_line_is_counted_with_every_kind_of_line_end(tmp_path: Path, line_end: str) -> None:
    text = (WHOLE + "Cid Roe,+4479111").replace("\n", line_end)
    assert read_source(cut_at(tmp_path, text)).cut_rows == {"crm.csv": 4}


def test_a_tsv_and_a_txt_are_read_the_same_way(tmp_path: Path) -> None:
    tsv = (WHOLE + "Cid Roe,+4479111").replace(",", "\t")
    assert read_source(cut_at(tmp_path, tsv, "crm.tsv")).cut_rows == {"crm.tsv": 4}
    txt = (WHOLE + "Cid Roe,+4479111").replace(",", ";")
    assert read_source(cut_at(tmp_path, txt, "crm.txt")).cut_rows == {"crm.txt": 4}


def test_a_long_file_cut_mid_row_goes_through_the_fast_parser_too(tmp_path: Path) -> None:
    rows = "".join(f"P{n},+447911{n:06d},Leeds\n" for n in range(5_000))
    table = read_source(cut_at(tmp_path, HEAD + rows + 'Last,+447911999999,"Lee'))
    assert table.rows == 5_001
    assert table.cut_rows == {"crm.csv": 5_002}


def test_normalize_refuses_the_cut_row_even_when_its_phone_looks_whole(tmp_path: Path) -> None:
    """The cell cut short may be any of them: here the city, and the phone still reads."""
    extracted = extract(cut_at(tmp_path, WHOLE + 'Cid Roe,+447911123458,"Yo'))
    normalized = normalize(extracted.table, extracted.mapping)

    assert normalized.contacts["phone"].tolist() == ["+447911123456", "+447911123457"]
    (refused,) = normalized.rejects.to_dict("records")
    assert (refused["file"], refused["row"], refused["reason"]) == ("crm.csv", 4, "row_truncated")
    assert "ends in the middle of this row" in refused["detail"]
    assert refused["Phone"] == "+447911123458"  # its original values are kept for a person
    assert normalized.stats.rejected == {"row_truncated": 1}


def test_a_cut_phone_is_refused_as_a_cut_row_not_as_a_bad_number(tmp_path: Path) -> None:
    extracted = extract(cut_at(tmp_path, WHOLE + "Cid Roe,+4479111"))
    normalized = normalize(extracted.table, extracted.mapping)
    assert normalized.rejects["reason"].tolist() == ["row_truncated"]


def test_a_cut_workbook_is_an_input_error(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Phone"])
    for n in range(200):
        sheet.append([f"Person {n}", f"+447911{n:06d}"])
    whole = tmp_path / "whole.xlsx"
    book.save(whole)
    data = whole.read_bytes()
    cut = cut_at(tmp_path, "", "crm.xlsx")
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(InputError, match=r"crm\.xlsx: cannot be read as a workbook") as refused:
        read_source(cut)
    assert "\n" not in str(refused.value)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(cut)  # it really is a cut zip


def test_a_cut_json_document_is_an_input_error(tmp_path: Path) -> None:
    text = '[{"name": "Ann", "phone": "+447911123456"}, {"name": "Bo'
    with pytest.raises(
        InputError, match=r"crm\.json: is not valid JSON: unexpected end"
    ) as refused:
        read_source(cut_at(tmp_path, text, "crm.json"))
    assert "\n" not in str(refused.value)


def test_a_cut_ndjson_file_names_its_cut_line(tmp_path: Path) -> None:
    whole = '{"name": "Ann", "phone": "+447911123456"}\n{"name": "Bob", "phone": "+447911123457"}'
    assert read_source(cut_at(tmp_path, whole, "crm.ndjson")).cut_rows == {}
    table = read_source(cut_at(tmp_path, whole + '\n{"name": "Cid", "pho', "crm.ndjson"))
    assert (table.rows, table.cut_rows) == (2, {"crm.ndjson": 3})
    assert any(
        note.startswith("crm.ndjson ends in the middle of a row at line 3") for note in table.notes
    )
