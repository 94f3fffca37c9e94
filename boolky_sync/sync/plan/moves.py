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
    wanted = pd.DataFrame({RECORD_ID: pd.Series(ids, dtype=object), "phone": phones})
    joined = wanted.merge(records, on=RECORD_ID, how="inner", suffixes=("", "_old"))
    moved = joined[
        joined["phone"].ne(joined["phone_old"]) & ~joined["phone_old"].isin(desired["phone"])
    ]
    return [
        Move(str(record_id), str(phone), str(old))
        for record_id, phone, old in zip(
            moved[RECORD_ID].tolist(),
            moved["phone"].tolist(),
            moved["phone_old"].tolist(),
            strict=True,
        )
    ]


def records_of(desired: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The (record id, phone) pairs of ``desired`` for the ledger to keep once written:
    those with a record id that holds one phone only."""
    if RECORD_ID not in desired:
        return [], []
    pairs = desired.loc[desired[RECORD_ID].notna(), [RECORD_ID, "phone"]]
    pairs = pairs[~pairs[RECORD_ID].duplicated(keep=False)]
    return pairs[RECORD_ID].astype(str).tolist(), pairs["phone"].tolist()


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
