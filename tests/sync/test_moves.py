"""Moves against the sandbox: a record under a new number, found by its record id in the
ledger -- in an upsert and a mirror, with ``delete_contacts``, past the delete guard --
and the cases that are no move."""

from __future__ import annotations

from typing import Any

import pandas as pd

from boolky_sync.api import BoolkyClient
from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import check_guard
from boolky_sync.sync.plan.moves import records_of
from boolky_sync.sync.run import SyncResult, apply_and_verify, plan_sync
from tests.sync.support import EVERY_FIELD, contact, desired, phone, state

UPSERT = SyncOptions(managed_groups=("CRM",))
GUARDED = SyncOptions(mode="mirror", managed_groups=("CRM",), delete_contacts=True)


def _with_ids(rows: list[dict[str, Any]], ids: list[str]) -> pd.DataFrame:
    return desired(rows).assign(record_id=pd.Series(ids, dtype=object))


def _sync(frame: pd.DataFrame, client: BoolkyClient, book: Ledger, options: SyncOptions) -> Any:
    """One run as the runner makes it: plan, guard, apply, verify, then the record ids."""
    plan = plan_sync(frame, EVERY_FIELD, client, book, options)
    check_guard(plan, frame, options)
    result: SyncResult = apply_and_verify(plan, frame, EVERY_FIELD, client, book)
    book.set_records(*records_of(frame))
    return result


PEOPLE = [contact(n, f"Person {n}", groups=("CRM",)) for n in range(10)]
IDS = [f"R{n}" for n in range(10)]


def test_an_upsert_moves_the_record_and_the_old_number_leaves_the_managed_group(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    _sync(_with_ids(PEOPLE, IDS), client, book, UPSERT)
    moved = [*PEOPLE[:2], contact(50, "Person 2", groups=("CRM",)), *PEOPLE[3:]]

    result = _sync(_with_ids(moved, IDS), client, book, UPSERT)

    assert [(m.record_id, m.old_phone, m.phone) for m in result.plan.moves] == [
        ("R2", phone(2), phone(50))
    ]
    held = state(box)
    assert held[phone(50)][0] == "Person 2" and held[phone(50)][4] == {"CRM"}
    assert held[phone(2)][4] == frozenset()  # kept: an upsert deletes nothing
    assert result.drift.total == 0
    assert dict(zip(*book.records().to_dict("list").values(), strict=True))["R2"] == phone(50)


def test_a_guarded_mirror_deletes_the_old_numbers_of_three_moves_of_ten(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    _sync(_with_ids(PEOPLE, IDS), client, book, GUARDED)
    moved = [
        contact(60 + n, p["name"], groups=("CRM",)) if n < 3 else p for n, p in enumerate(PEOPLE)
    ]

    result = _sync(_with_ids(moved, IDS), client, book, GUARDED)  # 30 % > 10 %: no stop

    assert len(result.plan.moves) == 3 and len(result.plan.deletes) == 3
    held = state(box)
    assert not {phone(0), phone(1), phone(2)} & set(held)
    assert {phone(60), phone(61), phone(62)} <= set(held)


def test_no_move_where_the_old_number_is_still_wanted_or_the_id_has_two_numbers(
    client: BoolkyClient, book: Ledger
) -> None:
    _sync(_with_ids(PEOPLE[:3], IDS[:3]), client, book, UPSERT)
    # R0 is under a new number, but R1 took R0's old one: only R1 moved (its old number
    # is free). R2 has two numbers: no one new number, no move.
    rows = [contact(70), contact(0), contact(2), contact(71)]
    frame = _with_ids(rows, ["R0", "R1", "R2", "R2"])

    plan = plan_sync(frame, EVERY_FIELD, client, book, UPSERT)

    assert [(m.record_id, m.old_phone, m.phone) for m in plan.moves] == [("R1", phone(1), phone(0))]
