"""make_plan with the suppression list (issue 13, point 3): held back, never written.

Pure: accounts and ledgers built by hand. A suppressed number is neither created
nor updated nor put in a group; a mirror takes this pipeline's contact out of
its managed groups (or deletes it) and the delete guard never counts that.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from boolky_sync.api import Account, Contact
from boolky_sync.errors import SafetyError
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import check_guard, make_plan
from boolky_sync.sync.plan.suppressed import SUPPRESSED_REASON
from tests.sync.support import EVERY_FIELD, contact, desired, phone
from tests.sync.test_plan import CRM, NO_LEDGER, TEN, TEN_KNOWN, account, ledger

MIRROR = SyncOptions(mode="mirror", managed_groups=("CRM",), max_delete_fraction=0.1)


def plan(
    rows: list[dict[str, Any]],
    *held: str,
    remote: Account | None = None,
    known: pd.DataFrame = NO_LEDGER,
    options: SyncOptions | None = None,
) -> Plan:
    """``make_plan`` of ``rows`` with the phones ``held`` on the suppression list."""
    return make_plan(
        desired(rows),
        EVERY_FIELD,
        remote or account(),
        known,
        options or SyncOptions(),
        suppressed=frozenset(held),
    )


def test_a_suppressed_number_is_not_created_and_is_named() -> None:
    rows = [contact(1, "Ann", groups=("CRM",)), contact(2, "Bob", groups=("CRM",))]
    made = plan(rows, phone(2))
    assert [c.record.phone for c in made.creates] == [phone(1)]
    assert made.suppressed == [phone(2)]
    assert any("suppression list" in note for note in made.notes)


def test_a_suppressed_contact_on_boolky_is_not_updated_nor_put_in_a_group() -> None:
    remote = account(Contact(7, "Old name", phone(3), (0,)))
    rows = [contact(3, "New name", groups=("CRM",))]
    options = SyncOptions(mode="upsert")
    free = plan(rows, remote=remote, options=options)
    assert len(free.updates) == 1  # without the list it would be renamed and grouped
    held = plan(rows, phone(3), remote=remote, options=options)
    assert (held.creates, held.updates, held.suppressed) == ([], [], [phone(3)])


def test_a_mirror_takes_suppressed_contacts_out_past_the_guard() -> None:
    rows = [contact(n, f"P{n}", groups=("CRM",)) for n in range(10)]
    held = {phone(n) for n in range(6)}  # 60%, far over the 10% limit
    made = plan(rows, *held, remote=account(*TEN), known=TEN_KNOWN, options=MIRROR)
    assert sorted(r.phone for r in made.removals) == sorted(held)
    assert {r.group for r in made.removals} == {CRM.name}
    check_guard(made, desired(rows), MIRROR)  # does not raise
    assert made.blocked is None


def test_the_guard_still_counts_other_removals_and_names_the_opt_outs_apart() -> None:
    rows = [contact(n, f"P{n}", groups=("CRM",)) for n in range(2, 10)]  # two left the source
    made = plan(rows, phone(5), remote=account(*TEN), known=TEN_KNOWN, options=MIRROR)
    with pytest.raises(SafetyError, match="2 of 10 contacts in scope") as stopped:
        check_guard(made, desired(rows), MIRROR)
    assert "not counting 1 contacts on the suppression list" in str(stopped.value)


def test_a_mirror_deletes_the_suppressed_contacts_it_made_under_delete_contacts() -> None:
    options = SyncOptions(
        mode="mirror", managed_groups=("CRM",), delete_contacts=True, max_delete_fraction=0.1
    )
    rows = [contact(n, f"P{n}", groups=("CRM",)) for n in range(10)]
    held = {phone(n) for n in range(5)}
    made = plan(rows, *held, remote=account(*TEN), known=TEN_KNOWN, options=options)
    assert sorted(d.phone for d in made.deletes) == sorted(held)
    assert {d.reason for d in made.deletes} == {SUPPRESSED_REASON}
    check_guard(made, desired(rows), options)


def test_its_own_deletion_on_boolky_stays_a_respected_deletion() -> None:
    known = ledger((phone(4), 40, ()))
    rows = [contact(4, "Gone")]
    made = plan(rows, phone(4), known=known)
    assert (made.respected_deletions, made.suppressed, made.creates) == ([phone(4)], [], [])
    # a pipeline that restores deletions still holds back a number on the list
    restoring = SyncOptions(remote_deletions="restore")
    again = plan(rows, phone(4), known=known, options=restoring)
    assert (again.creates, again.suppressed) == ([], [phone(4)])


def test_a_plan_file_keeps_its_suppressed_phones_and_old_plans_keep_their_bytes() -> None:
    rows = [contact(1, "Ann"), contact(2, "Bob")]
    made = plan(rows, phone(1))
    assert Plan.from_json(made.to_json()).suppressed == [phone(1)]
    plain = plan(rows)
    assert '"suppressed"' not in plain.to_json()
