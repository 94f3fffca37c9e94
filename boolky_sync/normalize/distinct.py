"""Read each distinct value of a column once, then spread the readings over the rows.

A million rows of names, genders, birthdays or addresses hold far fewer
distinct values: reading each once and spreading the result by position keeps
a field normalizer's cost in the distinct values, not the rows. Where even the
distinct values are many (names, e-mail addresses), most of them are already
in final form; a normalizer can say which by a test that runs on the whole
column at once (pyarrow's regular expressions), and only the rest are read one
by one in Python. The values read go through the run's cache (``cache``), if it has one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from boolky_sync.normalize.cache import plain_json, read_through, reader_space
from boolky_sync.normalize.result import FieldResult

Reading = tuple[Any, str]
"""What a field normalizer makes of one source value: the value (or None) and its note."""
Settled = Callable[[pd.Series], pd.Series]
"""Given distinct values as pyarrow strings, True where a value is already in final form:
read as itself, with no note. It must never say True where ``read`` would change a thing."""


def read_distinct(
    values: pd.Series, read: Callable[[Any], Reading], settled: Settled | None = None
) -> FieldResult:
    """``read`` applied once per distinct value, its readings laid out like ``values``."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    found = np.array(uniques, dtype=object)
    notes = np.full(len(found), "", dtype=object)
    todo = np.flatnonzero(~_settled(uniques, settled))
    raws = found[todo].tolist()
    keys = [raw if type(raw) is str else None for raw in raws]
    readings = read_through(
        reader_space(read), keys, lambda at: [read(raws[i]) for i in at], plain_json, tuple
    )
    for position, (value, note) in zip(todo, readings, strict=True):
        found[position], notes[position] = value, note
    return FieldResult(
        values=pd.Series(found[codes], index=values.index, dtype=object),
        notes=pd.Series(notes[codes], index=values.index, dtype=object),
    )


def _settled(uniques: pd.Index, settled: Settled | None) -> np.ndarray:
    if settled is None or len(uniques) == 0:
        return np.zeros(len(uniques), dtype=bool)
    strings = pd.Series(uniques, dtype="string[pyarrow]")
    return settled(strings).fillna(False).to_numpy(dtype=bool)


def spread(readings: Sequence[Reading], codes: np.ndarray, index: pd.Index) -> FieldResult:
    """Row ``i`` gets ``readings[codes[i]]``: the value and note of its distinct value."""
    return FieldResult(
        values=pd.Series(_objects([v for v, _ in readings])[codes], index=index, dtype=object),
        notes=pd.Series(_objects([n for _, n in readings])[codes], index=index, dtype=object),
    )


def _objects(items: Sequence[Hashable | None]) -> np.ndarray:
    """A 1-d object array, item by item: numpy would unpack tuples into a second axis."""
    array = np.empty(len(items), dtype=object)
    for position, item in enumerate(items):
        array[position] = item
    return array


def join_notes(notes: Sequence[str]) -> str:
    """One row's notes as the ``FieldResult`` contract writes them: non-empty, ``"; "``-joined."""
    return "; ".join(note for note in notes if note)
