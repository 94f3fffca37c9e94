"""Which reader a file needs, told from its bytes rather than its name.

People rename files, and programs save CSV text under ``.xls``: the content
decides, and the extension is a hint only where the content is ambiguous (a
damaged zip named ``.xlsx`` goes to the workbook reader, which can say what is
wrong with it). A file none of the readers can take is refused here, with what
it seems to be, before a reader turns it into a table of nonsense.
"""

from __future__ import annotations

import codecs
import zipfile
import zlib
from pathlib import Path

from boolky_sync.errors import InputError
from boolky_sync.extract.text_decoding import (
    UTF16_BOMS,
    bom_encoding,
    head_text,
    read_bytes,
    utf16_by_nuls,
)

HEAD_BYTES = 64 * 1024
SUPPORTED = "CSV/TSV/TXT, Excel (.xlsx .xlsm .xls .ods), vCard (.vcf) and JSON"
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
JSON_SUFFIXES = frozenset({".json", ".ndjson", ".jsonl"})
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
"""Legacy .xls, and also what Excel wraps a password-protected workbook in."""
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
ODS_MIMETYPES = (
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
)
NOT_READ = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
CONTROL_BYTES = bytes(b for b in range(1, 32) if b not in b"\t\n\v\f\r\x1b")
CONTROL_SHARE = 0.05
"""Text has next to no control bytes; compressed or binary data has about 10%."""
NUL_SHARE = 0.3
"""NUL bytes are counted apart: a broken export may hold a few (the CSV reader drops
them), while a binary file, or UTF-16 without its byte-order mark, is full of them."""
JSON_AFTER_BRACKET = frozenset('{["]-0123456789tfn')
MARKUP_STARTS = ("<?xml", "<!doctype", "<html", "<table")


def detect_format(path: Path, encoding: str | None = None) -> str:
    """ "csv", "excel", "vcard" or "json"; InputError for anything else.

    A stated UTF-16 ``encoding`` (``--encoding utf-16-le``) is believed: its text is
    half NUL bytes, BOM or not, so it is no reason to call the file binary.
    """
    head = read_bytes(path, HEAD_BYTES)
    if head.startswith(ZIP_MAGICS):
        return _zip_format(path)
    if head.startswith(OLE2_MAGIC):
        return "excel"
    for magic, what in NOT_READ:
        if head.startswith(magic):
            raise _not_read(path, what)
    if not _stated_utf16(encoding) and _looks_binary(head):
        raise _not_read(path, "binary data")
    text = head_text(head).lstrip()
    suffix = path.suffix.lower()
    if text[:11].upper() == "BEGIN:VCARD" or (suffix == ".vcf" and "BEGIN:VCARD" in text.upper()):
        return "vcard"
    if _looks_like_json(text) or (suffix in JSON_SUFFIXES and text[:1] in ("[", "{")):
        return "json"
    if text[:10].lower().startswith(MARKUP_STARTS):
        raise _not_read(path, "an HTML or XML document")
    return "csv"


def _zip_format(path: Path) -> str:
    """Workbooks are zip archives: an .xlsx has ``xl/``, an .ods says so in ``mimetype``."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            return "excel"  # let the workbook reader tell what is wrong with it
        raise _not_read(path, "a damaged zip archive") from exc
    if any(name.startswith("xl/") for name in names) or mimetype in ODS_MIMETYPES:
        return "excel"
    raise _not_read(path, _zip_kind(names, mimetype))


def _zip_kind(names: list[str], mimetype: bytes) -> str:
    if any(name.startswith("word/") for name in names):
        return "a Word document"
    if any(name.startswith("ppt/") for name in names):
        return "a PowerPoint presentation"
    if "Index/Document.iwa" in names:
        return "an Apple Numbers file (export it as .xlsx or .csv)"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "an OpenDocument file that is not a spreadsheet"
    return "a zip archive"


def _stated_utf16(encoding: str | None) -> bool:
    try:
        return encoding is not None and codecs.lookup(encoding).name.startswith("utf-16")
    except LookupError:
        return False  # the CSV reader names the unknown encoding


def _looks_binary(head: bytes) -> bool:
    if bom_encoding(head) in UTF16_BOMS or utf16_by_nuls(head):
        return False  # UTF-16 text is half NUL bytes
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return controls > CONTROL_SHARE * len(head) or head.count(0) > NUL_SHARE * len(head)


def _looks_like_json(text: str) -> bool:
    """JSON or NDJSON, and not a CSV whose first header happens to be "[Name]"."""
    if text.startswith("{"):
        return text[1:].lstrip()[:1] in ('"', "}", "")
    if text.startswith("["):
        following = text[1:].lstrip()[:1]
        return following == "" or following in JSON_AFTER_BRACKET
    return False


def _not_read(path: Path, what: str) -> InputError:
    return InputError(
        f"{path.name}: seems to be {what}, not a file boolky-sync reads; it reads {SUPPORTED}",
        path=str(path),
        key="path",
    )
