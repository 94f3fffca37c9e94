"""report.xlsx: the summary and the changes as a workbook a person filters and sorts.

Sheets: Summary (every figure of summary.json, one per line; times local with
UTC beside), Blocked (what the safety guard stopped, when it stopped the run),
Created, Updated, Removed (group removals and deletions), then one sheet per
list of ``tables.LISTINGS`` (Rejected, Warnings). Each has a bold, frozen
header row under the names a person reads, an autofilter over its table, and
columns wide enough to read.

Contact data is untrusted, and a workbook cell whose type is formula is run
when the file opens. Every cell is a number or an inline string, which a
spreadsheet never reads as a formula or an error value (a name like ``=1+1``
or ``#N/A`` stays text), and every text passes ``safe_cells`` as well, so it
stays harmless when someone copies it elsewhere. Characters XML cannot hold
(control characters a messy export may carry) are replaced, not allowed to
abort the report. The workbook is streamed: openpyxl's write-only mode writes
its parts and header rows, and the rows go in as XML built a column at a time
(``sheet_rows``), so a run of a hundred thousand changes takes a second or
two, not the twenty openpyxl takes to serialise its cells one by one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from boolky_sync.report.folder import open_private
from boolky_sync.report.safe_cells import neutralise
from boolky_sync.report.sheet_rows import MAX_CELL, rows_xml, safe_texts
from boolky_sync.report.tables import (
    BLOCKED_COLUMNS,
    CHANGE_COLUMNS,
    LISTINGS,
    ReportTables,
    labelled,
    summary_items,
    text,
)
from boolky_sync.report.times import local_and_utc

XLSX_FILE = "report.xlsx"
MAX_ROWS = 1_048_575
"""Rows a sheet holds under its header (Excel's limit); more are left to changes.csv."""
WIDTH_SAMPLE = 500
"""Rows looked at to size a column."""
MIN_WIDTH, MAX_WIDTH = 8, 60
TIMES = ("started", "finished")
"""The summary's figures that are times: shown local, with UTC beside."""

_BOLD = Font(bold=True)
_SHEETS = "xl/worksheets/sheet"
_END_OF_ROWS = b"</sheetData>"


def write_xlsx(tables: ReportTables, folder: Path) -> Path:
    """Write ``folder/report.xlsx``: Summary, Blocked (a guarded run), the changes, the lists."""
    changes = labelled(tables.changes, CHANGE_COLUMNS)
    sheets = [("Summary", labelled(_summary_frame(tables.summary), ("figure", "value")))]
    if tables.summary.get("guard"):
        sheets.append(("Blocked", labelled(tables.blocked, BLOCKED_COLUMNS)))
    op = tables.changes["op"]
    for title, ops in (
        ("Created", ("create_group", "create")),
        ("Updated", ("update",)),
        ("Removed", ("remove", "delete")),
    ):
        sheets.append((title, changes[op.isin(ops).to_numpy()]))
    for listing in LISTINGS:
        rows = tables.listing(listing)
        if listing.when_empty or len(rows):
            sheets.append((listing.sheet, labelled(rows, listing.fixed)))
    return write_workbook(sheets, folder / XLSX_FILE)


def write_workbook(sheets: Iterable[tuple[str, pd.DataFrame]], path: Path) -> Path:
    """Frames as the sheets of one formula-safe workbook, readable by its owner only.

    openpyxl writes the workbook with each sheet's header row only; the rows
    are then streamed into each sheet's ``<sheetData>`` as the zip is copied
    (``sheet_rows``), a chunk at a time.
    """
    book = Workbook(write_only=True)
    bodies = [_frame_sheet(book, title, frame) for title, frame in sheets]
    shell = io.BytesIO()
    book.save(shell)
    with (
        zipfile.ZipFile(shell) as header_only,
        open_private(path) as out,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book_file,
    ):
        for member in header_only.infolist():
            content = header_only.read(member)
            body = bodies[_sheet_number(member.filename) - 1] if _is_sheet(member) else None
            if body is None:
                book_file.writestr(member, content)
            else:
                _stream_sheet(book_file, member.filename, content, body)
    return path


def _is_sheet(member: zipfile.ZipInfo) -> bool:
    return member.filename.startswith(_SHEETS) and member.filename.endswith(".xml")


def _sheet_number(name: str) -> int:
    """``xl/worksheets/sheet3.xml`` -> 3: openpyxl numbers the sheets in the order made."""
    return int(name[len(_SHEETS) : -len(".xml")])


def _stream_sheet(book: zipfile.ZipFile, name: str, header: bytes, body: Iterable[bytes]) -> None:
    """The sheet openpyxl wrote, with ``body``'s rows put in before ``</sheetData>``."""
    head, tail = header.replace(b"<sheetData />", b"<sheetData></sheetData>").split(_END_OF_ROWS)
    with book.open(name, "w", force_zip64=True) as sheet:
        sheet.write(head)
        for chunk in body:
            sheet.write(chunk)
        sheet.write(_END_OF_ROWS + tail)


def _summary_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """One line per figure; lists (sources, notes) one item per line of the cell."""
    items = [(k, local_and_utc(v) if k in TIMES else v) for k, v in summary_items(summary)]
    values = ["\n".join(map(text, v)) if isinstance(v, list) else v for _, v in items]
    return pd.DataFrame({"figure": [k for k, _ in items], "value": pd.Series(values, dtype=object)})


def _frame_sheet(book: Workbook, title: str, frame: pd.DataFrame) -> Iterator[bytes]:
    """Make ``title`` with its header row; returns its rows' XML, made when written."""
    shown = frame.head(MAX_ROWS)
    header = [str(c) for c in shown.columns]
    sample = shown.head(WIDTH_SAMPLE).apply(safe_texts).itertuples(index=False, name=None)
    sheet = book.create_sheet(title)
    for number, width in enumerate(_widths(header, list(sample)), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(header)))}{len(shown) + 1}"
    sheet.append([_text_cell(sheet, _safe_text(name), bold=True) for name in header])
    return rows_xml(shown)


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
