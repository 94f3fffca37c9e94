"""What a pipeline's runs wrote to a target and did not delete since, kept as it is folded.

The lost-ledger check asks this of the run journal on every run. Folding every
outcome ever recorded costs what the journal's history holds, not what the run
changes: a nightly job's journal gains a night's outcomes each run, and after a
year the fold read ~465,000 rows to answer the same ~100,000 phones. So its
answer is kept (``written``, one row per pipeline, target and phone) with a mark
of how far it has read (``written_mark``: the last outcome's rowid, how many
outcomes lay up to it, the last run folded), and each call folds only the
outcomes recorded since. Outcomes are only ever appended, so that is exact;
should the mark not fit the journal (an outcome added to a run already folded,
rows that are not where the mark says), the whole history is folded again --
the answer never depends on the mark being right.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

Written = dict[str, int | None]
"""Phone → the contact id last written for it (None: a write that named no id)."""

WRITTEN_TABLES = """
CREATE TABLE IF NOT EXISTS written (
    pipeline TEXT NOT NULL,
    target TEXT NOT NULL,
    phone TEXT NOT NULL,
    contact_id INTEGER,
    PRIMARY KEY (pipeline, target, phone)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS written_mark (
    pipeline TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome INTEGER NOT NULL,
    outcomes INTEGER NOT NULL,
    run INTEGER NOT NULL,
    PRIMARY KEY (pipeline, target)
);
"""
"""Made by the journal's schema (``IF NOT EXISTS``), in a file of any format: an older
boolky-sync that appends outcomes without updating them only makes the next fold longer."""

_WRITES = """SELECT o.rowid, o.run_id, o.op, o.phone, o.contact_id
    FROM outcomes o JOIN runs r ON r.id = o.run_id
    WHERE r.pipeline = ? AND o.ok = 1 AND o.phone IS NOT NULL
      AND o.op IN ('create', 'update', 'delete')
      AND COALESCE(json_extract(r.options, '$.target'), ?) = ? AND r.id < ? AND o.rowid > ?
    ORDER BY o.run_id, o.rowid"""
"""A pipeline's ok writes to a target (runs that recorded no target count for every one),
in the order they happened, from the runs before ``?`` and after the outcome ``?``."""


def fold(written: Written, rows: Iterable[tuple[str, str, int | None]]) -> set[str]:
    """Apply ``(op, phone, contact_id)`` writes in order; returns the phones they touched.

    A create or update is the phone's contact now; a delete takes the phone out
    only if it deletes that contact (or one whose id was never known): the delete
    of an update's old copy, once it was re-added under a new id, leaves it in."""
    touched: set[str] = set()
    for op, phone, contact_id in rows:
        if op != "delete":
            written[phone] = contact_id if contact_id is not None else written.get(phone)
            touched.add(phone)
        elif phone in written and written[phone] in (None, contact_id):
            del written[phone]  # not the old copy of an update: the contact itself
            touched.add(phone)
    return touched


def written_before(db: sqlite3.Connection, pipeline: str, target: str, run: int) -> Written:
    """The fold of every write from the runs before ``run``, read from the history itself
    (what an undo of ``run`` leaves; asked rarely, so not kept)."""
    written: Written = {}
    rows = db.execute(_WRITES, (pipeline, target, target, run, 0)).fetchall()
    fold(written, (row[2:] for row in rows))
    return written


def written_now(db: sqlite3.Connection, pipeline: str, target: str) -> Written:
    """The fold of every write so far, from the kept answer and the outcomes since its
    mark; the kept answer and mark are brought up to date in the same transaction."""
    key = (pipeline, target)
    mark = db.execute(
        "SELECT outcome, outcomes, run FROM written_mark WHERE pipeline = ? AND target = ?", key
    ).fetchone()
    if mark is not None and _fits(db, mark[0], mark[1]):
        since, last_run = int(mark[0]), int(mark[2])
        rows = db.execute(_WRITES, (pipeline, target, target, 2**62, since)).fetchall()
        if all(row[1] >= last_run for row in rows):  # nothing added to a run folded before
            written = dict(
                db.execute(
                    "SELECT phone, contact_id FROM written WHERE pipeline = ? AND target = ?",
                    key,
                ).fetchall()
            )
            touched = fold(written, (row[2:] for row in rows))
            _keep(db, key, written, touched, rows, since, last_run)
            return written
    db.execute("DELETE FROM written WHERE pipeline = ? AND target = ?", key)
    rows = db.execute(_WRITES, (pipeline, target, target, 2**62, 0)).fetchall()
    written = {}
    fold(written, (row[2:] for row in rows))
    _keep(db, key, written, set(written), rows, 0, 0)
    return written


def _fits(db: sqlite3.Connection, outcome: int, outcomes: int) -> bool:
    """Whether the outcomes up to the marked one are as many as when it was set."""
    (count,) = db.execute("SELECT count(*) FROM outcomes WHERE rowid <= ?", (outcome,)).fetchone()
    return bool(count == outcomes)


def _keep(
    db: sqlite3.Connection,
    key: tuple[str, str],
    written: Written,
    touched: set[str],
    rows: list[tuple[int, int, str, str, int | None]],
    since: int,
    last_run: int,
) -> None:
    """Store the touched phones' answer and move the mark past ``rows``."""
    gone = [(*key, phone) for phone in touched if phone not in written]
    db.executemany("DELETE FROM written WHERE pipeline = ? AND target = ? AND phone = ?", gone)
    db.executemany(
        "INSERT OR REPLACE INTO written (pipeline, target, phone, contact_id) VALUES (?, ?, ?, ?)",
        [(*key, phone, written[phone]) for phone in touched if phone in written],
    )
    (last,) = db.execute("SELECT coalesce(max(rowid), 0) FROM outcomes").fetchone()
    outcome = max(int(last), since)
    (count,) = db.execute("SELECT count(*) FROM outcomes WHERE rowid <= ?", (outcome,)).fetchone()
    run = max([last_run, *(row[1] for row in rows)])
    db.execute(
        "INSERT OR REPLACE INTO written_mark (pipeline, target, outcome, outcomes, run)"
        " VALUES (?, ?, ?, ?, ?)",
        (*key, outcome, count, run),
    )
