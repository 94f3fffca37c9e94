"""A worksheet's rows as SpreadsheetML, built a column at a time.

openpyxl, even in write-only mode, serialises every cell through its own
element tree: about ten microseconds a cell, twenty seconds for the Created
sheet of a run of 100,000 creates. The cells of a report are only ever two
kinds -- a number, or a text that must stay text -- so their XML is built here
from whole columns with pandas' string operations, and openpyxl writes
everything else of the workbook (styles, the frozen header row, the
autofilter, the column widths, the workbook's parts).

Cells are written the way openpyxl's write-only mode writes them: a text as
an inline string (``t="inlineStr"``, which a spreadsheet never reads as a
formula or an error value), a number as ``<v>``; an empty cell is left out.
Each text has passed ``safe_cells`` (a leading ``'`` on risky text, for the
person who copies it elsewhere), characters XML cannot hold are replaced and
``& < >`` escaped.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from boolky_sync.report.safe_cells import neutralise_column
from boolky_sync.report.tables import text

MAX_CELL = 32_767
"""Characters a cell holds (Excel's limit)."""
CHUNK = 50_000
"""Rows turned into XML at once: bounds the memory of a million-row sheet."""

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def rows_xml(frame: pd.DataFrame, first_row: int = 2) -> Iterator[str]:
    """``frame``'s rows as ``<row>`` elements numbered from ``first_row``, in chunks."""
    for start in range(0, len(frame), CHUNK):
        chunk = frame.iloc[start : start + CHUNK]
        numbers = pd.Series(np.arange(len(chunk)) + first_row + start, index=chunk.index)
        rows = numbers.astype(str)
        cells = [
            cell_column(chunk.iloc[:, i], get_column_letter(i + 1), rows)
            for i in range(chunk.shape[1])
        ]
        starts = ('<row r="' + rows + '">').tolist()
        # one join per row over the columns' lists: adding whole Series would copy
        # every row's growing text once per column
        columns = [c.tolist() for c in cells]
        yield "".join("".join(row) + "</row>" for row in zip(starts, *columns, strict=True))


def cell_column(values: pd.Series, letter: str, rows: pd.Series) -> pd.Series:
    """One column's ``<c>`` elements (``""`` for an empty cell); ``rows``: their row numbers."""
    refs = letter + rows
    kind = _kinds(values)
    cells = pd.Series("", index=values.index, dtype=object)
    is_number = kind == "number"
    if is_number.any():
        shown = values[is_number].map(str)
        cells[is_number] = '<c r="' + refs[is_number] + '"><v>' + shown + "</v></c>"
    texts = safe_texts(values[kind == "text"])
    texts = texts[texts != ""]
    if len(texts):
        cells[texts.index] = (
            '<c r="' + refs[texts.index] + '" t="inlineStr"><is><t xml:space="preserve">'
            + _escaped(texts) + "</t></is></c>"
        )  # fmt: skip
    return cells


def safe_texts(values: pd.Series) -> pd.Series:
    """Values as the text a cell shows: formula-safe, XML-holdable, at most ``MAX_CELL``.

    Each repair is looked for once in the whole column joined, and made on the
    cells only when some cell needs it: most columns need none.
    """
    shown = values.astype(object) if _all_text(values) else values.map(text).astype(object)
    shown = shown.where(shown.notna(), "")
    joined = "\n".join(shown.tolist())
    if ILLEGAL_CHARACTERS_RE.search(joined):
        shown = shown.str.replace(ILLEGAL_CHARACTERS_RE, "\N{REPLACEMENT CHARACTER}", regex=True)
    if len(joined) > MAX_CELL:
        shown = shown.str.slice(0, MAX_CELL)
    return neutralise_column(shown).astype(object)


def is_number(value: Any) -> bool:
    """A value a cell holds as a number: finite ints and floats (numpy's too), not bools."""
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and math.isfinite(value)
    )


def _kinds(values: pd.Series) -> pd.Series:
    """Per cell ``number``, ``text`` or ``empty`` (none, NaN)."""
    dtype = values.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        finite = np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan))
        kind = np.where(finite, "number", np.where(values.notna(), "text", "empty"))
    elif _all_text(values):
        kind = np.where(values.isna(), "empty", "text")
    else:
        kind = np.where(
            values.map(is_number).astype(bool), "number", np.where(values.isna(), "empty", "text")
        )
    return pd.Series(kind, index=values.index)


def _all_text(values: pd.Series) -> bool:
    """Whether every cell that is not empty is a ``str`` (looked at in C, not cell by cell)."""
    return pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")


def _escaped(texts: pd.Series) -> pd.Series:
    joined = "".join(texts.tolist())
    for char, entity in _ESCAPES:
        if char in joined:
            texts = texts.str.replace(char, entity, regex=False)
    return texts
