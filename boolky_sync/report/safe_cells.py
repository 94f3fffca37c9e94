"""Spreadsheet cells that show contact data and never run it (CSV/formula injection).

A contact's name comes from whoever typed it into the CRM, and Excel or
LibreOffice treat a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula: ``=HYPERLINK("http://evil","x")`` in a name becomes a live link (or
worse, a DDE command) in the report of the person who opens it. OWASP's advice
is to put a ``'`` in front of such a cell, which makes the spreadsheet show it
as text.

Applied blindly that would also spoil every phone number: E.164 numbers start
with ``+`` (``+4915123456789``) and a report full of ``'+49...`` cannot be
pasted back anywhere. What makes a cell dangerous is a function, a reference
or a command (``HYPERLINK``, ``cmd|``, ``A1``), and those need letters or
operators; a cell of digits and the punctuation phone numbers are written
with can at worst be shown as a sum, never run anything. So the rule is:

A text cell gets a leading ``'`` when it starts with

* ``=``, ``@``, a tab, a carriage return or a line feed -- always;
* ``+`` or ``-`` -- unless all that follows is digits, spaces and the
  punctuation of written numbers ``( ) . , / -`` (``+4915123456789``,
  ``+49 (0)171 96975140``, ``-1,5`` and vCard's ``--04-13`` stay as they are;
  ``-1+1``, ``+Plus Name``, ``-=x``, ``+1+cmd|...`` are neutralised).

Everything else, and every non-text value, is left unchanged. The rule only
adds a character in front; it never removes or rewrites one, so nothing the
contact's owner wrote is lost.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

QUOTE = "'"
"""What a spreadsheet reads as "the rest of this cell is text"."""

RISKY = re.compile(r"[=@\t\r\n]|[+-](?![0-9 ().,/-]*\Z)")
"""Matches at the start of a cell a spreadsheet could read as a formula (see the module)."""

_ALWAYS = np.frombuffer(b"=@\t\r\n", dtype=np.uint8)
_SIGNS = np.frombuffer(b"+-", dtype=np.uint8)
_NUMBER_BYTE = np.zeros(256, dtype=bool)
_NUMBER_BYTE[np.frombuffer(b"0123456789 ().,/-", dtype=np.uint8)] = True
"""``RISKY``'s characters as UTF-8 bytes, for a whole column at once. They are ASCII, and
no byte of a longer UTF-8 character is, so a byte's test is its character's."""

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """``value`` made safe for a spreadsheet cell: risky text gets a leading ``'``."""
    if isinstance(value, str) and RISKY.match(value):
        return QUOTE + value
    return value


def is_risky(value: Any) -> bool:
    """Whether a spreadsheet could read ``value`` as a formula if written as it is."""
    return isinstance(value, str) and RISKY.match(value) is not None


def neutralise_column(values: pd.Series) -> pd.Series:
    """Every text cell of ``values`` neutralised, on the whole column at once."""
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return values
    risky = risky_cells(values)
    if not risky.any():
        return values
    text = values.astype(object)
    return text.where(~risky, QUOTE + text[risky].astype(str))


def risky_cells(values: pd.Series) -> np.ndarray:
    """Per cell of ``values``, ``is_risky``: on the column's bytes in one go when every
    cell is text or none (the usual column, E.164 phones starting with ``+`` included),
    else cell by cell."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind == "empty":  # nothing but none
        return np.zeros(len(values), dtype=bool)
    if kind == "string":
        try:
            return risky_texts(pa.array(values, type=pa.large_string(), from_pandas=True))
        except UnicodeEncodeError:  # a lone surrogate Arrow cannot hold: Python's regex can
            pass
    return np.fromiter((is_risky(v) for v in values), dtype=bool, count=len(values))


def risky_texts(texts: pa.LargeStringArray) -> np.ndarray:
    """Per text, ``is_risky`` (a none is not), read from the UTF-8 bytes Arrow holds them in:
    the first byte of each, and for a sign whether any byte after it is not a number's."""
    texts = texts.cast(pa.large_string())
    offsets, utf8 = utf8_layout(texts)
    starts, ends = offsets[:-1], offsets[1:]
    given = (ends > starts) & texts.is_valid().to_numpy(zero_copy_only=False)
    first = np.zeros(len(texts), dtype=np.uint8)
    first[given] = utf8[starts[given]]
    risky: np.ndarray = given & np.isin(first, _ALWAYS)
    signed = np.flatnonzero(given & np.isin(first, _SIGNS))
    if len(signed):
        others = np.concatenate(([0], np.cumsum(~_NUMBER_BYTE[utf8], dtype=np.int64)))
        risky[signed] = others[ends[signed]] > others[starts[signed] + 1]
    return risky


def utf8_layout(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Where each text of ``texts`` starts and ends in the UTF-8 bytes Arrow holds them in
    (its offsets, ``len + 1`` of them), and those bytes; read in place, no ``str`` a text."""
    texts = texts.cast(pa.large_string())  # 64-bit offsets, whatever Arrow made
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64)
    offsets = offsets[texts.offset : texts.offset + len(texts) + 1]
    data = texts.buffers()[2]
    utf8 = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offsets, utf8


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are safe to open in a spreadsheet.

    Column names are neutralised too: a reject's columns are the source's own
    headers, which are as untrusted as its cells.
    """
    columns = {i: neutralise_column(frame.iloc[:, i]) for i in range(frame.shape[1])}
    safe = pd.DataFrame(columns, index=frame.index)
    safe.columns = [str(neutralise(str(c))) for c in frame.columns]
    return safe
