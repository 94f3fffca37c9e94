"""Reconciliation: a write whose answer was lost is settled against Boolky, never resent blindly.

A write the client reports as ``OutcomeUnknownError`` went out and may have
landed -- and ``addContacts`` is not idempotent, so sending it again could
make every contact twice (or, under a Boolky that refuses known phones, be
refused for contacts that are there). So Boolky is read first (one
``getContacts``), what landed is settled as if its answer had come (the
ledger gets its ids), and only the rest is sent again, whole: splitting is
no answer to an unknown outcome, only to a refusal. A batch is reconciled at
most ``RECONCILIATIONS`` times; what has still not landed after that is
booked failed, "outcome unknown" (its ledger claim stays, so the next run
adopts it if it landed after all).

Whether a write landed is judged from what was known before it, never from
a read made before it (that would cost a read per batch):

* a contact sent with ``addContacts`` landed if Boolky holds its phone in
  every group of the batch under an id that phone did not have before (the
  plan's ids: the contact's own and its known copies) -- a create, a copy a
  duplicating Boolky made, a replace's re-add -- or under its own id with the
  values sent (an update in place);
* ``deleteContacts`` landed for the ids Boolky no longer holds (or, taking
  contacts out of a group, no longer holds in it);
* ``addGroup`` landed if a group of that name (in any case) exists that was
  not there before.

Batches in flight at once whose answers are lost share a read (``Reads``),
provided it started after each of their answers was given up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from typing import TypeVar

from boolky_sync.api import Account, BoolkyClient, Contact, Group, NewContact
from boolky_sync.errors import ApiError, OutcomeUnknownError
from boolky_sync.sync.apply.batches import Breaker, split_until_isolated
from boolky_sync.sync.remote import remote_frame

T = TypeVar("T")

RECONCILIATIONS = 3
"""Reads of Boolky a batch whose answers keep getting lost may cost; then it is booked failed."""

log = logging.getLogger(__name__)


class Reads:
    """``getContacts`` for reconciliations, shared by the batches that need one at once.

    A read can settle a lost answer only if it started after that answer was
    given up (else it may not show the write): a batch takes a ``ticket`` then,
    and ``after`` gives it the first read that started later -- one already
    running for another batch is waited out, and the batches that waited
    share the next one.
    """

    def __init__(self, client: BoolkyClient) -> None:
        self._client = client
        self._turn = threading.Condition()
        self._started = 0
        self._reading = False
        self._last: tuple[int, Account] | None = None

    def ticket(self) -> int:
        with self._turn:
            return self._started

    def after(self, ticket: int) -> Account:
        with self._turn:
            while True:
                if self._last is not None and self._last[0] > ticket:
                    return self._last[1]
                if not self._reading:
                    break
                self._turn.wait()
            self._reading = True
            self._started += 1
            number = self._started
        try:
            account = self._client.get_contacts()
            with self._turn:
                self._last = (number, account)
            return account
        finally:
            with self._turn:
                self._reading = False
                self._turn.notify_all()


def reconciling(
    send: Callable[[list[T]], None],
    reconcile: Callable[[list[T], Account], list[T]],
    refuse: Callable[[list[T], ApiError], None],
    breaker: Breaker,
    reads: Reads,
) -> Callable[[list[T]], bool | None]:
    """``send``, made safe for a lost answer: a ``split_until_isolated`` sender.

    On ``OutcomeUnknownError`` Boolky is read and ``reconcile`` settles what
    landed and returns the rest, which is sent again (whole; a refusal of it is
    split as usual) -- at most ``RECONCILIATIONS`` reads, then ``refuse`` gets
    the rest, as it does once the breaker is open (a stop, or failed calls in a
    row: a lost answer of which nothing landed counts as one).
    """

    def attempt(part: list[T], left: int) -> bool | None:
        try:
            send(part)
            return None
        except OutcomeUnknownError as error:
            unknown = error
        rest = reconcile(part, reads.after(reads.ticket()))
        if len(rest) == len(part):
            breaker.failed(unknown)  # nothing landed: as good as a failed call
        else:
            breaker.answered()
        left -= 1
        resent = len(rest) if left and not breaker.open else 0
        log.info(
            "%s answer lost for %s; Boolky was read: %d had landed, %d sent again%s",
            unknown.endpoint,
            _count(len(part)),
            len(part) - len(rest),
            resent,
            f", {len(rest) - resent} booked failed (outcome unknown)" if len(rest) > resent else "",
        )
        if resent:
            split_until_isolated(rest, partial(attempt, left=left), refuse, breaker)
        elif rest:
            refuse(rest, gave_up(unknown, RECONCILIATIONS - left))
        return False  # the breaker was told

    return partial(attempt, left=RECONCILIATIONS)


def add_group_reconciled(
    client: BoolkyClient, reads: Reads, name: str, known: Collection[int]
) -> Group:
    """``addGroup``, made safe for a lost answer: a group of that name that was not among
    the ``known`` ids is the one created; else it is created once more."""
    left = RECONCILIATIONS
    while True:
        try:
            return client.add_group(name)
        except OutcomeUnknownError as unknown:
            left -= 1
            found = group_named(reads.after(reads.ticket()), name, known)
            again = "had not landed, sent again" if left else "had not landed"
            log.info(
                "addGroup answer lost for group %s; Boolky was read: it %s",
                name,
                "had landed" if found else again,
            )
            if found is not None:
                return found
            if not left:
                raise gave_up(unknown, RECONCILIATIONS) from None


def gave_up(unknown: OutcomeUnknownError, reads: int) -> OutcomeUnknownError:
    """The error booked for what a lost answer left unsettled."""
    times = "once" if reads == 1 else f"{reads} times"
    return OutcomeUnknownError(
        f"outcome unknown: {unknown}; Boolky was read {times} "
        "and did not show it (the next run adopts it if it landed)",
        status_code=unknown.status_code,
        endpoint=unknown.endpoint,
    )


# -- what landed ------------------------------------------------------------------


def landed_contacts(
    account: Account,
    sent: Sequence[NewContact],
    group_ids: Collection[int],
    copies: Mapping[str, Collection[int]],
    own: Mapping[str, int],
) -> dict[str, int]:
    """Phone → the id that shows its ``addContacts`` landed, for the ``sent`` contacts that did.

    ``own`` is the id each phone's contact had (an update's), ``copies`` the ids
    of the other contacts holding it (the plan's duplicates): a contact in every
    one of ``group_ids`` under none of those ids is new (the newest wins), and
    the own contact counts only if it now holds what was sent.
    """
    remote = remote_frame(account)
    held = remote[remote["phone"].isin({c.phone for c in sent})]
    ids = set(held["id"].tolist())
    by_id = {c.id: c for c in account.contacts if c.id in ids}
    wanted = set(group_ids)
    holding: dict[str, list[Contact]] = {}
    for phone, contact_id, groups in zip(  # in id order
        held["phone"].tolist(), held["id"].tolist(), held["group_ids"].tolist(), strict=True
    ):
        if wanted <= set(groups):
            holding.setdefault(phone, []).append(by_id[contact_id])
    landed: dict[str, int] = {}
    for contact in sent:
        mine = own.get(contact.phone)
        before = {*copies.get(contact.phone, ()), mine}
        found = holding.get(contact.phone, [])
        new = [c.id for c in found if c.id not in before]
        if new:
            landed[contact.phone] = new[-1]
        elif mine is not None and any(c.id == mine and _holds(c, contact) for c in found):
            landed[contact.phone] = mine
    return landed


def still_held(account: Account, ids: Collection[int], group_id: int | None = None) -> set[int]:
    """The ``ids`` a ``deleteContacts`` has not yet removed: still on Boolky (in ``group_id``)."""
    wanted = set(ids)
    return {
        c.id
        for c in account.contacts
        if c.id in wanted and (group_id is None or group_id in c.group_ids)
    }


def group_named(account: Account, name: str, known: Collection[int]) -> Group | None:
    """The newest group called ``name`` (in any case) whose id is not ``known``."""
    key = name.casefold()
    found = [g for g in account.groups if g.name.casefold() == key and g.id not in known]
    return max(found, key=lambda g: g.id, default=None)


def _holds(remote: Contact, sent: NewContact) -> bool:
    """Whether a remote contact carries the values sent (the fields a write leaves out
    are Boolky's to keep)."""
    return remote.name == sent.name and all(
        getattr(remote, field) == value
        for field in ("gender", "mail", "birthday")
        if (value := getattr(sent, field))
    )


def _count(n: int) -> str:
    return f"{n:,} contact" + ("" if n == 1 else "s")
