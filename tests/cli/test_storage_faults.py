"""Full and read-only disks, made real: small tmpfs mounts in a mount namespace of their own.

Each test runs a shell script under ``unshare -rm`` (a user and mount namespace:
no root needed, nothing of the host's mount table touched) -- or, where user
namespaces are off, ``unshare -m`` as root. The script mounts a tmpfs (filled
up, or remounted read-only), runs real ``python -m boolky_sync`` processes
against it and writes what they printed, their exit codes and what they left
on the mount into files outside it, which the test then reads: the mount
itself is gone when the namespace ends.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from textwrap import dedent
from typing import Any

from boolky_sync.api import BoolkyClient
from boolky_sync.errors import EXIT_INPUT, EXIT_OK, EXIT_STORAGE
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.reporting import FALLBACK
from boolky_sync.sandbox import run_sandbox
from tests.cli.workspace import uk_mobiles, write_contacts, write_pipeline

WAIT = 300
"""Seconds a whole script may take before the test gives up on it (not a timed assertion)."""

FILL = """
import os, sys
path, left = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as out:
    try:
        while True:
            out.write(b"x" * 4096)
            out.flush()
    except OSError:
        pass
size = os.path.getsize(path)
os.truncate(path, max(0, size - left))
"""
"""Fill the file system of argv[1] to the last byte, then give ``left`` bytes back."""


@cache
def namespace() -> list[str]:
    """The command prefix that gives a script mounts of its own."""
    for prefix in (["unshare", "-rm"], ["unshare", "-m"]):
        if shutil.which("unshare") is None:
            break
        if subprocess.run([*prefix, "true"], capture_output=True, check=False).returncode == 0:
            return prefix
    raise AssertionError(
        "these tests need `unshare -rm` (user namespaces) or root for `unshare -m`"
    )


def in_namespace(script: str, work: Path, **env: str) -> None:
    """Run ``script`` (sh) with its own mounts; ``$PY`` runs boolky-sync's Python."""
    run = f"""
    set -u
    run() {{
        name=$1; shift
        "$PY" -m boolky_sync "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
        echo $? >"$OUT/$name.rc"
    }}
    {dedent(script)}
    """
    out = work / "out"
    out.mkdir(exist_ok=True)
    variables = {**os.environ, "PY": sys.executable, "OUT": str(out), **env}
    variables.pop("BOOLKY_API_KEY", None)
    done = subprocess.run(
        [*namespace(), "sh", "-c", dedent(run)],
        cwd=work,
        env=variables,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 0, done.stderr


class Ran:
    """What one command of a script printed and returned."""

    def __init__(self, out: Path, name: str) -> None:
        self.code = int((out / f"{name}.rc").read_text())
        self.stdout = (out / f"{name}.out").read_text("utf-8")
        self.stderr = (out / f"{name}.err").read_text("utf-8")

    def summary(self) -> dict[str, Any]:
        assert self.stdout.strip(), self.stderr
        loaded: dict[str, Any] = json.loads(self.stdout)
        return loaded


def pipeline_at(root: Path, report: Path, state: Path, people: int = 3) -> Path:
    contacts = [(f"Person {i}", phone) for i, phone in enumerate(uk_mobiles(people))]
    write_contacts(root / "data" / "people.csv", contacts)
    return write_pipeline(
        root,
        "disk",
        f"""
        [source]
        path = "../data/people.csv"
        [report]
        folder = "{report}"
        formats = ["json", "html", "csv"]
        [state]
        folder = "{state}"
        """,
    )


def sandbox_phones(pipeline: Path) -> set[str]:
    """The contacts the pipeline's built-in sandbox holds, read through its API."""
    state = load_pipeline(pipeline).target.state
    with run_sandbox(api_key="look", state=state) as box, BoolkyClient(box.url, "look") as c:
        return {contact.phone for contact in c.get_contacts().contacts}


def test_a_report_folder_that_fills_up(tmp_path: Path) -> None:
    """The disk of the report folder has room for summary.json and not for report.html:
    the writes land, the report goes to the state folder's fallback place, exit 74;
    the next run (still full) works the same and writes nothing twice; once there is
    room again, the report is back in its folder and ``latest`` shows it."""
    full = tmp_path / "full"
    full.mkdir()
    reports = full / "reports"
    state = tmp_path / "state"
    pipeline = pipeline_at(tmp_path, reports, state)
    in_namespace(
        """
        mount -t tmpfs -o size=256k tmpfs "$FULL"
        "$PY" -c "$FILL" "$FULL/filler" 8192
        run first run "$PIPELINE" --json
        ls -A "$REPORTS" >"$OUT/first.ls"
        run second run "$PIPELINE" --json
        rm "$FULL/filler"
        run third run "$PIPELINE" --json
        readlink "$REPORTS/latest" >"$OUT/third.latest"
        cat "$REPORTS/latest/summary.json" >"$OUT/third.summary"
        """,
        tmp_path,
        FULL=str(full),
        REPORTS=str(reports),
        PIPELINE=str(pipeline),
        FILL=FILL,
    )
    out = tmp_path / "out"
    first, second, third = (Ran(out, name) for name in ("first", "second", "third"))
    fallback = state / FALLBACK

    assert first.code == EXIT_STORAGE, first.stderr
    summary = first.summary()
    assert summary["applied"]["ok"] == 3  # the writes landed before the report failed
    assert summary["error"].startswith(
        f"cannot write the report: no space left on the device that holds {reports}/"
    )
    assert summary["error"].endswith(f"; the report is in {fallback} instead")
    assert Path(summary["report"]).parent == fallback
    assert json.loads((Path(summary["report"]) / "summary.json").read_text())["exit_code"] == 74
    assert (Path(summary["report"]) / "report.html").is_file()
    assert summary["error"] in first.stderr
    assert "Traceback" not in first.stderr + second.stderr + third.stderr
    assert (out / "first.ls").read_text().split() == []  # the half-written folder is gone

    assert second.code == EXIT_STORAGE, second.stderr
    again = second.summary()
    assert (again["plan"]["create"], again["plan"]["unchanged"], again["write_calls"]) == (0, 3, 0)
    assert Path(again["report"]).parent == fallback
    assert len([p for p in fallback.iterdir() if p.name != "latest"]) == 2

    assert third.code == EXIT_OK, third.stderr
    assert third.summary()["report"] == str(reports / (out / "third.latest").read_text().strip())
    assert json.loads((out / "third.summary").read_text())["exit_code"] == EXIT_OK
    assert sandbox_phones(pipeline) == set(uk_mobiles(3))


def test_a_read_only_state_folder(tmp_path: Path) -> None:
    """The lock, ledger and journal cannot be written: exit 74 naming the folder, no
    traceback, and the report (in its own, writable folder) says so. validate says
    the same beforehand, as a problem of ``state.folder`` (exit 2)."""
    state = tmp_path / "state"
    state.mkdir()
    reports = tmp_path / "reports"
    pipeline = pipeline_at(tmp_path, reports, state)
    in_namespace(
        """
        mount -t tmpfs -o size=256k tmpfs "$STATE"
        mount -o remount,ro "$STATE"
        run ro run "$PIPELINE" --json
        run check validate "$PIPELINE"
        """,
        tmp_path,
        STATE=str(state),
        PIPELINE=str(pipeline),
    )
    ran, check = Ran(tmp_path / "out", "ro"), Ran(tmp_path / "out", "check")
    lock = state / "disk.lock"
    expected = (
        f"cannot take the run's lock: {lock} is read-only (its file system is mounted read-only)"
    )
    assert ran.code == EXIT_STORAGE, ran.stderr
    summary = ran.summary()
    assert summary["error"] == expected
    assert ran.stderr.count("\n") == 1 and expected in ran.stderr
    assert Path(summary["report"]).parent == reports
    assert json.loads((Path(summary["report"]) / "summary.json").read_text())["error"] == expected

    assert check.code == EXIT_INPUT, check.stderr
    assert check.stderr == (
        f"error: {pipeline}: state.folder (line 8): {state} is read-only (its file system is "
        "mounted read-only) — make it writable, or choose another folder\n"
    )


def test_a_read_only_report_folder_and_then_both(tmp_path: Path) -> None:
    """A read-only report folder: validate refuses it (exit 2, ``report.folder``); a run
    writes its report to the fallback place (exit 74). With the state folder read-only
    too, nothing can take the report: the summary is still printed, exit 74."""
    reports, state = tmp_path / "reports", tmp_path / "state"
    reports.mkdir()
    pipeline = pipeline_at(tmp_path, reports, state)
    in_namespace(
        """
        mount -t tmpfs -o size=256k tmpfs "$REPORTS"
        mount -o remount,ro "$REPORTS"
        run check validate "$PIPELINE"
        run fallback run "$PIPELINE" --json
        mkdir -p "$STATE"
        mount -t tmpfs -o size=256k tmpfs "$STATE"
        mount -o remount,ro "$STATE"
        run neither run "$PIPELINE" --json
        """,
        tmp_path,
        REPORTS=str(reports),
        STATE=str(state),
        PIPELINE=str(pipeline),
    )
    out = tmp_path / "out"
    check, fallback, neither = (Ran(out, n) for n in ("check", "fallback", "neither"))
    assert check.code == EXIT_INPUT, check.stderr
    assert check.stderr.startswith(
        f"error: {pipeline}: report.folder (line 5): {reports} is read-only"
    )
    assert check.stderr.count("\n") == 1

    assert fallback.code == EXIT_STORAGE, fallback.stderr
    summary = fallback.summary()
    assert summary["applied"]["ok"] == 3
    assert summary["error"].startswith(f"cannot write the report: {reports}")
    assert Path(summary["report"]).parent == state / FALLBACK

    assert neither.code == EXIT_STORAGE, neither.stderr
    lost = neither.summary()
    assert lost["report"] is None
    assert lost["error"].startswith("cannot take the run's lock: ")
    assert f"nor could it be written in {state / FALLBACK}" in lost["error"]
    assert "Traceback" not in check.stderr + fallback.stderr + neither.stderr


def test_a_state_folder_that_fills_up_exits_74_not_2(tmp_path: Path) -> None:
    """The state folder's disk fills between two runs: the second cannot write its journal
    or ledger -- exit 74 naming the file (it used to be 2, the input-error code), with
    a report; once there is room, the next run finishes the job."""
    state, reports = tmp_path / "state", tmp_path / "reports"
    state.mkdir()
    pipeline = pipeline_at(tmp_path, reports, state, people=3)
    grown = tmp_path / "data" / "people.csv"
    more = [(f"Person {i}", phone) for i, phone in enumerate(uk_mobiles(300))]
    write_contacts(grown.with_suffix(".csv.more"), more)
    in_namespace(
        """
        mount -t tmpfs -o size=2m tmpfs "$STATE"
        run first run "$PIPELINE" --json
        cp "$GROWN.more" "$GROWN"
        "$PY" -c "$FILL" "$STATE/filler" 0
        run full run "$PIPELINE" --json
        rm "$STATE/filler"
        run freed run "$PIPELINE" --json
        """,
        tmp_path,
        STATE=str(state),
        PIPELINE=str(pipeline),
        GROWN=str(grown),
        FILL=FILL,
    )
    out = tmp_path / "out"
    first, full, freed = (Ran(out, n) for n in ("first", "full", "freed"))
    assert first.code == EXIT_OK, first.stderr
    assert full.code == EXIT_STORAGE, full.stderr
    summary = full.summary()
    assert re.match(
        rf"cannot write the (run journal|ledger|sandbox state): no space left on the device "
        rf"that holds {re.escape(str(state))}/",
        summary["error"],
    ), summary["error"]
    assert summary["error"] in full.stderr
    assert "Traceback" not in full.stderr
    assert json.loads((Path(summary["report"]) / "summary.json").read_text())["exit_code"] == 74
    assert freed.code == EXIT_OK, freed.stderr
    assert freed.summary()["drift"] == 0
