"""What a run keeps of its writes is done while Boolky answers verify's read, over a real
sandbox: a verify that then fails leaves the writes kept all the same (consent booked,
record ids learnt, the report counting them), and the report's writers are loaded there,
not when the run starts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import boolky_sync
from boolky_sync.api import RetryPolicy
from boolky_sync.errors import EXIT_UNAVAILABLE
from boolky_sync.pipeline import Hooks, load_pipeline
from boolky_sync.pipeline.runner import run_pipeline
from boolky_sync.sandbox import Sandbox, run_sandbox
from boolky_sync.sync.ledger import Ledger
from tests.cli.workspace import KEY, remote_phones, uk_mobiles, write_pipeline

PHONES = uk_mobiles(6)
PIPELINE = """
[source]
path = "../data/crm.csv"
[source.mapping]
id = "Record ID"
"""


def _write_source(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [f"R{i},Person {i},{phone},yes" for i, phone in enumerate(PHONES)]
    path.write_text("Record ID,Name,Phone,SMS Consent\n" + "\n".join(rows) + "\n", "utf-8")


class BreakVerify:
    """A progress hook that makes every call fail (500) once verify begins: its read is
    the only call left."""

    def __init__(self, box: Sandbox) -> None:
        self.box = box

    def __call__(self, title: str, total: int) -> Callable[[int], None]:
        if title == "verifying":
            self.box.faults.error_rate = 1.0
        return lambda count: None


def test_a_run_whose_verify_fails_has_kept_its_writes(tmp_path: Path) -> None:
    _write_source(tmp_path / "data" / "crm.csv")
    pipeline = load_pipeline(write_pipeline(tmp_path, "crm", PIPELINE))
    once = RetryPolicy(max_attempts=1)
    with (
        run_sandbox(api_key=KEY) as box,
        boolky_sync.BoolkyClient(box.url, api_key=KEY, retry=once) as client,
    ):
        outcome = run_pipeline(pipeline, hooks=Hooks(progress=BreakVerify(box)), client=client)
        box.faults.error_rate = 0.0
        assert set(remote_phones(box)) == set(PHONES)  # apply was done before verify broke
    report = outcome.report
    assert outcome.exit_code == EXIT_UNAVAILABLE, report.error
    assert "getContacts" in (report.error or "")
    assert report.drift is None  # never measured
    assert report.applied is not None
    assert (report.applied.ok, report.applied.failed) == (len(PHONES), 0)
    (ledger_path,) = tmp_path.rglob("crm*.ledger.sqlite")
    with Ledger(ledger_path) as ledger:
        consents = [ledger.consent_of(phone) for phone in PHONES]
        records = ledger.records()
    assert all(c is not None and c["consent"] == "yes" for c in consents), consents
    assert {c["run"] for c in consents if c is not None} == {report.run_id}
    assert dict(zip(records["record_id"], records["phone"], strict=True)) == {
        f"R{i}": phone for i, phone in enumerate(PHONES)
    }
    assert outcome.report_dir is not None and (outcome.report_dir / "report.xlsx").is_file()


def test_a_run_starts_without_the_spreadsheet_writer() -> None:
    """openpyxl is loaded while Boolky answers verify's read (``report.write.load_writers``),
    or when the report is written: never by importing the runner or the CLI."""
    code = (
        "import sys, boolky_sync.pipeline.runner, boolky_sync.cli.run_cmd\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
