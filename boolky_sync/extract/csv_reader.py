"""CSV, TSV and TXT files as people really get them, read fast and without losing a cell.

A CSV says nothing about itself: the encoding is found from a byte-order mark,
strict UTF-8, or a detector (a German Outlook writes cp1252); the delimiter from
which of ``,`` ``;`` tab ``|`` splits the first records into the same number of
fields. Every cell stays the exact string the file holds ("007" stays "007").

Large files go through pyarrow's multi-threaded parser, and numpy finds the
line each record starts on from where the line breaks and quotes are. That
answer is kept when every row has the header's width and the quoting is plain;
a ragged row or a stray quote (``37.8"N`` in an unquoted field) sends the file
to Python's ``csv`` module instead, several times slower but exact about lines,
and it keeps the extra cells of long rows.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import charset_normalizer
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from boolky_sync.errors import InputError
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN, SourceTable, unique_names

DELIMITERS = (",", ";", "\t", "|")
"""Candidates in order of preference when several split the file equally well."""
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),  # Excel's "Unicode text"
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SAMPLE_BYTES = 64 * 1024
"""How much of the file the delimiter is guessed from, and the encoding detector sees."""
SNIFF_RECORDS = 100
CONSISTENT_SHARE = 0.8
"""Share of sampled rows that must have the modal field count for a delimiter to count."""
WESTERN = "cp1252"
"""Preferred when the detector finds it as likely as its own pick: single-byte Latin
code pages decode short samples equally well, and the files we meet are West European."""
ASCII_LF, ASCII_CR, ASCII_QUOTE = 10, 13, 34
ASCII_WHITESPACE = " \t\n\r\v\f"
"""What makes a row blank when it is all a row holds; pyarrow's ``ascii_is_space`` too."""
NON_ASCII = re.compile(rb"[\x80-\xff]")
LINE_END = re.compile(rb"[\r\n]")

LineNumbers = npt.NDArray[np.int64]


@dataclass
class Records:
    """A parsed file: header cells, the rows' cells (rows × columns), each row's start line."""

    header: list[str]
    cells: npt.NDArray[np.object_]
    lines: LineNumbers
    notes: list[str]


def read_csv(
    path: Path, *, encoding: str | None = None, delimiter: str | None = None
) -> SourceTable:
    """Read a delimited text file into a table of strings.

    A file with a header and no rows gives an empty table: whether that is an
    error is for the caller to say (``read_source`` says it is).
    """
    path = Path(path)
    raw = _read_bytes(path)
    notes: list[str] = []
    if encoding is None:
        encoding = detect_encoding(raw, path)
        if encoding not in ("utf-8", *(name for _, name in BOMS)):
            notes.append(
                f"encoding guessed as {encoding}; if letters look wrong, "
                "give the right one with --encoding"
            )
    data = _strip_nul(_to_utf8(raw, encoding, path), notes)
    if not data or data.isspace():
        raise InputError(
            f"{path.name}: holds no text, only blank lines or spaces; export the contacts again"
        )
    if delimiter is None:
        delimiter = sniff_delimiter(_sample_text(data), truncated=len(data) > SAMPLE_BYTES)
    elif len(delimiter) != 1 or delimiter in '"\r\n':
        raise InputError(
            f"{path.name}: the delimiter must be one character other than a "
            f"quote or line break, not {delimiter!r}"
        )
    records = _parse_fast(data, delimiter) or _parse_exact(data, delimiter, path)
    return SourceTable(
        frame=_frame(records, path.name),
        format="csv",
        path=str(path),
        encoding=encoding,
        delimiter=delimiter,
        notes=notes + records.notes,
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc


# --- encoding -----------------------------------------------------------------------


def detect_encoding(raw: bytes, path: Path) -> str:
    """BOM, then strict UTF-8, then the detector, West European code page preferred."""
    for bom, name in BOMS:
        if raw.startswith(bom):
            return name
    if _is_utf8(raw):
        return "utf-8"
    matches = charset_normalizer.from_bytes(_detector_sample(raw))
    best = matches.best()
    if best is None:
        raise InputError(
            f"{path.name}: no text encoding explains its bytes; if it is a "
            "text file, give its encoding with --encoding (cp1252, latin-1, "
            "utf-16 ...)",
            key="encoding",
        )
    western = WESTERN in best.could_be_from_charset or any(
        match.encoding == WESTERN and match.chaos <= best.chaos for match in matches
    )
    return WESTERN if western else best.encoding


def _is_utf8(raw: bytes) -> bool:
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
    while size < SAMPLE_BYTES and (found := NON_ASCII.search(raw, position)):
        at = found.start()
        start = max(raw.rfind(b"\n", position, at), raw.rfind(b"\r", position, at), at - 1024)
        end_of_line = LINE_END.search(raw, at, at + 1024)
        position = end_of_line.start() if end_of_line else min(at + 1024, len(raw))
        pieces.append(raw[max(start + 1, 0) : position])
        size += position - start
    return b"\n".join(pieces)


def _to_utf8(raw: bytes, encoding: str, path: Path) -> bytes:
    """The file as UTF-8 without BOM: what pyarrow parses."""
    try:
        codec = codecs.lookup(encoding).name
        if codec in ("utf-8", "utf-8-sig") and _is_utf8(raw):
            return raw.removeprefix(codecs.BOM_UTF8)
        text = raw.decode(codec)
    except LookupError as exc:  # unknown, or not for text (rot13, base64)
        raise InputError(
            f"{path.name}: {encoding!r} is not a text encoding Python knows; "
            "try utf-8, cp1252, latin-1 or utf-16",
            key="encoding",
        ) from exc
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path.name}: line {line} has bytes that are not {encoding} "
            f"({raw[exc.start : exc.start + 4]!r}); give the file's encoding with "
            "--encoding (cp1252, latin-1, utf-16 ...)",
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


# --- delimiter ----------------------------------------------------------------------


def _sample_text(data: bytes) -> str:
    return data[:SAMPLE_BYTES].decode("utf-8", errors="ignore")


def sniff_delimiter(sample: str, *, truncated: bool) -> str:
    """The candidate that splits header and rows into the most, and the same, fields.

    A candidate counts when at least 80% of the sampled rows have its modal
    field count, and the header agrees with it; a file no candidate splits is
    one column wide (``,`` is returned).
    """
    scores = {d: _split_score(_sample_records(sample, d, truncated)) for d in DELIMITERS}
    best = max(DELIMITERS, key=scores.__getitem__)
    return best if scores[best][2] >= 2 else ","


def _sample_records(sample: str, delimiter: str, truncated: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records = [r for r in islice(reader, SNIFF_RECORDS + 1) if r]
    if truncated and len(records) <= SNIFF_RECORDS:
        records = records[:-1]  # the sample may end inside the last one
    return records


def _split_score(records: list[list[str]]) -> tuple[bool, bool, int, float]:
    """(consistent, header agrees, modal field count, share of rows with it)."""
    if not records:
        return (False, False, 0, 0.0)
    header, rows = len(records[0]), [len(r) for r in records[1:]]
    modal, hits = Counter(rows).most_common(1)[0] if rows else (header, 1)
    share = hits / len(rows) if rows else 1.0
    return (share >= CONSISTENT_SHARE and modal >= 2, header == modal, modal, share)


# --- parsing ------------------------------------------------------------------------


def _parse_fast(data: bytes, delimiter: str) -> Records | None:
    """pyarrow's parse, or None when its rows cannot be trusted or numbered cheaply."""
    table = _arrow_table(data, delimiter)
    if table is None or table.num_rows == 0:
        return None
    lines = _record_lines(data, delimiter, table.num_rows)
    if lines is None:
        return None
    header = [str(cell) for cell in table.slice(0, 1).to_pylist()[0].values()]
    rows, lines = table.slice(1), lines[1:]
    blank = _blank_rows(rows)
    if blank.any():
        rows, lines = rows.filter(pa.array(~blank)), lines[~blank]
    cells = np.empty((rows.num_rows, rows.num_columns), dtype=object, order="F")
    for index, column in enumerate(rows.columns):
        _fill_strings(column, cells[:, index])
    return Records(header, cells, lines, [])


def _arrow_table(data: bytes, delimiter: str) -> pa.Table | None:
    """Every record as a row of strings, header included; None at the first ragged row."""
    sampled = _sample_records(_sample_text(data), delimiter, truncated=False)
    if not sampled:
        return None
    names = [str(i) for i in range(len(sampled[0]))]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=b'"' in data,
                invalid_row_handler=_stop_at_a_ragged_row,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:  # a ragged row, or e.g. an unclosed quote running past a block
        pa.default_memory_pool().release_unused()  # the exact path needs the memory
        return None
    return table


def _stop_at_a_ragged_row(_row: pacsv.InvalidRow) -> str:
    """pyarrow would drop the row; the exact path keeps its cells, so stop here."""
    return "error"


def _record_lines(data: bytes, delimiter: str, records: int) -> LineNumbers | None:
    """The line each record starts on, or None when the quoting is too odd to tell cheaply.

    Records fill the non-empty lines in order, and one with a quoted line break
    takes two or more of them: as many records as non-empty lines means every
    record is one line. Otherwise the lines starting inside quotes are set
    aside, which plain quoting lets numpy find (see ``_inside_quotes``).
    """
    carriage_returns = b"\r" in data
    lines = data.count(b"\n") + (0 if data.endswith((b"\n", b"\r")) else 1)
    if carriage_returns:
        lines += data.count(b"\r") - data.count(b"\r\n")
    if lines == records:
        return np.arange(1, records + 1, dtype=np.int64)
    octets = np.frombuffer(data, dtype=np.uint8)
    starts = _line_starts(octets, carriage_returns)
    starts = starts[starts < len(octets)]  # a final line break starts no line
    first = octets[starts]
    filled = (first != ASCII_LF) & (first != ASCII_CR)
    if np.count_nonzero(filled) != records:
        inside = _inside_quotes(octets, starts, ord(delimiter))
        if inside is None:
            return None
        filled &= ~inside
    numbers = np.flatnonzero(filled).astype(np.int64) + 1
    return numbers if len(numbers) == records else None


def _inside_quotes(
    octets: npt.NDArray[np.uint8], starts: npt.NDArray[np.intp], delimiter: int
) -> npt.NDArray[np.bool_] | None:
    """Which line starts lie inside a quoted field; None unless the quoting is plain.

    Plain quoting — every opening quote starts a field, every closing quote ends
    one, doubled quotes inside — means a position is inside quotes exactly when
    an odd number of quotes comes before it. A stray quote in an unquoted field
    (``37.8"N``) breaks that, and the exact path reads the file instead.
    """
    quotes = np.flatnonzero(octets == ASCII_QUOTE)
    last = len(octets) - 1
    opening, closing = quotes[0::2], quotes[1::2]
    is_bound = np.zeros(256, dtype=bool)
    is_bound[[delimiter, ASCII_LF, ASCII_CR, ASCII_QUOTE]] = True
    opens_field = (opening == 0) | is_bound[octets[np.maximum(opening - 1, 0)]]
    closes_field = (closing == last) | is_bound[octets[np.minimum(closing + 1, last)]]
    if not (opens_field.all() and closes_field.all()):
        return None
    inside: npt.NDArray[np.bool_] = np.searchsorted(quotes, starts) % 2 == 1
    return inside


def _line_starts(octets: npt.NDArray[np.uint8], carriage_returns: bool) -> npt.NDArray[np.intp]:
    """Where each physical line starts; LF, CR LF and a lone CR each end a line."""
    ends = np.flatnonzero(octets == ASCII_LF)
    if carriage_returns:
        carriage = np.flatnonzero(octets == ASCII_CR)
        following = octets[np.minimum(carriage + 1, len(octets) - 1)]
        ends = np.union1d(ends, carriage[following != ASCII_LF])
    return np.concatenate(([0], ends + 1))


def _blank_rows(table: pa.Table) -> npt.NDArray[np.bool_]:
    """Rows whose every cell is empty or only (ASCII) whitespace.

    Each column is looked at only in the rows still blank so far, which after
    the first column or two are few.
    """
    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        candidates = np.flatnonzero(blank)
        if not len(candidates):
            break
        cells = column.take(pa.array(candidates))
        empty = pc.or_(pc.equal(pc.binary_length(cells), 0), pc.ascii_is_space(cells))
        blank[candidates] = empty.to_numpy()
    return blank


def _fill_strings(column: pa.ChunkedArray, out: npt.NDArray[np.object_]) -> None:
    """Python strs for one column, one object per distinct value where values repeat.

    Making the Python objects is most of the cost of a big file; columns such as
    first names, cities or groups repeat a few values, and sharing them saves
    both time and memory.
    """
    if not len(column):
        return
    probe = column.slice(0, 10_000)
    if pc.count_distinct(probe).as_py() * 2 > len(probe):
        out[:] = column.to_numpy(zero_copy_only=False)
        return
    encoded = pc.dictionary_encode(column).combine_chunks()
    values = encoded.dictionary.to_numpy(zero_copy_only=False)
    np.take(values, encoded.indices.to_numpy(), out=out)


def _parse_exact(data: bytes, delimiter: str, path: Path) -> Records:
    """Python's csv module, counting physical lines, keeping the cells of ragged rows."""
    with _cycle_collector_paused():
        header, rows, lines = _python_records(data.decode("utf-8"), delimiter, path)
        return _square(header, rows, np.array(lines, dtype=np.int64))


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """A million new row lists set off the cycle collector again and again, and each
    time it walks them all, tripling the read; lists of strings hold no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _python_records(
    text: str, delimiter: str, path: Path
) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, the non-blank rows, and the line each row starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            if header is None and record:
                header = record
            elif any(record) and "".join(record).strip(ASCII_WHITESPACE):
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:  # a field over the csv module's limit: a quote never closed
        raise InputError(
            f"{path.name}: line {start}: {exc}; a quote opened there is probably never closed"
        ) from exc
    if header is None:
        raise InputError(f"{path.name}: holds no header line")
    return header, rows, lines


def _square(header: list[str], rows: list[list[str]], lines: LineNumbers) -> Records:
    """Pad short rows with empty cells; keep long rows' extra cells in extra columns."""
    width = len(header)
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
    squared = [r if len(r) == total else r[:total] + [""] * (total - len(r)) for r in rows]
    cells = np.empty((len(rows), total), dtype=object)
    if squared:
        cells[:] = squared  # into an object array: numpy never reads a str as a sequence
    return Records(header + [""] * (total - width), cells, lines, notes)


def _used_width(record: list[str]) -> int:
    """Length of a record without its trailing empty cells."""
    used = len(record)
    while used and not record[used - 1]:
        used -= 1
    return used


# --- the table ----------------------------------------------------------------------


def _header_names(header: list[str]) -> list[str]:
    """Stripped and unique; an empty header is named by its position, "column 3".

    The reader's own column names go first, so a header "__row" becomes "__row (2)".
    """
    named = [name.strip() or f"column {i}" for i, name in enumerate(header, start=1)]
    return unique_names(named)


def _frame(records: Records, file_name: str) -> pd.DataFrame:
    """The cells as they are (no copy, no str dtype inference), then ``__row`` and ``__file``."""
    frame = pd.DataFrame(
        records.cells, columns=_header_names(records.header), dtype=object, copy=False
    )
    names = np.empty(len(frame), dtype=object)
    names.fill(file_name)
    frame[ROW_COLUMN] = records.lines
    frame[FILE_COLUMN] = pd.Series(names, dtype=object, copy=False)
    return frame
