"""Writes whose answers are lost, late or garbled after Boolky carried them out: reconciled
against Boolky, never sent again blindly -- every contact exactly once, in the run itself.

The sandbox carries each such write out and then drops the connection, answers after the
client's timeout, or answers 200 with a body of the wrong shape (20% each of the writes,
seeded); a gateway's 502 for a write that never reached Boolky is the unknown outcome whose
write did not land. Everything goes over HTTP through the real client.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from boolky_sync.api import Account, Contact, Group, NewContact
from boolky_sync.errors import UnavailableError
from boolky_sync.sandbox import Faults, Sandbox, run_sandbox
from boolky_sync.sync.apply import FAILED_CALLS_IN_A_ROW, apply_plan
from boolky_sync.sync.apply.reconcile import landed_contacts
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.run import plan_sync
from tests.sync.support import (
    EVERY_FIELD,
    KEY,
    client_for,
    contact,
    copies,
    desired,
    ids_by_phone,
    state,
    sync,
)

TIMEOUT = 0.5
"""The client's timeout: a late answer (5 s) comes after it."""
COUNT = 150
BATCH = 10
WRITES = {"addContacts", "addGroup", "deleteContacts"}
AMBIGUOUS = {"lost", "late", "garbled"}
COMBOS = [
    ("upsert", "readd"),
    ("upsert", "replace"),
    ("duplicate", "readd"),
    ("duplicate", "replace"),
    # a Boolky refusing known phones cannot take a re-add at all (test_updates): replace only
    ("reject", "replace"),
]


def ambiguous(rate: float = 0.2, **more: Any) -> Faults:
    return Faults(
        lose_answer_rate=rate, late_answer_rate=rate, garble_answer_rate=rate, fault_seed=11, **more
    )


def mirror(strategy: str = "readd", **more: Any) -> SyncOptions:
    settings: dict[str, Any] = {
        "mode": "mirror",
        "managed_groups": ("CRM",),
        "delete_contacts": True,
        "allow_mass_delete": True,
        "update_strategy": strategy,
        "batch_size": BATCH,
    }
    return SyncOptions(**(settings | more))


def rounds() -> list[tuple[str, list[dict[str, Any]]]]:
    """A first run, an update round (a quarter renamed), a mirror round (a quarter left)."""
    first = [contact(n, f"Person {n}", groups=("CRM", "VIP")[: 1 + n % 2]) for n in range(COUNT)]
    renamed = [{**r, "name": f"{r['name']} Lee"} if n % 4 == 0 else r for n, r in enumerate(first)]
    return [("create", first), ("update", renamed), ("mirror", renamed[: COUNT * 3 // 4])]


def expected(rows: list[dict[str, Any]], before: list[dict[str, Any]]) -> dict[str, Any]:
    """The mirror's result: the source's contacts; the ones that left deleted, or out of CRM
    where they are in another group."""
    want = {r["phone"]: (r["name"], None, None, None, frozenset(r["groups"])) for r in rows}
    for gone in before[len(rows) :]:
        if set(gone["groups"]) - {"CRM"}:
            want[gone["phone"]] = (gone["name"], None, None, None, frozenset({"VIP"}))
    return want


def check_exactly_once(box: Sandbox, book: Ledger, want: dict[str, Any]) -> None:
    assert set(copies(box).values()) == {1}  # no phone twice
    assert state(box) == want  # no membership lost, none left behind
    ids = ids_by_phone(box)
    entries = {e.phone: (e.contact_id, e.state) for e in book.entries()}
    assert entries == {p: (i, "ok") for p, i in ids.items()}  # the ledger complete, with ids


@pytest.mark.parametrize(("policy", "strategy"), COMBOS)
def test_lost_late_and_garbled_answers_leave_every_contact_exactly_once(
    policy: str, strategy: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "boolky_sync.sync.apply.reconcile")
    with (
        run_sandbox(api_key=KEY, duplicate_policy=policy, faults=ambiguous()) as box,  # type: ignore[arg-type]
        client_for(box, timeout=TIMEOUT) as client,
        Ledger(None) as book,
    ):
        before: list[dict[str, Any]] = []
        for name, rows in rounds():
            result = sync(desired(rows), EVERY_FIELD, client, book, mirror(strategy))

            assert result.applied is not None and result.drift is not None
            assert (name, result.applied.failed, result.drift.total) == (name, 0, 0)
            check_exactly_once(box, book, expected(rows, before))
            before = rows

        struck = {(c.endpoint, c.fault) for c in box.calls if c.fault}
        assert {endpoint for endpoint, _ in struck} == WRITES
        assert {fault for _, fault in struck} == AMBIGUOUS
        assert "answer lost for 10 contacts; Boolky was read: 10 had landed, 0 sent again" in (
            caplog.text
        )


def test_a_lost_add_group_answer_makes_no_second_group() -> None:
    faults = Faults(lose_answer_rate=1.0, fault_endpoints=frozenset({"addGroup"}))
    rows = [contact(n, groups=("CRM",)) for n in range(5)]
    with (
        run_sandbox(api_key=KEY, faults=faults) as box,
        client_for(box) as client,
        Ledger(None) as book,
    ):
        result = sync(desired(rows), EVERY_FIELD, client, book, mirror())
        left = sync(desired(rows[:3]), EVERY_FIELD, client, book, mirror(delete_contacts=False))

        assert [g["name"] for g in box.store.get_groups()] == ["All", "CRM"]
        assert box.calls.count("addGroup") == 1
        assert result.drift is not None and result.drift.total == 0
        assert left.applied is not None and (left.applied.ok, left.applied.failed) == (2, 0)
        assert {p for p, (*_, groups) in state(box).items() if groups} == {
            r["phone"] for r in rows[:3]
        }


def test_a_write_that_did_not_land_is_sent_again_whole_after_the_read() -> None:
    """A gateway's 502 before Boolky saw the call: read, nothing landed, the batch again."""
    faults = Faults(gateway_error_rate=0.3, fault_seed=5)
    rows = [contact(n, groups=("CRM",)) for n in range(60)]
    with (
        run_sandbox(api_key=KEY, duplicate_policy="duplicate", faults=faults) as box,
        client_for(box) as client,
        Ledger(None) as book,
    ):
        result = sync(desired(rows), EVERY_FIELD, client, book, mirror(concurrency=1))

        gateway = [c for c in box.calls if c.fault == "gateway"]
        assert {c.endpoint for c in gateway} >= {"addContacts"}
        assert {c.size for c in box.calls if c.endpoint == "addContacts"} == {BATCH}  # unsplit
        # one read per unknown outcome, besides the plan's and the verify's
        assert box.calls.count("getContacts") == 2 + len(gateway)
        assert result.applied is not None and result.applied.failed == 0
        assert result.drift is not None and result.drift.total == 0
        assert set(copies(box).values()) == {1} and len(copies(box)) == 60


def test_a_batch_that_never_lands_is_booked_unknown_and_three_such_calls_stop_the_run() -> None:
    faults = Faults(gateway_error_rate=1.0, fault_endpoints=frozenset({"addContacts"}))
    rows = [contact(n) for n in range(30)]
    with (
        run_sandbox(api_key=KEY, faults=faults) as box,
        client_for(box) as client,
        Ledger(None) as book,
    ):
        options = SyncOptions(batch_size=BATCH, concurrency=1)
        plan = plan_sync(desired(rows), EVERY_FIELD, client, book, options)
        booked: list[Outcome] = []

        with pytest.raises(UnavailableError, match="3 calls in a row") as stopped:
            apply_plan(plan, client, book, record=booked.extend)

        assert stopped.value.exit_code == 5
        sizes = [c.size for c in box.calls if c.endpoint == "addContacts"]
        assert sizes == [BATCH] * FAILED_CALLS_IN_A_ROW  # the first batch, whole, three times
        assert box.calls.count("getContacts") == 1 + FAILED_CALLS_IN_A_ROW
        assert len(booked) == BATCH and not any(o.ok for o in booked)
        assert {o.message_key for o in booked} == {"OutcomeUnknownError"}
        assert all(
            (o.detail or "").startswith("outcome unknown: addContacts was sent") for o in booked
        )
        assert {e.state for e in book.entries()} == {"pending"}  # claims kept: may have landed

        box.faults = Faults()  # the gateway is mended: the next run makes each contact once
        again = sync(desired(rows), EVERY_FIELD, client, book, options)
        assert again.drift is not None and again.drift.total == 0
        assert set(copies(box).values()) == {1} and len(copies(box)) == 30


def test_what_landed_is_judged_from_the_ids_known_before_and_the_batch_groups() -> None:
    """Only what did not land is sent again: a new contact in the batch's groups landed, a
    known copy or one outside the groups did not, the own contact only with the new values."""
    p = [contact(n)["phone"] for n in range(6)]
    account = Account(
        contacts=[
            Contact(10, "Old copy", p[0], (0, 7)),  # known before (a plan duplicate)
            Contact(11, "Ann", p[1], (0, 7)),  # new, in the group: landed
            Contact(12, "Bob", p[2], (0,)),  # new, but not in the group: not this write
            Contact(13, "Carl Lee", p[3], (0, 7)),  # own id, new name: updated in place
            Contact(14, "Dora", p[4], (0, 7)),  # own id, old name: not landed
        ],
        groups=[Group(0, "All"), Group(7, "CRM")],
    )
    sent = [
        NewContact("Eve", p[0]),
        NewContact("Ann", p[1]),
        NewContact("Bob", p[2]),
        NewContact("Carl Lee", p[3]),
        NewContact("Dora Stone", p[4]),
        NewContact("Finn", p[5]),  # nowhere
    ]

    landed = landed_contacts(account, sent, [7], {p[0]: [10]}, {p[3]: 13, p[4]: 14})

    assert landed == {p[1]: 11, p[3]: 13}
