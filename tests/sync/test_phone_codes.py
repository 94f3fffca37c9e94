"""The plan's phone index codes the four tables' phones in one Arrow dictionary encoding;
whatever their dtypes, missing phones and empty tables, the codes are those of a plain
pandas factorize of Boolky's phones and a lookup of the others among them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from boolky_sync.sync.plan.phones import _coded

PHONES = [f"+44791100{n:04d}" for n in range(12)]
DTYPES = ["str", "object", "string[pyarrow]"]


def column(draw: st.DrawFn, *, missing: bool) -> pd.Series:
    values = draw(st.lists(st.sampled_from([*PHONES, *([None] if missing else [])]), max_size=15))
    return pd.Series(values, dtype=draw(st.sampled_from(DTYPES)))


@st.composite
def tables(draw: st.DrawFn) -> tuple[pd.Series, list[pd.Series]]:
    return column(draw, missing=True), [column(draw, missing=False) for _ in range(3)]


@settings(max_examples=300, deadline=None)
@given(tables())
def test_the_codes_are_a_factorize_of_boolky_s_phones_and_lookups_among_them(
    drawn: tuple[pd.Series, list[pd.Series]],
) -> None:
    remote, others = drawn
    codes, uniques = pd.factorize(remote.astype(object))
    on_boolky, found, count = _coded(remote, others)
    assert on_boolky.tolist() == codes.tolist()
    assert count == len(uniques)
    held = pd.Index(uniques.astype(object))
    for table, coded in zip(others, found, strict=True):
        assert coded.dtype == np.int64
        assert coded.tolist() == held.get_indexer(table.astype(object)).tolist()
