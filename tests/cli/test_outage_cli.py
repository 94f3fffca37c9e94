"""``run`` against a Boolky that reads but fails every write: exit 5, calls bounded, and a
report that lists every change that was not made."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from boolky_sync.errors import EXIT_OK, EXIT_UNAVAILABLE
from boolky_sync.pipeline import load_pipeline
from boolky_sync.sandbox import Faults, run_sandbox
from boolky_sync.sync.apply import FAILED_CALLS_IN_A_ROW
from boolky_sync.sync.journal import Journal
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    latest,
    summary_file,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)

ATTEMPTS = 2
BATCH = 10


def test_a_boolky_failing_every_write_ends_in_exit_5_after_three_calls(tmp_path: Path) -> None:
    pipeline = write_pipeline(
        tmp_path,
        "nightly",
        f"""
        [source]
        path = "../data/crm.csv"
        [sync]
        batch_size = {BATCH}
        concurrency = 1
        [target]
        max_attempts = {ATTEMPTS}
        """,
    )
    people = [(f"Person {i}", phone) for i, phone in enumerate(uk_mobiles(100))]
    write_contacts(tmp_path / "data" / "crm.csv", people)
    run = ("run", pipeline, "--json")
    with run_sandbox(api_key=KEY, faults=Faults(fail_writes=True)) as box:
        result = invoke(*run, "--base-url", box.url, env=api_env())

        assert result.exit_code == EXIT_UNAVAILABLE, result.output
        sizes = [c.size for c in box.calls if c.endpoint == "addContacts"]
        assert sizes == [BATCH] * (FAILED_CALLS_IN_A_ROW * ATTEMPTS)  # not split, then stopped
        summary = summary_of(result)
        assert summary["error"].startswith(
            "Boolky failed 3 calls in a row: stopping; 100 of 100 writes were not made"
        )
        assert summary["applied"] == {"ok": 0, "failed": 30, "skipped": 70}
        assert "Boolky failed 3 calls in a row" in result.stderr
        folder = latest(tmp_path / "pipelines" / "reports" / "nightly")
        assert summary_file(folder)["exit_code"] == EXIT_UNAVAILABLE
        with (folder / "changes.csv").open(encoding="utf-8-sig", newline="") as changes:
            rows = list(csv.DictReader(changes))
        assert Counter(r["outcome"] for r in rows) == {"failed": 30, "skipped": 70}
        assert {r["phone"] for r in rows} == {phone for _, phone in people}
        assert {r["message_key"] for r in rows if r["outcome"] == "failed"} == {"internalError"}
        with Journal(load_pipeline(pipeline).journal_path) as journal:
            last = journal.runs()[-1]
        assert last["finished"] is not None and last["exit_code"] == EXIT_UNAVAILABLE

        box.faults.fail_writes = False  # Boolky is back: the next run writes everything once
        again = invoke(*run, "--base-url", box.url, env=api_env())
        assert again.exit_code == EXIT_OK, again.output
        assert summary_of(again)["applied"]["ok"] == 100
        phones = Counter(c["phone"] for c in box.store.get_contacts()["contacts"])
        assert set(phones.values()) == {1} and len(phones) == 100
