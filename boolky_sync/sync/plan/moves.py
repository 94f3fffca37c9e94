"""Moves: a record the source knows by its own id, found under a new phone number.

Boolky keys a contact by its phone, so a customer who changed number looks like
a new contact and a lost one. With a record id (``[source.mapping] id``) the
ledger remembers the phone each record was last written under; a record now
under another number, whose old number the source no longer wants, has moved.
The new number is planned as any desired contact is (a create, with the
record's fields and groups); the old one leaves the managed groups -- a mirror
does that for every contact that left the source, other modes do it here for
the moved ones only -- and the plan names each move.

Found by one join of the desired (record id, phone) pairs against the ledger's.
A record id with several phones in the source (``other_phones = "split"``) has
no one new number and is not a move.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boolky_sync.normalize.dedupe import RECORD_ID
from boolky_sync.sync.model import Move, Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan.groups import AccountGroups
from boolky_sync.sync.plan.phones import PhoneIndex
from boolky_sync.sync.plan.removals import leave


def find_moves(desired: pd.DataFrame, records: pd.DataFrame | None) -> list[Move]:
    """The records of ``desired`` whose ledger phone (``records``: ``Ledger.records()``)
    is another one that ``desired`` no longer holds, in desired order."""
    if records is None or records.empty or RECORD_ID not in desired:
        return []
    ids, phones = records_of(desired)
    at = pd.Index(records[RECORD_ID]).get_indexer(ids)  # record ids are the ledger's key
    old = np.where(at >= 0, records["phone"].to_numpy(object)[at], None)
    new = np.asarray(phones, dtype=object)
    changed = np.flatnonzero((at >= 0) & (old != new))
    if not len(changed):
        return []
    freed = pd.Index(desired["phone"]).get_indexer(old[changed]) < 0
    return [Move(ids[i], str(new[i]), str(old[i])) for i in changed[freed].tolist()]


def records_of(desired: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The (record id, phone) pairs of ``desired`` for the ledger to keep once written:
    those with a record id that holds one phone only."""
    if RECORD_ID not in desired:
        return [], []
    known = desired[RECORD_ID].notna().to_numpy(bool)
    if not known.any():
        return [], []
    ids = desired[RECORD_ID].to_numpy(object)[known]
    codes, _ = pd.factorize(ids)
    single = (np.bincount(codes) == 1)[codes]
    return [str(i) for i in ids[single]], desired["phone"].to_numpy(object)[known][single].tolist()


def leave_old_numbers(
    plan: Plan,
    remote: pd.DataFrame,
    phones: PhoneIndex,
    groups: AccountGroups,
    options: SyncOptions,
) -> None:
    """Outside a mirror: the old numbers of ``plan.moves`` that are this pipeline's
    contacts leave the managed groups (or are deleted, ``delete_contacts``)."""
    old = remote["phone"].isin({move.old_phone for move in plan.moves}).to_numpy(bool)
    leave(plan, remote[phones.ours & old], groups, options, "its record moved to a new number")
