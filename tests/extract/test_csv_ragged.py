"""Ragged rows stay on pyarrow's fast path and come out exactly as the exact path reads them.

Every file here is read twice: as ``read_csv`` reads it (the fast path, which
must not hand the file to the exact one) and with the fast path switched off
(Python's ``csv`` module alone). The two tables must agree cell for cell, row
number for row number, note for note. The files are written by ``csv.writer``,
as spreadsheet programs write them: ragged rows at the start, middle, end,
several in a row; too few and too many cells; quoted delimiters and line
breaks; LF, CRLF and CR line ends, a BOM, no final line end, blank lines.
"""

from __future__ import annotations

import csv
import io
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boolky_sync.extract import csv_arrow, csv_reader
from boolky_sync.extract.csv_reader import read_csv
from boolky_sync.extract.limits import ReadLimits
from boolky_sync.extract.table import ROW_COLUMN, SourceTable

RAGGED_KINDS = {
    "one cell": lambda i: [f"Short {i}"],
    "two cells": lambda i: [f"Short {i}", f"0151 {i}"],
    "an extra cell": lambda i: [f"Long {i}", f"0151 {i}", "note", "extra"],
    "quoted extras": lambda i: [f"Long {i}", "0151, 9", "note", "x, y", 'say "hi"'],
    "trailing empty cells": lambda i: [f"Long {i}", f"0151 {i}", "note", "", ""],
    "extras with line breaks": lambda i: [f"Long {i}", f"0151 {i}", "a\nb", "more\nlines"],
    "only spaces": lambda _i: ["   "],
}
POSITIONS = {
    "start": lambda rows: [0, 1],
    "middle": lambda rows: [rows // 2],
    "end": lambda rows: [rows - 1],
    "consecutive": lambda rows: list(range(10, 15)),
    "scattered": lambda rows: list(range(3, rows, 7)),
}


def contacts_csv(
    rows: int = 40,
    *,
    kinds: tuple[str, ...] = tuple(RAGGED_KINDS),
    positions: tuple[str, ...] = ("scattered",),
    end: str = "\n",
    final_end: bool = True,
    bom: bool = False,
    line_breaks: bool = False,
    blank_every: int = 9,
) -> bytes:
    """A contacts export with ragged rows of ``kinds`` (taken in turn) at ``positions``."""
    ragged = sorted({i for p in positions for i in POSITIONS[p](rows)})
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=end)
    writer.writerow(["Name", "Phone", "Note"])
    for i in range(rows):
        if i in ragged:
            row = RAGGED_KINDS[kinds[ragged.index(i) % len(kinds)]](i)
            writer.writerow([cell.replace("\n", end) for cell in row])
        else:
            note = f"first{end}second {i}" if line_breaks and i % 5 == 0 else f"Berlin, {i}"
            writer.writerow([f"Name {i}", f"0151 {i}", note if i % 3 == 0 else f"n{i}"])
        if i % blank_every == 4:
            writer.writerow([])
    text = out.getvalue()
    if not final_end:
        text = text.removesuffix(end)
    return (("\ufeff" if bom else "") + text).encode()


def rows_kept(rows: int, kinds: tuple[str, ...], positions: tuple[str, ...]) -> int:
    """How many rows a reader keeps: all but the ragged ones of only spaces (blank)."""
    ragged = len({i for p in positions for i in POSITIONS[p](rows)})
    return rows - sum(kinds[k % len(kinds)] == "only spaces" for k in range(ragged))


def exact_path_not_expected(*_args: object) -> None:
    raise AssertionError("the file should have stayed on pyarrow's fast path")


def read_both_ways(
    path: Path, monkeypatch: pytest.MonkeyPatch, *, stays_fast: bool = True
) -> tuple[SourceTable, SourceTable]:
    with monkeypatch.context() as patch:
        if stays_fast:
            patch.setattr(csv_reader, "_parse_exact", exact_path_not_expected)
        fast = read_csv(path, delimiter=",")
    with monkeypatch.context() as patch:
        patch.setattr(csv_reader, "_parse_fast", lambda *_args: None)
        exact = read_csv(path, delimiter=",")
    return fast, exact


def assert_identical(fast: SourceTable, exact: SourceTable) -> None:
    assert list(fast.frame.columns) == list(exact.frame.columns)
    assert fast.frame.to_numpy().tolist() == exact.frame.to_numpy().tolist()
    assert fast.frame[ROW_COLUMN].tolist() == exact.frame[ROW_COLUMN].tolist()
    assert fast.notes == exact.notes
    assert fast.cut_rows == exact.cut_rows


@pytest.mark.parametrize(
    ("kind", "position"),
    list(product(RAGGED_KINDS, POSITIONS)),
    ids=[f"{kind} at {position}" for kind, position in product(RAGGED_KINDS, POSITIONS)],
)
def test_each_kind_of_ragged_row_anywhere_reads_as_the_exact_path_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, position: str
) -> None:
    # 150 rows: a ragged row at the end is past the sample the delimiter is found
    # from, so the parse on all cores meets it first and one thread parses again.
    path = tmp_path / "contacts.csv"
    path.write_bytes(contacts_csv(150, kinds=(kind,), positions=(position,)))

    fast, exact = read_both_ways(path, monkeypatch)

    assert_identical(fast, exact)
    assert fast.rows == rows_kept(150, (kind,), (position,))


@pytest.mark.parametrize(
    ("end", "final_end", "bom", "line_breaks"),
    list(product(["\n", "\r\n", "\r"], [True, False], [False, True], [False, True])),
    ids=lambda value: {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}.get(value, str(value)),
)
def test_line_ends_a_bom_and_quoted_line_breaks_keep_every_row_number(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    end: str,
    final_end: bool,
    bom: bool,
    line_breaks: bool,
) -> None:
    path = tmp_path / "contacts.csv"
    data = contacts_csv(
        positions=("start", "consecutive", "scattered", "end"),
        end=end,
        final_end=final_end,
        bom=bom,
        line_breaks=line_breaks,
    )
    path.write_bytes(data)

    fast, exact = read_both_ways(path, monkeypatch)

    assert_identical(fast, exact)
    assert "column 4, column 5" in " ".join(fast.notes)
    assert fast.rows == rows_kept(
        40, tuple(RAGGED_KINDS), ("start", "consecutive", "scattered", "end")
    )


@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize(
    ("positions", "parses"),
    [(("scattered",), [False]), (("middle", "end"), [True, False])],
    ids=["ragged rows in the sample", "the first ragged row far in"],
)
def test_ragged_rows_across_parser_blocks_keep_their_lines(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    end: str,
    positions: tuple[str, ...],
    parses: list[bool],
) -> None:
    # ~1.9 MB: pyarrow parses it in several blocks, numbering the rows it sets aside
    # as it goes; quoted line breaks and blank lines shift every line after them.
    # With no ragged row in the sample, the parse on all cores stops at the first
    # (it cannot number it) and one thread parses the file again.
    path = tmp_path / "contacts.csv"
    data = contacts_csv(60_000, positions=positions, end=end, line_breaks=True, blank_every=11)
    path.write_bytes(data)
    assert len(data) > 1.5 * 2**20
    threads: list[bool] = []
    parse = csv_arrow._arrow_parse

    def parse_counted(*args: Any, use_threads: bool) -> Any:
        threads.append(use_threads)
        return parse(*args, use_threads=use_threads)

    monkeypatch.setattr(csv_arrow, "_arrow_parse", parse_counted)

    fast, exact = read_both_ways(path, monkeypatch)

    assert_identical(fast, exact)
    assert fast.rows == rows_kept(60_000, tuple(RAGGED_KINDS), positions)
    assert threads == parses


def test_a_stray_quote_where_records_span_lines_goes_to_the_exact_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # numpy cannot tell where records start once a quote opens inside an unquoted
    # field and others hold line breaks, so the whole file is read the exact way.
    data = contacts_csv(line_breaks=True) + b"Eve,5'11\" tall,0151 5,extra\n"
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)

    assert csv_reader._parse_fast(data, ",", path, ReadLimits()) is None
    fast, exact = read_both_ways(path, monkeypatch, stays_fast=False)
    assert_identical(fast, exact)
    assert fast.frame["Phone"].iloc[-1] == "5'11\" tall"


def test_a_stray_quote_in_one_line_records_stays_on_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "contacts.csv"
    one_line_kinds = tuple(kind for kind in RAGGED_KINDS if "line breaks" not in kind)
    path.write_bytes(contacts_csv(kinds=one_line_kinds) + b'Eve,0151 5,37.8"N,extra\nFay,1\n')

    fast, exact = read_both_ways(path, monkeypatch)

    assert_identical(fast, exact)
    assert fast.frame["Note"].tolist()[-2:] == ['37.8"N', ""]


CELL = st.text(st.sampled_from(list('ab ,"\n\r;ä')), max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(
        st.text(st.sampled_from("abc"), min_size=1, max_size=3), min_size=1, max_size=4
    ),
    rows=st.lists(st.lists(CELL, max_size=6), min_size=1, max_size=25),
    end=st.sampled_from(["\n", "\r\n", "\r"]),
    final_end=st.booleans(),
)
def test_any_written_rows_of_any_width_read_the_same_both_ways(
    header: list[str], rows: list[list[str]], end: str, final_end: bool
) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=end).writerows([header, *rows])
    text = out.getvalue() if final_end else out.getvalue().removesuffix(end)
    data = text.encode()

    fast = csv_reader._parse_fast(data, ",", Path("input.csv"), ReadLimits())
    exact = csv_reader._parse_exact(data, ",", Path("input.csv"), ReadLimits())

    assert fast is not None
    assert fast.header == exact.header
    assert fast.cells.tolist() == exact.cells.tolist()
    assert np.array_equal(fast.lines, exact.lines)
    assert fast.notes == exact.notes
    assert fast.width == exact.width
