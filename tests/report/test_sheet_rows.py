"""A column's cell texts, made in Arrow, are what the rule says of each cell on its own."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from boolky_sync.report.safe_cells import neutralise
from boolky_sync.report.sheet_rows import ILLEGAL, MAX_CELL, safe_texts
from boolky_sync.report.tables import text

_CELL_TEXT = st.text(alphabet=st.sampled_from("=@+-0123 ().,/&<>'a\x00\x01\x0b\x1f\t\n\rü€"))
"""Texts of the characters some repair looks at, and a few that none does."""


def one_cell(value: object) -> str:
    """The rule for one cell, as a cell at a time applied it: XML-holdable, cut, then safe."""
    shown = "" if value is None else text(value)
    return str(neutralise(ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", shown)[:MAX_CELL]))


def test_the_characters_xml_cannot_hold_are_openpyxls() -> None:
    every = [chr(c) for c in range(0x80)]
    assert [bool(re.fullmatch(ILLEGAL, c)) for c in every] == [
        bool(ILLEGAL_CHARACTERS_RE.fullmatch(c)) for c in every
    ]


@given(st.lists(st.one_of(_CELL_TEXT, st.none(), st.integers(), st.booleans()), max_size=30))
def test_a_columns_texts_are_each_cells_own(cells: list[object]) -> None:
    column = pd.Series(cells, dtype=object)
    assert safe_texts(column).tolist() == [one_cell(c) for c in cells]


def test_a_cell_too_long_is_cut_before_it_is_judged() -> None:
    # cut, "+1...1x" keeps only digits, so it stays as it is; a risky start still gets its quote
    cells = ["+" + "1" * MAX_CELL + "x", "=" + "a" * MAX_CELL, "short"]
    shown = safe_texts(pd.Series(cells, dtype=object)).tolist()
    assert shown == [one_cell(c) for c in cells]
    assert shown[0] == cells[0][:MAX_CELL]
    assert shown[1] == "'" + cells[1][:MAX_CELL]
