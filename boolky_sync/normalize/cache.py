"""Readings kept between runs, so a nightly run of a file with a few rows changed reads only those.

Every field normalizer but the phone's reads distinct values
(``distinct.read_distinct``); this module sits at that seam. The phone reader's
readings are kept by row instead (``row_cache``, ``phone_rows``): a row whose phone
cells changed mostly holds a new number, which no earlier reading would spare.
A reading is stored under its *space* -- what it depends on
besides the value: the field's reader and its options, and the versions of
phonenumbers, email-validator and boolky-sync -- so a changed option or an
upgrade never sees an old reading (the old space is simply never asked again
and ages out). Only readings that come back from the file exactly as they went
in are kept (strings, integers, None), so a warm run's results are a cold run's.
The same file keeps ``row_cache``'s tables of whole rows' readings, one per space.

The file is a cache, not state: it is WAL (a killed run loses at most its last
uncommitted write, never the file), every write is one transaction, and two
runs sharing a state folder wait for each other (``BUSY_SECONDS``). Anything
wrong with it -- locked too long, broken, a full disk -- is logged and the run
goes on reading every value, as without a cache. It is bounded: past
``MAX_ENTRIES`` the readings least recently used (by run) go first, and only
the ``ROW_TABLES`` row tables used last are kept.
It holds source values and what they became, like the ledger (owner-only),
and never a setting that is not a reader's option: no key, no password.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

from boolky_sync.errors import BoolkyError
from boolky_sync.sqlite_file import Layout, SqliteFile

log = logging.getLogger(__name__)

CACHE_FILE = "normalize.cache.sqlite"
"""The cache's file in a pipeline's state folder, shared by the pipelines that share it."""
MAX_ENTRIES = 2_000_000
"""Readings kept at most (about 250 MB on disk); a million-row file's fit several times."""
TOUCH_AFTER = 8
"""Runs after which a reading used again is marked so: marking every reading every run would
double a warm run's cost, and eviction needs only to know roughly when each was last used."""
ROW_TABLES = 8
"""Tables of whole rows' readings kept (``row_cache``), the ones used last: one per pipeline
and option set, so a state folder shared by a few pipelines keeps each one's."""
BUSY_SECONDS = 60.0
"""How long a run waits for another run's write to the same file before giving up on it."""

_LAYOUT = Layout(
    table="readings",
    schema="""
        CREATE TABLE IF NOT EXISTS spaces (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS readings (
            space INTEGER NOT NULL, key TEXT NOT NULL, reading TEXT NOT NULL,
            used INTEGER NOT NULL, PRIMARY KEY (space, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (
            id INTEGER PRIMARY KEY CHECK (id = 1), run INTEGER NOT NULL, entries INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta VALUES (1, 0, 0);
        CREATE TABLE IF NOT EXISTS row_tables (space TEXT PRIMARY KEY, used INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS row_data (space TEXT PRIMARY KEY, data BLOB NOT NULL);
    """,
    version=1,
    durable=False,
)

_active: ContextVar[ReadingCache | None] = ContextVar("normalize_cache", default=None)


class ReadingCache(SqliteFile):
    """The cache file, opened for one run: each reading it hands out is marked used by it."""

    def __init__(self, path: Path, *, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__(path, what="normalize cache", layout=_LAYOUT)
        self.max_entries = max_entries
        self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        with self._write() as db:
            (self._run,) = db.execute("UPDATE meta SET run = run + 1 RETURNING run").fetchone()
        self._spaces: dict[str, int] = {}

    def found(self, space: str, keys: Sequence[str]) -> dict[str, str]:
        """The stored reading of each of ``keys`` the space has, marked used if not lately."""
        ident = self._space(space, create=False)
        if ident is None or not keys:
            return {}
        wanted = json.dumps(list(keys), ensure_ascii=False)
        with self._reading() as db:
            rows = db.execute(
                "SELECT key, reading, used FROM readings WHERE space = ?"
                " AND key IN (SELECT value FROM json_each(?))",
                (ident, wanted),
            ).fetchall()
        stale = [key for key, _, used in rows if used <= self._run - TOUCH_AFTER]
        if stale:
            with self._write() as db:
                db.execute(
                    "UPDATE readings SET used = ? WHERE space = ?"
                    " AND key IN (SELECT value FROM json_each(?))",
                    (self._run, ident, json.dumps(stale, ensure_ascii=False)),
                )
        return {key: reading for key, reading, _ in rows}

    def store(self, space: str, readings: Sequence[tuple[str, str]]) -> None:
        """Keep ``readings`` (key, reading), then evict the least recently used past the bound."""
        if not readings:
            return
        ident = self._space(space, create=True)
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR REPLACE INTO readings VALUES (?, ?, ?, ?)",
                [(ident, key, reading, self._run) for key, reading in readings],
            )
            added = db.total_changes - before
            (entries,) = db.execute(
                "UPDATE meta SET entries = entries + ? RETURNING entries", (added,)
            ).fetchone()
            if entries > self.max_entries:
                self._evict(db)

    def row_table(self, space: str) -> bytes | None:
        """The table of rows kept under ``space`` (``row_cache``'s bytes), marked used.

        The mark is kept apart from the bytes, so marking does not rewrite them."""
        found = self._read("SELECT data FROM row_data WHERE space = ?", (space,))
        if not found:
            return None
        with self._write() as db:
            db.execute("UPDATE row_tables SET used = ? WHERE space = ?", (self._run, space))
        return bytes(found[0][0])

    def keep_row_table(self, space: str, data: bytes | memoryview) -> None:
        """Keep ``data`` as the table of ``space``, and only the ``ROW_TABLES`` used last."""
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO row_tables VALUES (?, ?)", (space, self._run))
            db.execute("INSERT OR REPLACE INTO row_data VALUES (?, ?)", (space, data))
            db.execute(
                "DELETE FROM row_tables WHERE space NOT IN"
                " (SELECT space FROM row_tables ORDER BY used DESC LIMIT ?)",
                (ROW_TABLES,),
            )
            db.execute("DELETE FROM row_data WHERE space NOT IN (SELECT space FROM row_tables)")

    def _evict(self, db: Any) -> None:
        """Down to nine tenths of the bound, oldest use first (this run's own last)."""
        keep = self.max_entries * 9 // 10
        (total,) = db.execute("SELECT count(*) FROM readings").fetchone()
        db.execute(
            "DELETE FROM readings WHERE (space, key) IN"
            " (SELECT space, key FROM readings ORDER BY used LIMIT ?)",
            (max(0, total - keep),),
        )
        db.execute("UPDATE meta SET entries = (SELECT count(*) FROM readings)")

    def _space(self, name: str, *, create: bool) -> int | None:
        if name not in self._spaces:
            found = self._read("SELECT id FROM spaces WHERE name = ?", (name,))
            if not found and not create:
                return None
            if not found:
                with self._write() as db:
                    db.execute("INSERT OR IGNORE INTO spaces (name) VALUES (?)", (name,))
                    found = db.execute("SELECT id FROM spaces WHERE name = ?", (name,)).fetchall()
            self._spaces[name] = found[0][0]
        return self._spaces[name]


@cache
def versions() -> str:
    """What every reading depends on besides its reader: the libraries that make it."""
    return ",".join(f"{p}={version(p)}" for p in ("phonenumbers", "email-validator")) + (
        f",boolky-sync={_own_version()}"
    )


def _own_version() -> str:
    from boolky_sync import __version__

    return __version__


def namespace(field: str, options: str) -> str:
    """The space a field's readings live in under ``options`` (a repr of what the reader got)."""
    return f"{field}|{options}|{versions()}"


@contextmanager
def using_cache(path: Path | None) -> Iterator[ReadingCache | None]:
    """The cache at ``path`` (None: none) for the readings made inside the block."""
    cache = _opened(path) if path is not None else None
    token = _active.set(cache)
    try:
        yield cache
    finally:
        _active.reset(token)
        if cache is not None:
            cache.close()


def active() -> ReadingCache | None:
    """The cache of the readings being made now (``using_cache``), if there is one."""
    return _active.get()


def _opened(path: Path) -> ReadingCache | None:
    try:
        return ReadingCache(path)
    except BoolkyError as error:
        log.warning("normalize cache not used: %s", error)
        return None


def read_through(
    space: str | None,
    keys: Sequence[str | None],
    read: Callable[[list[int]], list[Any]],
    encode: Callable[[Any], str | None],
    decode: Callable[[Any], Any],
) -> list[Any]:
    """The reading of each key: stored ones from the cache, the rest from ``read``.

    ``read`` gets the positions to read and returns their readings in order;
    ``encode`` gives a reading's stored text (None: not to be stored) and
    ``decode`` turns the parsed JSON back. A key of None is never looked up.
    """
    cache = active()
    everything = list(range(len(keys)))
    if cache is None or space is None or not keys:
        return read(everything)
    try:
        stored = cache.found(space, [k for k in keys if k is not None])
    except BoolkyError as error:
        log.warning("normalize cache not read: %s", error)
        return read(everything)
    missing = [i for i, key in enumerate(keys) if key not in stored]
    hits = [i for i, key in enumerate(keys) if key in stored]
    out: list[Any] = [None] * len(keys)
    texts = json.loads("[" + ",".join(stored[keys[i]] for i in hits) + "]")  # type: ignore[index]
    for position, text in zip(hits, texts, strict=True):
        out[position] = decode(text)
    fresh = read(missing)
    for position, reading in zip(missing, fresh, strict=True):
        out[position] = reading
    new = [(keys[i], encode(r)) for i, r in zip(missing, fresh, strict=True) if keys[i] is not None]
    try:
        cache.store(space, [(k, e) for k, e in new if k is not None and e is not None])
    except BoolkyError as error:
        log.warning("normalize cache not written: %s", error)
    return out


def reader_space(read: Callable[..., Any]) -> str | None:
    """The space of a ``read_distinct`` reader: its name and the options bound into it.

    None (never cached) when what is bound has no stable text, such as an object
    shown by its address, which would differ from run to run.
    """
    bound: list[Any] = []
    while isinstance(read, partial):
        bound += [read.args, sorted(read.keywords.items())]
        read = read.func
    bound += [cell.cell_contents for cell in getattr(read, "__closure__", None) or ()]
    options = f"{getattr(read, '__module__', '')}.{getattr(read, '__qualname__', '')}{bound!r}"
    return None if " at 0x" in options else namespace("read", options)


def plain_json(reading: Sequence[Any]) -> str | None:
    """A reading as JSON when it comes back the same (str, int or None items), else None."""
    if all(type(item) in (str, int, type(None)) for item in reading):
        return json.dumps(list(reading), ensure_ascii=False)
    return None
