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
import pyarrow.compute as pc

QUOTE = "'"
"""What a spreadsheet reads as "the rest of this cell is text"."""

RISKY = re.compile(r"[=@\t\r\n]|[+-](?![0-9 ().,/-]*\Z)")
"""Matches at the start of a cell a spreadsheet could read as a formula (see the module)."""

RISKY_TEXT = r"(?s)^(?:[=@\t\r\n]|[+-].*[^0-9 ().,/-])"
"""``RISKY`` for a whole column in Arrow's regex engine (RE2, which has no lookahead): a
sign followed by anything but the number characters is the sign "not followed by only
those" that ``RISKY`` says; ``test_safe_cells`` holds the two to the same answers."""

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
    """Per cell of ``values``, ``is_risky``: one regex over the column in C when every cell
    is text or none (the usual column, E.164 phones starting with ``+`` included), else
    cell by cell."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind == "empty":  # nothing but none
        return np.zeros(len(values), dtype=bool)
    if kind == "string":
        try:
            texts = pa.array(values, from_pandas=True)
        except UnicodeEncodeError:  # a lone surrogate Arrow cannot hold: Python's regex can
            pass
        else:
            found = pc.fill_null(pc.match_substring_regex(texts, RISKY_TEXT), False)
            risky: np.ndarray = found.to_numpy(zero_copy_only=False)
            return risky
    return np.fromiter((is_risky(v) for v in values), dtype=bool, count=len(values))


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are safe to open in a spreadsheet.

    Column names are neutralised too: a reject's columns are the source's own
    headers, which are as untrusted as its cells.
    """
    columns = {i: neutralise_column(frame.iloc[:, i]) for i in range(frame.shape[1])}
    safe = pd.DataFrame(columns, index=frame.index)
    safe.columns = [str(neutralise(str(c))) for c in frame.columns]
    return safe
