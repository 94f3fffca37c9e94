"""A plan's changes as records of what each contact was and was to become.

``history`` has to say, years later, what a run did to one contact; ``undo``
has to put back what a run changed; ``retry`` has to send again what failed,
without the source. The plan says that only in terms of the remote state it
was made on (an update knows the fields that differ, a deletion only the
contact's id and name), so the state each change starts from is taken here,
when the plan is about to be applied, from the contacts Boolky held at
planning time. The journal keeps one ``Change`` per planned write; its
outcomes say which landed.

A contact's state is a plain dict -- ``name``, ``gender``, ``mail``,
``birthday``, ``groups`` (names, sorted; "All", which every contact is in,
left out) -- the form the journal stores as JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from boolky_sync.api.records import ALL_GROUP_ID, Account, Contact, NewContact
from boolky_sync.sync.model import Plan

State = dict[str, Any]
"""One contact's fields and groups; see the module."""


@dataclass(frozen=True, slots=True)
class Change:
    """One planned write: ``before`` is the contact as Boolky held it (``None`` for a
    contact to be created), ``after`` as it is to become (``None`` once deleted)."""

    op: str
    """``create_group``, ``create``, ``update``, ``remove`` (from ``group``), ``delete``, or
    ``move``: no write but a link, a record (``record_id``) that moved from ``before``'s
    ``phone`` to ``after``'s, recorded under each of the two numbers; its writes are the
    new number's create or update and the old one's removal or deletion."""
    phone: str | None
    contact_id: int | None
    group: str | None
    before: State | None
    after: State | None


def remote_states(account: Account, plan: Plan) -> dict[int, State]:
    """The state of every remote contact ``plan`` writes, by id: what it changes from."""
    touched = {u.contact_id for u in plan.updates}
    touched.update(r.contact_id for r in plan.removals)
    touched.update(d.contact_id for d in plan.deletes)
    if not touched:  # a plan of creates only: no need to walk the account
        return {}
    names = {g.id: g.name for g in account.groups}
    return {c.id: remote_state(c, names) for c in account.contacts if c.id in touched}


def planned_changes(plan: Plan, before: Mapping[int, State]) -> list[Change]:
    """Every write of ``plan`` with its start and end state; ``before`` is ``remote_states``.

    A contact missing from ``before`` (a saved plan applied by a process that did not
    read Boolky's contacts itself) is recorded with what the plan knows of it.
    """
    changes = [Change("create_group", None, None, name, None, None) for name in plan.create_groups]
    changes += [
        Change("create", c.record.phone, None, None, None, _state(c.record, c.groups))
        for c in plan.creates
    ]
    for u in plan.updates:
        was = before.get(u.contact_id) or _state(
            u.previous, tuple(set(u.groups) - set(u.add_groups))
        )
        changes.append(
            Change("update", u.record.phone, u.contact_id, None, was, _state(u.record, u.groups))
        )
    for r in plan.removals:
        was = before.get(r.contact_id) or {"name": r.name, "groups": [r.group]}
        left = [g for g in was.get("groups", []) if g != r.group]
        changes.append(
            Change("remove", r.phone, r.contact_id, r.group, was, {**was, "groups": left})
        )
    for d in plan.deletes:
        was = before.get(d.contact_id) or {"name": d.name}
        changes.append(Change("delete", d.phone, d.contact_id, None, was, None))
    changes += [Change("delete_group", None, None, name, None, None) for name in plan.delete_groups]
    for m in plan.moves:  # a link, not a write: kept under both numbers for ``history``
        was, now = ({"record_id": m.record_id, "phone": p} for p in (m.old_phone, m.phone))
        changes += [Change("move", phone, None, None, was, now) for phone in (m.phone, m.old_phone)]
    return changes


def _state(record: NewContact, groups: tuple[str, ...]) -> State:
    return {
        "name": record.name,
        "gender": record.gender,
        "mail": record.mail,
        "birthday": record.birthday,
        "groups": sorted(groups),
    }


def remote_state(contact: Contact, names: Mapping[int, str]) -> State:
    """A contact as Boolky holds it, in the form ``before`` and ``after`` take."""
    groups = sorted(names[i] for i in contact.group_ids if i in names and i != ALL_GROUP_ID)
    return {
        "name": contact.name,
        "gender": contact.gender,
        "mail": contact.mail,
        "birthday": contact.birthday,
        "groups": groups,
    }
