"""Two runs of one pipeline never overlap: the second gives up at once with exit code 6.

The race is made deterministic rather than timed: the sandbox holds the first
run's first call until the test lets it go, so the first run is certainly
inside its lock while the second one starts, and certainly still running when
the second one has already ended.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from boolky_sync.errors import EXIT_LOCKED
from boolky_sync.pipeline.lock import pipeline_lock
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    remote_phones,
    summary_of,
    write_contacts,
    write_pipeline,
    writes,
)

PEOPLE = [("Ann Lee", "+447911123456"), ("Bob Stone", "+447911123457")]
WAIT = 120
"""Seconds any step may take before the test gives up (a deadline, not a pause)."""


def pipeline_in(root: Path) -> Path:
    write_contacts(root / "data" / "people.csv", PEOPLE)
    return write_pipeline(
        root,
        "locked",
        """
        [source]
        path = "../data/people.csv"
        [target]
        timeout = 300
        """,
    )


def command(pipeline: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "boolky_sync", "run", str(pipeline), "--base-url", url]


def test_a_second_run_while_the_first_runs_exits_6_at_once(tmp_path: Path, box: Sandbox) -> None:
    pipeline = pipeline_in(tmp_path)
    arrived, release = threading.Event(), threading.Event()
    first_call = box.calls.begin

    def held_begin() -> int:
        number = first_call()
        if number == 1:  # the first run's first call: hold it, and the run with it
            arrived.set()
            release.wait(WAIT)
        return number

    box.calls.begin = held_begin  # type: ignore[method-assign]
    env = {**os.environ, "BOOLKY_API_KEY": KEY, "BOOLKY_BASE_URL": ""}
    first = subprocess.Popen(
        command(pipeline, box.url),
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert arrived.wait(WAIT), "the first run never called Boolky"
        second = subprocess.run(
            command(pipeline, box.url),
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=WAIT,
            check=False,
        )
        still_running = first.poll() is None
    finally:
        release.set()
        try:
            out, err = first.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            first.kill()
            out, err = first.communicate()

    assert second.returncode == EXIT_LOCKED, second.stderr
    assert second.stderr.startswith("error: another run of pipeline 'locked' is in progress")
    assert "this run did nothing" in second.stderr
    assert second.stdout == ""
    assert still_running, "the second run waited for the first instead of giving up"
    assert first.returncode == 0, err
    assert "Report:" in out
    assert box.calls.count() == box.calls.count("getContacts") + writes(box)
    assert set(remote_phones(box)) == {phone for _, phone in PEOPLE}

    # The lock is free again: the next run proceeds (and has nothing left to do).
    after = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())
    assert after.exit_code == 0, after.output
    assert summary_of(after)["plan"]["unchanged"] == len(PEOPLE)


def test_a_held_lock_stops_the_run_and_its_release_lets_the_next_one_in(
    tmp_path: Path, box: Sandbox
) -> None:
    pipeline = pipeline_in(tmp_path)
    reports = tmp_path / "pipelines" / "reports"
    with pipeline_lock(load_pipeline(pipeline)):
        held = invoke("run", pipeline, "--base-url", box.url, env=api_env())
        assert held.exit_code == EXIT_LOCKED
        assert "another run of pipeline 'locked' is in progress" in held.stderr
        assert box.calls.count() == 0
        assert not reports.exists(), "a run that did nothing writes no report"

    freed = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())
    assert freed.exit_code == 0, freed.output
    assert summary_of(freed)["applied"]["ok"] == len(PEOPLE)
    assert (reports / "locked" / "latest" / "summary.json").is_file()


def test_the_dry_run_report_shares_the_nightly_lock(workspace: Path) -> None:
    """The diff report never runs while the nightly sync it predicts is running."""
    nightly = load_pipeline(workspace / "pipelines" / "nightly_crm_sync.toml")
    with pipeline_lock(nightly):
        result = invoke("run", workspace / "pipelines" / "dry_run_report.toml")
    assert result.exit_code == EXIT_LOCKED
    assert "nightly_crm_sync" in result.stderr


def test_plan_respects_the_lock_too(tmp_path: Path, box: Sandbox) -> None:
    pipeline = pipeline_in(tmp_path)
    with pipeline_lock(load_pipeline(pipeline)):
        planned = invoke(
            "plan", pipeline, "-o", tmp_path / "plan.json", "--base-url", box.url, env=api_env()
        )
    assert planned.exit_code == EXIT_LOCKED
    assert not (tmp_path / "plan.json").exists()
    assert box.calls.count() == 0
