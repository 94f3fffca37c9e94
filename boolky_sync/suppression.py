"""The suppression list: the numbers that said no, one list per Boolky account.

Texting someone who opted out cannot be undone, and Boolky's API offers no way
to read or write its own block list, so boolky-sync keeps one. It lives in the
state folder (``suppression.sqlite``), beside the ledgers but apart from them:
a ledger says what one pipeline wrote and may be deleted or rebuilt; the list
says who must never be written, whichever pipeline or import is running. Its
entries are keyed by the Boolky they apply to (``targets.target_identity``,
the text without a secret), as the managed-group registry is, so the sandbox's
opt-outs never hold back the real account's contacts or the other way round.

An entry says who (an E.164 phone), why (the reason), where it came from (a
file and row, a command, a consent column, or a contact deleted on Boolky by
a pipeline's run) and when (UTC). Taking a number off is recorded -- when, and
why -- and the entry kept as history: a person must be able to show why a
number was or was not texted. A phone has one open entry, or two when it was
deleted on Boolky and opted out as well; ``remove`` closes both.

Entries whose source is a deletion on Boolky are obeyed only by pipelines that
respect deletions (``remote_deletions = "respect"``, the default); a pipeline
that says ``"restore"`` neither records nor obeys them, but still obeys every
other entry: restoring what staff deleted is not overriding an opt-out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args

from boolky_sync.sqlite_file import Layout, SqliteFile

FILE_NAME = "suppression.sqlite"

Source = Literal["command", "file", "consent", "remote deletion"]
SOURCES: tuple[str, ...] = get_args(Source)
REMOTE_DELETION: Source = "remote deletion"
DELETED_ON_BOOLKY = "deleted on Boolky"
"""The reason of the entries a run makes for contacts deleted on Boolky."""

_E164 = re.compile(r"\+[1-9][0-9]{5,14}")

_LAYOUT = Layout(
    table="suppressed",
    version=1,
    schema="""
CREATE TABLE IF NOT EXISTS suppressed (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    phone TEXT NOT NULL,
    reason TEXT NOT NULL,
    source TEXT NOT NULL,
    file TEXT,
    row INTEGER,
    pipeline TEXT,
    added TEXT NOT NULL,
    removed TEXT,
    removed_reason TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS suppressed_open
    ON suppressed (target, phone, source = 'remote deletion') WHERE removed IS NULL;
""",
)
_COLUMNS = "phone, reason, source, file, row, pipeline, added, removed, removed_reason"


@dataclass(frozen=True)
class Entry:
    """A number to hold back, and where that came from.

    ``file`` and ``row`` for a file's row (``suppress import``, a consent column),
    ``pipeline`` for the pipeline whose run recorded it; ``when`` defaults to now.
    """

    phone: str
    reason: str
    source: Source
    file: str | None = None
    row: int | None = None
    pipeline: str | None = None
    when: datetime | None = None


@dataclass(frozen=True)
class Listed:
    """An entry as the list holds it; ``removed`` is set once it was taken off."""

    phone: str
    reason: str
    source: str
    file: str | None
    row: int | None
    pipeline: str | None
    added: str
    removed: str | None = None
    removed_reason: str | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        return {name: getattr(self, name) for name in _COLUMNS.split(", ")}


@dataclass(frozen=True)
class Added:
    """What ``add_many`` did: the phones newly listed, and those listed already."""

    added: list[str]
    already: list[str]


def suppression_path(state_dir: Path) -> Path:
    """The list's file in a state folder (one file; each Boolky's entries apart)."""
    return state_dir / FILE_NAME


class SuppressionList(SqliteFile):
    """The suppression list of one Boolky (``target``), kept in ``state_dir``."""

    def __init__(self, state_dir: Path, target: str) -> None:
        super().__init__(suppression_path(state_dir), what="suppression list", layout=_LAYOUT)
        self.target = target

    def add_many(self, entries: Iterable[Entry]) -> Added:
        """List every entry's phone; one already listed (or twice in ``entries``) is not
        listed again and is reported ``already`` -- but for an opt-out of a phone listed
        only as deleted on Boolky, which pipelines that restore deletions must obey too.

        ``ValueError`` for a phone that is not E.164 or an unknown source: the
        caller reads numbers with the phone reader first."""
        given = list(entries)
        for entry in given:
            if not _E164.fullmatch(entry.phone) or entry.source not in SOURCES:
                raise ValueError(f"not a suppression entry: {entry.phone!r} from {entry.source!r}")
        now = _now()
        added: list[str] = []
        already: list[str] = []
        with self._write() as db:
            open_ = {
                (phone, source == REMOTE_DELETION)
                for phone, source in db.execute(
                    "SELECT phone, source FROM suppressed WHERE target = ? AND removed IS NULL",
                    (self.target,),
                )
            }
            rows = []
            for entry in given:
                deletion = entry.source == REMOTE_DELETION
                if (entry.phone, False) in open_ or (entry.phone, deletion) in open_:
                    already.append(entry.phone)
                    continue
                open_.add((entry.phone, deletion))
                added.append(entry.phone)
                when = _stamp(entry.when) if entry.when is not None else now
                where = (entry.file, entry.row, entry.pipeline)
                rows.append((self.target, entry.phone, entry.reason, entry.source, *where, when))
            db.executemany(
                "INSERT INTO suppressed (target, phone, reason, source, file, row, pipeline,"
                " added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return Added(added, already)

    def remove(self, phone: str, reason: str) -> int:
        """Take ``phone`` off the list (every open entry of it), recording when and why;
        returns how many entries were closed (0: it was not on the list)."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE suppressed SET removed = ?, removed_reason = ?"
                " WHERE target = ? AND phone = ? AND removed IS NULL",
                (_now(), reason, self.target, phone),
            )
            return int(cursor.rowcount)

    def phones(self, *, deletions: bool = True) -> frozenset[str]:
        """The phones on the list now; without ``deletions``, those listed only because
        they were deleted on Boolky are left out (a pipeline that restores them)."""
        extra = "" if deletions else " AND source != ?"
        params: tuple[str, ...] = (self.target,) if deletions else (self.target, REMOTE_DELETION)
        found = self._read(
            f"SELECT DISTINCT phone FROM suppressed WHERE target = ? AND removed IS NULL{extra}",
            params,
        )
        return frozenset(phone for (phone,) in found)

    def entries(self, *, history: bool = False) -> list[Listed]:
        """The open entries by phone (with ``history``, the removed ones after them)."""
        which = "removed IS NOT NULL" if history else "removed IS NULL"
        found = self._read(
            f"SELECT {_COLUMNS} FROM suppressed WHERE target = ? AND {which}"
            " ORDER BY phone, added, id",
            (self.target,),
        )
        return [Listed(*row) for row in found]


def obeyed(suppression: SuppressionList, remote_deletions: str) -> frozenset[str]:
    """The phones a pipeline holds back: every entry, but those of deletions on Boolky
    only when it respects deletions (see the module)."""
    return suppression.phones(deletions=remote_deletions == "respect")


def record_remote_deletions(
    suppression: SuppressionList, phones: Sequence[str], pipeline: str, remote_deletions: str
) -> Added:
    """List the contacts a run found deleted on Boolky (``Plan.gone``), so that no other
    pipeline writing to this account adds them again; nothing for one that restores."""
    if remote_deletions != "respect" or not phones:
        return Added([], [])
    return suppression.add_many(
        Entry(phone, DELETED_ON_BOOLKY, REMOTE_DELETION, pipeline=pipeline) for phone in phones
    )


def _now() -> str:
    return _stamp(datetime.now(UTC))


def _stamp(when: datetime) -> str:
    """UTC, to the second, as ISO 8601 (a naive time is taken as UTC)."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")
