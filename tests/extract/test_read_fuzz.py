"""Property tests: whatever bytes a person hands in, the reader answers with a table or an
``InputError`` — never a traceback; and the CSV reader's two paths agree.

Files are written with ``tempfile`` rather than ``tmp_path``: hypothesis runs many
examples per test call, and a function-scoped fixture would be shared by all.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boolky_sync.errors import InputError
from boolky_sync.extract import csv_reader
from boolky_sync.extract.limits import ReadLimits
from boolky_sync.extract.read import read_source
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN, SourceTable

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CSV_PIECES = st.sampled_from(
    [
        ",",
        ";",
        "\t",
        "|",
        '"',
        '""',
        "\n",
        "\r\n",
        "\r",
        " ",
        "a",
        "07",
        "ä",
        "€",
        "+49 151",
        "\x00",
        "BEGIN:VCARD",
        "[",
        "{",
    ]
)
CSVISH_TEXT = st.lists(CSV_PIECES | st.text(max_size=5), max_size=60).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


@contextmanager
def file_holding(content: bytes, suffix: str = ".csv") -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        yield path


def assert_table_or_input_error(path: Path) -> None:
    try:
        table = read_source(path)
    except InputError as error:
        assert path.name in str(error) or str(path) in str(error)
        return
    assert isinstance(table, SourceTable)
    # A CSV or sheet may have a header and no rows: a table of none, saying so (issue 10).
    assert table.rows > 0 or table.notes[-1].endswith("has a header but no rows")
    assert list(table.frame.columns[-2:]) == [ROW_COLUMN, FILE_COLUMN]
    values = table.frame[table.columns].to_numpy().ravel()
    assert all(isinstance(value, str) for value in values)


@FUZZ
@given(content=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".vcf", ".json"]))
def test_any_bytes_give_a_table_or_an_input_error(content: bytes, suffix: str) -> None:
    with file_holding(content, suffix) as path:
        assert_table_or_input_error(path)


@FUZZ
@given(text=CSVISH_TEXT, encoding=ENCODINGS)
def test_any_text_gives_a_table_or_an_input_error(text: str, encoding: str) -> None:
    with file_holding(text.encode(encoding, errors="replace")) as path:
        assert_table_or_input_error(path)


@FUZZ
@given(
    text=st.lists(
        st.sampled_from(["a", "b", ",", '"', '""', "\n", "\r\n", "\r", " ", ""]), max_size=80
    ).map("".join)
)
def test_the_fast_path_agrees_with_the_exact_one(text: str) -> None:
    # Whenever pyarrow's parse is kept, it must give what the csv module gives:
    # the same header, cells and line numbers.
    data = text.encode()
    fast = csv_reader._parse_fast(data, ",", Path("input.csv"), ReadLimits())
    if fast is None:
        return
    exact = csv_reader._parse_exact(data, ",", Path("input.csv"), ReadLimits())
    assert fast.header == exact.header
    assert fast.cells.tolist() == exact.cells.tolist()
    assert np.array_equal(fast.lines, exact.lines)
