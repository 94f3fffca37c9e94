"""A Plan: the writes that make Boolky agree with the source, as data.

A plan is computed without I/O, can be shown, saved and applied later. Its
file is versioned, sorted and stable (the same plan writes the same bytes),
carries a fingerprint of the remote state it was computed from so a stale
plan is refused, and holds personal data, so it is written for its owner only.
It never holds the API key: nothing here ever sees it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from boolky_sync.api.records import NewContact
from boolky_sync.errors import InputError
from boolky_sync.sync.options import SyncOptions

PLAN_VERSION = 1
CONTACT_FIELDS = ("name", "gender", "mail", "birthday")
"""The contact fields Boolky stores besides the phone, in its own spelling."""


@dataclass(frozen=True, slots=True)
class Create:
    record: NewContact
    groups: tuple[str, ...]
    restore: bool = False
    """Re-adds a ledger contact that was deleted on Boolky (``remote_deletions = "restore"``)."""


@dataclass(frozen=True, slots=True)
class Update:
    contact_id: int
    record: NewContact
    """The whole record to send: changed fields, and the remote values of the others."""
    changes: dict[str, tuple[Any, Any]]
    """Field → (on Boolky, wanted); only the fields that differ."""
    add_groups: tuple[str, ...]
    groups: tuple[str, ...]
    """Every group the contact is to be in afterwards (its remote groups plus the added)."""
    source_groups: tuple[str, ...] = ()
    """The groups this pipeline speaks for (the source's), which the ledger records as
    written: not ``groups``, which holds memberships made by others too."""
    group_ids: tuple[int, ...] = ()
    """The remote contact's groups by id ("All" left out): what a new copy carries over
    and a put-back restores, exactly -- two groups may share a name."""

    @property
    def previous(self) -> NewContact:
        """The contact as Boolky holds it: the record with each changed field as it was."""
        return replace(self.record, **{name: old for name, (old, _) in self.changes.items()})

    @property
    def clears(self) -> bool:
        """Whether the update empties a field (``empty_clears``), which a write in place
        cannot do: Boolky keeps a field the request leaves out."""
        return any(new is None and old is not None for old, new in self.changes.values())


@dataclass(frozen=True, slots=True)
class Removal:
    """Take a contact out of one managed group (``deleteContacts`` with ``permanent: false``)."""

    contact_id: int
    phone: str
    name: str
    group: str


@dataclass(frozen=True, slots=True)
class Delete:
    contact_id: int
    phone: str
    name: str
    reason: str
    replaced_by: int | None = None
    """Set for an old copy an interrupted update left beside the new one: the contact
    stays (as ``replaced_by``), so the ledger moves to it instead of forgetting the phone."""


@dataclass(frozen=True, slots=True)
class Move:
    """A known record (``[source.mapping] id``) whose phone changed: the new number is
    written with the record's fields and groups (a create or an update of the plan), the
    old one leaves the managed groups (a removal, or a deletion) in the same plan."""

    record_id: str
    phone: str
    """The new number."""
    old_phone: str


@dataclass
class Plan:
    fingerprint: str
    options: SyncOptions
    group_ids: dict[str, int]
    """Existing groups by name at planning time; groups in ``create_groups`` get ids on apply."""
    create_groups: list[str] = field(default_factory=list)
    creates: list[Create] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    deletes: list[Delete] = field(default_factory=list)
    delete_groups: list[str] = field(default_factory=list)
    """Groups to delete once the plan's writes are done, each only if it is empty then:
    the groups a run created, taken back by its undo (``sync.undo``)."""
    moves: list[Move] = field(default_factory=list)
    """Records whose phone changed; their writes are among the others, and the guard does
    not count their old numbers' removals as losses."""
    unchanged: int = 0
    in_scope: int = 0
    """Contacts a mirror may touch: ledger contacts on Boolky, or all of them account-wide."""
    remote_duplicates: dict[str, list[int]] = field(default_factory=dict)
    """Phone → ids of the remote contacts that share it."""
    respected_deletions: list[str] = field(default_factory=list)
    """Ledger phones deleted on Boolky that are left deleted."""
    suppressed: list[str] = field(default_factory=list)
    """Source phones held back because they are on the suppression list: never written,
    and a mirror's removals of them are not counted by the delete guard."""
    opted_out: list[str] = field(default_factory=list)
    """Phones the plan removes or deletes that are on the suppression list (or said no in
    this very source), in the source or not: opt-outs the delete guard never counts."""
    extra_copies: dict[str, list[int]] = field(default_factory=dict)
    """Phone → ids of the copies this pipeline made beside the one it keeps."""
    made_by_hand: dict[str, list[int]] = field(default_factory=dict)
    """Phone → ids of contacts with a phone this pipeline wrote, made again by hand
    (an id the ledger never wrote): left alone."""
    notes: list[str] = field(default_factory=list)
    pipeline: str = ""
    """The pipeline file the plan was made for, so ``apply`` finds its target and ledger."""
    blocked: str | None = None
    """Why the safety guard stopped this plan (``check_guard``); its removals and deletions
    were not sent. A saved blocked plan says so, and applying it meets the guard again."""
    gone: list[str] | None = field(default=None, compare=False)
    """Confirmed ledger phones the answer planned on lacks, for the ledger to remember once
    a run that writes has believed it (``Ledger.set_gone``); not saved in a plan file."""
    before: dict[int, dict[str, Any]] | None = field(default=None, compare=False)
    """Every remote contact the plan writes, by id, as Boolky held it when the plan was made
    or checked (``changes.remote_states``), for the journal; not saved in a plan file."""

    @property
    def changes(self) -> int:
        """Planned changes of contacts (group creations not counted)."""
        return len(self.creates) + len(self.updates) + len(self.removals) + len(self.deletes)

    @property
    def is_empty(self) -> bool:
        return self.changes == 0 and not self.create_groups and not self.delete_groups

    def counts(self) -> dict[str, int]:
        return {
            "create": len(self.creates),
            "update": len(self.updates),
            "remove": len(self.removals),
            "delete": len(self.deletes),
            "move": len(self.moves),
            "create_groups": len(self.create_groups),
            "unchanged": self.unchanged,
        }

    def to_json(self) -> str:
        body = {
            "version": PLAN_VERSION,
            "fingerprint": self.fingerprint,
            "options": self.options.to_dict(),
            "group_ids": dict(sorted(self.group_ids.items())),
            "create_groups": self.create_groups,
            "creates": [_create_wire(c) for c in self.creates],
            "updates": [_update_wire(u) for u in self.updates],
            "removals": [asdict(r) for r in self.removals],
            "deletes": [asdict(d) for d in self.deletes],
            "unchanged": self.unchanged,
            "in_scope": self.in_scope,
            "remote_duplicates": dict(sorted(self.remote_duplicates.items())),
            "respected_deletions": self.respected_deletions,
            "notes": self.notes,
            "pipeline": self.pipeline,
        }
        if self.blocked is not None:  # only then: an unblocked plan keeps its old bytes
            body["blocked"] = self.blocked
        for listed in ("suppressed", "opted_out", "delete_groups"):  # only when there are any
            if found := getattr(self, listed):
                body[listed] = found
        if self.moves:
            body["moves"] = [asdict(m) for m in self.moves]
        for name in ("extra_copies", "made_by_hand"):
            if found := getattr(self, name):
                body[name] = dict(sorted(found.items()))
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source: str = "plan") -> Plan:
        try:
            body = json.loads(text)
            if body.get("version") != PLAN_VERSION:
                raise InputError(
                    f"{source}: plan version {body.get('version')!r} is not {PLAN_VERSION}; "
                    "make the plan again with this version of boolky-sync"
                )
            return cls(
                fingerprint=body["fingerprint"],
                options=SyncOptions.from_dict(body["options"]),
                group_ids={str(k): int(v) for k, v in body["group_ids"].items()},
                create_groups=list(body["create_groups"]),
                creates=[_create(c) for c in body["creates"]],
                updates=[_update(u, body["group_ids"]) for u in body["updates"]],
                removals=[Removal(**r) for r in body["removals"]],
                deletes=[Delete(**d) for d in body["deletes"]],
                delete_groups=[str(g) for g in body.get("delete_groups", [])],
                moves=[Move(**m) for m in body.get("moves", [])],
                unchanged=int(body["unchanged"]),
                in_scope=int(body["in_scope"]),
                remote_duplicates=_ids(body["remote_duplicates"]),
                respected_deletions=list(body["respected_deletions"]),
                suppressed=[str(p) for p in body.get("suppressed", [])],
                opted_out=[str(p) for p in body.get("opted_out", [])],
                notes=list(body["notes"]),
                pipeline=str(body.get("pipeline", "")),
                blocked=None if body.get("blocked") is None else str(body["blocked"]),
                extra_copies=_ids(body.get("extra_copies", {})),
                made_by_hand=_ids(body.get("made_by_hand", {})),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{source}: not a boolky-sync plan file ({exc})") from None

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the plan readable by its owner only (it holds names and numbers)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(self.to_json())
        target.chmod(0o600)
        return target

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Plan:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot read the plan file ({exc.strerror})") from None
        return cls.from_json(text, source=str(path))


def _contact_wire(contact: NewContact) -> dict[str, Any]:
    """A contact as the plan file holds it: every field, the phone first (the order plan
    files have always had, so the same plan keeps making the same bytes)."""
    return {name: getattr(contact, name) for name in ("phone", *CONTACT_FIELDS)}


def _create_wire(create: Create) -> dict[str, Any]:
    body = asdict(create)
    body["record"] = _contact_wire(create.record)
    return body


def _update_wire(update: Update) -> dict[str, Any]:
    body = asdict(update)
    body["record"] = _contact_wire(update.record)
    body["changes"] = {k: list(v) for k, v in sorted(update.changes.items())}
    return body


def _ids(body: dict[str, Any]) -> dict[str, list[int]]:
    return {str(k): [int(i) for i in v] for k, v in body.items()}


def _create(body: dict[str, Any]) -> Create:
    return Create(NewContact(**body["record"]), tuple(body["groups"]), bool(body["restore"]))


def _update(body: dict[str, Any], group_ids: dict[str, int]) -> Update:
    """An update as a plan file holds it; one saved before updates carried their group
    ids gets them from the names of the groups the contact was in."""
    groups = tuple(body["groups"])
    add_groups = tuple(body["add_groups"])
    if "group_ids" in body:
        ids = tuple(int(i) for i in body["group_ids"])
    else:
        ids = tuple(
            sorted({group_ids[g] for g in groups if g not in add_groups and group_ids.get(g)})
        )
    return Update(
        contact_id=int(body["contact_id"]),
        record=NewContact(**body["record"]),
        changes={k: (v[0], v[1]) for k, v in body["changes"].items()},
        add_groups=add_groups,
        groups=groups,
        source_groups=tuple(body.get("source_groups", ())),
        group_ids=ids,
    )
