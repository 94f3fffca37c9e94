"""What leaves Boolky: a mirror's deletions and group removals, and the old copies an
interrupted update left behind.

A mirror removes only within the scope DESIGN.md draws (this pipeline's
contacts by its ledger -- by the ids it wrote, every copy of its own, never a
contact made again by hand with one of its phones -- or the whole account); old
copies are removed in every mode, since they are this pipeline's own
half-finished work.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boolky_sync.sync.model import Delete, Plan, Removal
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan.codes import Flags, GroupSets, Ints, combinations
from boolky_sync.sync.plan.groups import AccountGroups, group_keys
from boolky_sync.sync.plan.matched import MatchedRows
from boolky_sync.sync.plan.phones import PhoneIndex
from boolky_sync.sync.plan.values import rows


def plan_mirror(
    plan: Plan,
    remote: pd.DataFrame,
    matched: MatchedRows,
    phones: PhoneIndex,
    sets: GroupSets,
    groups: AccountGroups,
    carried: frozenset[str],
    options: SyncOptions,
    settled: Flags | None = None,
) -> None:
    """Remove what left the source, within the scope DESIGN.md draws; remote rows in
    ``settled`` (copies deleted as such) are left to that deletion.

    A contact that left the source leaves the managed groups, or is deleted when
    ``delete_contacts`` and no group but the managed ones (and "All", which holds
    everyone) holds it. A contact still in the source leaves a managed group the
    source no longer lists for it -- only when the source carries groups at all.
    """
    codes = phones.remote
    known = codes >= 0
    wanted = np.zeros(len(codes), bool)
    wanted[known] = phones.wanted[codes[known]]
    if options.scope == "account":
        # Every remote contact, copies and unreadable phones included: a copy left
        # behind would be the next run's delete, and the mirror would never settle.
        plan.in_scope = len(remote)
        reason = "not in the source (account-wide mirror)"
        for row in rows(remote[~wanted]):
            phone = row.phone if isinstance(row.phone, str) else row.phone_raw
            plan.deletes.append(Delete(int(row.id), phone, row.name, reason))
        if "groups" in carried:
            _leave_groups(plan, matched, sets, groups, np.ones(len(matched.rows), bool), None)
        return

    plan.in_scope = int(phones.ours.sum())
    if not phones.mine.any():
        plan.notes.append(
            "the ledger is empty: this mirror removes nothing from Boolky (it removes only "
            "contacts this pipeline wrote, and has no record of any)"
        )
        return
    leaving = phones.ours & ~wanted
    if settled is not None:
        leaving &= ~settled
    leave(plan, remote[leaving], groups, options, "left the source")
    if "groups" in carried:
        staying = phones.ours[matched.remote_rows]
        in_ledger = phones.ledger_row[matched.codes]
        ledger_sets = np.full(len(in_ledger), -1, np.int64)
        ledger_sets[staying] = sets.ledger_codes[in_ledger[staying]]
        _leave_groups(plan, matched, sets, groups, staying, ledger_sets)


def leave(
    plan: Plan, leaving: pd.DataFrame, groups: AccountGroups, options: SyncOptions, reason: str
) -> None:
    """The ``leaving`` remote contacts (this pipeline's) leave the managed groups, or are
    deleted for ``reason`` when ``delete_contacts`` and no other group holds them."""
    for row in rows(leaving):
        held = groups.keys_of_ids(row.group_ids) - {groups.all_key}
        if options.delete_contacts and not (held - groups.managed):
            plan.deletes.append(Delete(int(row.id), row.phone, row.name, reason))
            continue
        for key in sorted(held & groups.managed):
            plan.removals.append(Removal(int(row.id), row.phone, row.name, groups.display(key)))


def _leave_groups(
    plan: Plan,
    matched: MatchedRows,
    sets: GroupSets,
    groups: AccountGroups,
    staying: Flags,
    written: Ints | None,
) -> None:
    """Contacts still in the source leave the managed groups it no longer lists for them;
    with ``written`` (each contact's ledger group set), only memberships this pipeline made."""
    if not groups.managed or not staying.any():
        return
    at = np.flatnonzero(staying)
    columns = [matched.desired_sets[at], matched.remote_sets[at]]
    if written is not None:
        columns.append(written[at])
    combo, found = combinations(*columns)
    leaving: list[frozenset[str]] = []
    for desired_set, remote_set, *ledger_set in found:
        held = groups.keys_of_ids(sets.remote[remote_set]) & groups.managed
        if ledger_set:
            held &= group_keys(sets.ledger[ledger_set[0]])
        leaving.append(held - group_keys(sets.desired[desired_set]))
    removes = np.array([bool(keys) for keys in leaving], bool)[combo]
    if not removes.any():
        return
    at_rows = at[removes]
    ids = matched.held("id")[at_rows]
    numbers = matched.wanted("phone")[at_rows]
    names = matched.wanted("name")[at_rows]
    for contact_id, phone, name, which in zip(ids, numbers, names, combo[removes], strict=True):
        for key in sorted(leaving[which]):
            plan.removals.append(Removal(int(contact_id), phone, name, groups.display(key)))


def plan_stale(plan: Plan, remote: pd.DataFrame, phones: PhoneIndex) -> None:
    """Delete the old copies an interrupted update left (this pipeline's own, by its ledger)."""
    if not phones.stale:
        return
    for old, new in phones.stale:
        row = remote.iloc[old]
        plan.deletes.append(
            Delete(
                int(row["id"]),
                str(row["phone"]),
                str(row["name"]),
                "the old copy of a contact whose update was interrupted",
                replaced_by=int(remote["id"].iloc[new]),
            )
        )
    plan.notes.append(
        f"{len(phones.stale)} contacts are on Boolky twice after an interrupted update; "
        "the old copies are deleted"
    )
