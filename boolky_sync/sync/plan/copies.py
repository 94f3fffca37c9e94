"""Several copies of one phone: the pipeline's own to clean up, staff's to leave alone.

A Boolky that makes a second contact for a phone it already holds turns every
re-sent ``addContacts`` into a copy. Copies whose ids the ledger wrote are this
pipeline's mistakes: the newest is kept, and once it holds every field and
group of the others, they are deleted (``replaced_by`` the kept one, so the
ledger moves to it). Where it does not yet, it is written first with all of
them merged -- an update -- and the others wait for the next plan, which finds
them held in full: deleting them in the same run would lose what they hold if
that update failed. Contacts with a ledger phone and an id the ledger never
wrote were made by hand, and are only reported.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boolky_sync.api.records import NewContact
from boolky_sync.sync.model import CONTACT_FIELDS, Delete, Plan, Update
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan.codes import Flags
from boolky_sync.sync.plan.groups import AccountGroups, UpdateGroupNames
from boolky_sync.sync.plan.phones import PhoneIndex
from boolky_sync.sync.plan.values import plain, rows

SHOWN_IDS = 10
"""Ids a note names before it says how many more there are."""


def plan_copies(
    plan: Plan,
    remote: pd.DataFrame,
    phones: PhoneIndex,
    groups: AccountGroups,
    ledger: pd.DataFrame,
    options: SyncOptions,
) -> tuple[Flags, Flags]:
    """Clean up this pipeline's own copies; returns the phone codes merged this run (left
    out of the plan's other writes until the next) and the remote rows deleted as copies.

    A phone a mirror removes keeps the mirror's rules for each copy (this run),
    unless the kept one holds the others in full once the managed groups are left.
    """
    merging = np.zeros(len(phones.copies), bool)
    settled = np.zeros(len(remote), bool)
    extra = np.flatnonzero(phones.extra)
    if not len(extra):
        return merging, settled
    by_code: dict[int, list[int]] = {}
    for row in extra:
        by_code.setdefault(int(phones.remote[row]), []).append(int(row))
    written = ledger["groups"].to_numpy(object)
    names = UpdateGroupNames(groups)
    deleted: list[int] = []
    merged = 0
    for code, others in sorted(by_code.items()):
        kept, *older = rows(remote.iloc[[int(phones.first[code]), *others]])
        leaving = options.mode == "mirror" and not phones.wanted[code]
        if leaving and options.scope == "account":
            continue  # an account-wide mirror deletes every copy of a phone it does not want
        ignored = groups.managed if leaving else set()
        kept_groups = groups.keys_of_ids(kept.group_ids) - ignored
        if leaving and options.delete_contacts and not (kept_groups - {groups.all_key}):
            continue  # the kept copy is deleted too: the mirror's rule for each copy
        values = _merged(kept, older)
        every = frozenset().union(*(groups.keys_of_ids(c.group_ids) for c in (kept, *older)))
        before = {f: plain(getattr(kept, f)) for f in CONTACT_FIELDS}
        if every - ignored == kept_groups and values == before:
            settled[others] = True
            deleted.extend(int(c.id) for c in older)
            plan.deletes.extend(
                Delete(
                    int(c.id),
                    str(c.phone),
                    str(c.name),
                    "an extra copy this pipeline made (the newest copy is kept)",
                    replaced_by=int(kept.id),
                )
                for c in older
            )
        elif options.mode != "insert" and not (leaving and groups.managed & every):
            # (a phone leaving managed groups leaves them first: the mirror's removals)
            merging[code] = True
            merged += len(older)
            at = phones.ledger_row[code]
            added = names.of_keys(every - ignored - groups.keys_of_ids(kept.group_ids))
            plan.updates.append(
                Update(
                    contact_id=int(kept.id),
                    record=NewContact(phone=str(kept.phone), **values),
                    changes={f: (v, values[f]) for f, v in before.items() if v != values[f]},
                    add_groups=added,
                    groups=names.after(tuple(kept.group_ids), added),
                    source_groups=tuple(written[at]) if at >= 0 else (),
                    # the kept copy's own groups by id: what its new version is written in
                    group_ids=tuple(i for i in kept.group_ids if i in groups.name_of_id),
                )
            )
    _note(plan, phones, remote, deleted, merged)
    return merging, settled


def _merged(kept: Any, older: list[Any]) -> dict[str, Any]:
    """The kept copy's fields, each one it lacks taken from the newest other copy that has it."""
    values = {}
    for field in CONTACT_FIELDS:
        value = plain(getattr(kept, field))
        for copy in reversed(older):  # in id order: newest first
            if value not in (None, ""):
                break
            value = plain(getattr(copy, field))
        values[field] = value
    return values


def _note(
    plan: Plan, phones: PhoneIndex, remote: pd.DataFrame, deleted: list[int], merged: int
) -> None:
    extra = np.flatnonzero(phones.extra)
    ids = remote["id"].to_numpy(np.int64)
    for phone, contact_id in zip(remote["phone"].to_numpy(object)[extra], ids[extra], strict=True):
        plan.extra_copies.setdefault(str(phone), []).append(int(contact_id))
    if deleted:
        plan.notes.append(
            f"{len(deleted)} extra copies this pipeline made are deleted (ids "
            f"{shown(deleted)}); the newest copy of each phone is kept"
        )
    if merged:
        plan.notes.append(
            f"{merged} extra copies this pipeline made hold fields or groups the newest copy "
            "lacks: they are merged into it now and deleted by the next run"
        )


def note_by_hand(plan: Plan, phones: PhoneIndex, remote: pd.DataFrame) -> None:
    """Report the contacts that reuse a phone this pipeline wrote but are not its own."""
    foreign = np.flatnonzero(phones.foreign)
    if not len(foreign):
        return
    ids = remote["id"].to_numpy(np.int64)[foreign]
    for phone, contact_id in zip(remote["phone"].to_numpy(object)[foreign], ids, strict=True):
        plan.made_by_hand.setdefault(str(phone), []).append(int(contact_id))
    plan.notes.append(
        f"{len(foreign)} contacts have a phone this pipeline wrote but were made again by "
        f"hand (ids {shown(ids.tolist())}): left alone"
    )


def shown(ids: list[int]) -> str:
    """Ids for a note: the first few, and how many more."""
    listed = ", ".join(str(i) for i in ids[:SHOWN_IDS])
    more = len(ids) - SHOWN_IDS
    return f"{listed} and {more} more" if more > 0 else listed
