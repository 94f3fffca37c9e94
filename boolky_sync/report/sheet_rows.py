"""A worksheet's rows as SpreadsheetML, built a column at a time.

openpyxl, even in write-only mode, serialises every cell through its own
element tree: about ten microseconds a cell, twenty seconds for the Created
sheet of a run of 100,000 creates. The cells of a report are only ever two
kinds -- a number, or a text that must stay text -- so their XML is built here
from whole columns with Arrow's string kernels (one call a column, not a
Python string a cell), and openpyxl writes everything else of the workbook
(styles, the frozen header row, the autofilter, the column widths, the
workbook's parts).

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
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl.utils import get_column_letter

from boolky_sync.report.safe_cells import QUOTE, risky_texts, utf8_layout
from boolky_sync.report.tables import all_text, text

MAX_CELL = 32_767
"""Characters a cell holds (Excel's limit)."""
CHUNK = 50_000
"""Rows turned into XML at once: bounds the memory of a million-row sheet."""

ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
"""openpyxl's ``ILLEGAL_CHARACTERS_RE``, for Arrow: the control characters XML cannot hold."""
_ILLEGAL_BYTE = np.zeros(256, dtype=bool)
_ILLEGAL_BYTE[[*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]] = True
_ESCAPED_BYTE = np.zeros(256, dtype=bool)
_ESCAPED_BYTE[np.frombuffer(b"&<>", dtype=np.uint8)] = True
"""Those characters, and the three XML escapes, as UTF-8 bytes: ASCII, which no byte of a
longer character is, so a column is looked at in one pass over its bytes."""
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_TEXT_OPEN = '" t="inlineStr"><is><t xml:space="preserve">'
_TEXT_CLOSE = "</t></is></c>"
_TEXT = pa.large_string()
"""One string type for every piece joined (Arrow joins only alike), 64-bit offsets so a
chunk of long cells cannot overflow them."""
_NOTHING = pa.scalar("", _TEXT)


def rows_xml(frame: pd.DataFrame, first_row: int = 2) -> Iterator[bytes]:
    """``frame``'s rows as ``<row>`` elements numbered from ``first_row``, in UTF-8 chunks.

    A chunk is one join of pieces across its rows: the fixed parts, the row
    numbers, and each column's texts or numbers (``cell_pieces``).
    """
    for start in range(0, len(frame), CHUNK):
        chunk = frame.iloc[start : start + CHUNK]
        numbers = np.arange(len(chunk)) + first_row + start
        rows = pc.cast(pa.array(numbers), _TEXT)
        pieces: list[str | pa.Array] = ['<row r="', rows, '">']
        for i in range(chunk.shape[1]):
            pieces += cell_pieces(chunk.iloc[:, i], get_column_letter(i + 1), rows)
        yield _utf8(_join(*pieces, "</row>")).tobytes()


def cell_pieces(values: pd.Series, letter: str, rows: pa.Array) -> list[str | pa.Array]:
    """One column's ``<c>`` elements as pieces of its rows' join; ``rows``: their numbers.

    A column whose every row has a text (or every row a number) is its values
    between the fixed parts, with nothing made per cell; any other is one piece
    of whole cells, ``""`` where a cell is empty -- and a column of nothing (no
    field, no answer) is no piece at all.
    """
    number, texts = _kinds(values)
    written = np.zeros(len(values), dtype=bool)
    if texts.any():
        shown = _safe_text_array(values if texts.all() else values.astype(object).where(texts))
        written = pc.not_equal(shown, "").to_numpy(zero_copy_only=False)
        shown = _escaped(shown)
    opening = f'<c r="{letter}'
    if written.all():
        return [opening, rows, _TEXT_OPEN, shown, _TEXT_CLOSE]
    if number.any():
        figures = _number_texts(values.where(number)).fill_null("")
        if number.all():
            return [opening, rows, '"><v>', figures, "</v></c>"]
    cells = pa.nulls(len(values), _TEXT).fill_null("")
    if written.any():
        cells = pc.if_else(written, _join(opening, rows, _TEXT_OPEN, shown, _TEXT_CLOSE), cells)
    if number.any():
        cells = pc.if_else(number, _join(opening, rows, '"><v>', figures, "</v></c>"), cells)
    return [cells] if written.any() or number.any() else []


def safe_texts(values: pd.Series) -> pd.Series:
    """Values as the text a cell shows: formula-safe, XML-holdable, at most ``MAX_CELL``."""
    shown = _safe_text_array(values).to_numpy(zero_copy_only=False)
    return pd.Series(shown, index=values.index, dtype=object)


def _safe_text_array(values: pd.Series) -> pa.Array:
    """``safe_texts`` in Arrow: each repair looked for once in the whole column, and made
    only when some cell needs it (most columns need none). The order is the rule's: the
    characters replaced, then the cut to ``MAX_CELL``, then the leading ``'`` on what is
    left risky."""
    cells = values if all_text(values) else values.map(text)
    shown = pa.array(cells, type=_TEXT, from_pandas=True).fill_null("")
    if _holds(shown, _ILLEGAL_BYTE):
        shown = pc.replace_substring_regex(shown, ILLEGAL, REPLACEMENT)
    if len(shown) and pc.max(pc.utf8_length(shown)).as_py() > MAX_CELL:
        shown = pc.utf8_slice_codeunits(shown, 0, MAX_CELL)
    risky = risky_texts(shown)
    if risky.any():
        shown = pc.if_else(pa.array(risky), _join(QUOTE, shown), shown)
    return shown


def is_number(value: Any) -> bool:
    """A value a cell holds as a number: finite ints and floats (numpy's too), not bools."""
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and math.isfinite(value)
    )


def _kinds(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per cell, whether it is a number and whether it is a text (neither: empty, NaN)."""
    dtype = values.dtype
    present = values.notna().to_numpy()
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        number = np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan))
    elif all_text(values):
        number = np.zeros(len(values), dtype=bool)
    else:
        number = np.fromiter(map(is_number, values), dtype=bool, count=len(values))
    return number, present & ~number


def _number_texts(numbers: pd.Series) -> pa.Array:
    """Each number as ``str`` writes it (integers in C; floats as Python spells them)."""
    if pd.api.types.is_integer_dtype(numbers.dtype):
        return pc.cast(pa.array(numbers, from_pandas=True), _TEXT)
    shown = numbers.astype(object).map(str, na_action="ignore")
    return pa.array(shown, type=_TEXT, from_pandas=True)


def _escaped(texts: pa.Array) -> pa.Array:
    if not _holds(texts, _ESCAPED_BYTE):  # one look for the three, most columns have none
        return texts
    for char, entity in _ESCAPES:
        if pc.any(pc.match_substring(texts, char)).as_py():
            texts = pc.replace_substring(texts, char, entity)
    return texts


def _holds(texts: pa.Array, chars: np.ndarray) -> bool:
    """Whether some text of ``texts`` holds one of ``chars`` (a table of the 256 bytes)."""
    return bool(chars[_utf8(texts)].any())


def _join(*parts: str | pa.Array) -> pa.Array:
    """The parts end to end, row by row; a text is the same in every row (texts side by
    side are put together first: each piece costs per row)."""
    merged: list[str | pa.Array] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    pieces = [pa.scalar(p, _TEXT) if isinstance(p, str) else p for p in merged]
    return pc.binary_join_element_wise(*pieces, _NOTHING)


def _utf8(texts: pa.Array) -> np.ndarray:
    """Every text of ``texts`` end to end, as the UTF-8 bytes Arrow holds them (a view)."""
    offsets, data = utf8_layout(texts)
    return data[offsets[0] : offsets[-1]]
