"""The sandbox's Boolky account: its contacts and groups in SQLite, and Boolky's rules.

The store takes request bodies as decoded JSON and returns ``result.data`` in
Boolky's wire shapes, quirks included (``notValid`` 0/1 and ``birthDay`` in
getContacts, a bool and ``birthday`` in addContacts), so the client is tested
against what it will really read. A request that breaks a rule raises
``Refusal`` before anything is written: every request is all or nothing.

Choices for what Boolky's documentation leaves open (README "Unknown"):

* A phone that already exists in addContacts (phones compared on their digits
  and a leading ``+``; a phone repeated inside one request counts as existing
  for its later copy) follows ``duplicate_policy``:

  - ``"upsert"`` updates the existing contact (name always; gender, mail and
    birthday when the request carries them; the phone keeps its first spelling),
    adds it to the request's groups and lists it with its existing id;
  - ``"duplicate"`` creates another contact with the same phone;
  - ``"reject"`` refuses the **whole** request with ``contactAlreadyExists``
    naming the phone. Refusing the whole batch rather than dropping the one
    contact keeps every request atomic; a client isolates the refused contact
    by splitting the batch.

* Phones are stored as sent, never normalised; ``notValid`` flags any phone
  that is not ``+`` followed by 8 to 15 digits.
* Group names need not be unique. A group's ``notValid`` is true when it holds
  contacts and all of them are invalid.
* ``deleteContacts`` ignores ids it does not know, and ignores ``groupId`` when
  ``permanent`` is true (the documented example sends both).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from os import PathLike
from typing import Any, Literal, TypeGuard

from boolky_sync.api.records import ALL_GROUP_ID
from boolky_sync.errors import InputError

DuplicatePolicy = Literal["upsert", "duplicate", "reject"]
DUPLICATE_POLICIES: tuple[DuplicatePolicy, ...] = ("upsert", "duplicate", "reject")

CUSTOMER_ID = 7
"""The account's own id, as in Boolky's examples; every group carries it."""

FIRST_CONTACT_ID = 1000
NAME_MAX = 50
GROUP_NAME_MAX = 25

_CHUNK = 500
"""Rows per ``IN (...)`` query, well below SQLite's limit on bound parameters."""

_VALID_PHONE = re.compile(r"\+[0-9]{8,15}")
_DIGIT = re.compile(r"[0-9]")
_NON_DIGITS = re.compile(r"[^0-9]")
_MAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_BIRTHDAY = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    phone_key TEXT NOT NULL,
    not_valid INTEGER NOT NULL,
    gender INTEGER,
    mail TEXT,
    birthday TEXT
);
CREATE INDEX IF NOT EXISTS contacts_by_phone ON contacts (phone_key);
CREATE TABLE IF NOT EXISTS memberships (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, group_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memberships_by_group ON memberships (group_id, contact_id);
INSERT OR IGNORE INTO groups (id, name, position) VALUES ({ALL_GROUP_ID}, 'All', 0);
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'contacts', {FIRST_CONTACT_ID - 1}
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'contacts');
"""

_CONTACT_COLUMNS = "id, name, phone, not_valid, gender, mail, birthday"

_ONLY_INVALID_GROUPS = f"""
SELECT m.group_id FROM memberships m JOIN contacts c ON c.id = m.contact_id
GROUP BY m.group_id HAVING MIN(c.not_valid) = 1
UNION ALL
SELECT {ALL_GROUP_ID} WHERE (SELECT MIN(not_valid) FROM contacts) = 1
"""


class Refusal(Exception):
    """A request Boolky would answer with its error envelope; nothing was written."""

    def __init__(self, message_key: str, message: str) -> None:
        super().__init__(message)
        self.message_key = message_key
        self.message = message


@dataclass(frozen=True, slots=True)
class _NewContact:
    name: str
    phone: str
    gender: int | None
    mail: str | None
    birthday: str | None
    phone_key: str
    not_valid: int
    """0 or 1, as stored and as getContacts answers."""


def phone_key(phone: str) -> str:
    """What two phones must share to be the same contact: digits and a leading ``+``."""
    stripped = phone.strip()
    return ("+" if stripped.startswith("+") else "") + _NON_DIGITS.sub("", stripped)


def phone_is_valid(phone: str) -> bool:
    """Boolky's ``notValid`` is the negation: a phone it cannot send an SMS to."""
    return _VALID_PHONE.fullmatch(phone) is not None


class Store:
    """One Boolky account in SQLite: a file that survives restarts, or memory (``path=None``).

    One connection serves every thread behind one lock; the sandbox's requests
    are small and SQLite is fast, so serialising them costs nothing measurable.
    """

    def __init__(
        self,
        path: str | PathLike[str] | None = None,
        *,
        duplicate_policy: DuplicatePolicy = "upsert",
    ) -> None:
        if duplicate_policy not in DUPLICATE_POLICIES:
            raise ValueError(f"duplicate_policy must be one of {', '.join(DUPLICATE_POLICIES)}")
        self.duplicate_policy: DuplicatePolicy = duplicate_policy
        self._lock = threading.Lock()
        self._db = _open(path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- reads ---------------------------------------------------------------

    def get_contacts(self, limit: int | None = None) -> dict[str, Any]:
        """``getContacts`` data; ``limit`` keeps the first contacts by id (a truncated account)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_CONTACT_COLUMNS} FROM contacts ORDER BY id LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
            groups_of = self._groups_up_to(rows[-1][0] if rows else 0)
            groups = self._groups()
        contacts = [
            {
                "id": id_,
                "name": name,
                "phone": phone,
                "groupIds": groups_of.get(id_) or [ALL_GROUP_ID],
                "notValid": not_valid,
                "gender": gender,
                "mail": mail,
                "birthDay": birthday,
            }
            for id_, name, phone, not_valid, gender, mail, birthday in rows
        ]
        return {"contacts": contacts, "groups": groups}

    def get_groups(self) -> list[dict[str, Any]]:
        with self._lock:
            return self._groups()

    # -- writes --------------------------------------------------------------

    def add_contacts(self, body: Any) -> list[dict[str, Any]]:
        """``addContacts``: the contacts as created (or updated, under upsert), in request order."""
        body = _object(body)
        contacts = _new_contacts(body.get("content"))
        group_ids = _group_ids(body.get("groupIds"))
        with self._writing() as db:
            self._require_groups(group_ids)
            ids = self._save(db, contacts, self._matches(contacts))
            real_groups = sorted({g for g in group_ids if g != ALL_GROUP_ID})
            db.executemany(
                "INSERT OR IGNORE INTO memberships (contact_id, group_id) VALUES (?, ?)",
                [(contact_id, group) for contact_id in set(ids) for group in real_groups],
            )
            created = self._contacts_by_id(ids)
        return [created[contact_id] for contact_id in ids]

    def delete_contacts(self, body: Any) -> None:
        """``deleteContacts``: entirely when ``permanent``, otherwise from ``groupId`` only."""
        body = _object(body)
        ids = _int_list(body.get("ids"), "ids", allow_empty=False)
        permanent = body.get("permanent")
        if not isinstance(permanent, bool):
            raise Refusal("invalidRequest", "'permanent' is required and must be true or false.")
        group_id = body.get("groupId")
        if group_id is not None and not _is_int(group_id):
            raise Refusal("invalidRequest", f"'groupId' must be a group id; got {_show(group_id)}.")
        with self._writing() as db:
            if permanent:
                db.executemany("DELETE FROM contacts WHERE id = ?", [(i,) for i in ids])
                return
            group = self._removable_group(group_id)
            db.executemany(
                "DELETE FROM memberships WHERE contact_id = ? AND group_id = ?",
                [(i, group) for i in ids],
            )

    def add_group(self, body: Any) -> dict[str, Any]:
        name = _object(body).get("name")
        if not _fits(name, GROUP_NAME_MAX):
            raise Refusal(
                "invalidGroupName",
                f"The group name {_show(name)} is invalid:"
                f" it must have 1 to {GROUP_NAME_MAX} characters.",
            )
        with self._writing() as db:
            (position,) = db.execute("SELECT MAX(position) + 1 FROM groups").fetchone()
            cursor = db.execute(
                "INSERT INTO groups (name, position) VALUES (?, ?)", (name, position)
            )
            return _group_wire(cursor.lastrowid or 0, name, position, only_invalid=False)

    def delete_group(self, body: Any) -> None:
        """``deleteGroup`` with ``{"id": int}``; the group's contacts stay in "All"."""
        group_id = _object(body).get("id")
        if not _is_int(group_id):
            raise Refusal("invalidRequest", f"'id' must be a group id; got {_show(group_id)}.")
        if group_id == ALL_GROUP_ID:
            raise Refusal("cannotDeleteDefaultGroup", 'The default group "All" cannot be deleted.')
        with self._writing() as db:
            self._require_groups([group_id])
            db.execute("DELETE FROM groups WHERE id = ?", (group_id,))

    # -- helpers (called with the lock held) ---------------------------------

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction under the lock: a refusal half-way leaves no trace."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _matches(self, contacts: Sequence[_NewContact]) -> dict[str, int]:
        """The saved contact each phone of the batch is the same as, as the policy sees it.

        Under ``reject`` any match (or a phone repeated in the batch) refuses it all.
        """
        if self.duplicate_policy == "duplicate":
            return {}
        existing = self._existing_ids({c.phone_key for c in contacts})
        if self.duplicate_policy == "reject":
            _refuse_duplicates(contacts, existing)
        return existing

    def _save(
        self, db: sqlite3.Connection, contacts: Sequence[_NewContact], existing: dict[str, int]
    ) -> list[int]:
        """Save a valid batch; the contacts' ids, in request order.

        Ids are handed out here, under the lock, so the batch goes in as one
        ``executemany``; upserts run after the inserts, in request order, which
        leaves the same rows as saving the contacts one by one.
        """
        upsert = self.duplicate_policy == "upsert"
        (last_id,) = db.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'contacts'"
        ).fetchone()
        ids: list[int] = []
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for contact in contacts:
            fields = (contact.name, contact.gender, contact.mail, contact.birthday)
            target = existing.get(contact.phone_key) if upsert else None
            if target is None:
                target = last_id = last_id + 1
                existing[contact.phone_key] = target
                inserts.append(
                    (target, contact.phone, contact.phone_key, contact.not_valid, *fields)
                )
            else:
                updates.append((*fields, target))
            ids.append(target)
        db.executemany(
            "INSERT INTO contacts (id, phone, phone_key, not_valid, name, gender, mail, birthday)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        db.executemany(
            "UPDATE contacts SET name = ?, gender = COALESCE(?, gender),"
            " mail = COALESCE(?, mail), birthday = COALESCE(?, birthday) WHERE id = ?",
            updates,
        )
        return ids

    def _existing_ids(self, keys: set[str]) -> dict[str, int]:
        """The oldest contact for each phone key that is already saved."""
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(keys)):
            found.update(
                self._db.execute(
                    "SELECT phone_key, MIN(id) FROM contacts"
                    f" WHERE phone_key IN ({_marks(chunk)}) GROUP BY phone_key",
                    chunk,
                ).fetchall()
            )
        return found

    def _contacts_by_id(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Contacts in the addContacts response form, which differs from getContacts."""
        found: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(sorted(set(ids))):
            marks = _marks(chunk)
            groups_of: dict[int, list[int]] = {}
            for contact_id, group in self._db.execute(
                "SELECT contact_id, group_id FROM memberships"
                f" WHERE contact_id IN ({marks}) ORDER BY contact_id, group_id",
                chunk,
            ):
                groups_of.setdefault(contact_id, [ALL_GROUP_ID]).append(group)
            for id_, name, phone, not_valid, gender, mail, birthday in self._db.execute(
                f"SELECT {_CONTACT_COLUMNS} FROM contacts WHERE id IN ({marks})", chunk
            ):
                found[id_] = {
                    "id": id_,
                    "name": name,
                    "phone": phone,
                    "groupIds": groups_of.get(id_) or [ALL_GROUP_ID],
                    "notValid": bool(not_valid),
                    "gender": gender,
                    "mail": mail,
                    "birthday": birthday,
                }
        return found

    def _groups_up_to(self, last_contact_id: int) -> dict[int, list[int]]:
        """Each listed contact's ``groupIds``: "All" first, then its groups in id order."""
        groups_of: dict[int, list[int]] = {}
        for contact_id, group in self._db.execute(
            "SELECT contact_id, group_id FROM memberships WHERE contact_id <= ?"
            " ORDER BY contact_id, group_id",
            (last_contact_id,),
        ):
            groups_of.setdefault(contact_id, [ALL_GROUP_ID]).append(group)
        return groups_of

    def _groups(self) -> list[dict[str, Any]]:
        only_invalid = {group for (group,) in self._db.execute(_ONLY_INVALID_GROUPS)}
        return [
            _group_wire(id_, name, position, only_invalid=id_ in only_invalid)
            for id_, name, position in self._db.execute(
                "SELECT id, name, position FROM groups ORDER BY position, id"
            )
        ]

    def _require_groups(self, group_ids: Sequence[int]) -> None:
        wanted = {g for g in group_ids if g != ALL_GROUP_ID}
        known = {
            group
            for chunk in _chunks(sorted(wanted))
            for (group,) in self._db.execute(
                f"SELECT id FROM groups WHERE id IN ({_marks(chunk)})", chunk
            )
        }
        missing = sorted(wanted - known)
        if missing:
            raise Refusal("groupNotFound", f"Group {missing[0]} does not exist.")

    def _removable_group(self, group_id: int | None) -> int:
        """The group a non-permanent delete removes contacts from."""
        if group_id is None:
            raise Refusal("invalidRequest", "'groupId' is required when 'permanent' is false.")
        if group_id == ALL_GROUP_ID:
            raise Refusal(
                "cannotRemoveFromDefaultGroup",
                'Contacts cannot be removed from the default group "All";'
                " send 'permanent': true to delete them.",
            )
        self._require_groups([group_id])
        return group_id


# -- opening -------------------------------------------------------------------


def _open(path: str | PathLike[str] | None) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(
            ":memory:" if path is None else path, check_same_thread=False, isolation_level=None
        )
        if path is not None:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(_SCHEMA)
    except sqlite3.Error as exc:
        raise InputError(f"cannot use {path} as sandbox state: {exc}") from None
    return db


# -- request validation ----------------------------------------------------------


def _new_contacts(content: Any) -> list[_NewContact]:
    if not isinstance(content, list) or not content:
        raise Refusal("invalidRequest", "'content' must be a non-empty list of contacts.")
    return [_new_contact(item, f"content[{index}]") for index, item in enumerate(content)]


def _new_contact(item: Any, where: str) -> _NewContact:
    if not isinstance(item, dict):
        raise Refusal("invalidRequest", f"{where} must be a contact object; got {_show(item)}.")
    name, phone = item.get("name"), item.get("phone")
    if not _fits(name, NAME_MAX):
        raise Refusal(
            "invalidName",
            f"{where} has the invalid name {_show(name)}: it must have 1 to {NAME_MAX} characters.",
        )
    if not isinstance(phone, str) or not _DIGIT.search(phone):
        raise Refusal(
            "invalidPhone", f"{where} has the invalid phone {_show(phone)}: it has no digit."
        )
    birthday = item.get("birthday", item.get("birthDay"))
    return _NewContact(
        name=name,
        phone=phone,
        phone_key=phone_key(phone),
        not_valid=int(not phone_is_valid(phone)),
        gender=_gender(item.get("gender"), where),
        mail=_mail(item.get("mail"), where),
        birthday=_birthday(birthday, where),
    )


def _gender(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if _is_int(value) and value in (1, 2):
        return int(value)
    raise Refusal(
        "invalidGender",
        f"{where} has the invalid gender {_show(value)}: use 1 (male) or 2 (female).",
    )


def _mail(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _MAIL.fullmatch(value):
        return value
    raise Refusal(
        "invalidMail", f"{where} has the invalid mail {_show(value)}: it is not an e-mail address."
    )


def _birthday(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _is_real_date(value):
        return value
    raise Refusal(
        "invalidBirthday",
        f"{where} has the invalid birthday {_show(value)}: use a real date as DD-MM-YYYY.",
    )


@lru_cache(maxsize=1 << 16)
def _is_real_date(text: str) -> bool:
    """Cached: birthdays repeat across a large import, and a batch checks hundreds."""
    match = _BIRTHDAY.fullmatch(text)
    if not match:
        return False
    day, month, year = (int(part) for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _refuse_duplicates(contacts: Sequence[_NewContact], existing: dict[str, int]) -> None:
    first_seen: dict[str, int] = {}
    for index, contact in enumerate(contacts):
        key = contact.phone_key
        if key in existing:
            raise Refusal(
                "contactAlreadyExists",
                f"content[{index}]: a contact with the phone {_show(contact.phone)}"
                f" already exists (id {existing[key]}).",
            )
        if key in first_seen:
            raise Refusal(
                "contactAlreadyExists",
                f"content[{index}]: the phone {_show(contact.phone)}"
                f" repeats content[{first_seen[key]}] of this request.",
            )
        first_seen[key] = index


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise Refusal(
            "invalidRequest", f"The request body must be a JSON object; got {_show(body)}."
        )
    return body


def _group_ids(value: Any) -> list[int]:
    """addContacts ``groupIds``; absent or null means "All" only, like ``[]``."""
    return [] if value is None else _int_list(value, "groupIds", allow_empty=True)


def _int_list(value: Any, key: str, *, allow_empty: bool) -> list[int]:
    if isinstance(value, list) and (value or allow_empty) and all(map(_is_int, value)):
        return list(value)
    need = "a list of ids" if allow_empty else "a non-empty list of ids"
    raise Refusal("invalidRequest", f"'{key}' must be {need}; got {_show(value)}.")


def _fits(name: Any, longest: int) -> TypeGuard[str]:
    return isinstance(name, str) and bool(name.strip()) and len(name) <= longest


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _show(value: Any) -> str:
    """A value for a message: quoted, and cut short so a huge body cannot flood a log."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _group_wire(id_: int, name: str, position: int, *, only_invalid: bool) -> dict[str, Any]:
    return {
        "id": id_,
        "customerId": CUSTOMER_ID,
        "name": name,
        "position": position,
        "notValid": only_invalid,
    }


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _marks(chunk: Sequence[Any]) -> str:
    return ",".join("?" * len(chunk))
