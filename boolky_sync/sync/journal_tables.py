"""The run journal's tables (``journal``): their SQL and the column lists its queries use.

Kept apart so the journal module says what it does with them, not how they are laid out;
format 2 added a run's report folder and ``changes`` (see ``journal``); the kept answer
of ``written_contacts`` (``journal_written``) is there in a file of any format.
"""

from __future__ import annotations

from boolky_sync.sqlite_file import Layout
from boolky_sync.sync.journal_written import WRITTEN_TABLES

CHANGES = """
CREATE TABLE IF NOT EXISTS changes (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    op TEXT NOT NULL,
    phone TEXT,
    contact_id INTEGER,
    group_name TEXT,
    before TEXT,
    after TEXT
);
CREATE INDEX IF NOT EXISTS changes_by_run ON changes (run_id);
CREATE INDEX IF NOT EXISTS changes_by_phone ON changes (phone);
"""

LAYOUT = Layout(
    table="runs",
    version=2,
    # format 2: runs' report folder; ``changes`` is made by the schema's IF NOT EXISTS
    migrations={1: "ALTER TABLE runs ADD COLUMN report TEXT;"},
    schema="""
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    dry_run INTEGER NOT NULL,
    options TEXT NOT NULL,
    exit_code INTEGER,
    summary TEXT,
    report TEXT
);
CREATE TABLE IF NOT EXISTS calls (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    endpoint TEXT NOT NULL,
    method TEXT NOT NULL,
    size INTEGER NOT NULL,
    status INTEGER,
    attempts INTEGER NOT NULL,
    duration REAL NOT NULL,
    error TEXT
);
CREATE INDEX IF NOT EXISTS calls_by_run ON calls (run_id);
CREATE TABLE IF NOT EXISTS outcomes (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    op TEXT NOT NULL,
    phone TEXT,
    contact_id INTEGER,
    group_name TEXT,
    ok INTEGER NOT NULL,
    message_key TEXT,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS outcomes_by_run ON outcomes (run_id);
CREATE TABLE IF NOT EXISTS held (
    target TEXT NOT NULL,
    phone TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    gender INTEGER,
    mail TEXT,
    birthday TEXT,
    group_ids TEXT NOT NULL,
    group_names TEXT NOT NULL,
    PRIMARY KEY (target, phone)
);
"""
    + CHANGES
    + WRITTEN_TABLES,
)

CALL_COLUMNS = "endpoint, method, size, status, attempts, duration, error"
OUTCOME_COLUMNS = "op, phone, contact_id, group_name, ok, message_key, detail"
INSERT_CALL = f"INSERT INTO calls (run_id, {CALL_COLUMNS}) VALUES ({', '.join('?' * 8)})"
INSERT_OUTCOME = f"INSERT INTO outcomes (run_id, {OUTCOME_COLUMNS}) VALUES ({', '.join('?' * 8)})"
HELD_COLUMNS = "phone, contact_id, name, gender, mail, birthday, group_ids, group_names"
INSERT_HELD = (
    f"INSERT OR REPLACE INTO held (target, run_id, {HELD_COLUMNS}) VALUES ({', '.join('?' * 10)})"
)
CHANGE_COLUMNS = "op, phone, contact_id, group_name, before, after"
INSERT_CHANGE = f"INSERT INTO changes (run_id, {CHANGE_COLUMNS}) VALUES ({', '.join('?' * 7)})"
RUN_COLUMNS = "id, pipeline, started, finished, dry_run, exit_code, options, summary, report"
