"""The csv-spectrum suite: every ``csvs/NAME.csv`` reads to exactly its ``json/NAME.json``.

The suite has two faults of its own (see ``data/csv-spectrum/README.md``):
``location_coordinates.json`` is one object instead of a list, and its phone
value (1234567890) is not what the CSV holds (2095257564). That file is checked
against what the CSV really says. ``empty.csv`` and ``empty_crlf.csv`` are not
header-only files: they hold rows with empty quoted cells (``1,"",""``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boolky_sync.extract.csv_reader import read_csv
from boolky_sync.extract.read import read_source
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN

SPECTRUM = Path(__file__).parent / "data" / "csv-spectrum"
NAMES = sorted(path.stem for path in (SPECTRUM / "csvs").glob("*.csv"))
SUITE_FAULT = "location_coordinates"
FIRST_LINES = {  # where each record starts: records with line breaks take several lines
    "newlines": [2, 3, 5],
    "newlines_crlf": [2, 3, 5],
    "quotes_and_newlines": [2, 5],
}


def expected(name: str) -> list[dict[str, str]]:
    loaded: list[dict[str, str]] = json.loads((SPECTRUM / "json" / f"{name}.json").read_text())
    return loaded


def test_the_suite_is_there() -> None:
    assert len(NAMES) == 12
    assert SUITE_FAULT in NAMES


@pytest.mark.parametrize("name", [n for n in NAMES if n != SUITE_FAULT])
def test_reads_exactly_the_expected_json(name: str) -> None:
    table = read_source(SPECTRUM / "csvs" / f"{name}.csv")

    assert table.frame[table.columns].to_dict("records") == expected(name)
    assert table.format == "csv"
    assert table.delimiter == ","


@pytest.mark.parametrize("name", NAMES)
def test_rows_are_numbered_by_the_line_they_start_on(name: str) -> None:
    table = read_csv(SPECTRUM / "csvs" / f"{name}.csv")

    count = table.rows
    assert table.frame[ROW_COLUMN].tolist() == FIRST_LINES.get(name, list(range(2, count + 2)))
    assert set(table.frame[FILE_COLUMN]) == {f"{name}.csv"}


def test_location_coordinates_against_what_the_csv_really_says() -> None:
    # The suite's JSON is a single object and has phone 1234567890; the CSV says
    # 2095257564. The stray quotes in 37.8"N are plain characters of an unquoted
    # field, and the U+FFFD replacement characters are in the file itself.
    fault = expected(SUITE_FAULT)
    assert isinstance(fault, dict)
    assert fault["Contact Phone Number"] == "1234567890"

    table = read_source(SPECTRUM / "csvs" / f"{SUITE_FAULT}.csv")

    truth = {**fault, "Contact Phone Number": "2095257564"}
    assert table.frame[table.columns].to_dict("records") == [truth]
    assert truth["Location Coordinates"] == "37\ufffd36'37.8\"N 121\ufffd2'17.9\"W"


@pytest.mark.parametrize("name", ["empty", "empty_crlf"])
def test_empty_quoted_cells_are_empty_strings_not_missing(name: str) -> None:
    table = read_source(SPECTRUM / "csvs" / f"{name}.csv")

    first = table.frame.iloc[0]
    assert (first["b"], first["c"]) == ("", "")
    assert all(isinstance(v, str) for v in table.frame[table.columns].to_numpy().ravel())


def test_every_expected_file_has_a_csv() -> None:
    jsons = sorted(path.stem for path in (SPECTRUM / "json").glob("*.json"))
    assert jsons == NAMES
