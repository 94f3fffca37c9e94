"""Creates: the desired contacts Boolky lacks, and what becomes of those deleted there.

A phone the ledger holds as confirmed that Boolky no longer has was deleted on
Boolky by someone; ``remote_deletions`` says whether it is left deleted or
written again (a restore).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from boolky_sync.api.records import NewContact
from boolky_sync.sync.model import Create, Plan
from boolky_sync.sync.plan.codes import Flags
from boolky_sync.sync.plan.groups import AccountGroups, group_keys
from boolky_sync.sync.plan.values import plain, rows


def plan_creates(
    plan: Plan,
    missing: pd.DataFrame,
    vanished: Flags,
    carried: frozenset[str],
    groups: AccountGroups,
) -> None:
    """Desired phones Boolky lacks; a ledger contact gone from Boolky was deleted there."""
    if plan.options.remote_deletions == "respect":
        plan.respected_deletions = sorted(missing.loc[vanished, "phone"].tolist())
        if plan.respected_deletions:
            plan.notes.append(
                f"{len(plan.respected_deletions)} contacts this pipeline wrote were deleted "
                'on Boolky since; they are left deleted (remote_deletions = "respect")'
            )
        missing, vanished = missing[~vanished], vanished[~vanished]
    use_groups = "groups" in carried
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for row, restore in zip(rows(missing), vanished.tolist(), strict=True):
        wanted = names.get(row.groups) if use_groups else ()
        if wanted is None:
            wanted = names[row.groups] = groups.names(group_keys(row.groups))
        plan.creates.append(Create(_contact(row), wanted, restore=bool(restore)))


def _contact(row: Any) -> NewContact:
    return NewContact(
        phone=row.phone,
        name=row.name,
        gender=plain(row.gender),
        mail=plain(row.mail),
        birthday=plain(row.birthday),
    )
