"""A CSV's ragged rows: what becomes of a row with fewer or more cells than the header.

Both of the reader's paths keep such a row, and must keep it the same way: a
short row is padded with empty cells, a long row's extra cells go to extra
columns ("column 9"), trailing empty cells make no column, and a note counts
each kind. The exact path (Python's ``csv`` module) meets ragged rows as it
reads; pyarrow's fast parse sets them aside, and ``reread`` reads each one
again, alone, with the same ``csv`` module, so its cells, checks and line are
those the exact path would give, and the reader puts it back in its place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

from boolky_sync.extract.csv_lines import LineNumbers
from boolky_sync.extract.limits import ReadLimits, check_width, first_long_cell, long_cell

ASCII_WHITESPACE = " \t\n\r\v\f"
"""What makes a row blank when it is all a row holds; pyarrow's ``ascii_is_space`` too."""


def is_blank(record: list[str]) -> bool:
    """A record of no cells, or of cells that are empty or only (ASCII) whitespace."""
    return not "".join(record).strip(ASCII_WHITESPACE)


def check_record(
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


@contextmanager
def field_limit(cell_bytes: int) -> Iterator[None]:
    """The csv module's own cap on a field (131,072 characters), raised to ``max_cell_kib``
    while this file is read; a cell is at least as many bytes as characters."""
    was = csv.field_size_limit()
    csv.field_size_limit(max(was, cell_bytes + 1))
    try:
        yield
    finally:
        csv.field_size_limit(was)


def reread(
    records: Sequence[bytes],
    texts: Sequence[str],
    lines: LineNumbers,
    header: list[str],
    delimiter: str,
    path: Path,
    limits: ReadLimits,
) -> tuple[list[list[str]], LineNumbers] | None:
    """The cells and lines of the set-aside records that are not blank.

    ``records`` are the bytes from each record's first line to the next
    record's (blank lines between them included), ``texts`` the rows as pyarrow
    saw them, ``lines`` where they start. None when a piece does not start with
    pyarrow's row or is not one record to the csv module: the two parsers then
    disagree about where records end, and only the exact path can tell.
    """
    rows: list[list[str]] = []
    kept: list[int] = []
    with field_limit(limits.max_cell_bytes):
        for piece, text, line in zip(records, texts, lines.tolist(), strict=True):
            if not piece.startswith(text.encode()):
                return None
            reader = csv.reader(io.StringIO(piece.decode(), newline=""), delimiter=delimiter)
            try:
                first, *rest = reader
            except (csv.Error, ValueError):  # a field over the limit, or no record at all
                return None
            if not first or any(rest):
                return None
            check_record(first, header, line, path, limits)
            if not is_blank(first):
                rows.append(first)
                kept.append(line)
    return rows, np.array(kept, dtype=np.int64)


def ragged_shape(width: int, rows: list[list[str]]) -> tuple[int, list[str]]:
    """How many columns the table takes (the header's ``width``, or more for a long row's
    extra cells), and the notes that count the short and the long rows."""
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
    return total, notes


def squared(rows: list[list[str]], total: int) -> npt.NDArray[np.object_]:
    """The rows as rows × ``total`` cells: short ones padded, trailing empty cells cut."""
    padded = [r if len(r) == total else r[:total] + [""] * (total - len(r)) for r in rows]
    cells = np.empty((len(rows), total), dtype=object)
    if padded:
        cells[:] = padded  # into an object array: numpy never reads a str as a sequence
    return cells


def _used_width(record: list[str]) -> int:
    """Length of a record without its trailing empty cells."""
    used = len(record)
    while used and not record[used - 1]:
        used -= 1
    return used
