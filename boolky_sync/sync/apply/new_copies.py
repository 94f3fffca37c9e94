"""The new version of an updated contact, written before anything of the old one is deleted.

Boolky has no update call, so both update strategies start the same way: the
new version goes out with ``addContacts``, in every group the contact is to be
in (the old contact's own groups, by id, and the added ones) and with Boolky's
values of every field the source does not carry. What Boolky then does with a
phone it holds (README, Unknown 1) is read from its answer, per contact: it
updated the contact in place (same id: done), made a second contact (the old
copy is deleted, but only once the answer shows the new one in every group of
the old), or refused it as existing (``contactAlreadyExists``: the caller
decides). Nothing is deleted before the new version is confirmed, so a failure
or a kill at any point leaves every field and membership on Boolky. A write
whose answer was lost is reconciled like a create's (``Writer.sending``): what
Boolky shows landed -- the own contact with the values sent, or a new copy in
every group sent -- is sorted as if answered, only the rest is sent again.

Each contact is claimed in the ledger as ``replacing`` first (``claim``), so a
run killed before its write settles is recognised by the next: an old copy
beside a new one holding the fields being written is deleted by the next plan
(``PhoneIndex.stale``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from boolky_sync.api import Account, Contact, NewContact
from boolky_sync.errors import ApiError
from boolky_sync.sync.apply.batches import split_until_isolated
from boolky_sync.sync.apply.outcomes import failed
from boolky_sync.sync.apply.reconcile import landed_contacts
from boolky_sync.sync.apply.writes import Writer, ledger_entry
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.ledger import Ledger, LedgerEntry
from boolky_sync.sync.model import Update

log = logging.getLogger(__name__)

ALREADY_EXISTS = "contactAlreadyExists"
"""Boolky's refusal of a phone it holds, where it makes no second copy."""

Claims = dict[str, LedgerEntry | None]
"""Phone → its ledger entry before the claim (None: not this pipeline's before)."""


@dataclass
class Seen:
    """What Boolky was seen doing with a phone it holds, shared by one apply's batches, so
    later batches skip a write that is known to be refused or not to do enough."""

    in_place: bool = False
    refuses: bool = False


@dataclass
class NewCopies:
    """What Boolky did with each new version sent: what the caller has left to finish."""

    in_place: list[Update] = field(default_factory=list)
    copies: list[tuple[Update, Contact]] = field(default_factory=list)
    exists: list[Update] = field(default_factory=list)
    """Refused as existing: Boolky keeps one contact per phone and updates none."""
    refusal: ApiError | None = None
    """The refusal of ``exists``, to book if the caller sends them no other way."""


def claim(ledger: Ledger, chunk: Sequence[Update]) -> Claims:
    """Before a write: each contact goes in the ledger as ``replacing``, under its current
    id and with the fields about to be written; returns the entries as they were."""
    before = ledger.get_many(u.record.phone for u in chunk)
    entries = [ledger_entry(u.record, u.source_groups, u.contact_id) for u in chunk]
    ledger.record_written(e for e in entries if before[e.phone] is not None)
    ledger.mark_pending(e for e in entries if before[e.phone] is None)
    ledger.mark_replacing(before)
    return before


def unclaim(
    ledger: Ledger, phones: Iterable[str], before: Claims, ids: dict[str, int] | None = None
) -> None:
    """Undo ``claim`` for contacts whose update did not happen; ``ids`` gives those that
    are on Boolky under another id now (put back after a replace)."""
    phones = list(phones)
    moved = ids or {}
    ledger.forget(p for p in phones if before[p] is None)
    ledger.record_written(
        replace(e, contact_id=moved.get(p, e.contact_id))
        for p in phones
        if (e := before[p]) is not None
    )


def write_new(
    writer: Writer, seen: Seen, group_ids: tuple[int, ...], chunk: list[Update], before: Claims
) -> NewCopies:
    """Send the new versions; book the ones that failed, and sort the rest by what Boolky
    did. A call Boolky failed (it may have landed) keeps its claims for the next run."""
    done = NewCopies()

    def send(part: list[Update]) -> None:
        try:
            answered = writer.client.add_contacts([u.record for u in part], group_ids)
        except ApiError as error:
            if error.message_key != ALREADY_EXISTS:
                raise
            seen.refuses = True
            done.exists.extend(part)
            done.refusal = error
            return
        sort(part, by_phone([u.record for u in part], answered))

    def reconcile(part: list[Update], account: Account) -> list[Update]:
        own = {u.record.phone: u.contact_id for u in part}
        sent = [u.record for u in part]
        ids = landed_contacts(account, sent, group_ids, writer.copies, own)
        by_id = {c.id: c for c in account.contacts if c.id in set(ids.values())}
        sort([u for u in part if u.record.phone in ids], {p: by_id[i] for p, i in ids.items()})
        return [u for u in part if u.record.phone not in ids]

    def sort(part: list[Update], found: dict[str, Contact]) -> None:
        for update in part:
            contact = found.get(update.record.phone)
            if contact is None or contact.id == update.contact_id:
                seen.in_place = True
                done.in_place.append(update)
            else:
                done.copies.append((update, contact))

    def refuse(part: list[Update], error: ApiError) -> None:
        writer.bookings.add([failed("update", u.record.phone, u.contact_id, error) for u in part])
        if error.splits:  # refused: nothing written
            unclaim(writer.ledger, [u.record.phone for u in part], before)

    split_until_isolated(chunk, writer.sending(send, reconcile, refuse), refuse, writer.breaker)
    return done


def finish_in_place(writer: Writer, updates: list[Update]) -> None:
    """Contacts Boolky updated in place: the ledger holds them as written."""
    if not updates:
        return
    writer.ledger.record_written(
        ledger_entry(u.record, u.source_groups, u.contact_id) for u in updates
    )
    writer.bookings.add(
        [Outcome("update", u.record.phone, u.contact_id, None, True) for u in updates]
    )


def drop_old_copies(
    writer: Writer, group_ids: tuple[int, ...], copies: list[tuple[Update, Contact]]
) -> None:
    """Second contacts Boolky made: delete each old copy once its new one is in every group
    sent, then move the ledger to the new ones. An old copy whose new one is not (Boolky
    left a group out) is kept: two copies are reported, no membership is lost. Killed or
    failed in between, the ledger still names the old copy as ``replacing``, and the next
    plan deletes it."""
    if not copies:
        return
    writer.bookings.add([Outcome("update", u.record.phone, c.id, None, True) for u, c in copies])
    wanted = set(group_ids)
    confirmed = [(u, c) for u, c in copies if wanted <= set(c.group_ids)]
    if len(confirmed) < len(copies):
        log.warning(
            "Boolky made %d new copies without every group asked for; their old copies are kept",
            len(copies) - len(confirmed),
        )
    if not confirmed:
        return
    log.warning(
        "Boolky created %d new contacts instead of updating them; deleting the old copies",
        len(confirmed),
    )
    try:
        writer.delete_for_good([u.contact_id for u, _ in confirmed])
    except ApiError as error:
        if error.stops_run:
            raise
        writer.breaker.settled(error)
        log.warning("could not delete the old copies (the next run will): %s", error)
        return
    writer.breaker.answered()
    writer.ledger.record_written(
        ledger_entry(u.record, u.source_groups, c.id) for u, c in confirmed
    )


def by_phone(sent: list[NewContact], answered: list[Contact]) -> dict[str, Contact]:
    """The contact Boolky answered for each sent phone: by phone, or by position if it
    reformatted them."""
    found = {c.phone: c for c in answered}
    if len(answered) == len(sent) and not all(c.phone in found for c in sent):
        found = {c.phone: a for c, a in zip(sent, answered, strict=True)}
    return found
