"""A Shopify export with mixed SMS consent, imported over HTTP into a sandbox.

Only the rows that say yes (or say nothing we know) reach Boolky; the two that
say no are held back, counted as ``no_consent``, listed with their row numbers
in the report's held_back.csv and held_back.json, and the run still exits 0.
The ledger keeps, per contact written, where its consent came from.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import click.testing
import openpyxl
import pytest

from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.ledger import Ledger
from tests.cli.workspace import KEY, api_env, invoke, latest, remote_phones, summary_of

FIXTURE = Path(__file__).parents[1] / "normalize" / "data" / "consent" / "shopify_consent.csv"
SAID_NO = {"+61412000102": 3, "+61412000104": 5}
SENT = {"+61412000101", "+61412000103", "+61412000105", "+61412000106"}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURE, tmp_path / "customers.csv")
    return tmp_path


def import_customers(box: Sandbox, *extra: str) -> click.testing.Result:
    return invoke("import", "customers.csv", "--base-url", box.url, "--yes", *extra, env=api_env())


def test_only_the_yes_and_unknown_rows_reach_boolky_and_the_report_lists_the_rest(
    box: Sandbox, here: Path
) -> None:
    result = import_customers(box, "--json")
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    assert summary["no_consent"] == 2
    assert summary["rejected"] == {}
    assert summary["plan"]["create"] == 4
    assert set(remote_phones(box)) == SENT
    run = latest(here / "reports")
    with (run / "held_back.csv").open(encoding="utf-8-sig", newline="") as file:
        listed = list(csv.DictReader(file))
    assert {row["phone"]: int(row["row"]) for row in listed} == SAID_NO
    assert {(row["column"], row["value"], row["reason"]) for row in listed} == {
        ("Accepts SMS Marketing", "no", "consent_no")
    }
    held = json.loads((run / "held_back.json").read_text("utf-8"))
    assert {item["phone"]: item["row"] for item in held} == SAID_NO
    html = (run / "report.html").read_text("utf-8")
    assert "Held back: no consent (2)" in html
    assert "+ held back − split: 6 = 4 + 0 + 0 + 2 − 0 (adds up)" in html
    book = openpyxl.load_workbook(run / "report.xlsx", read_only=True)
    assert book.sheetnames[-1] == "Held back"
    for name in ("held_back.csv", "held_back.json", "summary.json"):
        assert KEY not in (run / name).read_text("utf-8")


def test_the_terminal_summary_counts_the_held_back_rows(box: Sandbox, here: Path) -> None:
    result = import_customers(box)
    assert result.exit_code == 0, result.output
    assert "held back" in result.stdout
    assert "2: no consent" in result.stdout


def test_require_sends_only_the_rows_that_say_yes(box: Sandbox, here: Path) -> None:
    result = import_customers(box, "--consent", "require", "--json")
    assert result.exit_code == 0, result.output
    assert summary_of(result)["no_consent"] == 4
    assert set(remote_phones(box)) == {"+61412000101", "+61412000106"}


def test_ignore_sends_every_row(box: Sandbox, here: Path) -> None:
    result = import_customers(box, "--consent", "ignore", "--json")
    assert result.exit_code == 0, result.output
    assert summary_of(result)["no_consent"] == 0
    assert set(remote_phones(box)) == SENT | set(SAID_NO)


def test_the_ledger_records_where_each_written_contacts_consent_came_from(
    box: Sandbox, here: Path
) -> None:
    result = import_customers(box, "--json")
    assert result.exit_code == 0, result.output
    (path,) = (here / ".boolky-sync").glob("import*.ledger.sqlite")
    with Ledger(path) as ledger:
        said_yes = ledger.consent_of("+61412000101")
        unknown = ledger.consent_of("+61412000105")
        assert ledger.consent_of("+61412000102") is None  # held back: never written
    assert said_yes is not None and unknown is not None
    assert {k: said_yes[k] for k in ("consent", "file", "row", "column", "value")} == {
        "consent": "yes",
        "file": "customers.csv",
        "row": 2,
        "column": "Accepts SMS Marketing",
        "value": "yes",
    }
    assert isinstance(said_yes["run"], int) and said_yes["recorded"]
    assert unknown["consent"] is None and unknown["column"] is None  # "maybe": no answer
    assert unknown["run"] == said_yes["run"]
    assert KEY.encode() not in path.read_bytes()


def test_normalize_consent_option_and_its_summary(here: Path) -> None:
    result = invoke("normalize", "customers.csv", "--consent", "require", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["no_consent"] == 4 and stats["contacts"] == 2
    table = invoke("normalize", "customers.csv")
    assert "held back: no consent" in table.stdout
