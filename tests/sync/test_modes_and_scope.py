"""DESIGN.md "Sync semantics" against the sandbox: modes, scope, the ledger, remote deletions,
and "only what the source says"."""

from __future__ import annotations

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.sandbox import Sandbox, run_sandbox
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Removal
from boolky_sync.sync.options import SyncOptions
from tests.sync.support import (
    KEY,
    MIRROR,
    by_hand,
    client_for,
    contact,
    copies,
    expected_state,
    ids_by_phone,
    phone,
    run,
    state,
)

# -- modes ---------------------------------------------------------------------------


def test_insert_only_creates_what_is_missing(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    by_hand(box, [contact(1, "Old Name", mail="old@example.org")])
    rows = [contact(1, "New Name", mail="new@example.org", groups=("CRM",)), contact(2, "Bea")]

    result = run(client, book, rows, SyncOptions(mode="insert"))

    assert [c.record.phone for c in result.plan.creates] == [phone(2)]
    assert (result.plan.updates, result.plan.unchanged) == ([], 1)
    assert state(box) == {
        phone(1): ("Old Name", None, "old@example.org", None, frozenset()),
        phone(2): ("Bea", None, None, None, frozenset()),
    }
    assert result.drift is not None and result.drift.total == 0


def test_upsert_creates_updates_and_adds_groups_and_removes_nothing(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    by_hand(box, [contact(1, "Old Name"), contact(3, "Carl")], groups=("CRM",))
    run(client, book, [contact(4, "Dora", groups=("CRM",))], SyncOptions())
    rows = [
        contact(1, "New Name", gender=2, groups=("CRM", "VIP")),
        contact(2, "Bea", groups=("CRM",)),
    ]

    result = run(client, book, rows, SyncOptions())

    assert [c.record.phone for c in result.plan.creates] == [phone(2)]
    (update,) = result.plan.updates
    assert update.changes == {"name": ("Old Name", "New Name"), "gender": (None, 2)}
    assert update.add_groups == ("VIP",)
    assert result.plan.create_groups == ["VIP"]
    assert (result.plan.removals, result.plan.deletes) == ([], [])
    assert state(box) == {
        phone(1): ("New Name", 2, None, None, frozenset({"CRM", "VIP"})),
        phone(2): ("Bea", None, None, None, frozenset({"CRM"})),
        phone(3): ("Carl", None, None, None, frozenset({"CRM"})),  # by hand, not in the source
        phone(4): ("Dora", None, None, None, frozenset({"CRM"})),  # the ledger's, not in the source
    }


# -- mirror, ledger scope ------------------------------------------------------------

FIRST = [
    contact(1, "Ann", groups=("CRM",)),
    contact(2, "Bob", groups=("CRM", "Staff")),  # also in an unmanaged group
    contact(3, "Dan", groups=("CRM",)),
    contact(4, "Eve", groups=("CRM",)),
    contact(5, "Fay", groups=("CRM",)),
    contact(6, "Kim", groups=("CRM",)),
]
SECOND = [
    contact(3, "Dan"),  # still in the source, no longer in CRM
    contact(6, "Kim", groups=("CRM",)),
]
"""Ann, Bob, Eve and Fay leave the source; Dan leaves CRM only."""


def seeded_mirror(box: Sandbox, client: BoolkyClient, ledger: Ledger) -> None:
    """A pipeline that mirrored FIRST, beside contacts made by hand, Eve put in Events by hand."""
    by_hand(box, [contact(90, "Hand In CRM")], groups=("CRM",))
    by_hand(box, [contact(91, "Hand Alone")])
    run(client, ledger, FIRST, MIRROR)
    by_hand(box, [contact(4, "Eve")], groups=("Events",))  # the sandbox upserts: Eve joins Events


def test_mirror_removes_its_own_contacts_from_the_managed_groups(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    seeded_mirror(box, client, book)

    result = run(client, book, SECOND, MIRROR)

    ids = ids_by_phone(box)
    assert result.plan.deletes == []
    assert sorted(result.plan.removals, key=lambda r: r.phone) == [
        Removal(ids[phone(n)], phone(n), name, "CRM")
        for n, name in [(1, "Ann"), (2, "Bob"), (3, "Dan"), (4, "Eve"), (5, "Fay")]
    ]
    assert state(box) == {
        phone(1): ("Ann", None, None, None, frozenset()),
        phone(2): ("Bob", None, None, None, frozenset({"Staff"})),
        phone(3): ("Dan", None, None, None, frozenset()),
        phone(4): ("Eve", None, None, None, frozenset({"Events"})),
        phone(5): ("Fay", None, None, None, frozenset()),
        phone(6): ("Kim", None, None, None, frozenset({"CRM"})),
        phone(90): ("Hand In CRM", None, None, None, frozenset({"CRM"})),  # not the pipeline's
        phone(91): ("Hand Alone", None, None, None, frozenset()),
    }
    assert result.drift is not None and result.drift.total == 0
    assert run(client, book, SECOND, MIRROR).plan.is_empty


def test_delete_contacts_deletes_only_a_contact_no_other_group_holds(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    seeded_mirror(box, client, book)
    options = SyncOptions(
        mode="mirror", managed_groups=("CRM",), delete_contacts=True, allow_mass_delete=True
    )

    result = run(client, book, SECOND, options)

    assert sorted(d.phone for d in result.plan.deletes) == [phone(1), phone(5)]
    assert sorted((r.phone, r.group) for r in result.plan.removals) == [
        (phone(2), "CRM"),  # Bob is also in Staff: removed from CRM only, not deleted
        (phone(3), "CRM"),  # Dan stays in the source: leaves CRM, never deleted
        (phone(4), "CRM"),  # Eve was put in Events by hand: not deleted either
    ]
    after = state(box)
    assert phone(1) not in after and phone(5) not in after
    assert after[phone(2)][4] == {"Staff"}
    assert after[phone(4)][4] == {"Events"}
    assert after[phone(90)][4] == {"CRM"} and phone(91) in after
    assert book.get(phone(1)) is None and book.get(phone(2)) is not None
    assert run(client, book, SECOND, options).plan.is_empty


def test_a_lost_ledger_makes_the_next_mirror_delete_nothing_and_say_so(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    seeded_mirror(box, client, book)
    before = state(box)
    options = SyncOptions(
        mode="mirror", managed_groups=("CRM",), delete_contacts=True, allow_mass_delete=True
    )

    with Ledger(None) as fresh:
        result = run(client, fresh, SECOND, options)

    assert (result.plan.removals, result.plan.deletes, result.plan.in_scope) == ([], [], 0)
    assert any("ledger is empty" in note for note in result.plan.notes)
    assert state(box) == before


def test_a_source_without_groups_never_removes_memberships(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    run(client, book, FIRST, MIRROR)
    rows = [{**row, "groups": ()} for row in FIRST]

    result = run(client, book, rows, MIRROR, carried=frozenset({"name"}))

    assert result.plan.is_empty
    assert state(box) == expected_state(FIRST)


# -- mirror, account scope -------------------------------------------------------------


def test_an_account_wide_mirror_deletes_every_contact_missing_from_the_source() -> None:
    with (
        run_sandbox(api_key=KEY, duplicate_policy="duplicate") as box,
        client_for(box) as client,
        Ledger(None) as book,
    ):
        by_hand(box, [contact(1, "Ann"), contact(90, "Hand"), contact(91, "Other")], ["CRM"])
        by_hand(box, [contact(90, "Hand, second copy")])
        by_hand(box, [contact("n/a 12", "Unreadable phone")])
        rows = [contact(1, "Ann", groups=("CRM",)), contact(2, "Bea", groups=("CRM",))]
        options = SyncOptions(mode="mirror", scope="account", allow_mass_delete=True)

        result = run(client, book, rows, options)

        assert sorted(d.phone for d in result.plan.deletes) == sorted(
            [phone(90), phone(90), phone(91), "n/a 12"]
        )
        assert result.plan.in_scope == 5
        assert state(box) == expected_state(rows)
        assert set(copies(box).values()) == {1}
        assert run(client, book, rows, options).plan.is_empty


def test_the_default_scope_is_the_ledger() -> None:
    assert SyncOptions(mode="mirror").scope == "ledger"


# -- deleted on Boolky since the last run ------------------------------------------------


@pytest.mark.parametrize("remote_deletions", ["respect", "restore"])
def test_a_ledger_contact_deleted_on_boolky(
    box: Sandbox, client: BoolkyClient, book: Ledger, remote_deletions: str
) -> None:
    rows = [contact(1, "Ann", groups=("CRM",)), contact(2, "Bob", groups=("CRM",))]
    run(client, book, rows, SyncOptions())
    client.delete_contacts([ids_by_phone(box)[phone(1)]], permanent=True)  # by staff
    options = SyncOptions(remote_deletions=remote_deletions)  # type: ignore[arg-type]

    result = run(client, book, rows, options)

    if remote_deletions == "respect":
        assert result.plan.creates == []
        assert result.plan.respected_deletions == [phone(1)]
        assert any("left deleted" in note for note in result.plan.notes)
        assert set(state(box)) == {phone(2)}
        assert result.drift is not None and result.drift.total == 0
        again = run(client, book, rows, options)
        assert again.plan.is_empty and again.plan.respected_deletions == [phone(1)]
    else:
        (create,) = result.plan.creates
        assert (create.record.phone, create.groups, create.restore) == (phone(1), ("CRM",), True)
        assert result.plan.respected_deletions == []
        assert state(box) == expected_state(rows)
        assert run(client, book, rows, options).plan.is_empty


# -- only what the source says ---------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["readd", "replace"])
def test_a_field_the_source_does_not_carry_is_never_blanked(
    box: Sandbox, client: BoolkyClient, book: Ledger, strategy: str
) -> None:
    ann = contact(1, "Ann", gender=2, mail="ann@example.org", birthday="13-04-1993")
    by_hand(box, [ann], groups=("Staff",))
    rows = [contact(1, "Ann Lee", groups=("CRM",))]  # the source has no gender/mail/birthday
    options = SyncOptions(update_strategy=strategy)  # type: ignore[arg-type]

    result = run(client, book, rows, options, carried=frozenset({"name", "groups"}))

    (update,) = result.plan.updates
    assert update.changes == {"name": ("Ann", "Ann Lee")}
    assert state(box) == {
        phone(1): ("Ann Lee", 2, "ann@example.org", "13-04-1993", frozenset({"Staff", "CRM"}))
    }
    assert result.drift is not None and result.drift.total == 0


def test_an_empty_cell_keeps_the_remote_value(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    by_hand(box, [contact(1, "Ann", gender=2, mail="ann@example.org")])

    result = run(client, book, [contact(1, "Ann")], SyncOptions(update_strategy="replace"))

    assert (result.plan.updates, result.plan.unchanged) == ([], 1)
    assert state(box)[phone(1)] == ("Ann", 2, "ann@example.org", None, frozenset())
