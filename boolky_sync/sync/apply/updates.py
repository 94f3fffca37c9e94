"""Updates: Boolky has no update call, so a changed contact is written again, two ways.

``readd`` sends the contact again with ``addContacts`` (Boolky updates it in
place, or makes a second contact, whose old copy is then deleted); ``replace``
deletes it first and adds it back. Either way the contact is claimed in the
ledger as ``replacing`` before the write, so a run killed halfway is
recognised by the next, and a replace whose re-add Boolky refuses puts the
contact back as it was.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial

from boolky_sync.api import Account, NewContact
from boolky_sync.errors import ApiError
from boolky_sync.sync.apply.batches import Batch, chunks, split_until_isolated
from boolky_sync.sync.apply.outcomes import failed
from boolky_sync.sync.apply.reconcile import landed_contacts
from boolky_sync.sync.apply.writes import Writer, ledger_entry
from boolky_sync.sync.ledger import Ledger, LedgerEntry
from boolky_sync.sync.model import Update

log = logging.getLogger(__name__)

Claims = dict[str, LedgerEntry | None]
"""Phone → its ledger entry before the claim (None: not this pipeline's before)."""


def update_batches(writer: Writer, updates: Sequence[Update]) -> Iterator[Batch]:
    """Updates in batches per group set afterwards (``addContacts`` takes one per call)."""
    buckets: dict[tuple[str, ...], list[Update]] = defaultdict(list)
    for update in updates:
        buckets[update.groups].append(update)
    for names, items in buckets.items():
        for chunk in chunks(items, writer.options.batch_size):
            yield partial(_update, writer, names, chunk)


def _update(writer: Writer, names: tuple[str, ...], chunk: list[Update]) -> None:
    contacts = [u.record for u in chunk]
    old_ids = {u.record.phone: u.contact_id for u in chunk}
    written = {u.record.phone: u.source_groups for u in chunk}
    if writer.group_ids(names) is None:
        # Checked before a replace deletes anything: a contact is never deleted
        # for a re-add that cannot be sent.
        writer.no_group("update", names, contacts, old_ids)
        return
    before = _claim(writer.ledger, chunk)
    if writer.options.update_strategy == "readd":
        _readd(writer, names, chunk, old_ids, written, before)
        return
    try:
        writer.delete_for_good(list(old_ids.values()))
    except ApiError as error:
        if error.stops_run:
            raise
        writer.breaker.settled(error)
        writer.bookings.add([failed("update", c.phone, old_ids[c.phone], error) for c in contacts])
        if error.splits:  # refused: nothing was deleted (a failed call may have deleted them)
            _unclaim(writer.ledger, [u.record.phone for u in chunk], before)
        return
    writer.breaker.answered()
    refused = writer.add("update", names, contacts, old_ids, written)
    if refused:
        by_phone = {u.record.phone: u for u in chunk}
        _put_back(writer, [by_phone[c.phone] for c in refused])
        writer.ledger.forget(c.phone for c in refused if before[c.phone] is None)


def _claim(ledger: Ledger, chunk: list[Update]) -> Claims:
    """Before a re-add or a replace: each contact goes in the ledger as ``replacing``,
    under its current id and with the fields about to be written, so that a run killed
    before the write settles is recognised by the next (an old copy beside a new one
    that holds those fields, or a contact deleted and not yet added back).
    Returns the ledger entries as they were."""
    before = {u.record.phone: ledger.get(u.record.phone) for u in chunk}
    entries = [ledger_entry(u.record, u.source_groups, u.contact_id) for u in chunk]
    ledger.record_written(e for e in entries if before[e.phone] is not None)
    ledger.mark_pending(e for e in entries if before[e.phone] is None)
    ledger.mark_replacing(before)
    return before


def _unclaim(ledger: Ledger, phones: Iterable[str], before: Claims) -> None:
    """Undo ``_claim`` for contacts whose update did not happen."""
    phones = list(phones)
    ledger.forget(p for p in phones if before[p] is None)
    ledger.record_written(e for p in phones if (e := before[p]) is not None)


def _readd(
    writer: Writer,
    names: tuple[str, ...],
    chunk: list[Update],
    old_ids: dict[str, int],
    written: dict[str, tuple[str, ...]],
    before: Claims,
) -> None:
    """Send the contacts again; where Boolky made new contacts instead of updating them,
    delete the old copies, and only then move the ledger to the new ones.

    The new contact carries every group of the old one plus the added ones, so
    deleting the old leaves exactly one contact, complete. Killed in between,
    the ledger still names the old copy as ``replacing``, and the next plan
    deletes it (``PhoneIndex.stale`` in the plan).
    """
    moved: dict[str, int] = {}
    refused = writer.add("update", names, [u.record for u in chunk], old_ids, written, moved)
    _unclaim(writer.ledger, [c.phone for c in refused], before)
    if not moved:
        return
    log.warning(
        "Boolky created %d new contacts instead of updating them; deleting the old copies",
        len(moved),
    )
    try:
        writer.delete_for_good([old_ids[p] for p in moved])
    except ApiError as error:
        if error.stops_run:
            raise
        writer.breaker.settled(error)
        log.warning("could not delete the old copies (the next run will): %s", error)
        return
    writer.breaker.answered()
    by_phone = {u.record.phone: u for u in chunk}
    writer.ledger.record_written(
        ledger_entry(by_phone[p].record, written.get(p, names), new_id)
        for p, new_id in moved.items()
    )


def _put_back(writer: Writer, updates: list[Update]) -> None:
    """Re-add, as they were, contacts a replace deleted and whose new version Boolky refused.

    The update stays failed (and reported); the contact is not lost. Its ledger
    entry stays ``replacing`` and the next run adopts it with its new id.
    """
    buckets: dict[tuple[str, ...], list[NewContact]] = defaultdict(list)
    for update in updates:
        before = {name: values[0] for name, values in update.changes.items()}
        original = replace(update.record, **before)
        buckets[tuple(g for g in update.groups if g not in update.add_groups)].append(original)
    for names, contacts in buckets.items():
        group_ids = writer.group_ids(names)

        def send(part: list[NewContact], group_ids: tuple[int, ...] = group_ids or ()) -> None:
            writer.client.add_contacts(part, group_ids)

        def reconcile(
            part: list[NewContact], account: Account, group_ids: tuple[int, ...] = group_ids or ()
        ) -> list[NewContact]:
            back = landed_contacts(account, part, group_ids, writer.copies, {})
            return [c for c in part if c.phone not in back]

        def lost(part: list[NewContact], error: ApiError) -> None:
            log.error(
                "a replace deleted %d contacts that Boolky refused to take back (%s): %s",
                len(part),
                error.message_key or type(error).__name__,
                ", ".join(c.phone for c in part),
            )

        split_until_isolated(contacts, writer.sending(send, reconcile, lost), lost, writer.breaker)
