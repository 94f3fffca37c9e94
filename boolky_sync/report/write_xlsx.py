"""report.xlsx: the summary and the changes as a workbook a person filters and sorts.

Sheets: Summary (every figure of summary.json, one per line), Created,
Updated, Removed (group removals and deletions), Rejected. Each has a bold,
frozen header row and columns wide enough to read.

Contact data is untrusted, and a workbook cell whose type is formula is run
when the file opens. Every text cell goes through ``safe_cells``, so none
starts with ``=`` -- the only text openpyxl stores as a formula -- and is
stored with the string type; the few texts openpyxl would store as an error
value (a name like ``#N/A``) are given the string type explicitly. Characters
XML cannot hold (control characters a messy export may carry) are replaced,
not allowed to abort the report. The workbook is streamed (openpyxl's
write-only mode) and its cells prepared a column at a time, so a run of a
hundred thousand changes takes seconds, not minutes.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from boolky_sync.report.folder import open_private
from boolky_sync.report.safe_cells import neutralise, neutralise_column
from boolky_sync.report.tables import ReportTables, summary_items, text

XLSX_FILE = "report.xlsx"
MAX_ROWS = 1_048_575
"""Rows a sheet holds under its header (Excel's limit); more are left to changes.csv."""
MAX_CELL = 32_767
"""Characters a cell holds (Excel's limit)."""
WIDTH_SAMPLE = 500
"""Rows looked at to size a column."""
MIN_WIDTH, MAX_WIDTH = 8, 60

_BOLD = Font(bold=True)


def write_xlsx(tables: ReportTables, folder: Path) -> Path:
    """Write ``folder/report.xlsx`` with the Summary, Created, Updated, Removed, Rejected sheets."""
    changes = tables.changes
    sheets = [("Summary", _summary_frame(tables.summary))]
    for title, ops in (
        ("Created", ("create_group", "create")),
        ("Updated", ("update",)),
        ("Removed", ("remove", "delete")),
    ):
        sheets.append((title, changes[changes["op"].isin(ops)]))
    sheets.append(("Rejected", tables.rejects))
    if not tables.held_back.empty:
        sheets.append(("Held back", tables.held_back))
    return write_workbook(sheets, folder / XLSX_FILE)


def write_workbook(sheets: Iterable[tuple[str, pd.DataFrame]], path: Path) -> Path:
    """Frames as the sheets of one formula-safe workbook, readable by its owner only."""
    book = Workbook(write_only=True)
    for title, frame in sheets:
        _frame_sheet(book, title, frame)
    with open_private(path) as out:
        book.save(out)
    return path


def _summary_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """One line per figure; lists (sources, notes) one item per line of the cell."""
    items = summary_items(summary)
    values = ["\n".join(map(text, v)) if isinstance(v, list) else v for _, v in items]
    return pd.DataFrame({"figure": [k for k, _ in items], "value": pd.Series(values, dtype=object)})


def _frame_sheet(book: Workbook, title: str, frame: pd.DataFrame) -> None:
    safe = _safe_frame(frame.head(MAX_ROWS))
    sample = list(safe.head(WIDTH_SAMPLE).itertuples(index=False, name=None))
    rows = safe.itertuples(index=False, name=None)
    typed = safe.isin(ERROR_CODES).any(axis=1).tolist()
    _sheet(book, title, [str(c) for c in safe.columns], zip(rows, typed, strict=True), sample)


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with numbers as numbers (none as ``None``) and all else as safe text.

    Done on whole columns: a cell-by-cell path costs minutes on a large run.
    """
    columns = {i: _safe_column(frame.iloc[:, i]) for i in range(frame.shape[1])}
    safe = pd.DataFrame(columns, index=frame.index)
    safe.columns = [_safe_text(c) for c in frame.columns]
    return safe


def _safe_column(values: pd.Series) -> pd.Series:
    """Numbers kept (a mixed column keeps its numbers too), everything else safe text.

    An empty cell becomes ``None``, which openpyxl leaves out of the file
    altogether: on a large run that halves the time the workbook takes.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.astype(object).where(values.notna(), None)
    numbers = values.map(_is_number).astype(bool)
    texts = values[~numbers].map(text).astype(object)
    texts = texts.str.replace(ILLEGAL_CHARACTERS_RE, "\N{REPLACEMENT CHARACTER}", regex=True)
    texts = neutralise_column(texts).str.slice(0, MAX_CELL)
    safe = values.astype(object).where(numbers, texts)
    return safe.where(numbers | safe.ne(""), None)


def _is_number(value: Any) -> bool:
    """A value a cell holds as a number: ints and floats (numpy's too), not bools or NaN."""
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and value == value
    )


def _sheet(
    book: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[tuple[Sequence[Any], bool]],
    sample: Sequence[Sequence[Any]],
) -> None:
    """A sheet with a bold frozen header and columns sized on ``sample``.

    ``rows`` pairs each row with whether its text needs the string type set
    by hand; the others are appended as plain values, which openpyxl writes
    fastest and types right: numbers as numbers, safe text as strings.
    """
    sheet = book.create_sheet(title)
    for number, width in enumerate(_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, _safe_text(name), bold=True) for name in header])
    for row, typed in rows:
        if typed:
            row = [_text_cell(sheet, v) if isinstance(v, str) else v for v in row]
        sheet.append(row)


def _text_cell(sheet: Any, value: str, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if bold:
        cell.font = _BOLD
    return cell


def _safe_text(value: Any) -> str:
    shown = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", text(value))
    return str(neutralise(shown))[:MAX_CELL]


def _widths(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Iterator[float]:
    """Per column, the width of its longest line among the header and the sampled rows."""
    for index, name in enumerate(header):
        longest = max((_longest_line(row[index]) for row in rows if index < len(row)), default=0)
        yield float(min(MAX_WIDTH, max(MIN_WIDTH, len(name), longest) + 2))


def _longest_line(value: Any) -> int:
    return max((len(line) for line in text(value).splitlines()), default=0)
