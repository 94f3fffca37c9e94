"""What apply did: one outcome per contact and call, booked in three places at once.

The result feeds the report, the run journal (``record``) survives a crash,
and the progress count drives the bar; booking all three in one step keeps
them from disagreeing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from boolky_sync.errors import ApiError
from boolky_sync.sync.journal import Outcome


@dataclass
class ApplyResult:
    outcomes: list[Outcome] = field(default_factory=list)
    group_ids: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    """Planned changes left out by ``limit``."""
    left_out: frozenset[str] = frozenset()
    """The phones of those changes: verify does not call them drift, they were not sent."""

    @property
    def ok(self) -> int:
        return sum(1 for o in self.outcomes if o.ok and o.op != "create_group")

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if not o.ok and o.op != "create_group")


class Bookings:
    """Books outcomes in the result, the run journal and the progress count."""

    def __init__(
        self,
        result: ApplyResult,
        record: Callable[[list[Outcome]], None] | None,
        progress: Callable[[int], None] | None,
    ) -> None:
        self._result = result
        self._record = record
        self._progress = progress

    def add(self, outcomes: list[Outcome]) -> None:
        self._result.outcomes.extend(outcomes)
        if self._record is not None:
            self._record(outcomes)
        if self._progress is not None:
            self._progress(sum(1 for o in outcomes if o.op != "create_group"))


def failed(
    op: str, phone: str | None, contact_id: int | None, error: ApiError, *, group: str | None = None
) -> Outcome:
    """The outcome of a call Boolky refused, under its ``messageKey`` (or the error's class)."""
    key = error.message_key or type(error).__name__
    return Outcome(op, phone, contact_id, group, False, key, str(error))
