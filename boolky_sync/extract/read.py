"""The one door every source file comes through: which reader, and only clear errors out.

Whatever bytes a person hands in, ``read_source`` returns a table or raises
``InputError`` naming the file and what to do. A CSV or sheet with a header
and no rows is a table with no rows, and a note: the export of an empty list
is a source saying "nobody" (a mirror's guard stops on it), not a bad file.

The readers raise ``InputError`` for the problems they know; what a parser
library raises about bad content (a ``ValueError`` — which includes
``UnicodeError``, pyarrow's ``ArrowInvalid`` and JSON decode errors —,
``csv.Error``, ``OSError``, a bad zip) is translated here, so nothing above
extract ever sees them. Errors of other kinds (``TypeError``, ``KeyError`` ...)
are bugs and are left to surface as such.

The readers are imported when needed: reading a CSV does not load the workbook,
vCard and JSON machinery.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from boolky_sync.errors import InputError
from boolky_sync.extract.limits import ReadLimits
from boolky_sync.extract.sniff import detect_format
from boolky_sync.extract.table import SourceTable

FORMAT_NAMES = {
    "csv": "csv",
    "tsv": "csv",
    "txt": "csv",
    "excel": "excel",
    "xlsx": "excel",
    "xlsm": "excel",
    "xls": "excel",
    "ods": "excel",
    "vcard": "vcard",
    "vcf": "vcard",
    "json": "json",
    "ndjson": "json",
}
"""What ``--format`` accepts, and the reader each name means."""
CONTENT_ERRORS = (ValueError, csv.Error, OSError, EOFError, zipfile.BadZipFile)


def read_source(
    path: str | Path,
    *,
    format: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    limits: ReadLimits | None = None,
) -> SourceTable:
    """Read any supported file into a ``SourceTable``; only a CSV or sheet may have no rows.

    ``format`` overrides what the content says; ``sheet`` is for workbooks
    and ``encoding`` for CSV-like text only; ``limits`` (the defaults when
    None) say how large a file may be.
    """
    limits = limits or ReadLimits()
    path = Path(path)
    check_file(path)
    kind = _format_named(format, path) if format else detect_format(path, encoding)
    if sheet is not None and kind != "excel":
        raise InputError(
            f"{path.name}: --sheet is for workbooks, and this is read as {kind}; "
            "leave the sheet out",
            path=str(path),
            sheet=sheet,
            key="sheet",
        )
    if encoding is not None and kind != "csv":
        raise InputError(
            f"{path.name}: --encoding is for CSV/TSV/TXT files, and this is read "
            f"as {kind}, which declares its own; leave the encoding out",
            path=str(path),
            key="encoding",
        )
    try:
        table = _dispatch(path, kind, format, sheet, encoding, limits)
    except CONTENT_ERRORS as exc:
        raise InputError(
            f"{path.name}: cannot be read as {kind}: {exc}", path=str(path), key="path"
        ) from exc
    if table.rows == 0:
        if table.format not in ("csv", "excel"):
            raise InputError(
                f"{path.name}: holds no contacts; export the file again with the contacts in it",
                path=str(path),
                key="path",
            )
        where = f"{path.name}, sheet {table.sheet!r}," if table.sheet else path.name
        table.notes.append(f"{where} has a header but no rows")
    return table


def check_file(path: Path) -> None:
    """``InputError`` unless ``path`` is a file with something in it: missing, a folder or
    empty, said in one line (``import`` asks before it makes any state or report)."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path", path=str(path), key="path")
    if path.is_dir():
        raise InputError(
            f"{path}: is a folder; give the file inside it", path=str(path), key="path"
        )
    if path.stat().st_size == 0:
        raise InputError(
            f"{path.name}: is empty (0 bytes); export the contacts again",
            path=str(path),
            key="path",
        )


def _format_named(name: str, path: Path) -> str:
    kind = FORMAT_NAMES.get(name.lower().lstrip("."))
    if kind is None:
        raise InputError(
            f"{path.name}: unknown format {name!r}; use one of {', '.join(sorted(FORMAT_NAMES))}",
            path=str(path),
            key="format",
        )
    return kind


def _dispatch(
    path: Path,
    kind: str,
    format_name: str | None,
    sheet: str | None,
    encoding: str | None,
    limits: ReadLimits,
) -> SourceTable:
    # Imported here: a reader's libraries load only for the files that need them.
    if kind == "excel":
        from boolky_sync.extract.excel_reader import read_excel

        return read_excel(path, sheet=sheet, limits=limits)
    if kind == "vcard":
        from boolky_sync.extract.vcard_reader import read_vcard

        return read_vcard(path, limits=limits)
    if kind == "json":
        from boolky_sync.extract.json_reader import read_json

        return read_json(path, limits=limits)
    from boolky_sync.extract.csv_reader import read_csv

    tab = format_name is not None and format_name.lower().lstrip(".") == "tsv"
    return read_csv(path, encoding=encoding, delimiter="\t" if tab else None, limits=limits)
