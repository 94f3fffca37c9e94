"""Updates: contacts on both sides whose carried fields differ or that miss a wanted group.

Fields are compared column-wise over all matched contacts at once, group sets
once per distinct (desired, remote) pair; Python objects are built only for the
contacts that change.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boolky_sync.api.records import NewContact
from boolky_sync.sync.model import CONTACT_FIELDS, Plan, Update
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan.codes import combinations
from boolky_sync.sync.plan.groups import AccountGroups, UpdateGroupNames, group_keys
from boolky_sync.sync.plan.matched import MatchedRows
from boolky_sync.sync.plan.phones import PhoneIndex
from boolky_sync.sync.plan.values import EMPTY, plain, rows


def plan_updates(
    plan: Plan,
    matched: MatchedRows,
    carried: frozenset[str],
    groups: AccountGroups,
    ledger: pd.DataFrame,
    phones: PhoneIndex,
    options: SyncOptions,
) -> None:
    """Contacts on both sides whose carried fields differ or that miss a wanted group."""
    fields = [f for f in CONTACT_FIELDS if f in carried]
    differs = np.zeros(len(matched.rows), bool)
    for field in fields:
        wanted, held = matched.compared(field)
        known = np.ones(len(wanted), bool) if options.empty_clears else wanted != EMPTY[field]
        differs |= known & (wanted != held)
    use_groups = "groups" in carried
    adds: list[frozenset[str]] = []
    combo = np.zeros(len(matched.rows), np.int64)
    if use_groups and len(matched.rows):
        combo, pairs = combinations(matched.desired_sets, matched.remote_sets)
        adds = [
            group_keys(matched.sets.desired[d]) - groups.keys_of_ids(matched.sets.remote[r])
            for d, r in pairs
        ]
        differs |= np.array([bool(a) for a in adds], bool)[combo]
    plan.unchanged = int((~differs).sum())

    changed = np.flatnonzero(differs)
    if not len(changed):
        return
    news = rows(matched.desired.iloc[matched.rows[changed]])
    olds = rows(matched.remote.iloc[matched.remote_rows[changed]])
    written = ledger["groups"].to_numpy(object)
    in_ledger = phones.ledger_row[matched.codes[changed]]
    names = UpdateGroupNames(groups)
    for at, where, row, old in zip(changed, in_ledger, news, olds, strict=True):
        changes: dict[str, tuple[Any, Any]] = {}
        values: dict[str, Any] = {}
        for field in CONTACT_FIELDS:
            before = plain(getattr(old, field))
            after = plain(getattr(row, field)) if field in fields else None
            keep_remote = field not in fields or (after is None and not options.empty_clears)
            values[field] = before if keep_remote else after
            if not keep_remote and before != after:
                changes[field] = (before, after)
        added = names.of_keys(adds[combo[at]]) if use_groups else ()
        if use_groups:
            source = names.of_names(row.groups)
        else:  # the source says nothing of groups: the ledger keeps what it had
            source = tuple(written[where]) if where >= 0 else ()
        plan.updates.append(
            Update(
                contact_id=int(old.id),
                record=NewContact(phone=row.phone, **values),
                changes=changes,
                add_groups=added,
                groups=names.after(old.group_ids, added),
                source_groups=source,
                group_ids=tuple(i for i in old.group_ids if i in groups.name_of_id),
            )
        )
