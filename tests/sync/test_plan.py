"""make_plan as the pure function it is: Account and ledger built by hand, no sandbox."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from boolky_sync.api import Account, Contact, Group
from boolky_sync.errors import SafetyError
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import check_guard, make_plan
from tests.sync.support import EVERY_FIELD, contact, desired, phone

ALL, CRM, STAFF = Group(0, "All"), Group(11, "CRM"), Group(12, "Staff")


def account(*contacts: Contact, groups: tuple[Group, ...] = (ALL, CRM, STAFF)) -> Account:
    return Account(contacts=list(contacts), groups=list(groups))


def ledger(
    *rows: tuple[str, int, tuple[str, ...]], state: str = "ok", names: tuple[str | None, ...] = ()
) -> pd.DataFrame:
    """A ledger frame (``Ledger.frame``'s columns the plan reads), every entry in ``state``."""
    return pd.DataFrame(
        {
            "phone": pd.Series([r[0] for r in rows], dtype=object),
            "contact_id": pd.array([r[1] for r in rows], dtype="Int64"),
            "name": pd.Series(list(names) or [None] * len(rows), dtype=object),
            "groups": pd.Series([r[2] for r in rows], dtype=object),
            "state": pd.Series([state] * len(rows), dtype=object),
        }
    )


NO_LEDGER = ledger()


def plan(
    rows: list[dict[str, Any]],
    remote: Account,
    options: SyncOptions | None = None,
    *,
    known: pd.DataFrame = NO_LEDGER,
    carried: frozenset[str] = EVERY_FIELD,
) -> Plan:
    return make_plan(desired(rows), carried, remote, known, options or SyncOptions())


def test_remote_phones_are_read_like_the_source_before_comparing() -> None:
    remote = account(
        Contact(1, "Ann", "49 151 00000001", (0,)),
        Contact(2, "Bob", "0049 151 0000-0002", (0,)),
        Contact(3, "Cy", "+49 (0)151 00000003", (0,)),
    )
    made = plan([contact(n, name) for n, name in [(1, "Ann"), (2, "Bob"), (3, "Cy")]], remote)
    assert (made.creates, made.updates, made.unchanged) == ([], [], 3)


def test_remote_duplicates_are_reported_and_the_oldest_is_compared() -> None:
    remote = account(
        Contact(7, "Ann Copy", "+4915100000001", (0,)),
        Contact(5, "Ann", "49 151 00000001", (0,)),
    )
    made = plan([contact(1, "Ann")], remote)
    assert made.remote_duplicates == {phone(1): [5, 7]}
    assert made.unchanged == 1 and made.updates == []
    assert any("several contacts" in note for note in made.notes)


def test_groups_match_boolkys_whatever_their_case_and_all_is_never_made() -> None:
    remote = account(groups=(Group(11, "crm"),))  # getContacts did not list "All"
    made = plan([contact(1, groups=("CRM", "all")), contact(2, groups=("New",))], remote)
    assert made.create_groups == ["New"]
    assert [c.groups for c in made.creates] == [("All", "crm"), ("New",)]
    assert made.group_ids == {"All": 0, "crm": 11}


def test_an_update_names_only_the_carried_fields_that_differ() -> None:
    remote = account(Contact(5, "Ann", phone(1), (0, 12), gender=2, mail="a@example.org"))
    rows = [contact(1, "Ann Lee", mail="ann@example.org", groups=("CRM",))]

    (update,) = plan(rows, remote, carried=frozenset({"name", "groups"})).updates

    assert update.changes == {"name": ("Ann", "Ann Lee")}  # mail is not carried
    assert update.record.mail == "a@example.org" and update.record.gender == 2
    assert (update.add_groups, update.groups, update.source_groups) == (
        ("CRM",),
        ("CRM", "Staff"),
        ("CRM",),
    )


@pytest.mark.parametrize("empty_clears", [False, True])
def test_an_empty_cell_is_unknown_unless_empty_clears(empty_clears: bool) -> None:
    remote = account(Contact(5, "Ann", phone(1), (0,), gender=2, birthday="13-04-1993"))
    made = plan([contact(1, "Ann")], remote, SyncOptions(empty_clears=empty_clears))
    if empty_clears:
        (update,) = made.updates
        assert update.changes == {"gender": (2, None), "birthday": ("13-04-1993", None)}
    else:
        assert (made.updates, made.unchanged) == ([], 1)


def test_insert_plans_no_update_and_no_removal() -> None:
    remote = account(Contact(5, "Old", phone(1), (0, 11)), Contact(6, "Gone", phone(2), (0, 11)))
    options = SyncOptions(mode="insert", managed_groups=("CRM",))
    made = plan([contact(1, "New", groups=("Staff",))], remote, options, known=ledger())
    assert made.counts() == {
        "create": 0,
        "update": 0,
        "remove": 0,
        "delete": 0,
        "move": 0,
        "create_groups": 0,
        "unchanged": 1,
    }


def test_all_is_neither_another_group_nor_a_managed_one() -> None:
    remote = account(Contact(5, "Ann", phone(1), (0, 11)), Contact(6, "Bob", phone(2), (0,)))
    known = ledger((phone(1), 5, ("CRM",)), (phone(2), 6, ()))
    options = SyncOptions(
        mode="mirror",
        managed_groups=("CRM", "All"),
        delete_contacts=True,
        allow_mass_delete=True,
    )
    made = plan([], remote, options, known=known)
    assert sorted(d.contact_id for d in made.deletes) == [5, 6]
    assert made.removals == []


TEN = [Contact(100 + n, f"P{n}", phone(n), (0, 11)) for n in range(10)]
TEN_KNOWN = ledger(*((phone(n), 100 + n, ("CRM",)) for n in range(10)))


@pytest.mark.parametrize(("leaving", "stops"), [(1, False), (2, True)])
def test_the_guard_stops_strictly_above_the_fraction(leaving: int, stops: bool) -> None:
    rows = [contact(n, f"P{n}", groups=("CRM",)) for n in range(leaving, 10)]
    options = SyncOptions(mode="mirror", managed_groups=("CRM",), max_delete_fraction=0.1)
    made = plan(rows, account(*TEN), options, known=TEN_KNOWN)  # planned in full either way
    assert len(made.removals) == leaving
    if stops:
        with pytest.raises(SafetyError, match=f"{leaving} of 10 contacts in scope"):
            check_guard(made, desired(rows), options)
        assert made.blocked is not None and f"{leaving} of 10" in made.blocked
    else:
        check_guard(made, desired(rows), options)
        assert made.blocked is None


def test_the_guard_checks_a_plan_made_without_it() -> None:
    rows = [contact(n, f"P{n}", groups=("CRM",)) for n in range(2, 10)]
    allowed = SyncOptions(
        mode="mirror", managed_groups=("CRM",), max_delete_fraction=0.1, allow_mass_delete=True
    )
    made = plan(rows, account(*TEN), allowed, known=TEN_KNOWN)
    check_guard(made, desired(rows), allowed)
    check_guard(made, desired(rows), SyncOptions(mode="upsert", max_delete_fraction=0.1))
    guarded = SyncOptions(mode="mirror", managed_groups=("CRM",), max_delete_fraction=0.1)
    with pytest.raises(SafetyError, match="2 of 10 contacts in scope"):
        check_guard(made, desired(rows), guarded)
    with pytest.raises(SafetyError, match="no valid contact"):
        check_guard(made, desired([]), guarded)


def test_a_cut_off_answer_is_refused_when_the_ledger_knows_newer_contacts() -> None:
    hundred = [Contact(100 + n, f"P{n}", phone(n), (0,)) for n in range(100)]
    known = ledger((phone(500), 900, ()))
    with pytest.raises(SafetyError, match="exactly 100 contacts"):
        plan([contact(n, f"P{n}") for n in range(100)], account(*hundred), known=known)
    # the same ledger contact gone from a list that is not cut: a deletion on Boolky
    made = plan([contact(500)], account(*hundred[:99]), known=known)
    assert made.respected_deletions == [phone(500)]


def test_an_old_copy_an_interrupted_update_left_is_deleted_and_the_new_one_kept() -> None:
    """The ledger still names the old copy as ``replacing`` and the name being written; a
    newer copy with that name and the old copy's groups is the re-add's."""
    remote = account(
        Contact(5, "Ann", phone(1), (0, 11, 12)),
        Contact(9, "Ann Lee", phone(1), (0, 11, 12)),
        Contact(6, "Bob", phone(2), (0, 11)),
        Contact(7, "Bob Stone", phone(2), (0,)),  # someone's duplicate, not the re-add's
        Contact(8, "Cy", phone(3), (0, 11)),
        Contact(10, "Cy Young", phone(3), (0, 11)),  # by hand, with another name
    )
    known = ledger(
        (phone(1), 5, ("CRM",)),
        (phone(2), 6, ("CRM",)),
        (phone(3), 8, ("CRM",)),
        state="replacing",
        names=("Ann Lee", "Bob Stone", "Cy Lee"),
    )
    rows = [
        contact(1, "Ann Lee", groups=("CRM",)),
        contact(2, "Bob Stone", groups=("CRM",)),
        contact(3, "Cy Lee", groups=("CRM",)),
    ]
    options = SyncOptions(mode="mirror", managed_groups=("CRM",))

    made = plan(rows, remote, options, known=known)

    (stale,) = made.deletes
    assert (stale.contact_id, stale.phone, stale.replaced_by) == (5, phone(1), 9)
    assert sorted(u.contact_id for u in made.updates) == [6, 8]  # the oldest, as always
    assert (made.creates, made.removals, made.unchanged) == ([], [], 1)
    assert made.remote_duplicates == {phone(1): [5, 9], phone(2): [6, 7], phone(3): [8, 10]}
    assert Plan.from_json(made.to_json()) == made
