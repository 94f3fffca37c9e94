"""The inverse of a run, as a Plan: what ``boolky-sync undo`` shows and applies.

Built from the journal -- every write the run set out to make, each contact
before and after (``changes``), and which of them landed (``outcomes``) -- and
checked against Boolky as it is now. Only what landed is taken back, so a run
cut short is undone as far as it got. A contact is put back only if it is still
exactly as the run left it: one changed since (by hand, by another run) is left
as it is and named, for a person to decide. No I/O here: the plan is data, and
the same engine as any run's applies it (``apply_plan``), so an undo is a run of
its own, with changes of its own -- undoing it redoes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from boolky_sync.api.records import ALL_GROUP_ID, Account, Contact, NewContact
from boolky_sync.sync.changes import Change, State, remote_state, remote_states
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.model import CONTACT_FIELDS, Create, Delete, Plan, Removal, Update
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.remote import fingerprint, remote_frame

CHANGED_SINCE = "changed since: left as it is"
"""Why a contact is not put back: someone changed it after the run."""


@dataclass
class Undo:
    """The inverse plan, and the contacts it leaves alone, phone → why."""

    plan: Plan
    left: dict[str, str] = field(default_factory=dict)


def inverse_plan(
    run_id: int, changes: list[Change], outcomes: list[Outcome], account: Account
) -> Undo:
    """The plan that takes back what run ``run_id`` wrote and Boolky took (``outcomes``)."""
    landed = _landed(changes, outcomes)
    names = {g.id: g.name for g in account.groups}
    by_phone = _contacts_by_phone(account)
    plan = Plan(
        fingerprint=fingerprint(remote_frame(account), [(g.id, g.name) for g in account.groups]),
        # replace: an undo may have to empty a field the run filled, which a re-add cannot
        options=SyncOptions(mode="mirror", update_strategy="replace", empty_clears=True),
        group_ids={g.name: g.id for g in account.groups if g.id != ALL_GROUP_ID},
        in_scope=len(account.contacts),
        notes=[f"undo of run {run_id}"],
    )
    undo = Undo(plan)
    for phone, steps in _per_phone(landed).items():
        first = steps[0][0]
        wanted = first.before if first.op != "create" else None
        left_by_run = _replay(wanted, steps)
        now = by_phone.get(phone, [])
        current = remote_state(now[0], names) if now else None
        if current != left_by_run:
            if current != wanted:  # already as it was before the run: nothing to do
                undo.left[phone] = CHANGED_SINCE
            continue
        _put_back(plan, phone, now[0] if now else None, current, wanted, run_id, names)
    needed = {g for c in plan.creates for g in c.groups}
    needed |= {g for u in plan.updates for g in u.add_groups}
    plan.create_groups = sorted(needed - set(plan.group_ids))
    made = [c.group for c, _ in landed if c.op == "create_group" and c.group is not None]
    plan.delete_groups = [g for g in made if g in plan.group_ids and g not in needed]
    plan.before = remote_states(account, plan)
    return undo


def _landed(changes: list[Change], outcomes: list[Outcome]) -> list[tuple[Change, int | None]]:
    """The changes Boolky took, each with the contact id its outcome names."""
    ok = {(o.op, o.phone, o.group if o.op in ("remove", "create_group") else None): o.contact_id
          for o in outcomes if o.ok}  # fmt: skip
    found = []
    for change in changes:
        key = (
            change.op,
            change.phone,
            change.group if change.op in ("remove", "create_group") else None,
        )
        if key in ok:
            found.append((change, ok[key]))
    return found


def _per_phone(
    landed: Iterable[tuple[Change, int | None]],
) -> dict[str, list[tuple[Change, int | None]]]:
    steps: dict[str, list[tuple[Change, int | None]]] = {}
    for change, contact_id in landed:
        if change.phone is not None:
            steps.setdefault(change.phone, []).append((change, contact_id))
    return steps


def _replay(start: State | None, steps: list[tuple[Change, int | None]]) -> State | None:
    """The contact as the run left it: ``start`` with each landed change's difference made.

    A removal's ``after`` is the contact before the run less one group, not after the
    run's other writes, so differences are added up rather than the last ``after`` taken."""
    state = None if start is None else {**start, "groups": list(start.get("groups", []))}
    for change, _ in steps:
        if change.after is None:
            state = None
        elif change.before is None or state is None:
            state = {**change.after, "groups": sorted(change.after.get("groups", []))}
        else:
            groups = set(state["groups"])
            groups |= set(change.after.get("groups", [])) - set(change.before.get("groups", []))
            groups -= set(change.before.get("groups", [])) - set(change.after.get("groups", []))
            # a removal's fields are the contact's before the run, not a write of its own
            fields = {f: change.after.get(f) for f in CONTACT_FIELDS if change.op == "update"}
            state = {**state, **fields, "groups": sorted(groups)}
    return state


def _put_back(
    plan: Plan,
    phone: str,
    contact: Contact | None,
    current: State | None,
    wanted: State | None,
    run_id: int,
    names: dict[int, str],
) -> None:
    """Add to ``plan`` the writes that turn ``current`` into ``wanted`` (``names``: the
    account's groups by id)."""
    if contact is None or current is None:
        if wanted is not None:  # the run deleted it: made again, every field and group
            plan.creates.append(Create(_record(phone, wanted), tuple(wanted["groups"])))
        return
    if wanted is None:  # the run created it
        reason = f"created by run {run_id}, which is undone"
        plan.deletes.append(Delete(contact.id, phone, contact.name, reason))
        return
    fields = {f: (current.get(f), wanted.get(f)) for f in CONTACT_FIELDS}
    changed = {f: pair for f, pair in fields.items() if pair[0] != pair[1]}
    added = tuple(sorted(set(wanted["groups"]) - set(current["groups"])))
    leaving = sorted(set(current["groups"]) - set(wanted["groups"]))
    update = Update(
        contact_id=contact.id,
        record=_record(phone, wanted),
        changes=changed,
        add_groups=added,
        groups=tuple(sorted({*current["groups"], *added} - set(leaving))),
        # the groups it stays in, by id: a contact written anew is not put back in the others
        group_ids=tuple(
            sorted(
                i for i in contact.group_ids if i != ALL_GROUP_ID and names.get(i) not in leaving
            )
        ),
    )
    if changed or added:
        plan.updates.append(update)
    if update.clears:  # written anew, as a new contact, in the groups it keeps: nothing to leave
        return
    for group in leaving:
        plan.removals.append(Removal(contact.id, phone, wanted.get("name") or contact.name, group))


def _record(phone: str, state: State) -> NewContact:
    return NewContact(
        name=state["name"],
        phone=phone,
        birthday=state.get("birthday"),
        gender=state.get("gender"),
        mail=state.get("mail"),
    )


def _contacts_by_phone(account: Account) -> dict[str, list[Contact]]:
    """Boolky's contacts by phone in E.164 as planning reads them (the journal's key),
    oldest first."""
    frame = remote_frame(account)
    phones = dict(zip(frame["id"].tolist(), frame["phone"].tolist(), strict=True))
    found: dict[str, list[Contact]] = {}
    for contact in sorted(account.contacts, key=lambda c: c.id):
        phone = phones.get(contact.id)
        if isinstance(phone, str):
            found.setdefault(phone, []).append(contact)
    return found
