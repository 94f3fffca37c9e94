"""Bytes of a text file to text, for every reader of text: CSV, vCard, JSON and the sniffer.

A text file rarely says how it is encoded, and each format has its own rule of
what it may be: a CSV is whatever the program that wrote it used (a German
Outlook writes cp1252), so its encoding is found from a byte-order mark, strict
UTF-8, or a detector; a vCard must be read whatever it holds, so it falls back
from UTF-16 and UTF-8 to the Western code pages; JSON is Unicode by its
standard. The byte-order marks, the UTF-8 check, the fallbacks and the wording
of the errors live here once, so the readers agree on them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from boolky_sync.errors import InputError

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),  # Excel's "Unicode text"
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
UTF16_BOMS = frozenset({"utf-16-le", "utf-16-be"})
UNICODE_ENCODINGS = frozenset({"utf-8", *(name for _, name in BOMS)})
"""Encodings a file states or proves; any other is a guess worth a note."""
DETECTOR_BYTES = 64 * 1024
"""How much of a file's non-ASCII lines the encoding detector sees: it is slow."""
WESTERN = "cp1252"
"""Preferred when the detector finds it as likely as its own pick: single-byte Latin
code pages decode short samples equally well, and the files we meet are West European."""
LEGACY_ENCODINGS = (WESTERN, "latin-1")
"""Tried after UTF-8 for files without a BOM; latin-1 maps every byte, so decoding always ends."""
NUL_HEAD_BYTES = 4096
"""How much of a file without BOM shows whether it is UTF-16 (every other byte NUL)."""
UTF16_NUL_SHARE = 0.4
"""UTF-16 of West European text has a NUL in nearly every high byte (a letter of
Latin-1 is U+00xx), and almost none in the low bytes; a NUL in 40% of one side's
bytes and under 5% of the other's is that pattern, with room for other scripts."""
UTF16_OTHER_SHARE = 0.05
TEXT_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\v\f\r\x1b")
NON_ASCII = re.compile(rb"[\x80-\xff]")
LINE_END = re.compile(rb"[\r\n]")


@dataclass(frozen=True)
class Transcoded:
    """A file as UTF-8 without BOM or NUL bytes, the encoding it was read in, and notes."""

    data: bytes
    encoding: str
    notes: list[str]


def read_bytes(path: Path, limit: int = -1) -> bytes:
    """The file's bytes (the first ``limit`` of them), or an InputError naming the file."""
    try:
        with path.open("rb") as stream:
            return stream.read(limit)
    except OSError as exc:
        raise InputError(
            f"{path.name}: cannot be read ({exc.strerror or exc})", path=str(path), key="path"
        ) from exc


def file_bytes(path: Path) -> bytes:
    """The whole file, in the words the vCard and JSON readers use: full path, what to check."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file; check the path", path=str(path), key="path"
        ) from None
    except OSError as error:
        raise InputError(
            f"{path}: cannot be read ({error.strerror}); check the path", path=str(path), key="path"
        ) from None


def bom_encoding(raw: bytes) -> str | None:
    """The encoding the file's byte-order mark names, if it starts with one."""
    return next((name for bom, name in BOMS if raw.startswith(bom)), None)


def utf16_by_nuls(raw: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` for UTF-16 text without a BOM, told by where its NULs are.

    Excel's and some CRMs' "Unicode" exports leave the BOM out, and that text is
    valid UTF-8 too (NUL is ASCII), so this is asked before UTF-8. The NULs must sit
    on one side (odd bytes: little-endian; even: big-endian) and the text read that
    way must be text, without control characters, so a binary file is never taken.
    """
    head = raw[: NUL_HEAD_BYTES & ~1]
    half = len(head) // 2
    if half < 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if min(even, odd) > UTF16_OTHER_SHARE * half or max(even, odd) < UTF16_NUL_SHARE * half:
        return None
    encoding = "utf-16-be" if even > odd else "utf-16-le"
    text = head.decode(encoding, errors="replace").rstrip("\ufffd")  # a pair cut at the end
    wrong = sum(text.count(c) for c in TEXT_CONTROLS | {"\ufffd"})
    return encoding if wrong <= len(text) // 100 else None


def utf16_encoding(raw: bytes, stated: str) -> str:
    """A stated UTF-16 encoding as the bytes have it: a BOM wins (it proves the byte order),
    else plain "utf-16" is read by the NULs (little-endian, Windows', when they don't tell)."""
    bom = bom_encoding(raw)
    if bom in UTF16_BOMS:
        return bom or stated
    if codecs.lookup(stated).name == "utf-16":
        return utf16_by_nuls(raw) or "utf-16-le"
    return stated


# --- CSV-like text: found, stated or guessed, then transcoded for pyarrow ---------------


def to_utf8(raw: bytes, path: Path, encoding: str | None = None) -> Transcoded:
    """The file in the encoding given, else the one detected, as UTF-8 for the parser."""
    notes: list[str] = []
    if encoding is None:
        encoding = detect_encoding(raw, path)
        if encoding not in UNICODE_ENCODINGS:
            notes.append(
                f"encoding guessed as {encoding}; if letters look wrong, "
                "give the right one with --encoding"
            )
    data = _strip_nul(_transcoded(raw, encoding, path), notes)
    return Transcoded(data, encoding, notes)


def detect_encoding(raw: bytes, path: Path) -> str:
    """BOM, UTF-16 by its NULs, strict UTF-8, the detector (West European code page preferred)."""
    bom = bom_encoding(raw) or utf16_by_nuls(raw)
    if bom is not None:
        return bom
    if is_utf8(raw):
        return "utf-8"
    import charset_normalizer  # here: most files are UTF-8, and a run need not load it

    matches = charset_normalizer.from_bytes(_detector_sample(raw))
    best = matches.best()
    if best is None:
        raise InputError(
            f"{path.name}: no text encoding explains its bytes; if it is a "
            "text file, give its encoding with --encoding (cp1252, latin-1, "
            "utf-16 ...)",
            path=str(path),
            key="encoding",
        )
    western = WESTERN in best.could_be_from_charset or any(
        match.encoding == WESTERN and match.chaos <= best.chaos for match in matches
    )
    return WESTERN if western else best.encoding


def is_utf8(raw: bytes) -> bool:
    """Strict UTF-8 check without decoding into a str (pyarrow validates in place)."""
    if raw.isascii():
        return True
    offsets = pa.array([0, len(raw)], pa.int64()).buffers()[1]
    whole = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(raw)])
    try:
        whole.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _detector_sample(raw: bytes) -> bytes:
    """Lines holding non-ASCII bytes, wherever they are: the only ones that tell code
    pages apart, and the detector is too slow to be given a whole large file."""
    pieces: list[bytes] = []
    size = position = 0
    while size < DETECTOR_BYTES and (found := NON_ASCII.search(raw, position)):
        at = found.start()
        start = max(raw.rfind(b"\n", position, at), raw.rfind(b"\r", position, at), at - 1024)
        end_of_line = LINE_END.search(raw, at, at + 1024)
        position = end_of_line.start() if end_of_line else min(at + 1024, len(raw))
        pieces.append(raw[max(start + 1, 0) : position])
        size += position - start
    return b"\n".join(pieces)


def _transcoded(raw: bytes, encoding: str, path: Path) -> bytes:
    """The file as UTF-8 without BOM: what pyarrow parses."""
    try:
        codec = codecs.lookup(encoding).name
        if codec.startswith("utf-16"):
            codec = utf16_encoding(raw, codec)
        if codec in ("utf-8", "utf-8-sig") and is_utf8(raw):
            return raw.removeprefix(codecs.BOM_UTF8)
        text = raw.decode(codec)
    except LookupError as exc:  # unknown, or not for text (rot13, base64)
        raise InputError(
            f"{path.name}: {encoding!r} is not a text encoding Python knows; "
            "try utf-8, cp1252, latin-1 or utf-16",
            path=str(path),
            key="encoding",
        ) from exc
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path.name}: line {line} has bytes that are not {encoding} "
            f"({raw[exc.start : exc.start + 4]!r}); give the file's encoding with "
            "--encoding (cp1252, latin-1, utf-16 ...)",
            path=str(path),
            row=line,
            key="encoding",
        ) from exc
    return text.removeprefix("\ufeff").encode("utf-8", errors="replace")


def _strip_nul(data: bytes, notes: list[str]) -> bytes:
    """NUL bytes come from broken exports and would end a C string; they carry nothing."""
    if b"\x00" not in data:
        return data
    count = data.count(b"\x00")
    notes.append(f"{count} NUL byte(s) removed")
    return data.replace(b"\x00", b"")


# --- text that must be read whatever it holds (vCard) -----------------------------------


def decode_leniently(data: bytes) -> tuple[str, str]:
    """The text and the encoding that explained it: a BOM, else UTF-16 by NULs, UTF-8, cp1252.

    latin-1 comes last and maps every byte, so this never fails.
    """
    bom = bom_encoding(data)
    if bom is not None:
        codec = "utf-16" if bom in UTF16_BOMS else bom  # "utf-16" drops the BOM it reads
        return _decode_first(data, (codec, *LEGACY_ENCODINGS))
    utf16 = utf16_by_nuls(data)
    if utf16 is not None:
        return _decode_first(data, (utf16, "utf-8", *LEGACY_ENCODINGS))
    return _decode_first(data, ("utf-8", *LEGACY_ENCODINGS))


def _decode_first(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str]:
    for encoding in encodings[:-1]:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode(encodings[-1]), encodings[-1]


# --- Unicode only (JSON), and a first look (the sniffer) ----------------------------------


def decode_unicode(data: bytes) -> str:
    """UTF-8 (a BOM is allowed), or UTF-16 by its BOM as Windows PowerShell writes it, or
    by its NULs (RFC 4627's way: JSON starts with ASCII).

    ``UnicodeDecodeError`` when the bytes are neither; the reader words the error.
    """
    if bom_encoding(data) in UTF16_BOMS:
        return data.decode("utf-16")
    return data.decode(utf16_by_nuls(data) or "utf-8-sig")


def head_text(head: bytes) -> str:
    """Enough of the text to see how it starts; the readers decode it properly."""
    bom = bom_encoding(head)
    if bom in UTF16_BOMS:
        return head[len(codecs.BOM_UTF16_LE) :].decode(bom or "", errors="replace")
    utf16 = utf16_by_nuls(head)
    if utf16 is not None:
        return head.decode(utf16, errors="replace")
    return head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
