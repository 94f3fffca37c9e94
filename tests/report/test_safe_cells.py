"""The formula rule: risky text gets a leading quote, phone numbers and plain numbers do not."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.report.safe_cells import RISKY, neutralise, neutralise_column, neutralise_frame


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
