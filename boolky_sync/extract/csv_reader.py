"""CSV, TSV and TXT files as people really get them, read fast and without losing a cell.

A CSV says nothing about itself: the encoding is found from a byte-order mark,
strict UTF-8, or a detector (a German Outlook writes cp1252; ``text_decoding``);
the delimiter from which of ``,`` ``;`` tab ``|`` splits the first records into
the same number of fields (``delimiters``). Every cell stays the exact string
the file holds ("007" stays "007").

Large files go through pyarrow's multi-threaded parser, and numpy finds the
line each record starts on from where the line breaks and quotes are
(``csv_lines``). A ragged row (fewer or more cells than the header) is set
aside by pyarrow (``csv_arrow``), read again alone by Python's ``csv`` module
and put back in its place (``csv_ragged``), so a file with a few stays fast. Where
the lines cannot be told cheaply — a stray quote (``37.8"N`` in an unquoted
field) in a file whose records span lines — the file goes to the ``csv``
module whole instead, several times slower but exact about lines.

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

from boolky_sync.errors import InputError
from boolky_sync.extract.csv_arrow import arrow_cells, arrow_table, blank_rows
from boolky_sync.extract.csv_lines import (
    LineNumbers,
    ends_mid_record,
    record_lines,
    record_pieces,
)
from boolky_sync.extract.csv_ragged import (
    check_record,
    field_limit,
    is_blank,
    ragged_shape,
    reread,
    squared,
)
from boolky_sync.extract.delimiters import (
    SAMPLE_BYTES,
    sample_text,
    sniff_delimiter,
)
from boolky_sync.extract.limits import ReadLimits, check_width, long_cell
from boolky_sync.extract.table import (
    FILE_COLUMN,
    ROW_COLUMN,
    SourceTable,
    cut_row_note,
    unique_names,
)
from boolky_sync.extract.text_decoding import read_bytes, to_utf8


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
    """pyarrow's parse, or None when its rows cannot be trusted or numbered cheaply.

    The rows pyarrow set aside (not the header's width) are read again exactly
    and put back in their place: their record numbers pick their lines out of
    ``record_lines``, which counts every record, set aside or not. Each None
    below hands the file to the exact path, which is slower but sure.
    """
    parsed = arrow_table(data, delimiter)
    if parsed is None or parsed[0].num_rows == 0:
        return None
    table, set_aside = parsed
    numbers = np.array([row.number for row in set_aside], dtype=np.int64)
    every_line = record_lines(data, delimiter, table.num_rows + len(numbers))
    if every_line is None:  # a stray quote where records span lines: no lines to be had cheaply
        return None
    if not _numbers_fit(numbers, len(every_line)):  # pyarrow counted records otherwise
        return None
    aside = np.zeros(len(every_line), dtype=bool)
    aside[numbers - 1] = True
    lines = every_line[~aside]
    header = [str(cell) for cell in table.slice(0, 1).to_pylist()[0].values()]
    too_long = _long_cell(table, lines, header, path, limits)
    if too_long is not None:
        if set_aside:  # the exact path names the first in the file, ragged rows included
            return None
        raise too_long
    texts = [row.text for row in set_aside]
    pieces = record_pieces(data, every_line, numbers)
    ragged = reread(pieces, texts, every_line[aside], header, delimiter, path, limits)
    if ragged is None:  # the parsers disagree where a ragged record ends
        return None
    rows, lines = table.slice(1), lines[1:]
    blank = blank_rows(rows)
    if blank.any():
        rows, lines = rows.filter(pa.array(~blank)), lines[~blank]
    cells, lines, notes = arrow_cells(rows, lines, *ragged)
    return Records(header + [""] * (cells.shape[1] - len(header)), cells, lines, notes, len(header))


def _numbers_fit(numbers: npt.NDArray[np.int64], records: int) -> bool:
    """Whether pyarrow's numbers of the set-aside rows are distinct records after the header.

    The header set aside would mean the sample and pyarrow disagree on its width.
    """
    if not len(numbers):
        return True
    distinct = len(np.unique(numbers)) == len(numbers)
    return distinct and numbers.min() > 1 and numbers.max() <= records


def _long_cell(
    table: pa.Table, lines: LineNumbers, header: list[str], path: Path, limits: ReadLimits
) -> InputError | None:
    """The refusal of the first cell (column by column) over ``max_cell_kib``, header included."""
    for name, column in zip(header, table.columns, strict=True):
        too_long = pc.greater(pc.binary_length(column), limits.max_cell_bytes)
        if pc.any(too_long).as_py():
            index = pc.index(too_long, True).as_py()
            size = len(column[index].as_py().encode())
            return long_cell(path, int(lines[index]), name, size, limits)
    return None


def _parse_exact(data: bytes, delimiter: str, path: Path, limits: ReadLimits) -> Records:
    """Python's csv module, counting physical lines, keeping the cells of ragged rows."""
    with _cycle_collector_paused(), field_limit(limits.max_cell_bytes):
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
            check_record(record, header, start, path, limits)
            if header is None and record:
                header = record
            elif not is_blank(record):
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


def _square(header: list[str], rows: list[list[str]], lines: LineNumbers) -> Records:
    """Pad short rows with empty cells; keep long rows' extra cells in extra columns."""
    total, notes = ragged_shape(len(header), rows)
    cells = squared(rows, total)
    return Records(header + [""] * (total - len(header)), cells, lines, notes, len(header))


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
