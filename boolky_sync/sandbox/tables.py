"""The sandbox account's tables, and the SQL that reads and writes them in Boolky's shapes.

Each function takes the open connection and runs inside the store's lock (and,
for a write, its transaction); the request was checked by ``rules`` before.
What they return is ``result.data`` as Boolky sends it, quirks included:
``notValid`` 0/1 and ``birthDay`` in getContacts, a bool and ``birthday`` in
addContacts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from boolky_sync.api.records import ALL_GROUP_ID
from boolky_sync.sandbox.rules import NewContact
from boolky_sync.sqlite_file import Layout

CUSTOMER_ID = 7
"""The account's own id, as in Boolky's examples; every group carries it."""

FIRST_CONTACT_ID = 1000

_CHUNK = 500
"""Rows per ``IN (...)`` query, well below SQLite's limit on bound parameters."""

ACCOUNT = Layout(
    table="contacts",
    version=None,
    durable=False,
    schema=f"""
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
""",
)

_CONTACT_COLUMNS = "id, name, phone, not_valid, gender, mail, birthday"

_ONLY_INVALID_GROUPS = f"""
SELECT m.group_id FROM memberships m JOIN contacts c ON c.id = m.contact_id
GROUP BY m.group_id HAVING MIN(c.not_valid) = 1
UNION ALL
SELECT {ALL_GROUP_ID} WHERE (SELECT MIN(not_valid) FROM contacts) = 1
"""


# -- reads -----------------------------------------------------------------------------


def listed_contacts(db: sqlite3.Connection, limit: int | None) -> list[dict[str, Any]]:
    """getContacts' ``contacts``: the first ``limit`` by id, or all of them."""
    rows = db.execute(
        f"SELECT {_CONTACT_COLUMNS} FROM contacts ORDER BY id LIMIT ?",
        (-1 if limit is None else limit,),
    ).fetchall()
    groups_of = _groups_up_to(db, rows[-1][0] if rows else 0)
    return [
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


def groups(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """getGroups: a group's ``notValid`` is true when it holds contacts and all are invalid."""
    only_invalid = {group for (group,) in db.execute(_ONLY_INVALID_GROUPS)}
    return [
        _group_wire(id_, name, position, only_invalid=id_ in only_invalid)
        for id_, name, position in db.execute(
            "SELECT id, name, position FROM groups ORDER BY position, id"
        )
    ]


def known_groups(db: sqlite3.Connection, wanted: set[int]) -> set[int]:
    return {
        group
        for chunk in _chunks(sorted(wanted))
        for (group,) in db.execute(f"SELECT id FROM groups WHERE id IN ({_marks(chunk)})", chunk)
    }


def existing_ids(db: sqlite3.Connection, keys: set[str]) -> dict[str, int]:
    """The oldest contact for each phone key that is already saved."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(keys)):
        found.update(
            db.execute(
                "SELECT phone_key, MIN(id) FROM contacts"
                f" WHERE phone_key IN ({_marks(chunk)}) GROUP BY phone_key",
                chunk,
            ).fetchall()
        )
    return found


def added_contacts(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Contacts in the addContacts response form, which differs from getContacts."""
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = _marks(chunk)
        groups_of: dict[int, list[int]] = {}
        for contact_id, group in db.execute(
            "SELECT contact_id, group_id FROM memberships"
            f" WHERE contact_id IN ({marks}) ORDER BY contact_id, group_id",
            chunk,
        ):
            groups_of.setdefault(contact_id, [ALL_GROUP_ID]).append(group)
        for id_, name, phone, not_valid, gender, mail, birthday in db.execute(
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


# -- writes ----------------------------------------------------------------------------


def save_contacts(
    db: sqlite3.Connection,
    contacts: Sequence[NewContact],
    existing: dict[str, int],
    *,
    upsert: bool,
) -> list[int]:
    """Save a valid batch; the contacts' ids, in request order.

    Ids are handed out here, under the lock, so the batch goes in as one
    ``executemany``; upserts run after the inserts, in request order, which
    leaves the same rows as saving the contacts one by one. A phone inserted
    here joins ``existing``, so its later copy in the batch counts as existing.
    """
    (last_id,) = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'contacts'").fetchone()
    ids: list[int] = []
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for contact in contacts:
        fields = (contact.name, contact.gender, contact.mail, contact.birthday)
        target = existing.get(contact.phone_key) if upsert else None
        if target is None:
            target = last_id = last_id + 1
            existing[contact.phone_key] = target
            inserts.append((target, contact.phone, contact.phone_key, contact.not_valid, *fields))
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


def join_groups(
    db: sqlite3.Connection, contact_ids: Iterable[int], group_ids: Iterable[int]
) -> None:
    """Add the contacts to the groups; "All" holds everyone without a row."""
    real_groups = sorted({g for g in group_ids if g != ALL_GROUP_ID})
    db.executemany(
        "INSERT OR IGNORE INTO memberships (contact_id, group_id) VALUES (?, ?)",
        [(contact_id, group) for contact_id in set(contact_ids) for group in real_groups],
    )


def delete_contacts(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Ids it does not know are ignored; the contacts' memberships go with them."""
    db.executemany("DELETE FROM contacts WHERE id = ?", [(i,) for i in ids])


def leave_group(db: sqlite3.Connection, ids: Iterable[int], group: int) -> None:
    db.executemany(
        "DELETE FROM memberships WHERE contact_id = ? AND group_id = ?",
        [(i, group) for i in ids],
    )


def add_group(db: sqlite3.Connection, name: str) -> dict[str, Any]:
    """The new group, last in position; names need not be unique."""
    (position,) = db.execute("SELECT MAX(position) + 1 FROM groups").fetchone()
    cursor = db.execute("INSERT INTO groups (name, position) VALUES (?, ?)", (name, position))
    return _group_wire(cursor.lastrowid or 0, name, position, only_invalid=False)


def delete_group(db: sqlite3.Connection, group_id: int) -> None:
    """The group's contacts stay in "All"."""
    db.execute("DELETE FROM groups WHERE id = ?", (group_id,))


# -- helpers ---------------------------------------------------------------------------


def _groups_up_to(db: sqlite3.Connection, last_contact_id: int) -> dict[int, list[int]]:
    """Each listed contact's ``groupIds``: "All" first, then its groups in id order."""
    groups_of: dict[int, list[int]] = {}
    for contact_id, group in db.execute(
        "SELECT contact_id, group_id FROM memberships WHERE contact_id <= ?"
        " ORDER BY contact_id, group_id",
        (last_contact_id,),
    ):
        groups_of.setdefault(contact_id, [ALL_GROUP_ID]).append(group)
    return groups_of


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
