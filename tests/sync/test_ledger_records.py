"""The ledger's record ids: each at the phone it was last written under, only for phones
the ledger holds, gone with a forgotten phone; a format-2 file gains the table in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from boolky_sync.sync.ledger import Ledger, LedgerEntry


def _records(ledger: Ledger) -> dict[str, str]:
    frame = ledger.records()
    return dict(zip(frame["record_id"], frame["phone"], strict=True))


def test_a_record_id_follows_its_phone_and_leaves_with_it() -> None:
    with Ledger(None) as ledger:
        ledger.record_written([LedgerEntry("+441", 1), LedgerEntry("+442", 2)])
        ledger.set_records(["A", "B", "C"], ["+441", "+442", "+449"])  # +449: not ours
        assert _records(ledger) == {"A": "+441", "B": "+442"}

        ledger.set_records(["A"], ["+442"])  # A moved to B's number
        ledger.forget(["+441"])

        assert _records(ledger) == {"A": "+442", "B": "+442"}
        ledger.forget(["+442"])
        assert _records(ledger) == {}


def test_a_format_2_ledger_gains_record_ids_in_place(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with Ledger(path) as ledger:
        ledger.record_written([LedgerEntry("+441", 1)])
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE ledger_records; PRAGMA user_version = 2;")
    db.close()

    with Ledger(path) as ledger:
        assert _records(ledger) == {}
        ledger.set_records(["A"], ["+441"])
        assert _records(ledger) == {"A": "+441"} and len(ledger) == 1
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
    finally:
        db.close()
