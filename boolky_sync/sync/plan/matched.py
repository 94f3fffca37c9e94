"""The desired contacts Boolky already holds, each beside the remote contact it is compared with.

Updates and a mirror's group removals both work on these pairs; building them
once keeps the two reading the same rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from boolky_sync.sync.plan.codes import Flags, GroupSets, Ints
from boolky_sync.sync.plan.phones import PhoneIndex
from boolky_sync.sync.plan.values import comparable


class MatchedRows:
    """The desired contacts Boolky holds, each beside its (oldest) remote contact."""

    def __init__(
        self,
        desired: pd.DataFrame,
        remote: pd.DataFrame,
        phones: PhoneIndex,
        sets: GroupSets,
        found: Flags,
    ) -> None:
        self.rows: Ints = np.flatnonzero(found)
        """Rows of ``desired``."""
        self.remote_rows: Ints = phones.match[self.rows]
        self.codes: Ints = phones.desired[self.rows]
        self.desired = desired
        self.remote = remote
        self.sets = sets
        self.desired_sets: Ints = sets.desired_codes[self.rows]
        self.remote_sets: Ints = sets.remote_codes[self.remote_rows]

    def wanted(self, column: str) -> npt.NDArray[Any]:
        return self.desired[column].to_numpy()[self.rows]

    def held(self, column: str) -> npt.NDArray[Any]:
        return self.remote[column].to_numpy()[self.remote_rows]

    def compared(self, field: str) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """A field of both sides in one comparable form: missing is 0 (gender) or ""."""
        return (
            comparable(self.desired[field], field)[self.rows],
            comparable(self.remote[field], field)[self.remote_rows],
        )
