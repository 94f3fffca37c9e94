"""SIGINT and SIGTERM sent to a real ``python -m boolky_sync run`` process while it writes.

The run writes 600 contacts in batches of 10 to a sandbox served by this test, with
latency on every call so that apply lasts; the signal is sent once the sandbox has
answered some writes. The sandbox makes a second contact for a phone sent twice, so a
write repeated by the rerun would show as a duplicate.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.errors import EXIT_OK, EXIT_SIGINT, EXIT_SIGTERM
from boolky_sync.pipeline import load_pipeline
from boolky_sync.sandbox import Sandbox, run_sandbox
from boolky_sync.sandbox.app import GONE
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
from tests.conftest import REPO

CONTACTS = 600
BATCH = 10
CONCURRENCY = 2
STARTED_WRITES = 4
"""addContacts answers the sandbox gives the run before the signal is sent (of 60)."""


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY, duplicate_policy="duplicate") as sandbox:
        yield sandbox


def pipeline_for(root: Path) -> Path:
    people = [(f"Person {i}", phone) for i, phone in enumerate(uk_mobiles(CONTACTS))]
    write_contacts(root / "data" / "crm.csv", people)
    return write_pipeline(
        root,
        "nightly",
        f"""
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        batch_size = {BATCH}
        concurrency = {CONCURRENCY}
        """,
    )


def start_run(pipeline: Path, box: Sandbox) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BOOLKY_API_KEY": KEY, "PYTHONPATH": str(REPO)}
    env.pop("BOOLKY_BASE_URL", None)
    command = [sys.executable, "-m", "boolky_sync", "run", str(pipeline), "--base-url", box.url]
    return subprocess.Popen(
        [*command, "--json"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def wait_until(condition: Callable[[], bool], proc: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``condition`` for up to a minute, failing if ``proc`` ends meanwhile."""
    deadline = time.monotonic() + 60
    while not condition():
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the run ended too early: {out!r} {err.decode()[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail("waited a minute in vain")
        time.sleep(0.001)


def finish(proc: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc.returncode, out.decode(), err.decode()


def copies(box: Sandbox) -> Counter[str]:
    """How many contacts hold each phone."""
    return Counter(c["phone"] for c in box.store.get_contacts()["contacts"])


def last_run(pipeline: Path) -> dict[str, Any]:
    with Journal(load_pipeline(pipeline).journal_path) as journal:
        return journal.runs()[-1]


@pytest.mark.parametrize(
    ("signum", "code", "name"),
    [(signal.SIGINT, EXIT_SIGINT, "SIGINT"), (signal.SIGTERM, EXIT_SIGTERM, "SIGTERM")],
)
def test_a_signal_stops_the_writes_within_a_batch_and_the_rerun_finishes(
    tmp_path: Path, box: Sandbox, signum: int, code: int, name: str
) -> None:
    pipeline = pipeline_for(tmp_path)
    box.faults.latency = 0.05  # so that there is a "midway" to stop it in
    proc = start_run(pipeline, box)
    wait_until(lambda: box.calls.count("addContacts", status=200) >= STARTED_WRITES, proc)
    arrived = box.calls.arrived
    proc.send_signal(signum)
    returncode, out, err = finish(proc)

    assert returncode == code, err[-2000:]
    # No batch started after the signal but those that had passed their check as it came.
    late = [c for c in box.calls if c.endpoint == "addContacts" and c.number > arrived]
    assert len(late) <= CONCURRENCY, late
    assert f"{name} received: finishing the batches in flight, starting no new one" in err
    assert "Traceback" not in err

    written = sum(copies(box).values())
    summary = summary_file(latest(tmp_path / "pipelines" / "reports" / "nightly"))
    assert summary["exit_code"] == code
    assert summary["error"] == (
        f"stopped by {name} after {written:,} of {CONTACTS:,} writes; run it again to finish"
    )
    assert summary["applied"] == {"ok": written, "failed": 0, "skipped": CONTACTS - written}
    assert 0 < written < CONTACTS
    assert json.loads(out)["exit_code"] == code
    run = last_run(pipeline)
    assert run["finished"] is not None and run["exit_code"] == code
    assert run["summary"]["error"] == summary["error"]

    box.faults.latency = 0.0
    rerun = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())
    assert rerun.exit_code == EXIT_OK, rerun.output
    again = summary_of(rerun)
    assert again["plan"]["create"] == CONTACTS - written  # what landed is not sent again
    assert again["drift"] == 0
    assert copies(box) == dict.fromkeys(uk_mobiles(CONTACTS), 1)  # each phone once


def test_a_second_ctrl_c_stops_at_once(tmp_path: Path, box: Sandbox) -> None:
    """With every call taking 5 s, the run leaves while its calls are still being answered."""
    pipeline = pipeline_for(tmp_path)
    box.faults.latency = 0.05
    proc = start_run(pipeline, box)
    wait_until(lambda: box.calls.count("addContacts", status=200) >= STARTED_WRITES, proc)
    box.faults.latency = 5.0
    slow = box.calls.arrived
    wait_until(lambda: box.calls.arrived > slow, proc)  # a 5 s call in flight
    proc.send_signal(signal.SIGINT)
    assert proc.stderr is not None
    stderr = proc.stderr
    wait_until(lambda: b"SIGINT received" in stderr.readline(), proc)
    proc.send_signal(signal.SIGINT)
    returncode, _, err = finish(proc)

    assert returncode == EXIT_SIGINT
    assert "second SIGINT: stopping at once" in err
    assert last_run(pipeline)["finished"] is None  # as after a crash: the rerun settles it
    wait_until(lambda: box.calls.arrived == len(box.calls))  # the calls it left behind end
    assert box.calls.count("addContacts", status=GONE) >= 1  # it did not wait for them

    box.faults.latency = 0.0
    rerun = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())
    assert rerun.exit_code == EXIT_OK, rerun.output
    assert summary_of(rerun)["drift"] == 0
    assert copies(box) == dict.fromkeys(uk_mobiles(CONTACTS), 1)  # each phone once
