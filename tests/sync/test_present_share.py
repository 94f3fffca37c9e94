"""Planning refuses a getContacts that holds fewer than ``MIN_PRESENT_SHARE`` of the contacts
the ledger confirmed this pipeline wrote (a truncated or empty answer), before a restore."""

from __future__ import annotations

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.errors import EXIT_SAFETY, SafetyError
from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.remote import MIN_PRESENT_SHARE
from boolky_sync.sync.run import apply_and_verify, plan_sync
from tests.sync.support import EVERY_FIELD, contact, desired, sync, write_calls

TEN = [contact(n, groups=("CRM",)) for n in range(10)]
RESTORE = SyncOptions(remote_deletions="restore")


def staff_delete(client: BoolkyClient, book: Ledger, count: int) -> None:
    """Delete ``count`` of the pipeline's contacts on Boolky, as staff would."""
    ids = [e.contact_id for e in book.entries()[:count] if e.contact_id is not None]
    client.delete_contacts(ids, permanent=True)


def test_exactly_the_share_present_is_believed_and_less_is_refused(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    assert MIN_PRESENT_SHARE == 0.5
    sync(desired(TEN), EVERY_FIELD, client, book, RESTORE)
    staff_delete(client, book, 5)  # 5 of 10 left: half is still believed
    assert len(plan_sync(desired(TEN), EVERY_FIELD, client, book, RESTORE).creates) == 5
    gone = {e.phone for e in book.entries()[:5]}
    assert book.gone() == frozenset()  # a plan alone writes nothing, the ledger learns nothing
    sync(desired(TEN), EVERY_FIELD, client, book, SyncOptions())  # a run that writes believes it
    assert book.gone() == gone  # judged once: not counted against the next answer

    remaining = [e for e in book.entries() if e.phone not in gone]
    client.delete_contacts([e.contact_id for e in remaining[:3] if e.contact_id], permanent=True)
    box.calls.reset()
    with pytest.raises(SafetyError) as stopped:  # 2 of the 5 not yet known gone
        plan_sync(desired(TEN), EVERY_FIELD, client, book, RESTORE)
    assert str(stopped.value).startswith(
        "Boolky's contact list holds 2 of the 5 contacts this pipeline wrote there (ledger), "
        "fewer than 50%: likely a truncated or empty answer"
    )
    assert stopped.value.exit_code == EXIT_SAFETY
    assert write_calls(box) == {}
    assert book.gone() == gone  # a refused answer teaches the ledger nothing


def test_deletions_staff_made_on_purpose_are_judged_once_not_every_night(
    client: BoolkyClient, book: Ledger
) -> None:
    sync(desired(TEN), EVERY_FIELD, client, book, SyncOptions())
    staff_delete(client, book, 8)  # most of them, on purpose: the user says so once
    assert len(book.gone()) == 0
    trusted = plan_sync(
        desired(TEN), EVERY_FIELD, client, book, SyncOptions(), trust_empty_remote=True
    )
    apply_and_verify(trusted, desired(TEN), EVERY_FIELD, client, book)  # the run the user trusted
    plan = plan_sync(desired(TEN), EVERY_FIELD, client, book, SyncOptions())  # next night
    assert len(plan.respected_deletions) == 8
    assert not any("believed as it is" in note for note in plan.notes)


def test_trusted_the_plan_restores_and_says_what_it_believed(
    box: Sandbox, client: BoolkyClient, book: Ledger
) -> None:
    sync(desired(TEN), EVERY_FIELD, client, book, RESTORE)
    staff_delete(client, book, 10)
    plan = plan_sync(desired(TEN), EVERY_FIELD, client, book, RESTORE, trust_empty_remote=True)
    assert [c.restore for c in plan.creates] == [True] * 10
    assert (
        "Boolky's contact list holds 0 of the 10 contacts this pipeline wrote there (ledger); "
        "believed as it is (--trust-empty-remote)"
    ) in plan.notes


def test_an_empty_ledger_or_an_empty_account_never_written_to_passes(
    client: BoolkyClient, book: Ledger
) -> None:
    assert len(plan_sync(desired(TEN), EVERY_FIELD, client, book, RESTORE).creates) == 10
