"""The sandbox's Boolky account: one request at a time, all or nothing.

The store takes request bodies as decoded JSON and returns ``result.data`` in
Boolky's wire shapes, so the client is tested against what it will really
read. ``rules`` checks a body and raises ``Refusal`` before anything is
written; ``tables`` holds the SQL; the store runs each request as one
transaction, so a refusal half-way leaves no trace.

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

import sqlite3
from collections.abc import Sequence
from os import PathLike
from typing import Any

from boolky_sync.api.records import ALL_GROUP_ID
from boolky_sync.sandbox import rules, tables
from boolky_sync.sandbox.rules import DUPLICATE_POLICIES, DuplicatePolicy, NewContact, Refusal
from boolky_sync.sqlite_file import SqliteFile

__all__ = ["DUPLICATE_POLICIES", "DuplicatePolicy", "Refusal", "Store"]


class Store(SqliteFile):
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
        super().__init__(path, what="sandbox state", layout=tables.ACCOUNT, private=False)

    # -- reads ---------------------------------------------------------------

    def get_contacts(self, limit: int | None = None) -> dict[str, Any]:
        """``getContacts`` data; ``limit`` keeps the first contacts by id (a truncated account)."""
        with self._reading() as db:
            return {"contacts": tables.listed_contacts(db, limit), "groups": tables.groups(db)}

    def get_groups(self) -> list[dict[str, Any]]:
        with self._reading() as db:
            return tables.groups(db)

    # -- writes --------------------------------------------------------------

    def add_contacts(self, body: Any) -> list[dict[str, Any]]:
        """``addContacts``: the contacts as created (or updated, under upsert), in request order."""
        contacts, group_ids = rules.contacts_to_add(body)
        with self._write() as db:
            _require_groups(db, group_ids)
            ids = tables.save_contacts(
                db, contacts, self._matches(db, contacts), upsert=self.duplicate_policy == "upsert"
            )
            tables.join_groups(db, ids, group_ids)
            created = tables.added_contacts(db, ids)
        return [created[contact_id] for contact_id in ids]

    def delete_contacts(self, body: Any) -> None:
        """``deleteContacts``: entirely when ``permanent`` (``groupId`` ignored), otherwise
        from ``groupId`` only."""
        deletion = rules.deletion(body)
        with self._write() as db:
            if deletion.permanent:
                tables.delete_contacts(db, deletion.ids)
                return
            group = rules.group_to_remove_from(deletion.group_id)
            _require_groups(db, [group])
            tables.leave_group(db, deletion.ids, group)

    def add_group(self, body: Any) -> dict[str, Any]:
        name = rules.group_name(body)
        with self._write() as db:
            return tables.add_group(db, name)

    def delete_group(self, body: Any) -> None:
        """``deleteGroup`` with ``{"id": int}``; the group's contacts stay in "All"."""
        group_id = rules.group_to_delete(body)
        with self._write() as db:
            _require_groups(db, [group_id])
            tables.delete_group(db, group_id)

    def _matches(self, db: sqlite3.Connection, contacts: Sequence[NewContact]) -> dict[str, int]:
        """The saved contact each phone of the batch is the same as, as the policy sees it.

        Under ``reject`` any match (or a phone repeated in the batch) refuses it all.
        """
        if self.duplicate_policy == "duplicate":
            return {}
        existing = tables.existing_ids(db, {c.phone_key for c in contacts})
        if self.duplicate_policy == "reject":
            rules.refuse_duplicates(contacts, existing)
        return existing


def _require_groups(db: sqlite3.Connection, group_ids: Sequence[int]) -> None:
    wanted = {g for g in group_ids if g != ALL_GROUP_ID}
    rules.refuse_missing_groups(wanted, tables.known_groups(db, wanted))
