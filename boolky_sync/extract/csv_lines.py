"""The line of the file each CSV record starts on, found without parsing the file again.

pyarrow's fast parser says nothing about lines, and a refused row must name
the line a person finds it on. numpy finds them from where the line breaks and
quotes are, which is cheap while the quoting is plain; when it is not (a stray
quote in an unquoted field) the answer is None, and the reader takes its exact
path, which counts lines as it parses.

They also cut out the bytes of the records pyarrow set aside, for the exact
re-read of ragged rows (``record_pieces``), and tell whether the file stops in
the middle of its last record, as an export that is still being written does
(``ends_mid_record``).
"""

from __future__ import annotations

import csv
import io

import numpy as np
import numpy.typing as npt

ASCII_LF, ASCII_CR, ASCII_QUOTE = 10, 13, 34
LINE_ENDS = (b"\n", b"\r")

LineNumbers = npt.NDArray[np.int64]


def record_lines(data: bytes, delimiter: str, records: int) -> LineNumbers | None:
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


def record_pieces(data: bytes, lines: LineNumbers, numbers: npt.NDArray[np.int64]) -> list[bytes]:
    """The bytes of the records ``numbers`` (1-based, of all the file's records starting on
    ``lines``): from each one's first line to the next record's, or to the end of the file."""
    if not len(numbers):
        return []  # a file without ragged rows spends no pass over its bytes here
    octets = np.frombuffer(data, dtype=np.uint8)
    starts = _line_starts(octets, b"\r" in data)
    first = starts[lines[numbers - 1] - 1]
    following = np.full(len(numbers), len(data), dtype=np.int64)
    has_next = numbers < len(lines)
    following[has_next] = starts[lines[numbers[has_next]] - 1]
    return [data[a:b] for a, b in zip(first.tolist(), following.tolist(), strict=True)]


def _inside_quotes(
    octets: npt.NDArray[np.uint8], starts: npt.NDArray[np.intp], delimiter: int
) -> npt.NDArray[np.bool_] | None:
    """Which line starts lie inside a quoted field; None unless the quoting is plain.

    Plain quoting — every opening quote starts a field, every closing quote ends
    one, doubled quotes inside — means a position is inside quotes exactly when
    an odd number of quotes comes before it. A stray quote in an unquoted field
    (``37.8"N``) breaks that, and the exact path reads the file instead.
    """
    quotes = _positions(octets, ASCII_QUOTE)
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
    ends = _positions(octets, ASCII_LF)
    if carriage_returns:
        carriage = _positions(octets, ASCII_CR)
        following = octets[np.minimum(carriage + 1, len(octets) - 1)]
        ends = np.union1d(ends, carriage[following != ASCII_LF])
    return np.concatenate(([0], ends + 1))


def _positions(octets: npt.NDArray[np.uint8], octet: int) -> npt.NDArray[np.intp]:
    """Where ``octet`` occurs, found a few MiB at a time: a mask of the whole file
    (100 MB for a million rows) costs more in fresh memory than in comparing."""
    step = 1 << 22
    found = [
        np.flatnonzero(octets[at : at + step] == octet) + at for at in range(0, len(octets), step)
    ]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.intp)


def ends_mid_record(data: bytes, delimiter: str, last_line: int, width: int) -> bool:
    """Whether the record starting on ``last_line``, the file's last, was cut off.

    It was when the file ends inside a quoted field, or when the last line has
    no line end and fewer than ``width`` (the header's) cells. A file cut just
    after a line end, or inside the last cell of a full row, cannot be told
    from a whole one.
    """
    open_end = not data.endswith(LINE_ENDS)
    quoted = b'"' in data
    if not (open_end or quoted):
        return False
    octets = np.frombuffer(data, dtype=np.uint8)
    start = int(_line_starts(octets, b"\r" in data)[last_line - 1])
    tail = data[start:].decode("utf-8")
    if quoted and _ends_inside_quotes(tail, delimiter):
        return True
    if not open_end:
        return False
    cells = next(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter), [])
    return len(cells) < width


def _ends_inside_quotes(record: str, delimiter: str) -> bool:
    """Whether ``record`` (text from a record's start) ends inside a quoted field.

    Read the way Python's csv module reads (not strict): a quote opens a field
    only at its start, ``""`` inside is one quote, and after the closing quote
    the field goes on unquoted, its quotes taken as they are. Only the quotes
    are visited, so a long tail costs little.
    """
    bounds = (delimiter, "\n", "\r")
    at = record.find('"')
    while at != -1:
        if at == 0 or record[at - 1] in bounds:  # it opens a quoted field
            close = record.find('"', at + 1)
            while close != -1 and record.startswith('"', close + 1):
                close = record.find('"', close + 2)  # a doubled quote inside
            if close == -1:
                return True
            at = close
        at = record.find('"', at + 1)
    return False
