"""Read a workbook (.xlsx, .xlsm, .xls, .ods) into a table of strings.

Spreadsheets are where contact lists get damaged without anyone noticing: a
phone typed into a number cell is a float (``447911123456.0``), a date is a
date, and above the header there is often a title and a blank row. This module
turns each cell into the text a person sees in the sheet, finds the real header
row, and keeps every row's spreadsheet number so a refused row can be found.

python-calamine does the reading: it covers all four formats and is many times
faster than openpyxl. Its failures (and, for some damaged legacy files, Rust
panics) are turned into one ``InputError`` that says what to do. Before it
reads a sheet, the sheet's size is held to the ``ReadLimits``
(``workbook_limits``): calamine allocates a sheet's whole rectangle at once,
and aborts the process when that is too big.
"""

from __future__ import annotations

import mmap
import statistics
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice, zip_longest
from pathlib import Path
from typing import TypeGuard

import numpy as np
import pandas as pd
from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from boolky_sync.errors import InputError
from boolky_sync.extract.guess import SAMPLE_ROWS
from boolky_sync.extract.limits import ReadLimits, check_cells
from boolky_sync.extract.sheet_choice import (
    CHOSEN_PREFIX,
    SheetScore,
    choice_note,
    footer_note,
    footer_start,
    score_sheet,
)
from boolky_sync.extract.table import (
    EXCEL_DIGITS,
    SourceTable,
    number_text,
    source_frame,
    unique_names,
)
from boolky_sync.extract.workbook_limits import (
    SheetParts,
    check_rectangle,
    check_sheet_size,
    check_workbook_file,
    column_letters,
)

Cell = int | float | str | bool | date | datetime | time | timedelta
"""What calamine gives for one cell (an empty cell is ``""``)."""
Rows = list[list[Cell]]

"""Excel keeps and shows 15 significant digits; more is binary noise (6.800000000000001)."""
HEADER_SEARCH_ROWS = 30
"""Title and note rows above a header are a handful; a header lower than this is not looked for."""
ROWS_COMPARED = 10
"""How many rows under a header candidate show the width of the data."""

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
"""Excel saves a workbook with a password as an OLE2 file holding this stream."""


def read_excel(
    path: Path, *, sheet: str | None = None, limits: ReadLimits | None = None
) -> SourceTable:
    """Read one sheet: the one named, else the one that holds the contacts (``sheet_choice``).

    A sheet with a header and nothing under it gives a table with no rows.
    Footer lines under the data (``Total : 7 clients``) are dropped with a note.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; check the path", path=str(path), key="path")
    notes: list[str] = []
    sized = _Sized(path, check_workbook_file(path, limits := limits or ReadLimits()), limits)
    with _translated_errors(path), CalamineWorkbook.from_path(path) as book:
        if sheet:
            chosen = _laid_out(*_named_sheet(book, sized, sheet))
            notes.append(f"{CHOSEN_PREFIX}{chosen.name!r}: named (--sheet or [source] sheet)")
        else:
            chosen = _chosen_sheet(book, sized, notes)
    rows, header = chosen.rows, chosen.header
    if not chosen.found_header:
        notes.append(f"no row looked like a header; took row {header + 1}")
    elif any(_span(row) for row in rows[:header]):
        notes.append(f"header on row {header + 1}; the rows above it were skipped")
    if chosen.end < len(rows):
        notes.append(footer_note(rows[chosen.end :], cell_text))
    frame = _sheet_frame(rows[: chosen.end], header, path, limits)
    return SourceTable(frame=frame, format="excel", path=str(path), sheet=chosen.name, notes=notes)


@dataclass(frozen=True)
class _Sheet:
    """A sheet read once: its rows, where its header is, and where its data ends."""

    name: str
    rows: Rows
    header: int
    found_header: bool
    end: int
    """Index of the first footer row (``len(rows)`` when there is no footer)."""


def _laid_out(name: str, rows: Rows) -> _Sheet:
    """The sheet with its header row found and its trailing footer rows marked off."""
    header = find_header_row(rows)
    found = header is not None
    if header is None:
        header = next(i for i, row in enumerate(rows) if _span(row))
    end = header + 1 + footer_start(rows[header + 1 :], cell_text)
    return _Sheet(name, rows, header, found, end)


@dataclass(frozen=True)
class _Sized:
    """The workbook's path, its sheets' XML members (.xlsx) and the limits they are held to."""

    path: Path
    parts: SheetParts
    limits: ReadLimits


def _named_sheet(book: CalamineWorkbook, sized: _Sized, wanted: str) -> tuple[str, Rows]:
    """The sheet asked for; a different letter case still finds it, as Excel's own lookup does."""
    path = sized.path
    matches = [n for n in book.sheet_names if n == wanted] or [
        n for n in book.sheet_names if n.casefold() == wanted.casefold()
    ]
    if len(matches) != 1:
        raise InputError(
            f"{path}: no sheet named {wanted!r}; the sheets are {_quoted(book.sheet_names)}",
            path=str(path),
            sheet=wanted,
            key="sheet",
        )
    rows = _load(book, matches[0], sized)
    if not _has_content(rows):
        raise InputError(
            f"{path}: sheet {matches[0]!r} is empty; choose another sheet",
            path=str(path),
            sheet=matches[0],
            key="sheet",
        )
    return matches[0], rows


def _chosen_sheet(book: CalamineWorkbook, sized: _Sized, notes: list[str]) -> _Sheet:
    """The worksheet that holds the contacts (chart sheets never), with a note saying why.

    Each sheet is read once and scored; only the best so far is kept in memory.
    """
    path = sized.path
    worksheets = [m for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    best: tuple[SheetScore, _Sheet] | None = None
    others: list[SheetScore] = []
    empty: list[str] = []
    for meta in worksheets:
        rows = _load(book, meta.name, sized)
        if not _has_content(rows):
            empty.append(meta.name)
            continue
        sheet = _laid_out(meta.name, rows)
        score = _score(sheet, meta.visible == SheetVisibleEnum.Visible)
        if best is None or score.key > best[0].key:
            others += [best[0]] if best else []
            best = (score, sheet)
        else:
            others.append(score)
    if best is None:
        raise InputError(
            f"{path}: every sheet is empty ({_quoted(book.sheet_names)}); "
            "check that this is the right file",
            path=str(path),
            key="path",
        )
    if others or empty:
        order = {m.name: i for i, m in enumerate(worksheets)}
        others.sort(key=lambda o: order[o.name])
        notes.append(choice_note(best[0], others, empty))
    return best[1]


def _score(sheet: _Sheet, visible: bool) -> SheetScore:
    data = sheet.rows[sheet.header + 1 : sheet.end]
    sample = [[cell_text(c) for c in row] for row in islice(filter(_span, data), SAMPLE_ROWS)]
    header = [cell_text(c) for c in sheet.rows[sheet.header]]
    return score_sheet(sheet.name, visible, header, sample, sum(1 for r in data if _span(r)))


def _load(book: CalamineWorkbook, name: str, sized: _Sized) -> Rows:
    """Every row from A1 on, so a list index is the spreadsheet row number minus one.

    The declared size is checked before calamine reads the sheet (.xlsx), the
    size it found before its cells become Python objects (every format).
    """
    check_sheet_size(sized.path, sized.parts, name, sized.limits)
    sheet = book.get_sheet_by_name(name)
    width, height = sheet.total_width, sheet.total_height
    far = f"has cells out to {column_letters(width)}{height}"
    check_rectangle(sized.path, name, width, height, sized.limits, far)
    return sheet.to_python(skip_empty_area=False)


def _has_content(rows: Rows) -> bool:
    return any(_span(row) for row in rows)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(repr(n) for n in names)


def find_header_row(rows: Rows) -> int | None:
    """Index of the first row that reads as a header, or None when none does.

    A header has several distinct text cells and spans about as many columns as
    the rows under it. That passes over a title (one cell, even when merged
    across the sheet), a blank row, and a short note or "Exported on" row; the
    header comes before the data, so the first row that qualifies is taken.
    """
    filled = list(
        islice((i for i, row in enumerate(rows) if _span(row)), HEADER_SEARCH_ROWS + ROWS_COMPARED)
    )
    for position, index in enumerate(filled[:HEADER_SEARCH_ROWS]):
        below = [_span(rows[i]) for i in filled[position + 1 : position + 1 + ROWS_COMPARED]]
        if _looks_like_header(rows[index], below):
            return index
    return None


def _looks_like_header(row: list[Cell], spans_below: list[int]) -> bool:
    texts = [c.strip().casefold() for c in row if isinstance(c, str) and c.strip()]
    cells = sum(1 for c in row if _is_filled(c))
    several = len(texts) >= 2 and len(texts) >= 0.8 * cells
    distinct = 2 * len(set(texts)) > len(texts)
    wide = not spans_below or _span(row) >= 0.75 * statistics.median(spans_below)
    return several and distinct and wide


def _is_filled(cell: Cell) -> bool:
    return not isinstance(cell, str) or bool(cell.strip())


def _span(row: list[Cell]) -> int:
    """How many columns the row reaches (1 + index of its last filled cell; 0 when blank)."""
    return next((len(row) - i for i, c in enumerate(reversed(row)) if _is_filled(c)), 0)


def _sheet_frame(rows: Rows, header: int, path: Path, limits: ReadLimits) -> pd.DataFrame:
    """The rows under the header as text columns; a column with neither name nor data is dropped."""
    names: list[str] = []
    columns: list[list[str]] = []
    for index, (title, *values) in enumerate(zip_longest(*rows[header:], fillvalue="")):
        text = _column_text(values)
        name = cell_text(title).strip()
        if name or any(text):
            names.append(name or f"column {index + 1}")
            columns.append(text)
    numbers = np.arange(header + 2, len(rows) + 1)
    check_cells(path, dict(zip(names, columns, strict=True)), numbers, limits)
    return source_frame(dict(zip(unique_names(names), columns, strict=True)), numbers, path)


def _column_text(values: Sequence[Cell]) -> list[str]:
    """One column as text; a column already all text (most of them) is passed through."""
    if _all_text(values):
        return list(values)
    return [cell_text(v) for v in values]


def _all_text(values: Sequence[Cell]) -> TypeGuard[Sequence[str]]:
    return all(type(v) is str for v in values)


def cell_text(value: Cell) -> str:
    """The cell as a person sees it in the sheet, dates in ISO form so they cannot be misread."""
    match value:
        case str():
            return value
        case bool():
            return "TRUE" if value else "FALSE"
        case float():
            return number_text(value, significant=EXCEL_DIGITS)
        case int():
            return str(value)
        case datetime():
            return value.date().isoformat() if value.time() == time() else value.isoformat()
        case date() | time():
            return value.isoformat()
        case timedelta():
            return _duration_text(value)
    return str(value)


def _duration_text(value: timedelta) -> str:
    """A duration as Excel's ``[h]:mm:ss`` shows it."""
    minutes, seconds = divmod(round(value.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


@contextmanager
def _translated_errors(path: Path) -> Iterator[None]:
    """Turn calamine's failures into one InputError saying what to do.

    Besides CalamineError and OSError, calamine panics on some truncated OLE2
    files; the panic arrives as pyo3's PanicException, a BaseException that
    cannot be imported, so it is recognised by name.
    """
    try:
        yield
    except BaseException as error:
        if isinstance(error, CalamineError | OSError) or type(error).__name__ == "PanicException":
            raise _unreadable(path, error) from error
        raise


def _unreadable(path: Path, error: BaseException) -> InputError:
    if isinstance(error, PasswordError) or _is_encrypted_ooxml(path):
        return InputError(
            f"{path}: the workbook is password-protected: save it without a password "
            "(in Excel: File → Info → Protect Workbook → Encrypt with Password, clear it)",
            path=str(path),
            key="path",
        )
    if zipfile.is_zipfile(path):
        what = "is a zip archive but not a workbook (no Excel or OpenDocument sheets inside)"
    else:
        what = f"cannot be read as a workbook ({error}); it is damaged or not a spreadsheet"
    return InputError(
        f"{path}: {what}; open it in Excel or LibreOffice and save it as .xlsx, or export a CSV",
        path=str(path),
        key="path",
    )


def _is_encrypted_ooxml(path: Path) -> bool:
    """An OLE2 file with an EncryptedPackage stream: an .xlsx saved with a password."""
    with path.open("rb") as file:
        if file.read(len(OLE2_MAGIC)) != OLE2_MAGIC:
            return False
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as content:
            return content.find(ENCRYPTED_MARKER) >= 0
