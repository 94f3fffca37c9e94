"""The guards: a mirror that would remove too much, a mirror of an empty source, and a
getContacts answer cut short -- each stops before any write, with the counts, exit code 4."""

from __future__ import annotations

from typing import Any

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.errors import EXIT_SAFETY, SafetyError
from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.run import plan_sync
from tests.sync.support import (
    EVERY_FIELD,
    by_hand,
    contact,
    desired,
    expected_state,
    phone,
    state,
    sync,
    write_calls,
)

TWENTY = [contact(n, groups=("CRM",)) for n in range(20)]
MIRROR = SyncOptions(mode="mirror", managed_groups=("CRM",))


@pytest.fixture
def mirrored(box: Sandbox, client: BoolkyClient, book: Ledger) -> Sandbox:
    """Twenty contacts this pipeline mirrored into CRM; the call log starts afresh."""
    sync(desired(TWENTY), EVERY_FIELD, client, book, MIRROR)
    box.calls.reset()
    return box


def mirror(
    client: BoolkyClient, book: Ledger, rows: list[dict[str, Any]], **options: Any
) -> list[str]:
    """Run a mirror; the phones that left CRM."""
    result = sync(
        desired(rows),
        EVERY_FIELD,
        client,
        book,
        SyncOptions(**{"mode": "mirror", "managed_groups": ("CRM",), **options}),
    )
    assert result.drift is not None and result.drift.total == 0
    return sorted(r.phone for r in result.plan.removals)


def test_the_guard_lets_a_mirror_remove_up_to_the_threshold(
    mirrored: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    assert mirror(client, book, TWENTY[2:]) == [phone(0), phone(1)]  # 2 of 20 = 10%


def test_the_guard_stops_a_mirror_above_the_threshold_with_the_counts(
    mirrored: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    with pytest.raises(SafetyError) as stopped:
        sync(desired(TWENTY[3:]), EVERY_FIELD, client, book, MIRROR)

    message = str(stopped.value)
    assert "3 of 20 contacts in scope" in message
    assert "0 deletions, 3 group removals" in message and "10%" in message
    assert "--allow-mass-delete" in message
    assert stopped.value.exit_code == EXIT_SAFETY
    assert write_calls(mirrored) == {}
    assert state(mirrored) == expected_state(TWENTY)


def test_the_guard_counts_deletions_too(
    mirrored: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    options = SyncOptions(mode="mirror", managed_groups=("CRM",), delete_contacts=True)
    with pytest.raises(SafetyError, match=r"3 of 20 contacts in scope \(3 deletions, 0 group"):
        sync(desired(TWENTY[3:]), EVERY_FIELD, client, book, options)


def test_the_guard_measures_against_the_ledger_contacts_only(
    mirrored: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    """Contacts made by hand are not in scope, so they do not dilute the fraction."""
    by_hand(mirrored, [contact(n) for n in range(100, 200)], groups=("CRM",))
    with pytest.raises(SafetyError, match="3 of 20 contacts"):
        sync(desired(TWENTY[3:]), EVERY_FIELD, client, book, MIRROR)


def test_allowed_explicitly_a_mass_removal_proceeds(
    mirrored: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    left = mirror(client, book, TWENTY[3:], allow_mass_delete=True)

    assert left == [phone(0), phone(1), phone(2)]
    assert all(state(mirrored)[phone(n)][4] == set() for n in range(3))


@pytest.mark.parametrize("ledger_knows", [True, False])
def test_a_mirror_of_an_empty_source_always_stops(
    box: Sandbox, client: BoolkyClient, book: Ledger, ledger_knows: bool
) -> None:
    if ledger_knows:
        sync(desired(TWENTY), EVERY_FIELD, client, book, MIRROR)
    box.calls.reset()
    before = state(box)
    for fraction in (0.1, 1.0):  # no threshold makes it pass
        options = SyncOptions(mode="mirror", managed_groups=("CRM",), max_delete_fraction=fraction)
        with pytest.raises(SafetyError, match="no valid contact") as stopped:
            sync(desired([]), EVERY_FIELD, client, book, options)
        assert stopped.value.exit_code == EXIT_SAFETY
    assert write_calls(box) == {}
    assert state(box) == before


def test_an_empty_source_allowed_explicitly_empties_the_managed_group(
    mirrored: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    assert mirror(client, book, [], allow_mass_delete=True) == sorted(phone(n) for n in range(20))
    assert all(groups == set() for *_, groups in state(mirrored).values())


def test_an_empty_source_does_not_stop_an_upsert(box: Sandbox, client: BoolkyClient) -> None:
    with Ledger(None) as book:
        result = sync(desired([]), EVERY_FIELD, client, book, SyncOptions())
    assert result.plan.is_empty


# -- a getContacts answer cut short ---------------------------------------------------------

HAND = [contact(n, "Made by hand") for n in range(1000, 1100)]
OURS = [contact(n, groups=("CRM",)) for n in range(20)]


def test_planning_refuses_a_truncated_answer(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    by_hand(box, HAND)
    sync(desired(OURS), EVERY_FIELD, client, book, MIRROR)  # the ledger knows ids above 1099
    box.faults.max_page = 100
    box.calls.reset()

    for rows in (OURS, OURS[:10]):
        with pytest.raises(SafetyError, match="truncated") as stopped:
            sync(desired(rows), EVERY_FIELD, client, book, MIRROR)
        assert "exactly 100 contacts" in str(stopped.value)
        assert "20 contacts known to exist" in str(stopped.value)
        assert stopped.value.exit_code == EXIT_SAFETY
    assert write_calls(box) == {}

    box.faults.max_page = None
    assert plan_sync(desired(OURS), EVERY_FIELD, client, book, MIRROR).is_empty


def test_verify_after_an_apply_detects_a_truncated_answer(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    by_hand(box, HAND)
    box.faults.max_page = 100  # the ledger is empty: planning cannot tell yet
    box.calls.reset()

    with pytest.raises(SafetyError, match="truncated"):
        sync(desired(OURS), EVERY_FIELD, client, book, SyncOptions())

    assert box.calls.count("addContacts", status=200) == 1  # the creates were applied...
    assert len(book) == 20  # ...and the ledger knows them, which is how verify could tell
