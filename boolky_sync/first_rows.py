"""Per group of rows, its first row: found in one pass over the groups, not by sorting them.

``np.unique(..., return_index=True)`` answers the same question by sorting every
group code; at a million rows (a merge's phones, a plan's remote contacts) that sort
is most of the work, where ``np.minimum.at`` over the row positions is one pass.
"""

from __future__ import annotations

import numpy as np


def first_of_each(groups: np.ndarray, count: int, by: np.ndarray | None = None) -> np.ndarray:
    """Per group ``0 .. count-1``, the first position in ``groups`` that holds it (``len(groups)``
    where none does) -- with ``by``, the first of those with the least ``by`` (small integers)."""
    size = len(groups)
    keys = np.arange(size, dtype=np.int64)
    if by is not None:
        keys += by.astype(np.int64) * size
    none = np.iinfo(np.int64).max
    first = np.full(count, none, dtype=np.int64)
    np.minimum.at(first, groups, keys)
    positions: np.ndarray = np.where(first < none, first % max(size, 1), size)
    return positions
