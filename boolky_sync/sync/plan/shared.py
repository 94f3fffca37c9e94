"""Managed groups shared by several pipelines (``shared_group = true``): who wins.

Two mirrors of one group, each from its own source, undo each other every run
unless one rule decides between them. The rule:

* A contact stays in a shared group while any sharing pipeline's ledger holds
  it there, and a ledger holds a contact in a shared group only while its
  pipeline's source has it there: after each run a sharing pipeline lets go
  (in its own ledger) of the memberships its source no longer asks for
  (``released``). So a mirror removes a contact from a shared group, or
  deletes it, only when no other sharing pipeline's ledger holds it in one
  (``defer_to_others``).
* Where two sources disagree on a contact's fields, the pipeline that claimed
  the group first wins: the others leave alone the fields of the contacts its
  ledger holds in the group (the groups they add still go).

Pure functions on the plan and on ledger entries; the runner reads the other
pipelines' ledgers (``pipeline.group_owners`` knows where they are).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import pandas as pd

from boolky_sync.normalize.groups import group_key
from boolky_sync.sync.ledger import LedgerEntry
from boolky_sync.sync.model import Plan, Update

Held = Mapping[str, frozenset[str]]
"""Phone → keys of the shared groups a ledger holds it in."""


def held_in(entries: Iterable[LedgerEntry], shared: frozenset[str]) -> dict[str, frozenset[str]]:
    """Which shared groups each contact of a ledger is held in."""
    held: dict[str, frozenset[str]] = {}
    for entry in entries:
        keys = frozenset(group_key(g) for g in entry.groups) & shared
        if keys:
            held[entry.phone] = held.get(entry.phone, frozenset()) | keys
    return held


def defer_to_others(
    plan: Plan, shared: frozenset[str], others: Held, first: Held
) -> list[LedgerEntry]:
    """Leave out of ``plan`` what the rule gives to the other sharing pipelines: removals
    from a shared group another ledger holds the contact in, deletions of a contact
    another ledger holds in a shared group, and the field changes of contacts the ledger
    of a pipeline that claimed first (``first``) holds in a shared group.

    Returns the contacts whose update is left out whole: the ledger is to hold them as
    they are on Boolky (once the run writes), since the source still wants them."""
    kept = [
        r
        for r in plan.removals
        if not (group_key(r.group) in shared and group_key(r.group) in others.get(r.phone, ()))
    ]
    deletes = [d for d in plan.deletes if d.replaced_by is not None or d.phone not in others]
    deferred = len(plan.removals) - len(kept) + len(plan.deletes) - len(deletes)
    plan.removals, plan.deletes = kept, deletes
    updates: list[Update] = []
    holds: list[LedgerEntry] = []
    left = 0
    for update in plan.updates:
        if update.record.phone not in first or not update.changes:
            updates.append(update)
            continue
        left += 1
        before = {name: old for name, (old, _new) in update.changes.items()}
        reverted = replace(update, record=replace(update.record, **before), changes={})
        if update.add_groups:  # its groups go; its fields stay as the first owner wrote them
            updates.append(reverted)
        else:
            holds.append(_held_entry(reverted))
    plan.unchanged += len(holds)
    plan.updates = updates
    if deferred:
        plan.notes.append(
            f"{deferred} removals from shared groups are left to the other pipelines "
            "sharing them: their sources still have these contacts there"
        )
    if left:
        plan.notes.append(
            f"{left} contacts' fields are left as the pipeline that claimed the shared "
            "group first wrote them"
        )
    return holds


def _held_entry(update: Update) -> LedgerEntry:
    record = update.record
    groups = update.source_groups
    return LedgerEntry(
        record.phone,
        update.contact_id,
        record.name,
        record.gender,
        record.mail,
        record.birthday,
        groups,
    )


def released(
    entries: Iterable[LedgerEntry],
    desired: pd.DataFrame,
    carried: frozenset[str],
    shared: frozenset[str],
) -> dict[str, tuple[str, ...]]:
    """The shared-group memberships this pipeline's ledger holds and its source no longer
    asks for, by phone: it lets go of them, so another sharing pipeline may remove them.
    A source without a groups column asks for none but of contacts it has no longer."""
    wanted = dict(zip(desired["phone"].astype(str), desired["groups"], strict=True))
    drop: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        held = [g for g in entry.groups if group_key(g) in shared]
        if not held:
            continue
        if entry.phone not in wanted:
            drop[entry.phone] = tuple(held)
        elif "groups" in carried:
            keys = {group_key(g) for g in wanted[entry.phone]}
            if gone := tuple(g for g in held if group_key(g) not in keys):
                drop[entry.phone] = gone
    return drop
