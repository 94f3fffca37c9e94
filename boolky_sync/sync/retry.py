"""What a retry sends again: the writes of one run that did not land, as a desired state.

A run cut short by an outage, or one whose batches Boolky refused, leaves its
journal saying what it set out to write (``changes``) and what landed
(``outcomes``). Reading the source again to finish it would plan everything
anew -- and by then the source may have moved on; so a retry plans from the
journal alone: each contact a failed create or update was for is wanted as
that change's ``after`` state, and each failed removal or deletion is made
again if Boolky still holds what it was to take away.

The subset must never be read as the whole source: planning it as a mirror
would remove every contact outside it. So the subset is planned as an upsert
(an insert stays an insert), and the removals and deletions come from the
failed changes themselves, not from a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from boolky_sync.api.records import Account
from boolky_sync.sync.changes import Change
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.model import CONTACT_FIELDS, Delete, Plan, Removal
from boolky_sync.sync.options import SyncOptions

WRITES_OF_CONTACTS = ("create", "update")
"""Failed changes a retry plans again from their ``after`` state."""


@dataclass(frozen=True)
class Leftovers:
    """The writes of run ``run_id`` that did not land, in the forms a retry plans them."""

    run_id: int
    desired: pd.DataFrame
    """One row per phone a failed create or update was for, as it was to become."""
    removals: tuple[Change, ...]
    deletes: tuple[Change, ...]

    @property
    def count(self) -> int:
        return len(self.desired) + len(self.removals) + len(self.deletes)


def leftovers(run_id: int, changes: list[Change], outcomes: list[Outcome]) -> Leftovers:
    """The changes of a run without an outcome that says they landed: refused, failed, or
    never sent (the run was stopped). A change with a failed outcome beside an ok one (a
    batch that landed only in part) counts as failed: the plan finds what is still to do."""
    landed: set[tuple[object, ...]] = set()
    failed: set[tuple[object, ...]] = set()
    for outcome in outcomes:
        key = _key(outcome.op, outcome.phone, outcome.group, outcome.contact_id)
        (landed if outcome.ok else failed).add(key)
    keys = [_key(c.op, c.phone, c.group, c.contact_id) for c in changes]
    left = [
        c
        for c, key in zip(changes, keys, strict=True)
        # a contact that needs a group the run did not create gets it created again
        if c.op != "create_group" and (key in failed or key not in landed)
    ]
    wanted = [c for c in left if c.op in WRITES_OF_CONTACTS and c.after is not None]
    return Leftovers(
        run_id,
        desired_frame(wanted),
        tuple(c for c in left if c.op == "remove"),
        tuple(c for c in left if c.op == "delete"),
    )


def desired_frame(changes: list[Change]) -> pd.DataFrame:
    """The ``after`` states as a frame ``make_plan`` takes, one row per phone (a phone's
    last change wins, as it did in the run)."""
    rows: dict[str, dict[str, object]] = {}
    for change in changes:
        after = change.after or {}
        rows[str(change.phone)] = {
            "phone": change.phone,
            **{name: after.get(name) for name in CONTACT_FIELDS},
            "groups": tuple(after.get("groups") or ()),
        }
    frame = pd.DataFrame(list(rows.values()), columns=["phone", *CONTACT_FIELDS, "groups"])
    frame["gender"] = frame["gender"].astype("Int64")
    return frame


def retry_options(options: SyncOptions) -> SyncOptions:
    """The pipeline's options for planning the subset: a mirror plans it as an upsert."""
    return replace(options, mode="upsert") if options.mode == "mirror" else options


def add_leftover_removals(plan: Plan, account: Account, left: Leftovers) -> None:
    """Put in ``plan`` the failed removals and deletions Boolky still has to make: a
    contact gone since is not deleted again, one out of the group already not removed."""
    names = {g.id: g.name for g in account.groups}
    held = {c.id: (c.name, {names.get(i) for i in c.group_ids}) for c in account.contacts}
    for change in left.removals:
        found = held.get(change.contact_id or -1)
        if found is not None and change.group in found[1] and change.group in plan.group_ids:
            plan.removals.append(
                Removal(int(change.contact_id or 0), str(change.phone), found[0], change.group)
            )
    for change in left.deletes:
        found = held.get(change.contact_id or -1)
        if found is not None:
            reason = f"a deletion run {left.run_id} did not make"
            plan.deletes.append(
                Delete(int(change.contact_id or 0), str(change.phone), found[0], reason)
            )


def _key(
    op: str, phone: str | None, group: str | None, contact_id: int | None
) -> tuple[object, ...]:
    """What names one write in both tables: a removal by its group, a deletion by its id
    (an update's old copy is deleted under the same phone), the others by the phone."""
    if op == "remove":
        return (op, phone, group)
    if op == "delete":
        return (op, phone, contact_id)
    return (op, phone)
