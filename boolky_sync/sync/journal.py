"""The run journal: every call a run made and every outcome it had, for the report.

A run's report has to say what happened even when the run died half-way, so
nothing waits for the end: each call and each batch of outcomes is committed
as it arrives (from apply's worker threads too), and a run without a finish
time is a run that did not finish. The journal stores only what it is given:
``CallInfo`` carries no API key, so neither does the file -- and every text it
stores (options, summary, an error, a refusal's detail) passes the redaction
first, in case one came from somewhere that did.

Layout: ``runs`` (one row per run: pipeline, UTC start and finish, dry run,
options and summary as JSON, exit code, and -- since format 2 -- the folder its
report went to; a run of an older file has none), ``calls`` and ``outcomes`` (rows
keyed by ``run_id``, in the order they were recorded), ``changes`` (since format 2:
every write a run set out to make, each contact before and after, as JSON: what
``history``, ``undo`` and ``retry`` read), and ``held``: contacts
a replace deleted before re-adding them, each as Boolky held it, kept until it
is confirmed back on Boolky (``Holding``) -- the only copy of what staff had
set on it, so it is written to disk before the delete is sent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from os import PathLike
from typing import Any

import orjson

from boolky_sync.api.client import CallInfo
from boolky_sync.api.records import NewContact
from boolky_sync.redaction import redact
from boolky_sync.sqlite_file import SqliteFile
from boolky_sync.sync.changes import Change, State
from boolky_sync.sync.journal_tables import (
    CALL_COLUMNS,
    CHANGE_COLUMNS,
    HELD_COLUMNS,
    INSERT_CALL,
    INSERT_CHANGE,
    INSERT_HELD,
    INSERT_OUTCOME,
    LAYOUT,
    OUTCOME_COLUMNS,
    RUN_COLUMNS,
)
from boolky_sync.sync.journal_written import written_before, written_now

READ_ENDPOINTS = frozenset({"getContacts", "getGroups"})
"""The calls that change nothing on Boolky; every other call is a write."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one planned change: a contact written or removed, a group created."""

    op: str
    """``create_group``, ``create``, ``update``, ``remove`` (from a group) or ``delete``."""
    phone: str | None
    """``None`` for a group."""
    contact_id: int | None
    group: str | None
    ok: bool
    message_key: str | None = None
    """Boolky's ``messageKey`` when it refused."""
    detail: str | None = None


@dataclass(frozen=True)
class HeldRecord:
    """A contact as Boolky held it just before a replace deleted it: all it takes to put
    it back as it was, every field and every group (by id, and by name should the id be
    gone by then)."""

    contact_id: int
    record: NewContact
    group_ids: tuple[int, ...]
    group_names: tuple[str, ...]

    @property
    def phone(self) -> str:
        return self.record.phone


class Journal(SqliteFile):
    """Runs of one pipeline (or of several: runs are keyed by id and name the pipeline)."""

    def __init__(self, path: str | PathLike[str] | None) -> None:
        super().__init__(path, what="run journal", layout=LAYOUT)

    def start_run(self, pipeline: str, *, dry_run: bool, options: dict[str, Any]) -> int:
        """A new run, started now; its id keys everything recorded for it."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO runs (pipeline, started, dry_run, options) VALUES (?, ?, ?, ?)",
                (redact(pipeline), _now(), int(dry_run), _json(options)),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, *, exit_code: int, summary: dict[str, Any]) -> None:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE runs SET finished = ?, exit_code = ?, summary = ? WHERE id = ?",
                (_now(), exit_code, _json(summary), run_id),
            )
            if cursor.rowcount == 0:
                raise ValueError(f"the run journal has no run {run_id}")

    def end_run(
        self, run_id: int, *, dry_run: bool, report: str | None, summary: dict[str, Any]
    ) -> None:
        """What only the end of a run knows: whether it wrote (a declined confirmation makes
        it a dry run), where its report went, and its summary as the report has it."""
        with self._write() as db:
            db.execute(
                "UPDATE runs SET dry_run = ?, report = ?, summary = ? WHERE id = ?",
                (int(dry_run), _text(report), _json(summary), run_id),
            )

    def record_run(
        self,
        pipeline: str,
        *,
        started: str,
        dry_run: bool,
        options: dict[str, Any],
        exit_code: int,
        summary: dict[str, Any],
        report: str | None,
    ) -> int:
        """A whole run at once: one stopped before it reached Boolky (an unreadable source,
        a stop asked while reading) still belongs in the list of runs."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO runs (pipeline, started, finished, dry_run, options, exit_code,"
                " summary, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    redact(pipeline),
                    started,
                    _now(),
                    int(dry_run),
                    _json(options),
                    exit_code,
                    _json(summary),
                    _text(report),
                ),
            )
        return int(cursor.lastrowid or 0)

    def record_call(self, run_id: int, info: CallInfo) -> None:
        """Fits ``BoolkyClient(on_call=...)``; safe to call from any thread."""
        with self._write() as db:
            db.execute(
                INSERT_CALL,
                (
                    run_id,
                    info.endpoint,
                    info.method,
                    info.size,
                    info.status,
                    info.attempts,
                    info.duration,
                    _text(info.error),
                ),
            )

    def record_outcomes(self, run_id: int, outcomes: Iterable[Outcome]) -> None:
        rows = [
            (
                run_id,
                o.op,
                o.phone,
                o.contact_id,
                _text(o.group),
                int(o.ok),
                _text(o.message_key),
                _text(o.detail),
            )
            for o in outcomes
        ]
        with self._write() as db:
            db.executemany(INSERT_OUTCOME, rows)

    def record_changes(self, run_id: int, changes: Iterable[Change]) -> None:
        """Keep what a run is about to write, each contact before and after, in one
        commit before the first write: its outcomes then say which of them landed."""
        rows = [
            (run_id, c.op, c.phone, c.contact_id, _text(c.group), _state(c.before), _state(c.after))
            for c in changes
        ]
        with self._write() as db:
            db.executemany(INSERT_CHANGE, rows)

    def changes(self, run_id: int) -> list[Change]:
        """The writes run ``run_id`` set out to make, in plan order."""
        rows = self._read(
            f"SELECT {CHANGE_COLUMNS} FROM changes WHERE run_id = ? ORDER BY rowid", (run_id,)
        )
        return [_change(row) for row in rows]

    def changes_of(self, phone: str) -> list[tuple[int, Change]]:
        """Every write any run set out to make to ``phone``, oldest first, by run id."""
        rows = self._read(
            f"SELECT run_id, {CHANGE_COLUMNS} FROM changes WHERE phone = ? ORDER BY rowid",
            (phone,),
        )
        return [(int(row[0]), _change(row[1:])) for row in rows]

    def hold(self, run_id: int, target: str, records: Iterable[HeldRecord]) -> None:
        """Keep ``records`` for ``target`` (the Boolky they were read from) until released.

        Synced to the disk and checkpointed into the file itself before it returns: the
        delete that follows leaves this row the only copy, so neither a power cut nor a
        lost ``-wal`` may take it.
        """
        rows = [
            (
                target,
                run_id,
                h.phone,
                h.contact_id,
                h.record.name,
                h.record.gender,
                h.record.mail,
                h.record.birthday,
                orjson.dumps(list(h.group_ids)).decode(),
                orjson.dumps(list(h.group_names)).decode(),
            )
            for h in records
        ]
        with self._reading() as db:
            db.execute("PRAGMA synchronous = FULL")
        try:
            with self._write() as db:
                db.executemany(INSERT_HELD, rows)
            with self._reading() as db:
                db.execute("PRAGMA wal_checkpoint(FULL)")
        finally:
            with self._reading() as db:
                db.execute("PRAGMA synchronous = NORMAL")

    def release(self, target: str, phones: Iterable[str]) -> None:
        """The contacts are on Boolky again (re-added, or put back): their records go."""
        rows = [(target, phone) for phone in phones]
        with self._write() as db:
            db.executemany("DELETE FROM held WHERE target = ? AND phone = ?", rows)

    def held(self, target: str) -> list[HeldRecord]:
        """The records held for ``target``, by any run, oldest run first."""
        rows = self._read(
            f"SELECT {HELD_COLUMNS} FROM held WHERE target = ? ORDER BY run_id, phone", (target,)
        )
        return [
            HeldRecord(
                contact_id,
                NewContact(name, phone, birthday, gender, mail),
                tuple(orjson.loads(group_ids)),
                tuple(orjson.loads(group_names)),
            )
            for phone, contact_id, name, gender, mail, birthday, group_ids, group_names in rows
        ]

    def calls(self, run_id: int) -> list[CallInfo]:
        """The run's calls in the order they finished."""
        rows = self._read(
            f"SELECT {CALL_COLUMNS} FROM calls WHERE run_id = ? ORDER BY rowid", (run_id,)
        )
        return [CallInfo(*row) for row in rows]

    def outcomes(self, run_id: int) -> list[Outcome]:
        """The run's outcomes in the order they were recorded."""
        rows = self._read(
            f"SELECT {OUTCOME_COLUMNS} FROM outcomes WHERE run_id = ? ORDER BY rowid", (run_id,)
        )
        return [
            Outcome(op, phone, contact_id, group, bool(ok), message_key, detail)
            for op, phone, contact_id, group, ok, message_key, detail in rows
        ]

    def call_stats(self, run_id: int) -> dict[str, Any]:
        """The numbers a report shows about the run's traffic with Boolky."""
        calls = self.calls(run_id)
        return {
            "calls": len(calls),
            "write_calls": sum(c.endpoint not in READ_ENDPOINTS for c in calls),
            "retries": sum(c.attempts - 1 for c in calls),
            "failed_calls": sum(c.error is not None for c in calls),
            "by_endpoint": dict(sorted(Counter(c.endpoint for c in calls).items())),
            "seconds": sum(c.duration for c in calls),
        }

    def written_contacts(
        self, pipeline: str, target: str, *, before_run: int | None = None
    ) -> dict[str, int | None]:
        """The phones the runs of ``pipeline`` against ``target`` created or updated and
        did not delete since, each with the contact id last written: what its ledger
        would hold. Runs are matched by the ``target`` in their options (runs from before
        it was recorded count for every target). A lost ledger is told from a new one by
        this, and its deletions on Boolky are respected with it until it is rebuilt.
        ``before_run``: only the runs before that one (what an undo leaves the ledger).
        The answer is kept in the journal and each call reads only the outcomes recorded
        since (``journal_written``): a run costs its ledger's size, not the history's."""
        pipeline, target = redact(pipeline), redact(target)
        if before_run is not None:
            with self._reading() as db:
                return written_before(db, pipeline, target, before_run)
        with self._write() as db:  # the kept answer is brought up to date as it is read
            return written_now(db, pipeline, target)

    def runs(self) -> list[dict[str, Any]]:
        """Every run, oldest first; ``finished`` is ``None`` for a run that died or still runs,
        ``report`` for one from before the journal kept it."""
        rows = self._read(f"SELECT {RUN_COLUMNS} FROM runs ORDER BY id")
        names = [name.strip() for name in RUN_COLUMNS.split(",")]
        runs = [dict(zip(names, row, strict=True)) for row in rows]
        for run in runs:
            run["dry_run"] = bool(run["dry_run"])
            run["options"] = orjson.loads(run["options"])
            run["summary"] = None if run["summary"] is None else orjson.loads(run["summary"])
        return runs


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _text(value: str | None) -> str | None:
    return None if value is None else redact(value)


def _state(value: State | None) -> str | None:
    return None if value is None else _json(value)


def _change(row: tuple[Any, ...]) -> Change:
    op, phone, contact_id, group, before, after = row
    return Change(
        op,
        phone,
        contact_id,
        group,
        None if before is None else orjson.loads(before),
        None if after is None else orjson.loads(after),
    )


def _json(value: dict[str, Any]) -> str:
    """A value JSON cannot hold is stored as its text: finishing a run must not fail on it.

    Redacted as JSON text: ``***`` holds no character JSON escapes, so it stays valid."""
    return redact(orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode())


@dataclass(frozen=True)
class Holding:
    """Where one run keeps the contacts it deletes before re-adding them: its journal, under
    the run and the Boolky it writes to (a record is put back only where it came from)."""

    journal: Journal
    run_id: int
    target: str

    @classmethod
    def in_memory(cls) -> Holding:
        """For a sync without a journal file: records outlive a failed re-add, not the process."""
        return cls(Journal(None), 0, "")

    def hold(self, records: Iterable[HeldRecord]) -> None:
        self.journal.hold(self.run_id, self.target, records)

    def release(self, phones: Iterable[str]) -> None:
        self.journal.release(self.target, phones)

    def records(self) -> list[HeldRecord]:
        return self.journal.held(self.target)
