"""The ledger: what this pipeline itself put on Boolky, so a mirror never removes anyone else's.

A Boolky account is shared with people and other tools, so a mirror may
remove only the contacts its own pipeline created or updated; the ledger is
how it knows which those are (DESIGN.md, "Scope"). A lost ledger therefore
makes the next mirror delete nothing: the ledger can narrow a mirror, never
widen it.

Apply writes the ledger around every call that changes Boolky, and each
ledger write is one committed transaction, so a run killed at any point
(SIGKILL included) leaves the ledger at a boundary between two calls. The
``state`` of an entry says which boundary, so the next plan can tell a
contact staff deleted on Boolky from one this pipeline was in the middle of
writing:

* ``pending`` -- ``addContacts`` was sent, its answer never seen. Found on
  Boolky, the contact is ours; missing, it was never created (not deleted).
* ``ok`` -- Boolky confirmed the write. Missing from Boolky now, someone
  removed it there ("Deleted on Boolky since the last run").
* ``replacing`` -- a replace deleted the contact (or was about to) and the
  re-add is not confirmed. Missing from Boolky, it is ours to add back.

A phone is not proof of ownership: staff may delete the pipeline's contact and
make the same number again by hand, and a Boolky that makes duplicates may hold
several copies of it. So the ledger also keeps, per phone, every contact id
this pipeline created or wrote (``ledger_ids``, format 2; a format-1 file gains
it when opened, filled with the one id each entry had). A contact whose id is
not among them is not the pipeline's, whatever its phone (``owned``).

Consent must be provable (GDPR Art. 7), so the ledger also keeps, per phone it
wrote, where the contact's consent was read the last time it was written: the
file, column and cell, and the run (``ledger_consent``). A contact whose source
had no consent column has its row too, with the column and value empty.
``forget`` leaves it: the proof of why a number was texted outlives the contact.

A source that has its own ids (``[source.mapping] id``) tells a record whose
number changed from a new one; the ledger keeps each record id with the phone
it was last written under (``ledger_records``), which is how the plan sees a move.
Both tables came with format 3; an older file gains them empty when opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from os import PathLike
from typing import Any, Literal, get_args

import numpy as np
import orjson
import pandas as pd

from boolky_sync.sqlite_file import Layout, SqliteFile

LedgerState = Literal["pending", "ok", "replacing"]

_LAYOUT = Layout(
    table="ledger",
    version=3,
    schema="""
CREATE TABLE IF NOT EXISTS ledger (
    phone TEXT PRIMARY KEY,
    contact_id INTEGER,
    name TEXT,
    gender INTEGER,
    mail TEXT,
    birthday TEXT,
    groups TEXT NOT NULL DEFAULT '[]',  -- JSON array of names
    -- ORs, not IN (...): the same check, but IN measured twice as slow per insert
    state TEXT NOT NULL CHECK (state = 'pending' OR state = 'ok' OR state = 'replacing')
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_ids (  -- every contact id written for a phone
    phone TEXT NOT NULL,
    contact_id INTEGER NOT NULL,
    PRIMARY KEY (phone, contact_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_gone (  -- confirmed phones a believed answer lacked
    phone TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_consent (  -- where the consent of a written phone came from
    phone TEXT PRIMARY KEY,
    consent TEXT,  -- "yes", "no" or NULL (the source said nothing)
    file TEXT,
    row INTEGER,
    column_name TEXT,
    value TEXT,
    run INTEGER NOT NULL,
    recorded TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_records (  -- the source's record id of a phone
    record_id TEXT PRIMARY KEY,
    phone TEXT NOT NULL
) WITHOUT ROWID;
""",
    migrations={
        1: "INSERT OR IGNORE INTO ledger_ids (phone, contact_id)"
        " SELECT phone, contact_id FROM ledger WHERE contact_id IS NOT NULL;",
        2: "",  # ledger_consent and ledger_records: made by the schema's IF NOT EXISTS
    },
)

CONSENT_PROVENANCE = ("consent", "consent_file", "consent_row", "consent_column", "consent_value")
"""The contact columns ``record_consent`` stores (normalize's ``consent.CONSENT_FIELDS``)."""

_COLUMNS = ("phone", "contact_id", "name", "gender", "mail", "birthday", "groups", "state")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM ledger"
_MANY = 900
"""Phones looked up in one query by ``get_many``: below SQLite's oldest parameter limit (999)."""
_OWN = "INSERT INTO ledger_ids (phone, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
_INSERT = f"INSERT INTO ledger ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"

_STATES: tuple[LedgerState, ...] = get_args(LedgerState)
_STATE_CODE = " ".join(f"WHEN '{state}' THEN {code}" for code, state in enumerate(_STATES))
_FRAME_QUERY = (
    "SELECT json_group_array(phone), json_group_array(contact_id), json_group_array(name),"
    f" json_group_array(groups), json_group_array(CASE state {_STATE_CODE} END) FROM ledger"
)
"""One JSON array per column: a million rows arrive as five strings instead of a
million row tuples, which is what makes ``frame`` fast. The table is clustered
on ``phone`` (WITHOUT ROWID), so its scan, and with it each array, is in phone
order -- the very plan SQLite uses for ``ORDER BY phone``. A state comes as its
number in ``_STATES``, so a million rows share three strings instead of holding one each."""


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """A contact as this pipeline last wrote it to Boolky.

    ``groups`` are group *names*: the ids of a group deleted and made again
    on Boolky change, the name the pipeline asked for does not.
    """

    phone: str
    """E.164, the key."""
    contact_id: int | None
    """``None`` while pending: the ``addContacts`` answer not seen yet."""
    name: str | None = None
    gender: int | None = None
    mail: str | None = None
    birthday: str | None = None
    groups: tuple[str, ...] = ()
    state: LedgerState = "ok"


class Ledger(SqliteFile):
    """The contacts this pipeline put on Boolky, one SQLite file per pipeline.

    Every method that writes commits before it returns. Apply calls them in
    this order around its Boolky calls: ``mark_pending`` before
    ``addContacts``, ``record_written`` after it; ``mark_replacing`` before a
    replace's permanent delete; ``remove_groups`` after a membership removal;
    ``forget`` after a permanent delete.
    """

    def __init__(self, path: str | PathLike[str] | None) -> None:
        super().__init__(path, what="ledger", layout=_LAYOUT)
        self._frame: tuple[tuple[int, int], pd.DataFrame] | None = None

    def __len__(self) -> int:
        ((count,),) = self._read("SELECT COUNT(*) FROM ledger")
        return int(count)

    def get(self, phone: str) -> LedgerEntry | None:
        rows = self._read(f"{_SELECT} WHERE phone = ?", (phone,))
        return _entry(rows[0]) if rows else None

    def get_many(self, phones: Iterable[str]) -> dict[str, LedgerEntry | None]:
        """``get`` of each phone in one query (a batch of updates asks for 500 at once)."""
        found: dict[str, LedgerEntry | None] = dict.fromkeys(phones)
        asked = list(found)
        for start in range(0, len(asked), _MANY):  # SQLite's own limit on parameters
            part = asked[start : start + _MANY]
            marks = ", ".join("?" * len(part))
            rows = self._read(f"{_SELECT} WHERE phone IN ({marks})", tuple(part))
            found.update((entry.phone, entry) for entry in map(_entry, rows))
        return found

    def entries(self) -> list[LedgerEntry]:
        """Every entry, in phone order (as ``frame``)."""
        return [_entry(row) for row in self._read(f"{_SELECT} ORDER BY phone")]

    def frame(self) -> pd.DataFrame:
        """The ledger as the plan's table, in phone order: one row per phone.

        Only the columns a plan reads: ``phone``, ``contact_id`` (``Int64``), ``name``
        (object, ``None`` for missing), ``groups`` (tuples) and ``state`` -- the shapes of
        the desired contacts that normalize makes. Every entry's other fields are in
        ``entries``: a million e-mail addresses held through verify are 70 MB.

        A run asks for it several times (ownership, planning, verify) with no write
        between; the table is kept until this connection or another one commits, and
        each caller gets its own copy.
        """
        with self._reading() as db:
            ((other,),) = db.execute("PRAGMA data_version").fetchall()
            version = (other, db.total_changes)
            if self._frame is None or self._frame[0] != version:
                (arrays,) = db.execute(_FRAME_QUERY).fetchall()
                self._frame = (version, _frame_of(arrays))
        return self._frame[1].copy()

    def owned(self) -> pd.DataFrame:
        """Every contact id this pipeline created or wrote, with its phone: ``phone``
        (object) and ``contact_id`` (int64), in phone order. The plan's proof that a
        remote contact is this pipeline's (``make_plan``'s ``owned``)."""
        ((phones, ids),) = self._read(
            "SELECT json_group_array(phone), json_group_array(contact_id) FROM ledger_ids"
        )
        return pd.DataFrame(
            {
                "phone": pd.Series(orjson.loads(phones), dtype=object),
                "contact_id": np.asarray(orjson.loads(ids), np.int64),
            }
        )

    def ids_of(self, phone: str) -> tuple[int, ...]:
        """The contact ids this pipeline wrote for ``phone``, oldest first."""
        rows = self._read("SELECT contact_id FROM ledger_ids WHERE phone = ?", (phone,))
        return tuple(int(contact_id) for (contact_id,) in rows)

    def records(self) -> pd.DataFrame:
        """Every record id with the phone it was last written under: ``record_id`` and
        ``phone`` (objects), the table ``make_plan`` finds moves in."""
        ((ids, phones),) = self._read(
            "SELECT json_group_array(record_id), json_group_array(phone) FROM ledger_records"
        )
        return pd.DataFrame(
            {
                "record_id": pd.Series(orjson.loads(ids), dtype=object),
                "phone": pd.Series(orjson.loads(phones), dtype=object),
            }
        )

    def set_records(self, record_ids: Iterable[str], phones: Iterable[str]) -> None:
        """After a run that wrote: each record id now lives at its phone (a moved record's
        old number no longer holds it). Only phones the ledger holds are kept."""
        rows = list(zip(record_ids, phones, strict=True))
        with self._write() as db:
            db.executemany(
                "INSERT INTO ledger_records (record_id, phone) SELECT ?1, ?2"
                " WHERE EXISTS (SELECT 1 FROM ledger WHERE phone = ?2)"
                " ON CONFLICT (record_id) DO UPDATE SET phone = excluded.phone",
                rows,
            )

    def gone(self) -> frozenset[str]:
        """Confirmed phones the last believed ``getContacts`` lacked: deleted on Boolky and
        already seen so, which a check for a cut answer must not count again every night."""
        return frozenset(phone for (phone,) in self._read("SELECT phone FROM ledger_gone"))

    def set_gone(self, phones: Iterable[str]) -> None:
        """What the answer just believed lacks, in place of what the last one lacked."""
        rows = [(phone,) for phone in phones]
        with self._write() as db:
            db.execute("DELETE FROM ledger_gone")
            db.executemany("INSERT OR IGNORE INTO ledger_gone (phone) VALUES (?)", rows)

    def mark_pending(self, entries: Iterable[LedgerEntry]) -> None:
        """Before ``addContacts``: claim the phones not in the ledger yet, as pending.

        A phone already in it keeps its row: it is ours either way, and its
        confirmed id must not be lost to a call that may never answer.
        """
        rows = [_row(entry, "pending") for entry in entries]
        with self._write() as db:
            db.executemany(f"{_INSERT} ON CONFLICT (phone) DO NOTHING", rows)

    def mark_replacing(self, phones: Iterable[str]) -> None:
        """Before a replace's permanent delete, so a crash before the re-add is not
        mistaken for a deletion on Boolky. Phones not in the ledger are not ours: ignored."""
        rows = [(phone,) for phone in phones]
        with self._write() as db:
            db.executemany("UPDATE ledger SET state = 'replacing' WHERE phone = ?", rows)

    def record_written(self, entries: Iterable[LedgerEntry]) -> None:
        """After Boolky confirmed a write: each entry as written, groups included, state ok.

        An entry without ``contact_id`` keeps the id already known: an answer
        that lacks one must not make the contact unreachable for a later delete.
        Every id written is kept as the pipeline's (``owned``), the earlier ones too.
        """
        rows = [_row(entry, "ok") for entry in entries]
        ids = [(row[0], row[1]) for row in rows if row[1] is not None]
        with self._write() as db:
            db.executemany(_OWN, ids)
            db.executemany(
                f"""{_INSERT} ON CONFLICT (phone) DO UPDATE SET
                    contact_id = COALESCE(excluded.contact_id, contact_id),
                    name = excluded.name,
                    gender = excluded.gender,
                    mail = excluded.mail,
                    birthday = excluded.birthday,
                    groups = excluded.groups,
                    state = 'ok'""",
                rows,
            )

    def record_consent(self, provenance: pd.DataFrame, run: int) -> None:
        """After a run wrote contacts: per phone, where its consent came from.

        ``provenance`` has ``phone`` and ``CONSENT_PROVENANCE``'s columns, one row per
        contact written (``Normalized.contacts``' own columns); a later run's row replaces
        an earlier one. Empty cells are stored as NULL.
        """
        columns = ["phone", *CONSENT_PROVENANCE]
        cells = provenance[columns].astype(object)
        rows = cells.where(cells.notna(), None).itertuples(index=False, name=None)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO ledger_consent"
                " (phone, consent, file, row, column_name, value, run, recorded)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ((*row, run, stamp) for row in rows),
            )

    def consent_of(self, phone: str) -> dict[str, Any] | None:
        """Where the consent of ``phone`` was read when this pipeline last wrote it."""
        found = self._read(
            "SELECT consent, file, row, column_name, value, run, recorded"
            " FROM ledger_consent WHERE phone = ?",
            (phone,),
        )
        keys = ("consent", "file", "row", "column", "value", "run", "recorded")
        return dict(zip(keys, found[0], strict=True)) if found else None

    def remove_groups(self, phone: str, groups: Iterable[str]) -> None:
        """After a membership removal. Names match case-insensitively, as Boolky's groups do."""
        dropped = {group.casefold() for group in groups}
        with self._write() as db:
            found = db.execute("SELECT groups FROM ledger WHERE phone = ?", (phone,)).fetchone()
            if found is None:
                return
            kept = tuple(g for g in _decode_groups(found[0]) if g.casefold() not in dropped)
            db.execute(
                "UPDATE ledger SET groups = ? WHERE phone = ?", (_encode_groups(kept), phone)
            )

    def forget(self, phones: Iterable[str]) -> None:
        """After a permanent delete, or once the plan decides a vanished contact is gone."""
        rows = [(phone,) for phone in phones]
        with self._write() as db:
            db.executemany("DELETE FROM ledger WHERE phone = ?", rows)
            db.executemany("DELETE FROM ledger_ids WHERE phone = ?", rows)
            db.executemany("DELETE FROM ledger_gone WHERE phone = ?", rows)
            db.executemany("DELETE FROM ledger_records WHERE phone = ?", rows)


def _frame_of(arrays: tuple[str, ...]) -> pd.DataFrame:
    phone, contact_id, name, groups, state = map(orjson.loads, arrays)
    return pd.DataFrame(
        {
            "phone": pd.Series(phone, dtype=object),
            "contact_id": pd.array(contact_id, dtype="Int64"),
            "name": pd.Series(name, dtype=object),
            "groups": pd.Series([_decode_groups(g) for g in groups], dtype=object),
            "state": pd.Series(
                np.array(_STATES, dtype=object)[np.asarray(state, np.int64)], dtype=object
            ),
        }
    )


def _row(entry: LedgerEntry, state: LedgerState) -> tuple[Any, ...]:
    return (
        entry.phone,
        entry.contact_id,
        entry.name,
        entry.gender,
        entry.mail,
        entry.birthday,
        _encode_groups(entry.groups),
        state,
    )


def _entry(row: tuple[Any, ...]) -> LedgerEntry:
    phone, contact_id, name, gender, mail, birthday, groups, state = row
    return LedgerEntry(
        phone, contact_id, name, gender, mail, birthday, _decode_groups(groups), state
    )


def _encode_groups(groups: Iterable[str]) -> str:
    """JSON, so any group name survives, separators and quotes included."""
    return orjson.dumps(list(groups)).decode()


@lru_cache(maxsize=4096)
def _decode_groups(text: str) -> tuple[str, ...]:
    """Cached: a ledger holds few distinct group sets, shared by many contacts."""
    return tuple(orjson.loads(text))
