"""The writes themselves: groups, contact adds, group removals and deletes, one batch each.

Each batch writes the ledger before and after its call, so a run killed at any
point is recognised by the next; what Boolky answered is booked per contact.
A call Boolky failed (a 5xx after its retries) may still have landed, so the
ledger's claims for it stay as a crash would leave them, for the next run to
settle against what Boolky holds; only contacts Boolky refused lose theirs.
A call whose answer was lost is reconciled (``reconcile``): Boolky is read,
what landed is settled as if answered, only the rest is sent again.
Updates have their own strategies (``updates``) and use the same reconciliation
(``Writer.sending``, ``Writer.delete_for_good``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import TypeVar

from boolky_sync.api import ALL_GROUP_ID, Account, BoolkyClient, Contact, NewContact
from boolky_sync.errors import ApiError, OutcomeUnknownError
from boolky_sync.sync.apply.batches import Batch, Breaker, chunks, split_until_isolated
from boolky_sync.sync.apply.outcomes import ApplyResult, Bookings, failed
from boolky_sync.sync.apply.reconcile import (
    Reads,
    add_group_reconciled,
    landed_contacts,
    reconciling,
    still_held,
)
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.ledger import Ledger, LedgerEntry
from boolky_sync.sync.model import Create, Delete, Removal
from boolky_sync.sync.options import SyncOptions

T = TypeVar("T")


class Writer:
    """Sends batches and books their outcomes in the result, the journal and the ledger.

    ``copies`` are the plan's phones held by several remote contacts, with their
    ids: contacts that were there before, which a reconciliation must not take
    for one a lost ``addContacts`` made.
    """

    def __init__(
        self,
        client: BoolkyClient,
        ledger: Ledger,
        options: SyncOptions,
        result: ApplyResult,
        bookings: Bookings,
        breaker: Breaker,
        copies: Mapping[str, Sequence[int]] | None = None,
    ) -> None:
        self.client = client
        self.ledger = ledger
        self.options = options
        self.result = result
        self.bookings = bookings
        self.breaker = breaker
        self.copies = copies or {}
        self.reads = Reads(client)

    def sending(
        self,
        send: Callable[[list[T]], None],
        reconcile: Callable[[list[T], Account], list[T]],
        refuse: Callable[[list[T], ApiError], None],
    ) -> Callable[[list[T]], bool | None]:
        """``send``, reconciled against Boolky when its answer is lost (``reconciling``)."""
        return reconciling(send, reconcile, refuse, self.breaker, self.reads)

    def group_ids(self, names: Iterable[str]) -> tuple[int, ...] | None:
        """The ids to send for ``names`` ("All" left out); None if one could not be created."""
        ids = [self.result.group_ids.get(name) for name in names]
        if any(i is None for i in ids):
            return None
        return tuple(sorted(i for i in ids if i is not None and i != ALL_GROUP_ID))

    # -- phases -----------------------------------------------------------

    def create_groups(self, names: list[str]) -> None:
        known = set(self.result.group_ids.values())
        for name in names:
            if self.breaker.open:
                return
            try:
                group = add_group_reconciled(self.client, self.reads, name, known)
            except ApiError as error:
                if error.stops_run:
                    raise
                self.breaker.settled(error)
                self.bookings.add([failed("create_group", None, None, error, group=name)])
                continue
            self.breaker.answered()
            self.result.group_ids[name] = group.id
            self.bookings.add([Outcome("create_group", None, group.id, name, True)])

    def create_batches(self, creates: Sequence[Create]) -> Iterator[Batch]:
        buckets: dict[tuple[str, ...], list[Create]] = defaultdict(list)
        for create in creates:
            buckets[create.groups].append(create)
        for names, items in buckets.items():
            for chunk in chunks(items, self.options.batch_size):
                contacts = [c.record for c in chunk]
                yield partial(self.create, names, contacts)

    def removal_batches(self, removals: Sequence[Removal]) -> Iterator[Batch]:
        buckets: dict[str, list[Removal]] = defaultdict(list)
        for removal in removals:
            buckets[removal.group].append(removal)
        for group, items in buckets.items():
            for chunk in chunks(items, self.options.batch_size):
                yield partial(self._remove, group, chunk)

    def delete_batches(self, deletes: Sequence[Delete]) -> Iterator[Batch]:
        for chunk in chunks(deletes, self.options.batch_size):
            yield partial(self._delete, chunk)

    # -- one batch of each kind -------------------------------------------

    def create(self, names: tuple[str, ...], contacts: list[NewContact]) -> None:
        """addContacts for new contacts sharing one group set.

        Each is claimed ``pending`` first; Boolky's answer gives the ledger its id.
        """
        group_ids = self.group_ids(names)
        if group_ids is None:
            self.no_group("create", names, contacts, {})
            return
        self.ledger.mark_pending(ledger_entry(c, names, None, "pending") for c in contacts)
        refused: list[NewContact] = []

        def send(part: list[NewContact]) -> None:
            settle(part, _ids_by_phone(part, self.client.add_contacts(part, group_ids)))

        def reconcile(part: list[NewContact], account: Account) -> list[NewContact]:
            ids = landed_contacts(account, part, group_ids, self.copies, {})
            landed = [c for c in part if c.phone in ids]
            if landed:
                settle(landed, ids)
            return [c for c in part if c.phone not in ids]

        def settle(part: list[NewContact], ids: dict[str, int]) -> None:
            self.ledger.record_written(ledger_entry(c, names, ids.get(c.phone)) for c in part)
            self.bookings.add(
                [Outcome("create", c.phone, ids.get(c.phone), None, True) for c in part]
            )

        def refuse(part: list[NewContact], error: ApiError) -> None:
            if error.splits:
                refused.extend(part)
            self.bookings.add([failed("create", c.phone, None, error) for c in part])

        split_until_isolated(contacts, self.sending(send, reconcile, refuse), refuse, self.breaker)
        # Never created: the claim goes, or a contact someone adds by hand later
        # with that phone would be taken for this pipeline's (a restore keeps its row).
        self.ledger.forget(
            c.phone
            for c in refused
            if (entry := self.ledger.get(c.phone)) is not None and entry.state == "pending"
        )

    def no_group(
        self, op: str, names: tuple[str, ...], contacts: list[NewContact], old_ids: dict[str, int]
    ) -> None:
        """Book contacts as failed whose group set holds a group that could not be created."""
        missing = ", ".join(n for n in names if n not in self.result.group_ids)
        detail = f"group {missing} could not be created"
        self.bookings.add(
            [
                Outcome(op, c.phone, old_ids.get(c.phone), None, False, "groupNotCreated", detail)
                for c in contacts
            ]
        )

    def _remove(self, group: str, chunk: list[Removal]) -> None:
        group_id = self.result.group_ids.get(group)
        if group_id is None:
            detail = f"group {group} is not on Boolky"
            self.bookings.add(
                [
                    Outcome("remove", r.phone, r.contact_id, group, False, "groupNotFound", detail)
                    for r in chunk
                ]
            )
            return

        def send(part: list[Removal]) -> None:
            self.client.delete_contacts(
                [r.contact_id for r in part], permanent=False, group_id=group_id
            )
            settle(part)

        def reconcile(part: list[Removal], account: Account) -> list[Removal]:
            held = still_held(account, [r.contact_id for r in part], group_id)
            settle([r for r in part if r.contact_id not in held])
            return [r for r in part if r.contact_id in held]

        def settle(part: list[Removal]) -> None:
            for removal in part:
                self.ledger.remove_groups(removal.phone, [group])
            self.bookings.add([Outcome("remove", r.phone, r.contact_id, group, True) for r in part])

        def refuse(part: list[Removal], error: ApiError) -> None:
            self.bookings.add(
                [failed("remove", r.phone, r.contact_id, error, group=group) for r in part]
            )

        split_until_isolated(chunk, self.sending(send, reconcile, refuse), refuse, self.breaker)

    def _delete(self, chunk: list[Delete]) -> None:
        def send(part: list[Delete]) -> None:
            self.client.delete_contacts([d.contact_id for d in part], permanent=True)
            settle(part)

        def reconcile(part: list[Delete], account: Account) -> list[Delete]:
            held = still_held(account, [d.contact_id for d in part])
            settle([d for d in part if d.contact_id not in held])
            return [d for d in part if d.contact_id in held]

        def settle(part: list[Delete]) -> None:
            self.ledger.forget(d.phone for d in part if d.replaced_by is None)
            self.ledger.record_written(
                replace(entry, contact_id=d.replaced_by, state="ok")
                for d in part
                if d.replaced_by is not None and (entry := self.ledger.get(d.phone)) is not None
            )
            self.bookings.add([Outcome("delete", d.phone, d.contact_id, None, True) for d in part])

        def refuse(part: list[Delete], error: ApiError) -> None:
            self.bookings.add([failed("delete", d.phone, d.contact_id, error) for d in part])

        split_until_isolated(chunk, self.sending(send, reconcile, refuse), refuse, self.breaker)

    def delete_for_good(self, ids: list[int]) -> None:
        """Delete contacts outright, reconciled: returns once Boolky holds none of them.

        A refusal or failure of the first call is raised as it is; once an answer
        was lost, anything short of all gone is an ``OutcomeUnknownError`` (some
        may be gone: the caller must not take the call for refused).
        """
        short: list[ApiError] = []

        def send(part: list[int]) -> None:
            self.client.delete_contacts(part, permanent=True)

        def reconcile(part: list[int], account: Account) -> list[int]:
            held = still_held(account, part)
            return [i for i in part if i in held]

        def refuse(part: list[int], error: ApiError) -> None:
            short.append(error)

        self.sending(send, reconcile, refuse)(ids)
        if short:
            raise OutcomeUnknownError(
                f"deleteContacts may have left contacts on Boolky: {short[-1]}",
                endpoint="deleteContacts",
            )


def _ids_by_phone(contacts: list[NewContact], answered: list[Contact]) -> dict[str, int]:
    """The id Boolky gave each sent phone: by phone, or by position if it reformatted them."""
    ids = {c.phone: c.id for c in answered}
    if len(answered) == len(contacts) and not all(c.phone in ids for c in contacts):
        ids = {c.phone: a.id for c, a in zip(contacts, answered, strict=True)}
    return ids


def ledger_entry(
    contact: NewContact, groups: tuple[str, ...], contact_id: int | None, state: str = "ok"
) -> LedgerEntry:
    """The ledger's row for a contact this pipeline writes."""
    return LedgerEntry(
        phone=contact.phone,
        contact_id=contact_id,
        name=contact.name,
        gender=contact.gender,
        mail=contact.mail,
        birthday=contact.birthday,
        groups=groups,
        state=state,  # type: ignore[arg-type]
    )
