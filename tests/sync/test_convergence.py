"""Convergence: a second run plans nothing and writes nothing; faults, refusals and the number
of calls in flight change how a run gets there, never where it ends."""

from __future__ import annotations

from typing import Any

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.extract import extract
from boolky_sync.normalize import NormalizeOptions, normalize
from boolky_sync.sandbox import Faults, Sandbox, run_sandbox
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from tests.conftest import SAMPLE_DATA
from tests.sync.support import (
    EVERY_FIELD,
    KEY,
    State,
    client_for,
    contact,
    copies,
    desired,
    expected_state,
    phone,
    state,
    sync,
)


def test_a_second_run_plans_nothing_and_sends_no_write(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    source = extract(SAMPLE_DATA / "google_contacts.csv")
    found = normalize(
        source.table, source.mapping, NormalizeOptions(default_region="DE", static_groups=("CRM",))
    )
    options = SyncOptions(mode="mirror", managed_groups=("CRM",))

    first = sync(found.contacts, found.carried, client, book, options)
    assert first.applied is not None and first.drift is not None
    assert len(first.plan.creates) == len(found.contacts) > 20
    assert (first.applied.failed, first.drift.total) == (0, 0)
    box.calls.reset()

    second = sync(found.contacts, found.carried, client, book, options)

    assert second.plan.is_empty
    assert second.plan.counts() == {
        "create": 0,
        "update": 0,
        "remove": 0,
        "delete": 0,
        "move": 0,
        "create_groups": 0,
        "unchanged": len(found.contacts),
    }
    assert box.calls.summary()["by_endpoint"] == {"getContacts": 2}  # plan and verify


# -- a workload with every kind of change ----------------------------------------------------

SETS = [("CRM",), ("CRM", "VIP"), ("CRM", "Staff"), ()]


def first_rows(count: int) -> list[dict[str, Any]]:
    return [contact(n, f"Person {n}", groups=SETS[n % 4]) for n in range(count)]


def second_rows(count: int) -> list[dict[str, Any]]:
    """Every 10th renamed, every 7th also in VIP, every 13th gone, and some newcomers."""
    rows = []
    for row in first_rows(count):
        n = int(row["phone"][-8:])
        if n % 13 == 0:
            continue
        if n % 10 == 0:
            row = {**row, "name": f"Renamed {n}"}
        if n % 7 == 0:
            row = {**row, "groups": tuple(sorted({*row["groups"], "VIP"}))}
        rows.append(row)
    return rows + [contact(n, groups=("CRM", "New")) for n in range(count, count + 25)]


def left_state(count: int) -> State:
    """The mirror of second_rows: the contacts that left are out of CRM, nothing else."""
    want = expected_state(second_rows(count))
    for row in first_rows(count):
        if int(row["phone"][-8:]) % 13 == 0:
            want[row["phone"]] = (row["name"], None, None, None, frozenset(row["groups"]) - {"CRM"})
    return want


def two_runs(box: Sandbox, client: BoolkyClient, ledger: Ledger, options: SyncOptions) -> State:
    for rows in (first_rows(300), second_rows(300)):
        result = sync(desired(rows), EVERY_FIELD, client, ledger, options)
        assert result.applied is not None and result.drift is not None
        assert result.applied.failed == 0, [o for o in result.applied.outcomes if not o.ok]
        assert result.drift.total == 0
    assert set(copies(box).values()) == {1}
    assert sync(desired(second_rows(300)), EVERY_FIELD, client, ledger, options).plan.is_empty
    return state(box)


def mirror(**options: Any) -> SyncOptions:
    return SyncOptions(
        **{"mode": "mirror", "managed_groups": ("CRM",), "allow_mass_delete": True, **options}
    )


@pytest.mark.parametrize("strategy", ["readd", "replace"])
def test_faults_on_every_call_change_nothing_in_the_end(strategy: str) -> None:
    """10% of calls answered 500 and 5% 429, seeded; a sandbox that creates a duplicate for
    a phone sent twice, so a write that landed twice would show."""
    faults = Faults(error_rate=0.10, rate_limit_rate=0.05, seed=2024)
    with (
        run_sandbox(api_key=KEY, duplicate_policy="duplicate", faults=faults) as box,
        client_for(box, attempts=12) as client,
        Ledger(None) as book,
    ):
        reached = two_runs(box, client, book, mirror(update_strategy=strategy, batch_size=5))

        summary = box.calls.summary()
        assert summary["faults"]["500"] >= 5 and summary["faults"]["429"] >= 3, summary
        assert reached == left_state(300)


def test_a_contact_boolky_refuses_is_isolated_and_its_batch_mates_land(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    rows = [contact(n, groups=("CRM",)) for n in range(10)]
    rows[3] = {**rows[3], "name": "N" * 51}  # Boolky names have 1 to 50 characters
    rows[7] = {**rows[7], "birthday": "31-02-1990"}  # no such day

    result = sync(desired(rows), EVERY_FIELD, client, book, SyncOptions(batch_size=10))

    assert result.applied is not None and result.drift is not None
    failed = {o.phone: o.message_key for o in result.applied.outcomes if not o.ok}
    assert failed == {phone(3): "invalidName", phone(7): "invalidBirthday"}
    details = [o.detail for o in result.applied.outcomes if not o.ok]
    assert all(d and "invalid" in d for d in details)
    assert result.applied.ok == 8
    assert state(box) == expected_state(rows[:3] + rows[4:7] + rows[8:])
    assert result.drift.missing == [phone(3), phone(7)]
    assert result.drift.explanations
    refused = box.calls.count("addContacts", status=400)
    assert box.calls.count("addContacts", status=200) + refused <= 2 * 10 - 1
    assert refused >= 2
    assert book.get(phone(3)) is None and book.get(phone(7)) is None  # never this pipeline's
    assert len(book) == 8


def test_one_and_four_calls_in_flight_reach_the_same_state() -> None:
    reached = []
    for concurrency in (1, 4):
        with (
            run_sandbox(api_key=KEY, faults=Faults(latency=0.002)) as box,
            client_for(box) as client,
            Ledger(None) as book,
        ):
            reached.append(
                two_runs(box, client, book, mirror(concurrency=concurrency, batch_size=20))
            )
    assert reached[0] == reached[1] == left_state(300)
