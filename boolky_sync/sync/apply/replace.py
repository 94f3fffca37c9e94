"""``update_strategy = "replace"``: a contact written again whole, never lost on the way.

The new version is written first (``new_copies``); Boolky updates the contact
in place, or makes a second one whose old copy is then deleted. Two cases need
the old contact gone before the new one can be written: Boolky refuses a second
copy of a phone (``contactAlreadyExists``), or it updated the contact in place
but the update empties a field (``empty_clears``), which a write in place
cannot do. Only then is the contact deleted first, and its full record is held
in the journal before the delete (``Holding``): if the re-add does not land,
it is put back from there, in this run or -- killed in between -- at the start
of the next (``sync.run.restore_held``).
"""

from __future__ import annotations

import logging

from boolky_sync.api import Account
from boolky_sync.errors import ApiError
from boolky_sync.sync.apply.batches import split_until_isolated
from boolky_sync.sync.apply.held import put_back, settle
from boolky_sync.sync.apply.new_copies import (
    Claims,
    Seen,
    by_phone,
    drop_old_copies,
    finish_in_place,
    unclaim,
    write_new,
)
from boolky_sync.sync.apply.outcomes import failed
from boolky_sync.sync.apply.reconcile import landed_contacts
from boolky_sync.sync.apply.writes import Writer, ledger_entry
from boolky_sync.sync.journal import HeldRecord, Holding, Outcome
from boolky_sync.sync.model import Update

log = logging.getLogger(__name__)


def replace_batch(
    writer: Writer,
    seen: Seen,
    holding: Holding,
    group_ids: tuple[int, ...],
    chunk: list[Update],
    before: Claims,
) -> None:
    """Replace ``chunk``: the new versions first where Boolky may take them, the rest
    deleted first (what Boolky did with earlier batches decides which is which)."""
    if seen.refuses:
        first, direct = [], chunk
    elif seen.in_place:
        first, direct = [u for u in chunk if not u.clears], [u for u in chunk if u.clears]
    else:
        first, direct = chunk, []
    new = write_new(writer, seen, group_ids, first, before) if first else None
    if new is not None:
        finish_in_place(writer, [u for u in new.in_place if not u.clears])
        drop_old_copies(writer, group_ids, new.copies)
        direct += [*new.exists, *(u for u in new.in_place if u.clears)]
    delete_first(writer, holding, group_ids, direct, before)


def delete_first(
    writer: Writer,
    holding: Holding,
    group_ids: tuple[int, ...],
    updates: list[Update],
    before: Claims,
) -> None:
    """Hold each full record, delete, re-add; whatever does not land is put back."""
    if not updates:
        return
    records = [held_record(u) for u in updates]
    holding.hold(records)
    phones = [u.record.phone for u in updates]
    try:
        writer.delete_for_good([u.contact_id for u in updates])
    except ApiError as error:
        if error.stops_run:
            raise  # held: the next run puts back whatever the delete took
        writer.breaker.settled(error)
        writer.bookings.add(
            [failed("update", u.record.phone, u.contact_id, error) for u in updates]
        )
        if error.splits:  # refused: nothing was deleted
            holding.release(phones)
            unclaim(writer.ledger, phones, before)
        else:  # a failed call may have deleted them
            _settle(writer, holding, records, before)
        return
    writer.breaker.answered()
    landed: set[str] = set()
    unsure: list[str] = []

    def send(part: list[Update]) -> None:
        sent = [u.record for u in part]
        found = by_phone(sent, writer.client.add_contacts(sent, group_ids))
        readded(part, {p: c.id for u in part if (c := found.get(p := u.record.phone))})

    def reconcile(part: list[Update], account: Account) -> list[Update]:
        old = {u.record.phone: u.contact_id for u in part}
        sent = [u.record for u in part]
        ids = landed_contacts(account, sent, group_ids, writer.copies, old)
        readded([u for u in part if u.record.phone in ids], ids)
        return [u for u in part if u.record.phone not in ids]

    def readded(part: list[Update], ids: dict[str, int]) -> None:
        new_ids = {u.record.phone: ids.get(u.record.phone) for u in part}
        writer.ledger.record_written(
            ledger_entry(u.record, u.source_groups, new_ids[u.record.phone]) for u in part
        )
        holding.release(new_ids)
        landed.update(new_ids)
        writer.bookings.add(
            [Outcome("update", u.record.phone, new_ids[u.record.phone], None, True) for u in part]
        )

    def refuse(part: list[Update], error: ApiError) -> None:
        writer.bookings.add([failed("update", u.record.phone, u.contact_id, error) for u in part])
        if not error.splits:  # a failed call may have landed
            unsure.extend(u.record.phone for u in part)

    split_until_isolated(updates, writer.sending(send, reconcile, refuse), refuse, writer.breaker)
    # Refused, or never sent (a stop between halves): not on Boolky, so put back at once.
    gone = [r for r in records if r.phone not in landed and r.phone not in unsure]
    back = put_back(writer.client, holding, gone, writer.reads)
    unclaim(writer.ledger, back, before, back)
    _settle(writer, holding, [r for r in records if r.phone in unsure], before)


def _settle(writer: Writer, holding: Holding, records: list[HeldRecord], before: Claims) -> None:
    """After a call whose outcome is unknown: read Boolky, put back what is not there. A
    contact found stays claimed as ``replacing``: the next run adopts it. Boolky unread,
    the records stay held for the next run."""
    try:
        _, back = settle(writer.client, holding, records, writer.reads)
    except ApiError as error:
        if error.stops_run:
            raise
        log.error(
            "cannot read Boolky to settle %d replaced contacts (%s): the next run will",
            len(records),
            error,
        )
        return
    unclaim(writer.ledger, back, before, back)


def held_record(update: Update) -> HeldRecord:
    """The contact as Boolky holds it now, every field and group: what a put-back restores."""
    names = tuple(g for g in update.groups if g not in update.add_groups)
    return HeldRecord(update.contact_id, update.previous, update.group_ids, names)
