"""Apply: the only code that writes to Boolky.

It carries out a Plan in DESIGN.md's order — groups, creates, updates and
membership adds, membership removals, deletes — so a run that dies midway has
lost nothing. Contacts go in batches per target group set (``addContacts``
takes one ``groupIds`` per call). A batch Boolky refuses is split in halves
until the refused contacts stand alone; they are recorded with Boolky's
``messageKey`` and their batch-mates land. A batch Boolky fails (a 5xx after
its retries) is recorded as failed, whole, and apply goes on; a few such calls
in a row, or a stop request, start no new batch, and the ones in flight finish
(``Breaker``). A refused key stops everything. A call whose answer was lost
is never sent again blindly, nor split: Boolky is read, and only what did
not land is sent again (``reconcile``). The ledger is written before and
after every call, so a run killed or stopped at any point can be run again
without duplicates.

``batches`` cuts, runs, splits and halts the batches, ``reconcile`` settles
the lost answers, ``outcomes`` books what happened, ``writes`` holds one
batch of each kind, and ``updates`` the two update strategies around them:
``new_copies`` writes an update's new version before anything is deleted,
``replace`` deletes first where it must, and ``held`` puts back what such a
delete took when the re-add does not land.
"""

from __future__ import annotations

from collections.abc import Callable

from boolky_sync.api import BoolkyClient
from boolky_sync.stop import StopRequest
from boolky_sync.sync.apply.batches import FAILED_CALLS_IN_A_ROW, Breaker, run_phase
from boolky_sync.sync.apply.outcomes import ApplyResult, Bookings
from boolky_sync.sync.apply.updates import update_batches
from boolky_sync.sync.apply.writes import Writer
from boolky_sync.sync.journal import Holding, Outcome
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Plan

__all__ = ["FAILED_CALLS_IN_A_ROW", "ApplyResult", "apply_plan"]


def apply_plan(
    plan: Plan,
    client: BoolkyClient,
    ledger: Ledger,
    *,
    limit: int | None = None,
    record: Callable[[list[Outcome]], None] | None = None,
    progress: Callable[[int], None] | None = None,
    stop: StopRequest | None = None,
    holding: Holding | None = None,
) -> ApplyResult:
    """Carry out ``plan``; ``limit`` sends only the first N planned changes.

    ``record`` receives the outcomes of each batch as they happen (the run
    journal), ``progress`` the number of changes each batch settled. Once
    ``stop`` is asked no new batch starts, and the stop's ``StoppedError`` is
    raised when the batches in flight are done; ``FAILED_CALLS_IN_A_ROW``
    failed calls end apply the same way with an ``UnavailableError``. ``holding`` keeps
    the contacts a replace deletes before re-adding them (the run's journal; without
    one, memory: a run killed in between cannot put them back).
    """
    work = _Work(plan, limit)
    result = ApplyResult(
        group_ids=dict(plan.group_ids), skipped=work.skipped, left_out=work.left_out()
    )
    breaker = Breaker(stop)
    bookings = Bookings(result, record, progress)
    writer = Writer(client, ledger, plan.options, result, bookings, breaker, plan.remote_duplicates)
    planned = plan.changes - work.skipped

    def halt_if_asked() -> None:
        breaker.check(not_written=planned - result.ok, planned=planned)

    writer.create_groups(work.groups_needed())
    halt_if_asked()
    concurrency = plan.options.concurrency
    for batches in (
        writer.create_batches(work.creates),
        update_batches(writer, work.updates, holding or Holding.in_memory()),
        writer.removal_batches(work.removals),
        writer.delete_batches(work.deletes),
    ):
        run_phase(batches, concurrency, breaker)
        halt_if_asked()
    return result


class _Work:
    """The part of the plan this run sends, in write order, cut at ``limit``."""

    def __init__(self, plan: Plan, limit: int | None) -> None:
        budget = plan.changes if limit is None else max(0, limit)
        self.skipped = max(0, plan.changes - budget)
        self.creates = plan.creates[:budget]
        budget -= len(self.creates)
        self.updates = plan.updates[:budget]
        budget -= len(self.updates)
        self.removals = plan.removals[:budget]
        budget -= len(self.removals)
        self.deletes = plan.deletes[:budget]
        self._plan = plan

    def left_out(self) -> frozenset[str]:
        """The phones of the planned changes cut off by the limit."""
        plan = self._plan
        return frozenset(
            [c.record.phone for c in plan.creates[len(self.creates) :]]
            + [u.record.phone for u in plan.updates[len(self.updates) :]]
            + [r.phone for r in plan.removals[len(self.removals) :]]
            + [d.phone for d in plan.deletes[len(self.deletes) :]]
        )

    def groups_needed(self) -> list[str]:
        used = {g for c in self.creates for g in c.groups}
        used |= {g for u in self.updates for g in u.add_groups}
        return [name for name in self._plan.create_groups if name in used]
