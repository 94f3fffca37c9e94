"""The SQLite files boolky-sync keeps state in: the ledger, the run journal, the sandbox's account.

All three are written from several threads (apply's workers, the sandbox's
requests) and must never be left half-written, so they share one way of being
opened and written: one connection behind one lock, and every write one
``BEGIN IMMEDIATE`` transaction that is committed when its block ends and
rolled back when it raises. Serialising small writes costs nothing
measurable next to the calls around them.

A file whose every commit must survive (``Layout.durable``, the default: the
ledger, the journal) keeps a rollback journal, not WAL, and syncs at each commit
(``synchronous = FULL``): a committed transaction is in the file itself, so
neither a power cut nor a ``-wal`` file deleted by hand after a kill can take
it back (with WAL, everything since the last checkpoint lives in the ``-wal``
alone). The sandbox's account stays WAL, ``synchronous = NORMAL``: it is a
stand-in, and its speed is what tests wait on.

sqlite3's errors stop here: a file that cannot be written -- a full or
read-only disk, a folder where the file should be -- is a ``StorageError``
(exit 74) naming the file and the cause; a file that is not one of ours or is
broken is the user's to fix (``InputError``); a broken rule or a closed file is
a bug in the caller.
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Self

from boolky_sync.errors import InputError, StorageError
from boolky_sync.storage import in_words, probable_cause, storage_error

_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 3, 8, 10, 13, 14
_CANNOT_WRITE = frozenset(
    {_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN}
)
"""SQLite's primary result codes for "the disk will not take this", whatever the file holds."""

PRIVATE_MODE = 0o600
"""The ledger and the journal hold names, phones and mails: readable by their owner only."""


@dataclass(frozen=True)
class Layout:
    """The tables of a file; ``table`` existing means the file has been set up before.

    With a ``version`` (kept in ``PRAGMA user_version``, raised with any change)
    a file of another format is refused, so old code never misreads new files.
    ``None`` leaves the file unversioned, as the sandbox's account has always been.

    ``migrations`` bring an older file up in place, so a user's state survives
    an upgrade: version N maps to the SQL that turns an N file into an N + 1
    one, run after ``schema`` (whose ``IF NOT EXISTS`` tables are then there)
    in the one transaction that opens the file. A version with no way up is
    refused like any other.
    """

    table: str
    schema: str
    version: int | None
    migrations: Mapping[int, str] = field(default_factory=dict)
    durable: bool = True
    """Every commit on disk before it returns, in the file itself (see the module);
    ``False`` for a file whose loss costs nothing (the sandbox's account)."""


class SqliteFile:
    """A SQLite file (or memory, ``path=None``) written one committed transaction at a time.

    Subclasses give the layout and use ``_read``, ``_reading`` and ``_write``.
    ``what`` names the file in messages ("ledger": "cannot use the ledger at
    ..."). A ``private`` file is created owner-only, its folders with it.
    """

    def __init__(
        self,
        path: str | PathLike[str] | None,
        *,
        what: str,
        layout: Layout,
        private: bool = True,
    ) -> None:
        self._what = what
        self._where = "memory" if path is None else str(path)
        self._lock = threading.Lock()
        self._db = _connect(path, what, layout, private=private)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._reading() as db:
            return db.execute(sql, params).fetchall()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock, for reads that must see one state."""
        with self._lock, self._translated():
            yield self._db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction under the lock: committed when the block ends, else rolled back."""
        with self._lock, self._translated():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"the {self._what} refused the write: {exc}") from None
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.DatabaseError as exc:
            path = None if self._where == "memory" else Path(self._where)
            raise _translate(exc, self._what, path) from None


def _connect(
    path: str | PathLike[str] | None, what: str, layout: Layout, *, private: bool
) -> sqlite3.Connection:
    if path is not None and private:
        _create_private(Path(path), what)
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(
            ":memory:" if path is None else path, check_same_thread=False, isolation_level=None
        )
        _prepare(db, layout, what, on_disk=path is not None)
    except (sqlite3.Error, InputError) as exc:
        if db is not None:
            db.close()
        if isinstance(exc, InputError):
            raise
        raise _translate(exc, what, None if path is None else Path(path)) from None
    return db


def _translate(exc: sqlite3.Error, what: str, path: Path | None) -> InputError | StorageError:
    """A disk that will not take the write as ``StorageError`` (naming the file and why),
    anything else -- a file that is not SQLite, a broken one, a folder that is not
    there -- as ``InputError``."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    cause = None
    if path is not None and code in _CANNOT_WRITE:
        cause = errno.ENOSPC if code == _SQLITE_FULL else probable_cause(path)
    if path is None or cause is None:  # a place that could be written: the file is at fault
        return InputError(f"cannot use {'memory' if path is None else path} as the {what}: {exc}")
    return StorageError(f"cannot write the {what}: {in_words(cause, path)}", path=str(path))


def _create_private(path: Path, what: str) -> None:
    """Make the file owner-only before SQLite writes a byte; its -wal and -shm copy the mode."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=PRIVATE_MODE)
    except OSError as exc:
        translated = storage_error(exc, f"cannot create the {what}", path)
        if translated is not None:
            raise translated from None
        raise InputError(f"cannot create the {what} at {path}: {exc.strerror}") from None


def _prepare(db: sqlite3.Connection, layout: Layout, what: str, *, on_disk: bool) -> None:
    found = None if layout.version is None else _check_version(db, layout, what)
    if on_disk and layout.durable:
        # TRUNCATE, not DELETE: the same safety, without creating the journal file anew
        # for every commit. A file left in WAL by an older version is checkpointed here.
        db.execute("PRAGMA journal_mode = TRUNCATE")
        db.execute("PRAGMA synchronous = FULL")
    elif on_disk:
        # WAL with NORMAL survives a killed process at every commit; only a power
        # cut may lose the last ones.
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    version = "" if layout.version is None else f"PRAGMA user_version = {layout.version};"
    steps = (
        "" if found is None else " ".join(layout.migrations[v] for v in _upgrades(found, layout))
    )
    # IMMEDIATE: the write lock first, so an open waits for another process's write
    # (busy timeout) instead of failing when its read snapshot turns stale (WAL).
    db.executescript(f"BEGIN IMMEDIATE; {layout.schema} {steps} {version} COMMIT;")


def _upgrades(found: int, layout: Layout) -> range:
    """The migrations a file of version ``found`` needs, oldest first (none for a newer one)."""
    return range(found, layout.version or found)


def _check_version(db: sqlite3.Connection, layout: Layout, what: str) -> int | None:
    """The version of a file set up before (None for a new one); refused if it cannot be read."""
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (layout.table,)
    ).fetchone()
    if found is None:
        return None
    (version,) = db.execute("PRAGMA user_version").fetchone()
    upgradable = all(v in layout.migrations for v in _upgrades(version, layout))
    if version != layout.version and not (version < (layout.version or 0) and upgradable):
        raise InputError(
            f"this {what} has format {version}, but this boolky-sync reads format"
            f" {layout.version}: use the boolky-sync that wrote it, or move the file"
            " away to start afresh"
        )
    return int(version)
