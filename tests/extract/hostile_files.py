"""Files made to hurt a reader, built small and fast: the tests and ``benchmarks/hostile_input.py``
use the same ones.

- a workbook with one cell at XFD1048576 (5 KB; its reader would allocate 512 GB),
  and the same with a ``<dimension>`` that lies about it;
- a workbook whose one sheet is the same row over and over: a few KB that unpack
  to as many MiB as asked;
- a CSV of 100,000 columns (1.3 MB).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HEADER = ["name", "phone"]
ROW = ["Ann Smith", "+447911123456"]


def far_cell_workbook(path: Path, *, lying: bool = False) -> Path:
    """A valid two-row sheet plus one cell at XFD1048576; ``lying``: its ``<dimension>``
    says A1:B3, so only the cells themselves show how far the sheet reaches."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "S"
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet["XFD1048576"] = "far"
    book.save(path)
    if lying:
        _rewrite_sheet(path, lambda xml: xml.replace(b'ref="A1:XFD1048576"', b'ref="A1:B3"'))
    return path


def inflating_workbook(path: Path, *, mib: int) -> Path:
    """A sheet of one row repeated until its XML is ``mib`` MiB; it packs about 1000 to 1."""
    row = (
        "<row>"
        + "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in ROW)
        + "</row>"
    ).encode()
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:B2"/><sheetData>'
    )
    tail = b"</sheetData></worksheet>"
    rows = row * (mib * 1024 * 1024 // len(row) + 1)
    return _rewrite_sheet(far_cell_workbook(path), lambda _: head + rows + tail)


def wide_csv(path: Path, *, columns: int = 100_000) -> Path:
    """A header of ``columns`` names and one row of as many cells: 1.3 MB at 100,000."""
    header = ",".join(f"field{i}" for i in range(columns))
    row = ",".join("x" for _ in range(columns))
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


def _rewrite_sheet(path: Path, change: Callable[[bytes], bytes]) -> Path:
    """The workbook with its first sheet's XML passed through ``change``."""
    with zipfile.ZipFile(path) as book:
        members = [(info, book.read(info)) for info in book.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in members:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            book.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return path
