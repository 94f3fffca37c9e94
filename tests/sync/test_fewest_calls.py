"""Fewest calls: apply sends exactly the minimum number of write calls for its plan, counted
by the sandbox: one addContacts per batch of a target group set, one addGroup per new group,
one deleteContacts per batch of removals from a group and per batch of deletions."""

from __future__ import annotations

from collections import Counter
from math import ceil

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from tests.sync.support import EVERY_FIELD, contact, desired, sync, write_calls

BATCH = 2

FIRST = [
    *(contact(n, groups=("CRM",)) for n in range(6)),
    *(contact(n, groups=("CRM", "Staff")) for n in (6, 7)),
    *(contact(n) for n in (8, 9)),
]
SECOND = [
    *(contact(n, f"Renamed {n}", groups=("CRM",)) for n in (0, 1, 2)),  # 3 updates, one set
    contact(3, groups=("CRM", "New 2")),  # 1 update, another set, a new group
    contact(4),  # stays, leaves CRM: a removal
    *(contact(n, groups=("CRM",)) for n in range(10, 15)),  # 5 creates in CRM
    *(contact(n, groups=("CRM", "New 1")) for n in range(15, 18)),  # 3 creates, a new group
    contact(18),  # 1 create in no group
]
"""5, 8 and 9 leave and are in no other group: deleted; 6 and 7 leave CRM, stay in Staff."""


def minimum_writes(plan: Plan, batch_size: int) -> int:
    """The fewest write calls that can carry out ``plan`` through Boolky's endpoints."""

    def batches(sizes: Counter[object]) -> int:
        return sum(ceil(n / batch_size) for n in sizes.values())

    # Either strategy writes the new version first, which Boolky (the box upserts) takes in
    # place: nothing is left to delete.
    return (
        len(plan.create_groups)
        + batches(Counter(c.groups for c in plan.creates))
        + batches(Counter(u.groups for u in plan.updates))
        + batches(Counter(r.group for r in plan.removals))
        + ceil(len(plan.deletes) / batch_size)
    )


@pytest.mark.parametrize(("strategy", "expected"), [("readd", 15), ("replace", 15)])
def test_apply_sends_the_fewest_write_calls(
    box: Sandbox, client: BoolkyClient, book: Ledger, strategy: str, expected: int
) -> None:
    options = SyncOptions(
        mode="mirror",
        managed_groups=("CRM",),
        delete_contacts=True,
        allow_mass_delete=True,
        batch_size=BATCH,
        update_strategy=strategy,  # type: ignore[arg-type]
    )
    sync(desired(FIRST), EVERY_FIELD, client, book, options)
    box.calls.reset()

    result = sync(desired(SECOND), EVERY_FIELD, client, book, options)

    plan = result.plan
    assert plan.counts() == {
        "create": 9,
        "update": 4,
        "remove": 3,
        "delete": 3,
        "move": 0,
        "create_groups": 2,
        "unchanged": 1,
    }
    assert result.drift is not None and result.drift.total == 0
    # 2 groups + creates 3+2+1 + updates 2+1 + removals 2 + deletes 2
    assert minimum_writes(plan, BATCH) == expected
    assert sum(write_calls(box).values()) == expected
    assert box.calls.count("getContacts") == 2  # the plan's and verify's
