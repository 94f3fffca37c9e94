"""A Boolky that fails writes, and a stop asked between batches, as apply meets them.

A batch Boolky fails (500 after its retries) is not split and is booked failed whole;
three such calls in a row end apply with an ``UnavailableError`` (exit 5). A stop
request lets no new batch start. The sandbox is reached over HTTP; its call log
counts what was really sent.
"""

from __future__ import annotations

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.errors import EXIT_UNAVAILABLE, Terminated, UnavailableError
from boolky_sync.sandbox import Sandbox
from boolky_sync.stop import StopRequest
from boolky_sync.sync.apply import FAILED_CALLS_IN_A_ROW, apply_plan
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.run import plan_sync
from tests.sync.support import EVERY_FIELD, contact, desired, sync

ATTEMPTS = 4
"""``client_for``'s attempts per call."""


def plan_of(count: int, client: BoolkyClient, book: Ledger, concurrency: int = 1) -> Plan:
    """A plan creating ``count`` contacts in batches of 10."""
    rows = [contact(n) for n in range(count)]
    options = SyncOptions(batch_size=10, concurrency=concurrency)
    return plan_sync(desired(rows), EVERY_FIELD, client, book, options)


@pytest.mark.parametrize("concurrency", [1, 2])
def test_a_boolky_failing_every_write_is_not_split_and_stops_after_three_calls(
    box: Sandbox, client: BoolkyClient, book: Ledger, concurrency: int
) -> None:
    plan = plan_of(100, client, book, concurrency)
    box.faults.fail_writes = True
    booked: list[Outcome] = []

    with pytest.raises(UnavailableError) as stopped:
        apply_plan(plan, client, book, record=booked.extend)

    assert stopped.value.exit_code == EXIT_UNAVAILABLE
    sizes = [c.size for c in box.calls if c.endpoint == "addContacts"]
    assert str(stopped.value).startswith(
        f"Boolky failed {len(sizes) // ATTEMPTS} calls in a row: stopping; "
        "100 of 100 writes were not made (last: Boolky failed on addContacts (HTTP 500"
    )
    assert set(sizes) == {10}  # never split
    # the calls in flight when the third failed also finish: one per extra worker
    failed_calls = FAILED_CALLS_IN_A_ROW + concurrency - 1
    assert FAILED_CALLS_IN_A_ROW * ATTEMPTS <= len(sizes) <= failed_calls * ATTEMPTS
    assert {o.ok for o in booked} == {False}
    assert {o.message_key for o in booked} == {"internalError"}
    assert len(booked) == 10 * len(sizes) // ATTEMPTS  # every contact of a failed batch
    assert box.store.get_contacts()["contacts"] == []

    # Boolky back: the next run writes everything once.
    box.faults.fail_writes = False
    rows = desired([contact(n) for n in range(100)])
    result = sync(rows, EVERY_FIELD, client, book, SyncOptions(batch_size=10))
    assert result.drift is not None and result.drift.total == 0
    assert len(box.store.get_contacts()["contacts"]) == 100


def test_a_failed_batch_between_good_ones_is_booked_and_apply_goes_on(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    """A failed call is not a failed record: its batch fails whole, the others land."""
    plan = plan_of(30, client, book)
    box.calls.reset()
    box.faults.fail_calls = set(range(2, 2 + ATTEMPTS))  # the second batch, every attempt

    result = apply_plan(plan, client, book)

    assert result.ok == 20 and result.failed == 10
    assert [c.size for c in box.calls if c.endpoint == "addContacts"] == [10] * (2 + ATTEMPTS)
    assert {o.message_key for o in result.outcomes if not o.ok} == {"internalError"}
    assert all(o.detail and "HTTP 500" in o.detail for o in result.outcomes if not o.ok)


def test_a_refused_batch_is_still_split_and_counts_as_answered(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    rows = [contact(n) for n in range(8)]
    rows[5] = {**rows[5], "name": "N" * 51}  # Boolky refuses names over 50 characters
    plan = plan_sync(desired(rows), EVERY_FIELD, client, book, SyncOptions(batch_size=8))
    result = apply_plan(plan, client, book)
    assert result.ok == 7
    assert [o.message_key for o in result.outcomes if not o.ok] == ["invalidName"]
    assert box.calls.count("addContacts") > FAILED_CALLS_IN_A_ROW  # split, never stopped


@pytest.mark.parametrize("concurrency", [1, 2])
def test_a_stop_asked_during_a_batch_starts_no_new_one(
    box: Sandbox, client: BoolkyClient, book: Ledger, concurrency: int
) -> None:
    plan = plan_of(100, client, book, concurrency)
    stop = StopRequest()
    booked: list[Outcome] = []

    def record(outcomes: list[Outcome]) -> None:
        booked.extend(outcomes)
        stop.set(Terminated)  # as SIGTERM would, once the first batch is booked

    with pytest.raises(Terminated):
        apply_plan(plan, client, book, record=record, stop=stop)

    adds = box.calls.count("addContacts")
    assert 1 <= adds <= concurrency  # the batch booked, and the one in flight beside it
    assert len(box.store.get_contacts()["contacts"]) == 10 * adds == len(booked)
    assert set(book.frame()["state"]) == {"ok"}  # the ledger holds what landed


def test_a_server_error_in_a_replace_leaves_the_ledger_claims_for_the_next_run(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    """The failed delete may have landed: the contacts stay claimed, and the next run
    (Boolky back) ends where a run without the fault would."""
    options = SyncOptions(update_strategy="replace", batch_size=10)
    rows = [contact(n) for n in range(10)]
    sync(desired(rows), EVERY_FIELD, client, book, options)
    renamed = [{**r, "name": f"Renamed {n}"} for n, r in enumerate(rows)]
    plan = plan_sync(desired(renamed), EVERY_FIELD, client, book, options)
    box.faults.fail_writes = True
    result = apply_plan(plan, client, book)
    assert result.failed == 10
    assert set(book.frame()["state"]) == {"replacing"}

    box.faults.fail_writes = False
    again = sync(desired(renamed), EVERY_FIELD, client, book, options)
    assert again.drift is not None and again.drift.total == 0
    names = sorted(c["name"] for c in box.store.get_contacts()["contacts"])
    assert names == sorted(r["name"] for r in renamed)
