"""CSV, TSV and TXT files as people really get them, read fast and without losing a cell.

A CSV says nothing about itself: the encoding is found from a byte-order mark,
strict UTF-8, or a detector (a German Outlook writes cp1252; ``text_decoding``);
the delimiter from which of ``,`` ``;`` tab ``|`` splits the first records into
the same number of fields (``delimiters``). Every cell stays the exact string
the file holds ("007" stays "007").

Large files go through pyarrow's multi-threaded parser, and numpy finds the
line each record starts on from where the line breaks and quotes are
(``csv_lines``). That
answer is kept when every row has the header's width and the quoting is plain;
a ragged row or a stray quote (``37.8"N`` in an unquoted field) sends the file
to Python's ``csv`` module instead, several times slower but exact about lines,
and it keeps the extra cells of long rows.

A file that stops in the middle of its last row (an export still being
written) is read, and says so: ``cut_rows`` names the row, and a note says
what became of it (normalize refuses it; a mirror refuses the whole source).

The ``ReadLimits`` are held before the work they would make: the header's width
is counted from its delimiters before either parser starts (100,000 columns are
refused at once), and every row's width and cell bytes as they are parsed.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from boolky_sync.errors import InputError
from boolky_sync.extract.csv_lines import LineNumbers, ends_mid_record, record_lines
from boolky_sync.extract.delimiters import (
    SAMPLE_BYTES,
    sample_records,
    sample_text,
    sniff_delimiter,
)
from boolky_sync.extract.limits import ReadLimits, check_width, first_long_cell, long_cell
from boolky_sync.extract.table import (
    FILE_COLUMN,
    ROW_COLUMN,
    SourceTable,
    cut_row_note,
    unique_names,
)
from boolky_sync.extract.text_decoding import read_bytes, to_utf8

ASCII_WHITESPACE = " \t\n\r\v\f"
"""What makes a row blank when it is all a row holds; pyarrow's ``ascii_is_space`` too."""


@dataclass
class Records:
    """A parsed file: header cells, the rows' cells (rows × columns), each row's start line."""

    header: list[str]
    cells: npt.NDArray[np.object_]
    lines: LineNumbers
    notes: list[str]
    width: int
    """Cells in the file's header line (``header`` may have more: a long row's extras)."""


def read_csv(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: ReadLimits | None = None,
) -> SourceTable:
    """Read a delimited text file into a table of strings.

    A file with a header and no rows gives an empty table (``read_source``
    notes it; a mirror's guard stops on an empty source).
    """
    path = Path(path)
    text = to_utf8(read_bytes(path), path, encoding)
    data = text.data
    if not data or data.isspace():
        raise InputError(
            f"{path.name}: holds no text, only blank lines or spaces; export the contacts again",
            path=str(path),
            key="path",
        )
    if delimiter is None:
        delimiter = sniff_delimiter(sample_text(data), truncated=len(data) > SAMPLE_BYTES)
    elif len(delimiter) != 1 or delimiter in '"\r\n':
        raise InputError(
            f"{path.name}: the delimiter must be one character other than a "
            f"quote or line break, not {delimiter!r}",
            path=str(path),
        )
    limits = limits or ReadLimits()
    _check_header_width(data, delimiter, path, limits)
    records = _parse_fast(data, delimiter, path, limits) or _parse_exact(
        data, delimiter, path, limits
    )
    notes = text.notes + records.notes
    cut_rows = {}
    if len(records.lines):
        last = int(records.lines[-1])
        if ends_mid_record(data, delimiter, last, records.width):
            cut_rows[path.name] = last
            notes.append(cut_row_note(path.name, last))
    return SourceTable(
        frame=_frame(records, path.name),
        format="csv",
        path=str(path),
        encoding=text.encoding,
        delimiter=delimiter,
        notes=notes,
        cut_rows=cut_rows,
    )


# --- parsing ------------------------------------------------------------------------


def _check_header_width(data: bytes, delimiter: str, path: Path, limits: ReadLimits) -> None:
    """Refuse a header wider than ``max_columns`` before a parser spends time on it.

    The delimiters on the first line bound its width from above (a quoted one
    counts too), so only a line over the limit is parsed to count exactly.
    """
    start = len(data) - len(data.lstrip(b"\r\n"))
    ends = [e for e in (data.find(b"\n", start), data.find(b"\r", start)) if e >= 0]
    line = data[start : min(ends, default=len(data))]
    if line.count(delimiter.encode()) < limits.max_columns:
        return
    text = line.decode("utf-8", errors="replace")
    width = len(next(csv.reader([text], delimiter=delimiter), []))
    check_width(path, width, limits, where="the header has", row=1 + data.count(b"\n", 0, start))


def _parse_fast(data: bytes, delimiter: str, path: Path, limits: ReadLimits) -> Records | None:
    """pyarrow's parse, or None when its rows cannot be trusted or numbered cheaply."""
    table = _arrow_table(data, delimiter)
    if table is None or table.num_rows == 0:
        return None
    lines = record_lines(data, delimiter, table.num_rows)
    if lines is None:
        return None
    header = [str(cell) for cell in table.slice(0, 1).to_pylist()[0].values()]
    _check_cell_bytes(table, lines, header, path, limits)
    rows, lines = table.slice(1), lines[1:]
    blank = _blank_rows(rows)
    if blank.any():
        rows, lines = rows.filter(pa.array(~blank)), lines[~blank]
    cells = np.empty((rows.num_rows, rows.num_columns), dtype=object, order="F")
    for index, column in enumerate(rows.columns):
        _fill_strings(column, cells[:, index])
    return Records(header, cells, lines, [], len(header))


def _arrow_table(data: bytes, delimiter: str) -> pa.Table | None:
    """Every record as a row of strings, header included; None at the first ragged row."""
    sampled = sample_records(sample_text(data), delimiter, truncated=False)
    if not sampled:
        return None
    names = [str(i) for i in range(len(sampled[0]))]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=b'"' in data,
                invalid_row_handler=_stop_at_a_ragged_row,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:  # a ragged row, or e.g. an unclosed quote running past a block
        pa.default_memory_pool().release_unused()  # the exact path needs the memory
        return None
    return table


def _check_cell_bytes(
    table: pa.Table, lines: LineNumbers, header: list[str], path: Path, limits: ReadLimits
) -> None:
    """Refuse the first cell (column by column) longer than ``max_cell_kib``, header included."""
    for name, column in zip(header, table.columns, strict=True):
        too_long = pc.greater(pc.binary_length(column), limits.max_cell_bytes)
        if pc.any(too_long).as_py():
            index = pc.index(too_long, True).as_py()
            size = len(column[index].as_py().encode())
            raise long_cell(path, int(lines[index]), name, size, limits)


def _stop_at_a_ragged_row(_row: pacsv.InvalidRow) -> str:
    """pyarrow would drop the row; the exact path keeps its cells, so stop here."""
    return "error"


def _blank_rows(table: pa.Table) -> npt.NDArray[np.bool_]:
    """Rows whose every cell is empty or only (ASCII) whitespace.

    Each column is looked at only in the rows still blank so far, which after
    the first column or two are few.
    """
    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        candidates = np.flatnonzero(blank)
        if not len(candidates):
            break
        cells = column.take(pa.array(candidates))
        empty = pc.or_(pc.equal(pc.binary_length(cells), 0), pc.ascii_is_space(cells))
        blank[candidates] = empty.to_numpy()
    return blank


def _fill_strings(column: pa.ChunkedArray, out: npt.NDArray[np.object_]) -> None:
    """Python strs for one column, one object per distinct value where values repeat.

    Making the Python objects is most of the cost of a big file; columns such as
    first names, cities or groups repeat a few values, and sharing them saves
    both time and memory.
    """
    if not len(column):
        return
    probe = column.slice(0, 10_000)
    if pc.count_distinct(probe).as_py() * 2 > len(probe):
        out[:] = column.to_numpy(zero_copy_only=False)
        return
    encoded = pc.dictionary_encode(column).combine_chunks()
    values = encoded.dictionary.to_numpy(zero_copy_only=False)
    np.take(values, encoded.indices.to_numpy(), out=out)


def _parse_exact(data: bytes, delimiter: str, path: Path, limits: ReadLimits) -> Records:
    """Python's csv module, counting physical lines, keeping the cells of ragged rows."""
    with _cycle_collector_paused(), _field_limit(limits.max_cell_bytes):
        header, rows, lines = _python_records(data.decode("utf-8"), delimiter, path, limits)
        return _square(header, rows, np.array(lines, dtype=np.int64))


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """A million new row lists set off the cycle collector again and again, and each
    time it walks them all, tripling the read; lists of strings hold no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _field_limit(cell_bytes: int) -> Iterator[None]:
    """The csv module's own cap on a field (131,072 characters), raised to ``max_cell_kib``
    while this file is read; a cell is at least as many bytes as characters."""
    was = csv.field_size_limit()
    csv.field_size_limit(max(was, cell_bytes + 1))
    try:
        yield
    finally:
        csv.field_size_limit(was)


def _python_records(
    text: str, delimiter: str, path: Path, limits: ReadLimits
) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, the non-blank rows, and the line each row starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            _check_record(record, header, start, path, limits)
            if header is None and record:
                header = record
            elif any(record) and "".join(record).strip(ASCII_WHITESPACE):
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:  # a field over the csv module's limit: a quote never closed
        raise InputError(
            f"{path.name}: line {start}: {exc}; a quote opened there is probably never closed "
            "(if the file is genuine, raise [source] max_cell_kib)",
            path=str(path),
            row=start,
            key="path",
        ) from exc
    if header is None:
        raise InputError(f"{path.name}: holds no header line", path=str(path), key="path")
    return header, rows, lines


def _check_record(
    record: list[str], header: list[str] | None, line: int, path: Path, limits: ReadLimits
) -> None:
    """Refuse a record wider than ``max_columns`` or with a cell over ``max_cell_kib``."""
    check_width(path, len(record), limits, where=f"line {line} has", row=line)
    found = first_long_cell(record, limits.max_cell_bytes)
    if found is not None:
        index, size = found
        names = header or record
        name = names[index] if index < len(names) else f"column {index + 1}"
        raise long_cell(path, line, name.strip() or f"column {index + 1}", size, limits)


def _square(header: list[str], rows: list[list[str]], lines: LineNumbers) -> Records:
    """Pad short rows with empty cells; keep long rows' extra cells in extra columns."""
    width = len(header)
    short = sum(len(r) < width for r in rows)
    long_used = [_used_width(r) for r in rows if len(r) > width]
    spilled = sum(used > width for used in long_used)
    total = max([width, *long_used])
    notes = []
    if short:
        notes.append(f"{short} row(s) had fewer cells than the header; filled with empty cells")
    if spilled:
        notes.append(
            f"{spilled} row(s) had more cells than the header; the extra cells are "
            f"in columns {', '.join(f'column {i}' for i in range(width + 1, total + 1))}"
        )
    squared = [r if len(r) == total else r[:total] + [""] * (total - len(r)) for r in rows]
    cells = np.empty((len(rows), total), dtype=object)
    if squared:
        cells[:] = squared  # into an object array: numpy never reads a str as a sequence
    return Records(header + [""] * (total - width), cells, lines, notes, width)


def _used_width(record: list[str]) -> int:
    """Length of a record without its trailing empty cells."""
    used = len(record)
    while used and not record[used - 1]:
        used -= 1
    return used


# --- the table ----------------------------------------------------------------------


def _header_names(header: list[str]) -> list[str]:
    """Stripped and unique; an empty header is named by its position, "column 3".

    The reader's own column names go first, so a header "__row" becomes "__row (2)".
    """
    named = [name.strip() or f"column {i}" for i, name in enumerate(header, start=1)]
    return unique_names(named)


def _frame(records: Records, file_name: str) -> pd.DataFrame:
    """The cells as they are (no copy, no str dtype inference), then ``__row`` and ``__file``."""
    frame = pd.DataFrame(
        records.cells, columns=_header_names(records.header), dtype=object, copy=False
    )
    names = np.empty(len(frame), dtype=object)
    names.fill(file_name)
    frame[ROW_COLUMN] = records.lines
    frame[FILE_COLUMN] = pd.Series(names, dtype=object, copy=False)
    return frame
