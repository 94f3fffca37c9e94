"""A workbook's size, told from its zip directory and its sheets' first bytes, before it is read.

The workbook library allocates a sheet's whole rectangle, A1 to its farthest
cell, before handing over a single row, and for a rectangle too big for memory
it aborts the process — no exception, no report. An .xlsx/.xlsm sheet states
its rectangle in a ``<dimension ref="A1:I38"/>`` element near the start of its
XML, and a zip states what each member unpacks to, so both are checked here
from the zip directory and the first few KiB of the sheet, before anything is
unpacked in full. (.xls and .ods state neither; their rectangle is checked once
the library has read the sheet, before its cells become Python objects.)
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from boolky_sync.errors import InputError
from boolky_sync.extract.limits import MIB, RATIO_FLOOR, ReadLimits

HEAD_BYTES = 64 * 1024
"""How much of a sheet's XML is unpacked to find its ``<dimension>`` (it comes first)."""
PART_BYTES = 4 * MIB
"""The most of the workbook's own index parts (workbook.xml, its rels) that is read."""
SCAN_BYTES = 4 * MIB
_OVERLAP = 32
"""Bytes kept from one chunk to the next, so a reference cut in two is still seen."""
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?\"")
_ROW_NUMBER = re.compile(rb'row r="(\d+)"')
_WIDE_CELL = re.compile(rb'r="[A-Z]{2}')
_WIDE_LETTERS = re.compile(rb'r="([A-Z]{2,})\d')
_OFFICE_DOCUMENT = "/officeDocument"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

SheetParts = dict[str, str]
"""Sheet name → its XML member in the zip (for .xlsx/.xlsm; empty for .ods)."""


def check_workbook_file(path: Path, limits: ReadLimits) -> SheetParts:
    """Refuse a zip workbook that unpacks to too much; its sheets' XML members by name.

    Not a zip (.xls, or something damaged): nothing to check, and the reader's
    own errors say what the file is.
    """
    if not zipfile.is_zipfile(path):
        return {}
    with zipfile.ZipFile(path) as book:
        members = book.infolist()
        inflated = sum(m.file_size for m in members)
        if inflated > limits.max_inflated_mib * MIB:
            raise _refused(
                path,
                f"unpacks to {inflated / MIB:,.0f} MiB, more than the limit of "
                f"{limits.max_inflated_mib:,} MiB",
                "max_inflated_mib",
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FLOOR and ratio > limits.max_compression_ratio:
                raise _refused(
                    path,
                    f"{member.filename} packs {member.file_size / MIB:,.1f} MiB into "
                    f"{member.compress_size:,} bytes ({ratio:,.0f} to 1), more than the limit "
                    f"of {limits.max_compression_ratio:,} to 1 (real contacts pack 5 to 15)",
                    "max_compression_ratio",
                )
        try:
            return _sheet_parts(book)
        except (KeyError, ElementTree.ParseError):
            return {}  # not an OOXML workbook (an .ods), or its index is damaged: the reader says


def check_sheet_size(path: Path, parts: SheetParts, sheet: str, limits: ReadLimits) -> None:
    """Refuse an .xlsx sheet whose rectangle is beyond the limits, before calamine reads it.

    Its ``<dimension>`` says the rectangle in the first KiB; a file can leave it
    out or lie, so the XML is then scanned (unpacked in a stream, at about ten
    times calamine's speed) for the farthest row number and the cell references
    of two letters or more (beyond column Z: a narrow sheet has none).
    """
    member = parts.get(sheet)
    if member is None:
        return
    with zipfile.ZipFile(path) as book, book.open(member) as stream:
        head = stream.read(HEAD_BYTES)
        declared = _DIMENSION.search(head)
        if declared is not None:
            far = (declared[3] or declared[1]).decode(), int(declared[4] or declared[2])
            reference = declared[0].split(b'"')[1].decode()
            check_rectangle(
                path, sheet, column_number(far[0]), far[1], limits, f"declares {reference}"
            )
        columns, rows = _farthest_cell(head, stream)
    check_rectangle(
        path, sheet, columns, rows, limits, f"has cells out to {column_letters(columns)}{rows}"
    )


def _farthest_cell(head: bytes, stream: IO[bytes]) -> tuple[int, int]:
    """(columns, rows) the sheet's cells reach: Z (26) at least, as one-letter cells go unread."""
    columns, rows = 26, 0
    chunk, tail = head, b""
    while chunk:
        text = tail + chunk
        numbers = _ROW_NUMBER.findall(text)
        if numbers:
            rows = max(rows, *map(int, numbers))
        if _WIDE_CELL.search(text):
            widest = max(_WIDE_LETTERS.findall(text), key=lambda c: (len(c), c), default=b"")
            columns = max(columns, column_number(widest.decode()))
        tail = text[-_OVERLAP:]
        chunk = stream.read(SCAN_BYTES)
    return columns, rows


def check_rectangle(
    path: Path, sheet: str, columns: int, rows: int, limits: ReadLimits, what: str
) -> None:
    """Refuse a sheet rectangle wider than ``max_columns`` or larger than ``max_cells``."""
    size = f"{columns:,} columns × {rows:,} rows"
    if columns > limits.max_columns:
        limit, key = f"{limits.max_columns:,} columns", "max_columns"
    elif columns * rows > limits.max_cells:
        size += f" = {columns * rows:,} cells"
        limit, key = f"{limits.max_cells:,} cells", "max_cells"
    else:
        return
    raise _refused(
        path, f"sheet {sheet!r} {what} ({size}), more than the limit of {limit}", key, sheet
    )


def column_number(letters: str) -> int:
    """A column's letters as its number: A → 1, XFD → 16,384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def column_letters(number: int) -> str:
    """A column's number as its letters: 1 → A, 16,384 → XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _refused(path: Path, what: str, key: str, sheet: str | None = None) -> InputError:
    return InputError(
        f"{path.name}: {what}; if the file is genuine, raise [source] {key}",
        path=str(path),
        sheet=sheet,
        key="path",
    )


def _sheet_parts(book: zipfile.ZipFile) -> SheetParts:
    """Each sheet's XML member, found as Excel finds it: package rels → workbook → its rels."""
    package = _relations(book, "_rels/.rels", "")
    workbook = next((t for kind, t in package.values() if kind.endswith(_OFFICE_DOCUMENT)), None)
    if workbook is None:
        return {}
    folder, name = posixpath.split(workbook)
    relations = _relations(book, posixpath.join(folder, "_rels", name + ".rels"), folder)
    root = ElementTree.fromstring(_part(book, workbook))  # noqa: S314  see _part
    parts: SheetParts = {}
    for sheet in root.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_R_ID) in relations:
            parts[sheet.get("name", "")] = relations[sheet.get(_R_ID, "")][1]
    return parts


def _relations(book: zipfile.ZipFile, member: str, folder: str) -> dict[str, tuple[str, str]]:
    """A rels part: id → (relationship type, target member); targets resolved from ``folder``."""
    root = ElementTree.fromstring(_part(book, member))  # noqa: S314  see _part
    found: dict[str, tuple[str, str]] = {}
    for relation in root.iter(f"{_RELS_NS}Relationship"):
        target = relation.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[relation.get("Id", "")] = (relation.get("Type", ""), posixpath.normpath(resolved))
    return found


def _part(book: zipfile.ZipFile, member: str) -> bytes:
    """At most ``PART_BYTES`` of an index part. Expat (2.4 and later, as Python bundles it)
    refuses entity expansion bombs itself, and a part cut short fails to parse, which
    leaves the sheets unchecked here for calamine to refuse."""
    with book.open(member) as stream:
        return stream.read(PART_BYTES)
