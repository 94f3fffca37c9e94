"""The ledger's consent provenance: per phone written, where its consent came from.

A format-2 ledger (before provenance) opens in place, keeps its entries and gains
the table; a later run's provenance replaces an earlier one; a forgotten contact's
provenance stays, as the proof of why the number was texted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from boolky_sync.sync.ledger import Ledger, LedgerEntry

ANN = LedgerEntry("+447911123456", 1001, "Ann Lee", 2, "ann@example.com", "13-04-1993", ("VIP",))


def provenance(consent: str | None, row: int | None, value: str | None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "phone": [ANN.phone],
            "name": ["Ann Lee"],  # other contact columns are left alone
            "consent": [consent],
            "consent_file": ["crm.csv" if consent else None],
            "consent_row": pd.array([row], dtype="Int64"),
            "consent_column": ["SMS opt-in" if consent else None],
            "consent_value": [value],
        }
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite"


def test_a_format_2_ledger_is_migrated_in_place_and_keeps_its_entries(path: Path) -> None:
    with Ledger(path) as ledger:
        ledger.record_written([ANN])
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE ledger_consent; PRAGMA user_version = 2;")
    db.close()
    with Ledger(path) as ledger:
        assert ledger.entries() == [ANN]
        assert ledger.consent_of(ANN.phone) is None
        ledger.record_consent(provenance("yes", 7, "ja"), run=3)
        assert ledger.consent_of(ANN.phone)["value"] == "ja"  # type: ignore[index]
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
    finally:
        db.close()


def test_a_later_run_replaces_the_provenance_and_forget_keeps_it(path: Path) -> None:
    with Ledger(path) as ledger:
        ledger.record_written([ANN])
        ledger.record_consent(provenance("yes", 7, "ja"), run=3)
        ledger.record_consent(provenance(None, None, None), run=4)
        ledger.forget([ANN.phone])
        found = ledger.consent_of(ANN.phone)
    assert found is not None
    assert {k: found[k] for k in ("consent", "file", "row", "column", "value", "run")} == {
        "consent": None,
        "file": None,
        "row": None,
        "column": None,
        "value": None,
        "run": 4,
    }
