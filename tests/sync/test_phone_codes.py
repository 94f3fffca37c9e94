"""The plan's phone index codes the four tables' phones in one Arrow dictionary encoding;
whatever their dtypes, missing phones and empty tables, the codes are those of a plain
pandas factorize of Boolky's phones and a lookup of the others among them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from boolky_sync.sync.plan.phones import _coded

PHONES: list[object] = [f"+44791100{n:04d}" for n in range(12)]
NUMBERS: list[object] = [447911000003, 12]
"""Not text: one that reads as one of ``PHONES`` without its "+", and one that reads as none."""
DTYPES = ["str", "object", "string[pyarrow]"]


def column(draw: st.DrawFn, *, missing: bool) -> pd.Series:
    dtype = draw(st.sampled_from(DTYPES))
    mixed = dtype == "object" and draw(st.booleans())
    choices = [*PHONES, *(NUMBERS if mixed else []), *([None] if missing else [])]
    return pd.Series(draw(st.lists(st.sampled_from(choices), max_size=15)), dtype=dtype)


@st.composite
def tables(draw: st.DrawFn) -> tuple[pd.Series, list[pd.Series]]:
    return column(draw, missing=True), [column(draw, missing=False) for _ in range(3)]


@settings(max_examples=300, deadline=None)
@given(tables())
def test_the_codes_are_a_factorize_of_boolky_s_phones_and_lookups_among_them(
    drawn: tuple[pd.Series, list[pd.Series]],
) -> None:
    remote, others = drawn
    codes, uniques = pd.factorize(_as_text(remote))
    on_boolky, found, count = _coded(remote, others)
    assert on_boolky.tolist() == codes.tolist()
    assert count == len(uniques)
    held = pd.Index(uniques.astype(object))
    for table, coded in zip(others, found, strict=True):
        assert coded.dtype == np.int64
        assert coded.tolist() == held.get_indexer(_as_text(table)).tolist()


def _as_text(phones: pd.Series) -> pd.Series:
    """The phones as texts, a number as its digits, missing ones None."""
    return pd.Series([None if pd.isna(v) else str(v) for v in phones.astype(object)], dtype=object)
