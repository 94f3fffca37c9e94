"""The ledger knows what it owns, by contact id: over HTTP against the sandbox.

A contact made again by hand with a phone the pipeline wrote is not the
pipeline's; copies the pipeline itself made are cleaned up; of two groups with
one name, the one holding the pipeline's contacts is the group.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.sandbox import Sandbox, run_sandbox
from boolky_sync.sync.apply import apply_plan
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.run import SyncResult, plan_sync
from tests.sync.support import (
    EVERY_FIELD,
    KEY,
    MIRROR,
    by_hand,
    client_for,
    contact,
    copies,
    desired,
    ids_by_phone,
    phone,
    run,
    state,
)


def drift(result: SyncResult) -> int:
    assert result.drift is not None
    return result.drift.total


def groups_of(box: Sandbox) -> dict[str, list[frozenset[int]]]:
    """Phone → the group ids of each of its contacts (oldest first), "All" left out."""
    found: dict[str, list[frozenset[int]]] = {}
    for c in box.store.get_contacts()["contacts"]:
        found.setdefault(c["phone"], []).append(frozenset(g for g in c["groupIds"] if g != 0))
    return found


# -- made again by hand -------------------------------------------------------------


@pytest.mark.parametrize("delete_contacts", [True, False])
def test_a_contact_made_again_by_hand_is_left_alone_by_the_mirror(
    box: Sandbox, client: BoolkyClient, book: Ledger, delete_contacts: bool
) -> None:
    rows = [contact(n, f"Person {n}", groups=("CRM",)) for n in range(6)]
    options = (
        MIRROR
        if not delete_contacts
        else SyncOptions(
            mode="mirror", managed_groups=("CRM",), delete_contacts=True, allow_mass_delete=True
        )
    )
    run(client, book, rows, options)
    ours = ids_by_phone(box)
    # Staff delete three of the pipeline's contacts and type the numbers in again.
    client.delete_contacts([ours[phone(n)] for n in range(3)], permanent=True)
    hand = by_hand(box, [contact(n, f"Hand {n}") for n in range(3)], groups=("CRM",))

    result = run(client, book, rows[3:5], options)  # 0-2 and 5 leave the source

    assert {d.contact_id for d in result.plan.deletes} | {
        r.contact_id for r in result.plan.removals
    } == {ours[phone(5)]}
    assert result.plan.made_by_hand == {phone(n): [hand[phone(n)]] for n in range(3)}
    assert Plan.from_json(result.plan.to_json()).made_by_hand == result.plan.made_by_hand
    ids = ", ".join(str(hand[phone(n)]) for n in range(3))
    assert (
        f"3 contacts have a phone this pipeline wrote but were made again by hand (ids {ids}): "
        "left alone"
    ) in result.plan.notes
    after = state(box)
    assert {n: after[phone(n)][0] for n in range(3)} == {n: f"Hand {n}" for n in range(3)}
    assert all(after[phone(n)][4] == frozenset({"CRM"}) for n in range(3))
    assert ids_by_phone(box)[phone(0)] == hand[phone(0)]
    assert (phone(5) in after) is not delete_contacts
    assert drift(result) == 0
    assert run(client, book, rows[3:5], options).plan.is_empty


@pytest.mark.parametrize("remote_deletions", ["respect", "restore"])
def test_a_deleted_contact_made_again_by_hand_is_neither_restored_nor_written(
    box: Sandbox, client: BoolkyClient, book: Ledger, remote_deletions: str
) -> None:
    rows = [contact(1, "Ann", mail="ann@example.org", groups=("CRM",)), contact(2, "Bob")]
    run(client, book, rows, MIRROR)
    client.delete_contacts([ids_by_phone(box)[phone(1)]], permanent=True)
    hand = by_hand(box, [contact(1, "Ann by hand")])
    options = SyncOptions(remote_deletions=remote_deletions)  # type: ignore[arg-type]

    result = run(client, book, rows, options)

    assert (result.plan.creates, result.plan.updates) == ([], [])
    assert result.plan.made_by_hand == {phone(1): [hand[phone(1)]]}
    assert copies(box)[phone(1)] == 1
    assert state(box)[phone(1)] == ("Ann by hand", None, None, None, frozenset())
    assert drift(result) == 0
    assert book.ids_of(phone(1)) != (hand[phone(1)],)


# -- the pipeline's own copies ------------------------------------------------------


@pytest.fixture
def doubling() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY, duplicate_policy="duplicate") as sandbox:
        yield sandbox


def make_twice(
    box: Sandbox, book: Ledger, first: list[dict[str, Any]], second: list[dict[str, Any]]
) -> None:
    """Two plans made from one state, both applied: every contact created twice, as a batch
    sent again after its first answer was lost makes it. The ledger holds both ids."""
    with client_for(box) as client:
        for name in ("CRM", "VIP"):  # there before: the same groups for both plans
            client.add_group(name)
        plans = [
            plan_sync(desired(rows), EVERY_FIELD, client, book, MIRROR) for rows in (first, second)
        ]
        for made in plans:
            assert apply_plan(made, client, book).failed == 0


def test_copies_the_pipeline_made_are_cleaned_up_and_left_contacts_leave_the_group(
    doubling: Sandbox, book: Ledger
) -> None:
    people = range(8)
    older = [
        contact(
            n,
            f"P{n}",
            mail=f"p{n}@example.org" if n >= 6 else None,
            groups=("CRM", "VIP") if n >= 6 else ("CRM",),
        )
        for n in people
    ]
    newer = [contact(n, f"P{n}", groups=("CRM",)) for n in people]
    make_twice(doubling, book, older, newer)
    assert set(copies(doubling).values()) == {2}
    assert all(len(book.ids_of(phone(n))) == 2 for n in people)
    kept = {c["phone"]: c["id"] for c in doubling.store.get_contacts()["contacts"]}  # newest
    # 0-1 stay and their copies hold the same; 2-5 leave the source; 6-7 stay, and their
    # older copies hold a mail and a group the newer ones lack.
    rows = [newer[n] for n in (0, 1, 6, 7)]

    with client_for(doubling) as client:
        first = run(client, book, rows, MIRROR)
        counts = copies(doubling)
        assert {n: counts[phone(n)] for n in range(6)} == dict.fromkeys(range(6), 1)
        assert {n: ids_by_phone(doubling)[phone(n)] for n in range(6)} == {
            n: kept[phone(n)] for n in range(6)
        }
        crm = {g["name"]: g["id"] for g in doubling.store.get_groups()}["CRM"]
        assert all(crm not in groups_of(doubling)[phone(n)][0] for n in range(2, 6))
        assert first.plan.extra_copies.keys() == {phone(n) for n in people}
        assert Plan.from_json(first.plan.to_json()).extra_copies == first.plan.extra_copies
        assert any("extra copies this pipeline made are deleted" in n for n in first.plan.notes)
        assert any("merged into it now" in n for n in first.plan.notes)
        assert first.drift is not None
        assert set(first.drift.duplicated) == {phone(6), phone(7)}  # merged, deleted next run

        second = run(client, book, rows, MIRROR)
        assert drift(second) == 0
        assert set(copies(doubling).values()) == {1}
        after = state(doubling)
        assert {n: after[phone(n)][2:] for n in (6, 7)} == {
            n: (f"p{n}@example.org", None, frozenset({"CRM", "VIP"})) for n in (6, 7)
        }
        assert run(client, book, rows, MIRROR).plan.is_empty


def test_copies_not_made_by_the_pipeline_are_reported_never_deleted(
    doubling: Sandbox, book: Ledger
) -> None:
    rows = [contact(n, f"P{n}", groups=("CRM",)) for n in range(3)]
    with client_for(doubling) as client:
        run(client, book, rows, MIRROR)
        hand = by_hand(doubling, [contact(0, "Someone else")], groups=("CRM",))

        result = run(client, book, rows[1:], MIRROR)  # phone 0 leaves the source

        assert result.plan.made_by_hand == {phone(0): [hand[phone(0)]]}
        assert [
            c["name"] for c in doubling.store.get_contacts()["contacts"] if c["phone"] == phone(0)
        ] == [
            "P0",
            "Someone else",
        ]
        crm = {g["name"]: g["id"] for g in doubling.store.get_groups()}["CRM"]
        assert [crm in ids for ids in groups_of(doubling)[phone(0)]] == [False, True]
        assert result.plan.extra_copies == {}


# -- two groups of one name ---------------------------------------------------------


def test_of_two_groups_called_crm_the_one_holding_the_contacts_is_used(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    rows = [contact(n, f"P{n}", groups=("CRM",)) for n in range(10)]
    made = plan_sync(desired(rows), EVERY_FIELD, client, book, MIRROR)
    empty = client.add_group("CRM").id  # as an addGroup whose answer was lost leaves one
    assert apply_plan(made, client, book).failed == 0
    real = max(g["id"] for g in box.store.get_groups() if g["name"] == "CRM")
    assert real > empty
    kept = [*rows[3:], contact(20, "New", groups=("CRM",))]

    result = run(client, book, kept, MIRROR)

    assert {r.group for r in result.plan.removals} == {"CRM"}
    assert result.plan.group_ids["CRM"] == real
    assert (
        f"2 groups are called CRM (ids {empty}, {real}): using {real}, which holds this "
        "pipeline's contacts"
    ) in result.plan.notes
    members = groups_of(box)
    assert all(members[phone(n)] == [frozenset()] for n in range(3))
    assert all(members[phone(n)] == [frozenset({real})] for n in (*range(3, 10), 20))
    assert drift(result) == 0
    assert drift(run(client, book, kept, MIRROR)) == 0


# -- a ledger of format 1 -----------------------------------------------------------

FORMAT_1 = """
CREATE TABLE ledger (
    phone TEXT PRIMARY KEY,
    contact_id INTEGER,
    name TEXT,
    gender INTEGER,
    mail TEXT,
    birthday TEXT,
    groups TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL CHECK (state = 'pending' OR state = 'ok' OR state = 'replacing')
) WITHOUT ROWID;
PRAGMA user_version = 1;
"""


def test_a_format_1_ledger_is_migrated_in_place_and_keeps_working(
    box: Sandbox, client: BoolkyClient, tmp_path: Path
) -> None:
    rows = [contact(n, f"P{n}", groups=("CRM",)) for n in range(4)]
    with Ledger(None) as memory:
        run(client, memory, rows, MIRROR)
        written = memory.entries()
    path = tmp_path / "ledger.sqlite"
    db = sqlite3.connect(path)
    db.executescript(FORMAT_1)
    db.executemany(
        "INSERT INTO ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (e.phone, e.contact_id, e.name, e.gender, e.mail, e.birthday, '["CRM"]', e.state)
            for e in written
        ],
    )
    db.commit()
    db.close()

    with Ledger(path) as ledger:
        assert ledger.entries() == written
        assert {e.phone: ledger.ids_of(e.phone) for e in written} == {
            e.phone: (e.contact_id,) for e in written
        }
        result = run(client, ledger, rows[1:], MIRROR)
        assert [r.phone for r in result.plan.removals] == [phone(0)]
        assert drift(result) == 0
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
        assert db.execute("SELECT COUNT(*) FROM ledger_ids").fetchone() == (4,)
    finally:
        db.close()
