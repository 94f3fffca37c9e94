"""What staff set on the pipeline's contacts -- a birthday, a gender, an "Opt-in" membership the
source knows nothing of -- survives every update: under each of Boolky's readings of a phone
sent twice, under both strategies, and when a replace's re-add does not land (refused, failed,
failed again on the put-back): after the next run at the latest, nothing staff set is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from boolky_sync.api import NewContact
from boolky_sync.sandbox import DUPLICATE_POLICIES, Faults, Sandbox, run_sandbox
from boolky_sync.sync.journal import Holding, Journal
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from tests.sync.support import KEY, client_for, contact, copies, desired, phone, state, sync

COUNT = 40
CARRIED = frozenset({"name", "groups"})
"""The source has no birthday or gender column: those are staff's."""
BIRTHDAY, GENDER = "13-04-1993", 2


def rows(renamed: bool = False) -> list[dict[str, object]]:
    return [
        contact(n, f"{'Renamed' if renamed else 'Person'} {n}", groups=("CRM",))
        for n in range(COUNT)
    ]


def staff_edits(box: Sandbox) -> None:
    """Staff give every contact a birthday and a gender and put it in "Opt-in", editing the
    contacts in place as the dashboard does (through the API, Boolky updating in place)."""
    policy = box.store.duplicate_policy
    box.store.duplicate_policy = "upsert"
    try:
        with client_for(box) as client:
            opt_in = client.add_group("Opt-in").id
            edited = [NewContact(f"Person {n}", phone(n), BIRTHDAY, GENDER) for n in range(COUNT)]
            client.add_contacts(edited, [opt_in])
    finally:
        box.store.duplicate_policy = policy


def assert_staff_kept(box: Sandbox, renamed: bool) -> None:
    assert set(copies(box).values()) == {1} and len(copies(box)) == COUNT
    want = {
        phone(n): (f"{'Renamed' if renamed else 'Person'} {n}", GENDER, None, BIRTHDAY)
        for n in range(COUNT)
    }
    held = state(box)
    assert {p: s[:4] for p, s in held.items()} == want
    assert {s[4] for s in held.values()} == {frozenset({"CRM", "Opt-in"})}


@pytest.fixture
def holding(tmp_path: Path) -> Iterator[Holding]:
    with Journal(tmp_path / "journal.sqlite") as journal:
        yield Holding(journal, journal.start_run("test", dry_run=False, options={}), "box")


def next_run(holding: Holding) -> Holding:
    journal = holding.journal
    return Holding(journal, journal.start_run("test", dry_run=False, options={}), holding.target)


@pytest.mark.parametrize("strategy", ["readd", "replace"])
@pytest.mark.parametrize("policy", DUPLICATE_POLICIES)
def test_an_update_round_keeps_what_staff_set(policy: str, strategy: str, holding: Holding) -> None:
    options = SyncOptions(update_strategy=strategy)  # type: ignore[arg-type]
    with (
        run_sandbox(api_key=KEY, duplicate_policy=policy) as box,  # type: ignore[arg-type]
        client_for(box) as client,
        Ledger(None) as book,
    ):
        sync(desired(rows()), CARRIED, client, book, options, holding)
        staff_edits(box)

        result = sync(desired(rows(renamed=True)), CARRIED, client, book, options, holding)

        assert result.applied is not None and result.drift is not None
        assert len(result.plan.updates) == COUNT
        sendable = (policy, strategy) != ("reject", "readd")  # the API cannot express it
        assert_staff_kept(box, renamed=sendable)
        assert (result.applied.failed, result.drift.total == 0) == (
            (0, True) if sendable else (COUNT, False)
        )
        assert holding.records() == []


def test_a_replace_whose_re_add_is_refused_puts_back_what_staff_set(holding: Holding) -> None:
    """Boolky refuses a second copy, so the contacts are deleted first; the re-add of one is
    refused (a name too long): it is put back, birthday, gender and "Opt-in" included."""
    options = SyncOptions(update_strategy="replace")
    with (
        run_sandbox(api_key=KEY, duplicate_policy="reject") as box,
        client_for(box) as client,
        Ledger(None) as book,
    ):
        sync(desired(rows()), CARRIED, client, book, options, holding)
        staff_edits(box)
        refused = [*rows(renamed=True)[:-1], contact(COUNT - 1, "A" * 51, groups=("CRM",))]

        result = sync(desired(refused), CARRIED, client, book, options, holding)

        assert result.applied is not None
        failed = {o.phone: o.message_key for o in result.applied.outcomes if not o.ok}
        assert failed == {phone(COUNT - 1): "invalidName"}
        held = state(box)
        assert held[phone(COUNT - 1)] == (
            f"Person {COUNT - 1}",
            GENDER,
            None,
            BIRTHDAY,
            frozenset({"CRM", "Opt-in"}),
        )
        assert holding.records() == []

        again = sync(desired(rows(renamed=True)), CARRIED, client, book, options, holding)
        assert again.drift is not None and again.drift.total == 0
        assert_staff_kept(box, renamed=True)


@pytest.mark.parametrize("put_back_fails", [False, True])
def test_a_replace_whose_re_add_fails_loses_nothing_by_the_next_run(
    holding: Holding, put_back_fails: bool
) -> None:
    """The re-add after the delete is answered 500 (and, with ``put_back_fails``, so is the
    put-back): the records held in the journal bring every contact back, in this run or at
    the start of the next, and the next run ends with the update done and drift 0."""
    options = SyncOptions(update_strategy="replace")
    with (
        run_sandbox(api_key=KEY, duplicate_policy="reject", faults=Faults()) as box,
        client_for(box) as setup,
        Ledger(None) as book,
    ):
        sync(desired(rows()), CARRIED, setup, book, options, holding)
        staff_edits(box)
        box.calls.reset()
        # 1 getContacts (plan) · 2 addContacts, refused: Boolky makes no second copy ·
        # 3 deleteContacts · 4 the re-add · 5 getContacts (what landed?) · 6 the put-back
        box.faults.fail_calls = {4, 6} if put_back_fails else {4}
        with client_for(box, attempts=1) as client:
            result = sync(desired(rows(renamed=True)), CARRIED, client, book, options, holding)

        calls = [(c.endpoint, c.status) for c in box.calls][:6]
        assert calls[:4] == [
            ("getContacts", 200),
            ("addContacts", 400),
            ("deleteContacts", 200),
            ("addContacts", 500),
        ]
        assert calls[5] == ("addContacts", 500 if put_back_fails else 200)
        assert result.applied is not None and result.applied.failed == COUNT
        if put_back_fails:  # gone from Boolky, but not from the journal
            assert len(copies(box)) == 0
            assert {h.phone for h in holding.records()} == {phone(n) for n in range(COUNT)}
            (kept,) = [h for h in holding.records() if h.phone == phone(0)]
            assert (kept.record.birthday, kept.record.gender) == (BIRTHDAY, GENDER)
        else:
            assert_staff_kept(box, renamed=False)
            assert holding.records() == []

        box.faults.fail_calls = set()
        later = next_run(holding)
        again = sync(desired(rows(renamed=True)), CARRIED, setup, book, options, later)
        assert again.applied is not None and again.applied.failed == 0
        assert again.drift is not None and again.drift.total == 0
        assert_staff_kept(box, renamed=True)
        assert later.records() == []
        assert set(book.frame()["state"]) == {"ok"}
