"""The formula rule: risky text gets a leading quote, phone numbers and plain numbers do not."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.report.safe_cells import (
    RISKY,
    is_risky,
    neutralise,
    neutralise_column,
    neutralise_frame,
    risky_cells,
    risky_texts,
)


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil","x")',
        "=1+1",
        "=cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "+Plus Name",
        "-Minus",
        "-1+1",
        "-=x",
        "+49151\n",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
    ],
)
def test_risky_text_gets_a_leading_quote(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    [
        "+4915123456789",
        "+14155550123",
        "-12",
        "+7",
        "-1.5",
        "-1,5",
        "+49 151 2345678",
        "+49 (0)171 96975140",
        "--04-13",
        "+1-2",
        "+",
        "-",
        "Anna Müller",
        "<script>alert(1)</script>",
        "a=b",
        "mail@example.com",
        " =1+1",
        "'=already quoted",
        "",
    ],
)
def test_plain_numbers_phones_and_ordinary_text_stay_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell


@pytest.mark.parametrize("value", [None, 12, -3, 1.5, True])
def test_values_that_are_not_text_are_left_alone(value: object) -> None:
    assert neutralise(value) is value


@given(st.text())
def test_the_rule_only_ever_adds_a_quote_in_front(cell: str) -> None:
    safe = neutralise(cell)
    assert safe in (cell, "'" + cell)
    assert not RISKY.match(str(safe))


@given(st.from_regex(r"\A\+[1-9][0-9]{6,14}\Z"))
def test_every_e164_number_stays_usable(phone: str) -> None:
    assert neutralise(phone) == phone


def test_a_column_is_neutralised_as_a_whole_and_numbers_kept() -> None:
    column = pd.Series(["=1+1", "+4915123456789", None, "Anna", 5], dtype=object)
    assert neutralise_column(column).tolist() == ["'=1+1", "+4915123456789", None, "Anna", 5]
    numbers = pd.Series([-1, 2])
    assert neutralise_column(numbers) is numbers


def test_a_frame_has_its_cells_and_its_headers_neutralised() -> None:
    frame = pd.DataFrame({"=evil": ["-x", "+491511234567"], "row": [2, 3]})
    safe = neutralise_frame(frame)
    assert list(safe.columns) == ["'=evil", "row"]
    assert safe["'=evil"].tolist() == ["'-x", "+491511234567"]
    assert safe["row"].tolist() == [2, 3]
    assert frame.columns[0] == "=evil"  # the input is not changed


def test_an_empty_frame_stays_empty() -> None:
    assert neutralise_frame(pd.DataFrame({"a": pd.Series(dtype=object)})).empty


_CELL_TEXT = st.text(alphabet=st.sampled_from("=@\t\r\n+-0123456789 ().,/'aZ\x00\u0661\u2028ü"))
"""Texts made of the characters the rule looks at, and a few it must not mistake for them."""


@given(st.lists(st.one_of(_CELL_TEXT, st.text(), st.none()), max_size=40))
def test_a_column_is_judged_as_each_of_its_cells_is(cells: list[str | None]) -> None:
    # the column's one regex in Arrow must say what Python's says of each cell
    column = pd.Series(cells, dtype=object)
    assert risky_cells(column).tolist() == [is_risky(c) for c in cells]
    assert risky_cells(column.astype("str")).tolist() == [is_risky(c) for c in cells]


def test_a_column_arrow_cannot_hold_is_judged_cell_by_cell() -> None:
    column = pd.Series(["=\ud800", "+1\ud800", "+49151", None], dtype=object)
    assert risky_cells(column).tolist() == [True, True, False, False]
    assert risky_cells(pd.Series(["=x", 5, None], dtype=object)).tolist() == [True, False, False]


def test_a_slice_of_texts_is_judged_by_its_own_cells() -> None:
    texts = pa.array(["=x", "+49151", None, "", "-y", "+1 (2)"], type=pa.large_string())
    assert risky_texts(texts.slice(1)).tolist() == [False, False, False, True, False]
