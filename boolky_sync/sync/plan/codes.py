"""Distinct values as integer codes: what lets the plan decide once per distinct value.

A million contacts hold a few hundred distinct group sets; coding every set
(and every combination of a desired and a remote set) turns the group
decisions into one decision per code and an array lookup per contact.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


class GroupSets:
    """Every distinct group set of the three tables, coded: ``desired`` (names),
    ``remote`` (Boolky ids) and ``ledger`` (names) hold the sets, ``*_codes`` each row's."""

    def __init__(self, desired: pd.DataFrame, remote: pd.DataFrame, ledger: pd.DataFrame) -> None:
        self.desired_codes, self.desired = factorized(desired["groups"])
        self.remote_codes: Ints = remote["group_set"].to_numpy(np.int64)
        found, first = np.unique(self.remote_codes, return_index=True)
        self.remote: list[tuple[int, ...]] = [()] * (int(found.max()) + 1 if len(found) else 0)
        for code, ids in zip(found, remote["group_ids"].to_numpy()[first], strict=True):
            self.remote[code] = tuple(ids)
        self.ledger_codes, self.ledger = factorized(ledger["groups"])


def factorized(sets: pd.Series) -> tuple[Ints, list[tuple[str, ...]]]:
    """A column of group-name tuples as a code per row and the distinct tuples."""
    if not len(sets):
        return np.zeros(0, np.int64), []
    codes, uniques = pd.factorize(sets)
    return np.asarray(codes, np.int64), [tuple(u) for u in np.asarray(uniques, dtype=object)]


def combinations(*codes: Ints) -> tuple[Ints, list[tuple[int, ...]]]:
    """Each row's number among the distinct combinations of ``codes``, and those combinations."""
    if not len(codes[0]):
        return np.zeros(0, np.int64), []
    inverse = codes[0]
    for more in codes[1:]:
        _, inverse = np.unique(inverse * (int(more.max()) + 1) + more, return_inverse=True)
    _, first, inverse = np.unique(inverse, return_index=True, return_inverse=True)
    combos = [tuple(int(c[i]) for c in codes) for i in first]
    return inverse.astype(np.int64), combos
