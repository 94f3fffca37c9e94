"""Cells of the plan's tables as the plain Python values a plan holds, and as comparable columns.

Normalize's tables and ``remote_frame`` spell "missing" in several ways (None,
``pd.NA``, NaN, a 0 gender); the plan compares and stores one spelling of each.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

EMPTY: dict[str, Any] = {"name": "", "gender": 0, "mail": "", "birthday": ""}
"""Each contact field's missing value in the form ``comparable`` gives it."""


def rows(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows as named tuples, typed loosely: their fields vary with the frame."""
    return frame.itertuples(index=False)


def plain(value: Any) -> Any:
    """A cell as a plain Python value: None for every kind of missing, int for numbers."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, np.integer | float):
        return int(value)
    return value


def comparable(values: pd.Series, field: str) -> npt.NDArray[Any]:
    """A column in a form one vectorised ``!=`` compares: gender as integers (0 unknown),
    the others as text ("" unknown)."""
    if field == "gender":
        return values.astype("Int64").to_numpy(np.int64, na_value=0)
    return values.to_numpy(dtype=object, na_value="")
