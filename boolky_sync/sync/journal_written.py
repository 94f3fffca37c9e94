"""What a pipeline's runs wrote to a target and did not delete since, kept as it is folded.

The lost-ledger check asks this of the run journal on every run. Folding every
outcome ever recorded costs what the journal's history holds, not what the run
changes: a nightly job's journal gains a night's outcomes each run, and after a
year the fold read ~465,000 rows to answer the same ~100,000 phones. So its
answer is kept (``written``: one JSON document per pipeline and target, read and
written whole -- a row per phone cost more to write than the fold it saves)
with a mark of how far it has read (the last outcome's rowid and run, the last
run folded), and each call folds only the outcomes recorded since. Outcomes are
only ever appended, so that is exact; should the mark not fit the journal (an
outcome added to a run already folded, the marked outcome gone or another), the
whole history is folded again. Nothing here counts or scans the history: the
outcomes since are found by rowid.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import orjson

Written = dict[str, int | None]
"""Phone → the contact id last written for it (None: a write that named no id)."""

WRITTEN_TABLES = """
CREATE TABLE IF NOT EXISTS written (
    pipeline TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome INTEGER NOT NULL,
    outcome_run INTEGER NOT NULL,
    run INTEGER NOT NULL,
    answer BLOB NOT NULL,
    PRIMARY KEY (pipeline, target)
);
"""
"""Made by the journal's schema (``IF NOT EXISTS``), in a file of any format: an older
boolky-sync that appends outcomes without updating it only makes the next fold longer."""

_WRITES = """SELECT o.run_id, o.op, o.phone, o.contact_id
    FROM outcomes o JOIN runs r ON r.id = +o.run_id
    WHERE r.pipeline = ? AND o.ok = 1 AND o.phone IS NOT NULL
      AND o.op IN ('create', 'update', 'delete')
      AND COALESCE(json_extract(r.options, '$.target'), ?) = ? AND r.id < ? AND o.rowid > ?
    ORDER BY +o.run_id, o.rowid"""
"""A pipeline's ok writes to a target (runs that recorded no target count for every one),
in the order they happened, from the runs before ``?`` and after the outcome ``?``
(``+o.run_id``: found by rowid and sorted, not by a walk of the whole run index)."""


def fold(written: Written, rows: Iterable[tuple[int, str, str, int | None]]) -> None:
    """Apply ``(run, op, phone, contact_id)`` writes in order.

    A create or update is the phone's contact now; a delete takes the phone out
    only if it deletes that contact (or one whose id was never known): the delete
    of an update's old copy, once it was re-added under a new id, leaves it in."""
    for _run, op, phone, contact_id in rows:
        if op != "delete":
            written[phone] = contact_id if contact_id is not None else written.get(phone)
        elif phone in written and written[phone] in (None, contact_id):
            del written[phone]  # not the old copy of an update: the contact itself


def written_before(db: sqlite3.Connection, pipeline: str, target: str, run: int) -> Written:
    """The fold of every write from the runs before ``run``, read from the history itself
    (what an undo of ``run`` leaves; asked rarely, so not kept)."""
    written: Written = {}
    fold(written, db.execute(_WRITES, (pipeline, target, target, run, 0)))
    return written


def written_now(db: sqlite3.Connection, pipeline: str, target: str) -> Written:
    """The fold of every write so far, from the kept answer and the outcomes since its
    mark; the kept answer and mark are brought up to date in the same transaction."""
    key = (pipeline, target)
    kept = db.execute(
        "SELECT outcome, outcome_run, run, answer FROM written WHERE pipeline = ? AND target = ?",
        key,
    ).fetchone()
    written: Written = {}
    rows, last_run = None, 0
    if kept is not None and _fits(db, kept[0], kept[1]):
        since = db.execute(_WRITES, (*key, target, 2**62, kept[0])).fetchall()
        if all(row[0] >= kept[2] for row in since):  # nothing added to a run folded before
            written, rows, last_run = orjson.loads(kept[3]), since, kept[2]
    if rows is None:
        rows = db.execute(_WRITES, (*key, target, 2**62, 0)).fetchall()
    fold(written, rows)
    _keep(db, key, written, max([last_run, *(row[0] for row in rows)]))
    return written


def _fits(db: sqlite3.Connection, outcome: int, run: int) -> bool:
    """Whether the marked outcome is still there, in the run it was in."""
    if outcome == 0:
        return True
    found = db.execute("SELECT run_id FROM outcomes WHERE rowid = ?", (outcome,)).fetchone()
    return found is not None and found[0] == run


def _keep(db: sqlite3.Connection, key: tuple[str, str], written: Written, run: int) -> None:
    """Store the answer with a mark past every outcome recorded so far."""
    last = db.execute("SELECT rowid, run_id FROM outcomes ORDER BY rowid DESC LIMIT 1").fetchone()
    db.execute(
        "INSERT OR REPLACE INTO written (pipeline, target, outcome, outcome_run, run, answer)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (*key, *(last or (0, 0)), run, orjson.dumps(written)),
    )
