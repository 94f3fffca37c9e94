"""Apply: the only code that writes to Boolky.

It carries out a Plan in DESIGN.md's order — groups, creates, updates and
membership adds, membership removals, deletes — so a run that dies midway has
lost nothing. Contacts go in batches per target group set (``addContacts``
takes one ``groupIds`` per call). A batch Boolky refuses is split in halves
until the refused contacts stand alone; they are recorded with Boolky's
``messageKey`` and their batch-mates land. A refused key stops everything.
The ledger is written before and after every call, so a run killed at any
point can be run again without duplicates.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TypeVar

from boolky_sync.api import ALL_GROUP_ID, BoolkyClient, Contact, NewContact
from boolky_sync.errors import ApiError, AuthError, NetworkError, RateLimitedError
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.ledger import Ledger, LedgerEntry
from boolky_sync.sync.model import Create, Delete, Plan, Record, Removal, Update

log = logging.getLogger(__name__)
T = TypeVar("T")

STOPPING = (AuthError, NetworkError, RateLimitedError)
"""Failures no smaller batch can cure: the key, the network, the rate limit."""


@dataclass
class ApplyResult:
    outcomes: list[Outcome] = field(default_factory=list)
    group_ids: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    """Planned changes left out by ``limit``."""

    @property
    def ok(self) -> int:
        return sum(1 for o in self.outcomes if o.ok and o.op != "create_group")

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if not o.ok and o.op != "create_group")


def apply_plan(
    plan: Plan,
    client: BoolkyClient,
    ledger: Ledger,
    *,
    limit: int | None = None,
    record: Callable[[list[Outcome]], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ApplyResult:
    """Carry out ``plan``; ``limit`` sends only the first N planned changes.

    ``record`` receives the outcomes of each batch as they happen (the run
    journal), ``progress`` the number of changes each batch settled.
    """
    work = _Work(plan, limit)
    result = ApplyResult(group_ids=dict(plan.group_ids), skipped=work.skipped)
    writer = _Writer(client, ledger, plan, result, record, progress)
    writer.create_groups(work.groups_needed())
    writer.run(writer.create_batches(work.creates))
    writer.run(writer.update_batches(work.updates))
    writer.run(writer.removal_batches(work.removals))
    writer.run(writer.delete_batches(work.deletes))
    return result


class _Work:
    """The part of the plan this run sends, in write order, cut at ``limit``."""

    def __init__(self, plan: Plan, limit: int | None) -> None:
        budget = plan.changes if limit is None else max(0, limit)
        self.skipped = max(0, plan.changes - budget)
        self.creates = plan.creates[:budget]
        budget -= len(self.creates)
        self.updates = plan.updates[:budget]
        budget -= len(self.updates)
        self.removals = plan.removals[:budget]
        budget -= len(self.removals)
        self.deletes = plan.deletes[:budget]
        self._plan = plan

    def groups_needed(self) -> list[str]:
        used = {g for c in self.creates for g in c.groups}
        used |= {g for u in self.updates for g in u.add_groups}
        return [name for name in self._plan.create_groups if name in used]


Batch = Callable[[], object]


class _Writer:
    """Sends batches and books their outcomes in the result, the journal and the ledger."""

    def __init__(
        self,
        client: BoolkyClient,
        ledger: Ledger,
        plan: Plan,
        result: ApplyResult,
        record: Callable[[list[Outcome]], None] | None,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.client = client
        self.ledger = ledger
        self.options = plan.options
        self.result = result
        self._record = record
        self._progress = progress

    # -- bookkeeping ------------------------------------------------------

    def book(self, outcomes: list[Outcome]) -> None:
        self.result.outcomes.extend(outcomes)
        if self._record is not None:
            self._record(outcomes)
        if self._progress is not None:
            self._progress(sum(1 for o in outcomes if o.op != "create_group"))

    def run(self, batches: Iterable[Batch]) -> None:
        """Run one phase's batches, ``concurrency`` at a time; the phase ends before the next."""
        batches = list(batches)
        if self.options.concurrency <= 1 or len(batches) <= 1:
            for batch in batches:
                batch()
            return
        with ThreadPoolExecutor(max_workers=self.options.concurrency) as pool:
            futures = [pool.submit(batch) for batch in batches]
            done, pending = wait(futures, return_when=FIRST_EXCEPTION)
            for future in pending:
                future.cancel()
            for future in done:
                future.result()  # a stopping error (the key, the network) surfaces here

    def group_ids(self, names: Iterable[str]) -> tuple[int, ...] | None:
        ids = [self.result.group_ids.get(name) for name in names]
        if any(i is None for i in ids):
            return None
        return tuple(sorted(i for i in ids if i is not None and i != ALL_GROUP_ID))

    # -- phases -----------------------------------------------------------

    def create_groups(self, names: list[str]) -> None:
        for name in names:
            try:
                group = self.client.add_group(name)
            except STOPPING:
                raise
            except ApiError as error:
                self.book([_failed("create_group", None, None, error, group=name)])
                continue
            self.result.group_ids[name] = group.id
            self.book([Outcome("create_group", None, group.id, name, True)])

    def create_batches(self, creates: Sequence[Create]) -> Iterator[Batch]:
        buckets: dict[tuple[str, ...], list[Create]] = defaultdict(list)
        for create in creates:
            buckets[create.groups].append(create)
        for names, items in buckets.items():
            for chunk in _chunks(items, self.options.batch_size):
                records = [c.record for c in chunk]
                yield partial(self._add, "create", names, records, {}, {})

    def update_batches(self, updates: Sequence[Update]) -> Iterator[Batch]:
        buckets: dict[tuple[str, ...], list[Update]] = defaultdict(list)
        for update in updates:
            buckets[update.groups].append(update)
        for names, items in buckets.items():
            for chunk in _chunks(items, self.options.batch_size):
                yield partial(self._update, names, chunk)

    def removal_batches(self, removals: Sequence[Removal]) -> Iterator[Batch]:
        buckets: dict[str, list[Removal]] = defaultdict(list)
        for removal in removals:
            buckets[removal.group].append(removal)
        for group, items in buckets.items():
            for chunk in _chunks(items, self.options.batch_size):
                yield partial(self._remove, group, chunk)

    def delete_batches(self, deletes: Sequence[Delete]) -> Iterator[Batch]:
        for chunk in _chunks(deletes, self.options.batch_size):
            yield partial(self._delete, chunk)

    # -- one batch of each kind -------------------------------------------

    def _add(
        self,
        op: str,
        names: tuple[str, ...],
        records: list[Record],
        old_ids: dict[str, int],
        written_groups: dict[str, tuple[str, ...]],
        moved: dict[str, int] | None = None,
    ) -> list[Record]:
        """addContacts for records sharing one group set; returns the records Boolky refused.

        The ledger records for each phone the groups in ``written_groups`` (the
        source's groups), ``names`` where it has none. With ``moved``, a phone
        Boolky answered with another id than ``old_ids`` has is not recorded but
        put there (its old copy still exists: see ``_readd``).
        """
        group_ids = self.group_ids(names)
        if group_ids is None:
            self._no_group(op, names, records, old_ids)
            return list(records)
        if op == "create":
            self.ledger.mark_pending(_entry(r, names, None, "pending") for r in records)
        refused: list[Record] = []

        def send(part: list[Record]) -> None:
            contacts = self.client.add_contacts([_new_contact(r) for r in part], group_ids)
            ids = _ids_by_phone(part, contacts)
            settled = []
            for record in part:
                new_id = ids.get(record.phone, old_ids.get(record.phone))
                old_id = old_ids.get(record.phone)
                if moved is not None and new_id is not None and new_id != old_id:
                    moved[record.phone] = new_id
                else:
                    groups = written_groups.get(record.phone, names)
                    settled.append(_entry(record, groups, new_id))
            self.ledger.record_written(settled)
            self.book([Outcome(op, r.phone, ids.get(r.phone), None, True) for r in part])

        def refuse(part: list[Record], error: ApiError) -> None:
            refused.extend(part)
            self.book([_failed(op, r.phone, old_ids.get(r.phone), error) for r in part])

        _split_until_isolated(records, send, refuse)
        if op == "create" and refused:
            # Never created: the claim goes, or a contact someone adds by hand later
            # with that phone would be taken for this pipeline's (a restore keeps its row).
            self.ledger.forget(
                r.phone
                for r in refused
                if (entry := self.ledger.get(r.phone)) is not None and entry.state == "pending"
            )
        return refused

    def _no_group(
        self, op: str, names: tuple[str, ...], records: list[Record], old_ids: dict[str, int]
    ) -> None:
        missing = ", ".join(n for n in names if n not in self.result.group_ids)
        detail = f"group {missing} could not be created"
        self.book(
            [
                Outcome(op, r.phone, old_ids.get(r.phone), None, False, "groupNotCreated", detail)
                for r in records
            ]
        )

    def _update(self, names: tuple[str, ...], chunk: list[Update]) -> None:
        records = [u.record for u in chunk]
        old_ids = {u.record.phone: u.contact_id for u in chunk}
        written = {u.record.phone: u.source_groups for u in chunk}
        if self.group_ids(names) is None:
            # Checked before a replace deletes anything: a contact is never deleted
            # for a re-add that cannot be sent.
            self._no_group("update", names, records, old_ids)
            return
        before = self._claim(chunk)
        if self.options.update_strategy == "readd":
            self._readd(names, chunk, old_ids, written, before)
            return
        try:
            self.client.delete_contacts(list(old_ids.values()), permanent=True)
        except STOPPING:
            raise
        except ApiError as error:
            self.book([_failed("update", r.phone, old_ids[r.phone], error) for r in records])
            self._unclaim([u.record.phone for u in chunk], before)
            return
        refused = self._add("update", names, records, old_ids, written)
        if refused:
            by_phone = {u.record.phone: u for u in chunk}
            self._put_back([by_phone[r.phone] for r in refused])
            self.ledger.forget(r.phone for r in refused if before[r.phone] is None)

    def _claim(self, chunk: list[Update]) -> dict[str, LedgerEntry | None]:
        """Before a re-add or a replace: each contact goes in the ledger as ``replacing``,
        under its current id and with the fields about to be written, so that a run killed
        before the write settles is recognised by the next (an old copy beside a new one
        that holds those fields, or a contact deleted and not yet added back).
        Returns the ledger entries as they were (None: not this pipeline's before)."""
        before = {u.record.phone: self.ledger.get(u.record.phone) for u in chunk}
        entries = [_entry(u.record, u.source_groups, u.contact_id) for u in chunk]
        self.ledger.record_written(e for e in entries if before[e.phone] is not None)
        self.ledger.mark_pending(e for e in entries if before[e.phone] is None)
        self.ledger.mark_replacing(before)
        return before

    def _unclaim(self, phones: Iterable[str], before: dict[str, LedgerEntry | None]) -> None:
        """Undo ``_claim`` for contacts whose update did not happen."""
        phones = list(phones)
        self.ledger.forget(p for p in phones if before[p] is None)
        self.ledger.record_written(e for p in phones if (e := before[p]) is not None)

    def _readd(
        self,
        names: tuple[str, ...],
        chunk: list[Update],
        old_ids: dict[str, int],
        written: dict[str, tuple[str, ...]],
        before: dict[str, LedgerEntry | None],
    ) -> None:
        """Send the contacts again; where Boolky made new contacts instead of updating them,
        delete the old copies, and only then move the ledger to the new ones.

        The new contact carries every group of the old one plus the added ones, so
        deleting the old leaves exactly one contact, complete. Killed in between,
        the ledger still names the old copy as ``replacing``, and the next plan
        deletes it (``_Phones.stale`` in the plan).
        """
        moved: dict[str, int] = {}
        refused = self._add("update", names, [u.record for u in chunk], old_ids, written, moved)
        self._unclaim([r.phone for r in refused], before)
        if not moved:
            return
        log.warning(
            "Boolky created %d new contacts instead of updating them; deleting the old copies",
            len(moved),
        )
        try:
            self.client.delete_contacts([old_ids[p] for p in moved], permanent=True)
        except STOPPING:
            raise
        except ApiError as error:
            log.warning("could not delete the old copies (the next run will): %s", error)
            return
        by_phone = {u.record.phone: u for u in chunk}
        self.ledger.record_written(
            _entry(by_phone[p].record, written.get(p, names), new_id) for p, new_id in moved.items()
        )

    def _put_back(self, updates: list[Update]) -> None:
        """Re-add, as they were, contacts a replace deleted and whose new version Boolky refused.

        The update stays failed (and reported); the contact is not lost. Its ledger
        entry stays ``replacing`` and the next run adopts it with its new id.
        """
        buckets: dict[tuple[str, ...], list[Record]] = defaultdict(list)
        for update in updates:
            before = {name: values[0] for name, values in update.changes.items()}
            original = replace(update.record, **before)
            buckets[tuple(g for g in update.groups if g not in update.add_groups)].append(original)
        for names, records in buckets.items():
            group_ids = self.group_ids(names)

            def send(part: list[Record], group_ids: tuple[int, ...] = group_ids or ()) -> None:
                self.client.add_contacts([_new_contact(r) for r in part], group_ids)

            def lost(part: list[Record], error: ApiError) -> None:
                log.error(
                    "a replace deleted %d contacts that Boolky refused to take back (%s): %s",
                    len(part),
                    error.message_key or type(error).__name__,
                    ", ".join(r.phone for r in part),
                )

            _split_until_isolated(records, send, lost)

    def _remove(self, group: str, chunk: list[Removal]) -> None:
        group_id = self.result.group_ids.get(group)
        if group_id is None:
            detail = f"group {group} is not on Boolky"
            self.book(
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
            for removal in part:
                self.ledger.remove_groups(removal.phone, [group])
            self.book([Outcome("remove", r.phone, r.contact_id, group, True) for r in part])

        def refuse(part: list[Removal], error: ApiError) -> None:
            self.book([_failed("remove", r.phone, r.contact_id, error, group=group) for r in part])

        _split_until_isolated(chunk, send, refuse)

    def _delete(self, chunk: list[Delete]) -> None:
        def send(part: list[Delete]) -> None:
            self.client.delete_contacts([d.contact_id for d in part], permanent=True)
            self.ledger.forget(d.phone for d in part if d.replaced_by is None)
            self.ledger.record_written(
                replace(entry, contact_id=d.replaced_by, state="ok")
                for d in part
                if d.replaced_by is not None and (entry := self.ledger.get(d.phone)) is not None
            )
            self.book([Outcome("delete", d.phone, d.contact_id, None, True) for d in part])

        def refuse(part: list[Delete], error: ApiError) -> None:
            self.book([_failed("delete", d.phone, d.contact_id, error) for d in part])

        _split_until_isolated(chunk, send, refuse)


def _split_until_isolated(
    items: list[T],
    send: Callable[[list[T]], None],
    refuse: Callable[[list[T], ApiError], None],
) -> None:
    """Send ``items``; if Boolky refuses, send each half, down to single items.

    A key, network or rate-limit failure is not about the items, so it stops
    the run instead of being split.
    """
    try:
        send(items)
    except STOPPING:
        raise
    except ApiError as error:
        if len(items) == 1:
            refuse(items, error)
            return
        middle = len(items) // 2
        _split_until_isolated(items[:middle], send, refuse)
        _split_until_isolated(items[middle:], send, refuse)


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), max(1, size)):
        yield list(items[start : start + size])


def _new_contact(record: Record) -> NewContact:
    return NewContact(record.name, record.phone, record.birthday, record.gender, record.mail)


def _ids_by_phone(records: list[Record], contacts: list[Contact]) -> dict[str, int]:
    """The id Boolky gave each sent phone: by phone, or by position if it reformatted them."""
    ids = {c.phone: c.id for c in contacts}
    if len(contacts) == len(records) and not all(r.phone in ids for r in records):
        ids = {r.phone: c.id for r, c in zip(records, contacts, strict=True)}
    return ids


def _entry(
    record: Record, groups: tuple[str, ...], contact_id: int | None, state: str = "ok"
) -> LedgerEntry:
    return LedgerEntry(
        phone=record.phone,
        contact_id=contact_id,
        name=record.name,
        gender=record.gender,
        mail=record.mail,
        birthday=record.birthday,
        groups=groups,
        state=state,  # type: ignore[arg-type]
    )


def _failed(
    op: str, phone: str | None, contact_id: int | None, error: ApiError, *, group: str | None = None
) -> Outcome:
    key = error.message_key or type(error).__name__
    return Outcome(op, phone, contact_id, group, False, key, str(error))
