"""Updates: Boolky has no update call, so a changed contact is written again, two ways.

Both write the new version first, in every group the contact is in and is to be
in, and delete nothing before it is confirmed (``new_copies``). ``readd``
stops there: where Boolky refuses a phone it holds, the change cannot be sent
and is reported. ``replace`` then deletes first, holding the full old record
in the journal until the contact is back (``replace``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import partial

from boolky_sync.sync.apply.batches import Batch, chunks
from boolky_sync.sync.apply.new_copies import (
    Seen,
    claim,
    drop_old_copies,
    finish_in_place,
    unclaim,
    write_new,
)
from boolky_sync.sync.apply.outcomes import failed
from boolky_sync.sync.apply.replace import replace_batch
from boolky_sync.sync.apply.writes import Writer
from boolky_sync.sync.journal import Holding
from boolky_sync.sync.model import Update


def update_batches(writer: Writer, updates: Sequence[Update], holding: Holding) -> Iterator[Batch]:
    """Updates in batches per set of group ids afterwards (``addContacts`` takes one per
    call): the contact's own, by id -- two groups may share a name -- and the added ones.

    Run after the groups phase, so the ids of groups it created are known.
    """
    seen = Seen()
    buckets: dict[tuple[int, ...], list[Update]] = defaultdict(list)
    no_group: dict[tuple[str, ...], list[Update]] = defaultdict(list)
    for update in updates:
        added = writer.group_ids(update.add_groups)
        if added is None:
            no_group[update.groups].append(update)
        else:
            buckets[tuple(sorted({*update.group_ids, *added}))].append(update)
    for names, items in no_group.items():
        # Booked before anything is written: nothing is deleted for a write that cannot be sent.
        contacts = [u.record for u in items]
        yield partial(
            writer.no_group,
            "update",
            names,
            contacts,
            {u.record.phone: u.contact_id for u in items},
        )
    for group_ids, items in buckets.items():
        for chunk in chunks(items, writer.options.batch_size):
            yield partial(_update, writer, seen, holding, group_ids, chunk)


def _update(
    writer: Writer, seen: Seen, holding: Holding, group_ids: tuple[int, ...], chunk: list[Update]
) -> None:
    before = claim(writer.ledger, chunk)
    if writer.options.update_strategy == "replace":
        replace_batch(writer, seen, holding, group_ids, chunk, before)
        return
    new = write_new(writer, seen, group_ids, chunk, before)
    finish_in_place(writer, new.in_place)
    drop_old_copies(writer, group_ids, new.copies)
    if new.exists and new.refusal is not None:
        # Boolky updates no phone it holds and has no update call: only a replace can.
        writer.bookings.add(
            [failed("update", u.record.phone, u.contact_id, new.refusal) for u in new.exists]
        )
        unclaim(writer.ledger, [u.record.phone for u in new.exists], before)
