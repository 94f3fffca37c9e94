"""What every reader returns: the rows as strings, and what was detected on the way.

Readers know file formats and nothing of Boolky. They keep the source's own
column names, so a person can match every value to their file, and add two
columns of their own: the row number as a person counts it in that file
(spreadsheet row, or CSV line of the record's start, header included) and the
file's name, so a refused row can be found again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

ROW_COLUMN = "__row"
"""Row number in the source file, as a person counts it (header row included)."""
FILE_COLUMN = "__file"
"""Name of the file the row came from (several files can feed one pipeline)."""
META_COLUMNS = (ROW_COLUMN, FILE_COLUMN)

FORMATS = ("csv", "excel", "vcard", "json")

EXCEL_DIGITS = 15
"""Significant digits a spreadsheet keeps in a number."""


@dataclass
class SourceTable:
    """The rows of one source, every value a string (empty cell → ``""``).

    ``frame`` holds the source columns in file order, then ``__row`` (int) and
    ``__file`` (str). The other fields say what the reader detected, for
    ``inspect`` and for error messages.
    """

    frame: pd.DataFrame
    format: str
    path: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    cut_rows: dict[str, int] = field(default_factory=dict)
    """File name → the line of its last row, when the file ends in the middle of that row
    (an export still being written): normalize refuses the row, a mirror the whole source."""

    @property
    def columns(self) -> list[str]:
        """The source's own columns, without the two added by the reader."""
        return [c for c in self.frame.columns if c not in META_COLUMNS]

    @property
    def rows(self) -> int:
        return len(self.frame)


def cut_row_note(file_name: str, line: int) -> str:
    """The note on a file cut off mid-row that a run reads on (insert, upsert)."""
    return f"{_ends_mid_row(file_name, line)} That row is refused; the rest is read"


def cut_row_refusal(file_name: str, line: int) -> str:
    """The error of a mirror refusing a file cut off mid-row."""
    return (
        f"{_ends_mid_row(file_name, line)} Nothing was changed; "
        "run again when the export is complete"
    )


def _ends_mid_row(file_name: str, line: int) -> str:
    return f"{file_name} ends in the middle of a row at line {line} — was it still being written?"


def number_text(value: float, *, significant: int | None = None) -> str:
    """A number in plain digits: no ``.0`` on whole numbers, never ``4.47911E+11``.

    Phone numbers typed into number cells are the reason: they must come out
    as the digits that were typed. ``significant`` rounds first (Excel's own
    precision); without it the shortest text that reads back as the same float.
    """
    if value.is_integer() and abs(value) < 10**EXCEL_DIGITS:
        return str(int(value))
    text = repr(value) if significant is None else f"{value:.{significant}g}"
    return format(Decimal(text).normalize(), "f")


def unique_names(names: Sequence[str]) -> list[str]:
    """Column names made unique the way a person would: "Phone", "Phone (2)".

    The reader's own ``__row`` and ``__file`` count as taken, so a source column
    of that name is kept as "__row (2)" instead of being overwritten.
    """
    taken: set[str] = set(META_COLUMNS)
    unique: list[str] = []
    for name in names:
        candidate, count = name, 1
        while candidate in taken:
            count += 1
            candidate = f"{name} ({count})"
        taken.add(candidate)
        unique.append(candidate)
    return unique


def source_frame(
    columns: dict[str, list[str]], row_numbers: np.ndarray | Sequence[int], path: Path
) -> pd.DataFrame:
    """What a reader returns as its frame: blank rows dropped, ``__row`` and ``__file`` added."""
    filled = np.zeros(len(row_numbers), dtype=bool)
    for values in columns.values():
        filled |= np.asarray(values, dtype=object) != ""
    frame = pd.DataFrame(columns, dtype=object, index=pd.RangeIndex(len(filled)))
    frame = frame.loc[filled].reset_index(drop=True)
    frame[ROW_COLUMN] = np.asarray(row_numbers, dtype=np.int64)[filled]
    frame[FILE_COLUMN] = pd.Series([path.name] * len(frame), dtype=object)
    return frame
