"""Contacts a replace deleted, put back as they were when their re-add did not land.

Where Boolky refuses a second copy of a phone, a replace has to delete the
contact before it adds the new version, and for that moment the journal's
held record (``Holding``) is the only copy of what staff set on it. So the
record is kept before the delete, and whenever the re-add does not land --
refused, failed, its answer lost, or the run killed in between -- the contact
is put back from it, every field and every group, and the record is released
once the contact is on Boolky again. A write whose outcome is unknown is not
sent again blindly: Boolky is read first (``settle``, and a put-back's lost
answer is reconciled like any ``addContacts``: ``reconcile``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from boolky_sync.api import Account, BoolkyClient
from boolky_sync.errors import ApiError
from boolky_sync.sync.apply.batches import Breaker, split_until_isolated
from boolky_sync.sync.apply.new_copies import by_phone
from boolky_sync.sync.apply.reconcile import Reads, landed_contacts, reconciling
from boolky_sync.sync.journal import HeldRecord, Holding
from boolky_sync.sync.remote import remote_frame

log = logging.getLogger(__name__)


def put_back(
    client: BoolkyClient,
    holding: Holding,
    records: Iterable[HeldRecord],
    reads: Reads | None = None,
) -> dict[str, int]:
    """Add ``records`` back as they were, in their groups; returns the new id of each one
    that landed (and is released). The ones that did not stay held for the next run.

    A put-back mends this run's own delete, so it is sent even once a stop was asked
    (its own ``Breaker``); ``reads`` are the run's reads for lost answers, if it has them.
    """
    buckets: dict[tuple[int, ...], list[HeldRecord]] = defaultdict(list)
    for record in records:
        buckets[record.group_ids].append(record)
    back: dict[str, int] = {}
    reads = reads or Reads(client)
    for group_ids, items in buckets.items():

        def send(part: list[HeldRecord], group_ids: tuple[int, ...] = group_ids) -> None:
            sent = [h.record for h in part]
            found = by_phone(sent, client.add_contacts(sent, group_ids))
            landed(part, {h.phone: c.id for h in part if (c := found.get(h.phone)) is not None})

        def reconcile(
            part: list[HeldRecord], account: Account, group_ids: tuple[int, ...] = group_ids
        ) -> list[HeldRecord]:
            old = {h.phone: h.contact_id for h in part}  # deleted: the contact back has a new id
            ids = landed_contacts(account, [h.record for h in part], group_ids, {}, old)
            landed([h for h in part if h.phone in ids], ids)
            return [h for h in part if h.phone not in ids]

        def landed(part: list[HeldRecord], ids: dict[str, int]) -> None:
            holding.release(h.phone for h in part)
            back.update(ids)

        def lost(part: list[HeldRecord], error: ApiError) -> None:
            log.error(
                "Boolky did not take back %d contacts a replace deleted (%s); they are kept "
                "in the run journal and put back by the next run: %s",
                len(part),
                error.message_key or type(error).__name__,
                ", ".join(h.phone for h in part),
            )

        breaker = Breaker(None)
        sender = reconciling(send, reconcile, lost, breaker, reads)
        split_until_isolated(items, sender, lost, breaker)
    return back


def settle(
    client: BoolkyClient, holding: Holding, records: list[HeldRecord], reads: Reads | None = None
) -> tuple[set[str], dict[str, int]]:
    """Read Boolky, then release the records whose phone it holds (the re-add landed, or
    someone added the contact again) and put the others back.

    Returns the phones found and the new ids of those put back. Groups deleted since
    the record was kept are matched by name, else left out.
    """
    if not records:
        return set(), {}
    account = client.get_contacts()
    on_boolky = set(remote_frame(account)["phone"].dropna())
    found = {h.phone for h in records if h.phone in on_boolky}
    holding.release(found)
    missing = [_in_groups_of(h, account) for h in records if h.phone not in found]
    return found, put_back(client, holding, missing, reads)


def _in_groups_of(record: HeldRecord, account: Account) -> HeldRecord:
    """``record`` with the group ids ``account`` still has: an id gone is replaced by the
    oldest group of the same name, if any."""
    ids = {g.id for g in account.groups}
    if all(i in ids for i in record.group_ids):
        return record
    by_name: dict[str, int] = {}
    for group in sorted(account.groups, key=lambda g: g.id):
        by_name.setdefault(group.name, group.id)
    kept = {i for i in record.group_ids if i in ids}
    kept |= {by_name[n] for n in record.group_names if n in by_name}
    log.warning("%s is put back without groups deleted since: %s", record.phone, record.group_names)
    return HeldRecord(record.contact_id, record.record, tuple(sorted(kept)), record.group_names)
