"""A SIGTERM while normalize's process pool is busy: the run ends (exit 143) with its
report, and leaves no process behind -- a real signal to a real ``boolky-sync run``.

The pool starts only above ``PARALLEL_MIN`` distinct numbers, so the source is that
big; the pool's processes are found in /proc while the run reads.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from boolky_sync.errors import EXIT_SIGTERM
from boolky_sync.normalize.phone_reading import PARALLEL_MIN
from boolky_sync.sandbox import Sandbox
from tests.cli.test_signals import finish, wait_until
from tests.cli.workspace import KEY, write_pipeline
from tests.conftest import REPO


def children_of(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc), and theirs."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found | {c for child in found for c in children_of(child)}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_sigterm_while_the_pool_reads_ends_the_run_and_its_processes(
    tmp_path: Path, box: Sandbox
) -> None:
    rows = PARALLEL_MIN + 20_000
    source = tmp_path / "data" / "crm.csv"
    source.parent.mkdir(parents=True)
    lines = ["Name,Mobile", *(f"P {n},+49 151 {20000000 + n}" for n in range(rows))]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pipeline = write_pipeline(
        tmp_path,
        "big",
        '[source]\npath = "../data/crm.csv"\n[normalize]\nworkers = 2\ncache = false\n',
    )
    env = {**os.environ, "BOOLKY_API_KEY": KEY, "PYTHONPATH": str(REPO)}
    env.pop("BOOLKY_BASE_URL", None)
    command = [sys.executable, "-m", "boolky_sync", "run", str(pipeline), "--base-url", box.url]
    proc = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    pool: set[int] = set()

    def reading_in_a_pool() -> bool:
        pool.update(children_of(proc.pid))
        return len(pool) >= 2  # the fork server (and resource tracker) and its workers

    wait_until(reading_in_a_pool, proc)
    proc.send_signal(signal.SIGTERM)
    code, out, err = finish(proc)

    assert code == EXIT_SIGTERM, err[-2000:]
    assert "SIGTERM" in out + err
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in pool):
        assert time.monotonic() < deadline, f"left behind: {[p for p in pool if alive(p)]}"
        time.sleep(0.05)
    assert box.calls.count("addContacts") == 0  # stopped before writing
