"""Signals while normalize's process pool is busy -- real signals to a real
``boolky-sync run``. A SIGTERM to the run, or one to its whole process group (systemd's
stop; a terminal's Ctrl-C sends SIGINT so), ends the run (143, 130) with its report and
leaves no process behind; a worker killed on its own (the OOM killer) costs only time:
its part is read again and the run goes on.

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

import pytest

from boolky_sync.errors import EXIT_SIGINT, EXIT_SIGTERM
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


def big_pipeline(tmp_path: Path, rows: int) -> Path:
    """A pipeline over ``rows`` distinct German mobiles, read over two processes, uncached."""
    source = tmp_path / "data" / "crm.csv"
    source.parent.mkdir(parents=True)
    lines = ["Name,Mobile", *(f"P {n},+49 151 {20000000 + n}" for n in range(rows))]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return write_pipeline(
        tmp_path,
        "big",
        '[source]\npath = "../data/crm.csv"\n[normalize]\nworkers = 2\ncache = false\n',
    )


def start_run(pipeline: Path, box: Sandbox) -> subprocess.Popen[bytes]:
    """``boolky-sync run`` in a session of its own: a signal to its group reaches only it."""
    env = {**os.environ, "BOOLKY_API_KEY": KEY, "PYTHONPATH": str(REPO)}
    env.pop("BOOLKY_BASE_URL", None)
    command = [sys.executable, "-m", "boolky_sync", "run", str(pipeline), "--base-url", box.url]
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def pool_workers(pid: int) -> set[int]:
    """The processes the fork server of ``pid`` forked: the pool's workers."""
    servers = {c for c in children_of(pid) if "forkserver" in command_line(c)}
    return {worker for server in servers for worker in children_of(server)}


def test_a_sigterm_while_the_pool_reads_ends_the_run_and_its_processes(
    tmp_path: Path, box: Sandbox
) -> None:
    proc = start_run(big_pipeline(tmp_path, PARALLEL_MIN + 20_000), box)
    pool: set[int] = set()

    def reading_in_a_pool() -> bool:
        pool.update(children_of(proc.pid))
        return len(pool) >= 2  # the fork server (and resource tracker) and its workers

    wait_until(reading_in_a_pool, proc)
    proc.send_signal(signal.SIGTERM)
    code, out, err = finish(proc)

    assert code == EXIT_SIGTERM, err[-2000:]
    assert "SIGTERM" in out + err
    assert_none_left(pool)
    assert box.calls.count("addContacts") == 0  # stopped before writing


@pytest.mark.parametrize("moment", ["server", "workers"])
@pytest.mark.parametrize(
    ("signum", "code", "name"),
    [(signal.SIGTERM, EXIT_SIGTERM, "SIGTERM"), (signal.SIGINT, EXIT_SIGINT, "SIGINT")],
)
def test_a_signal_to_the_whole_group_while_the_pool_reads_stops_the_run_as_one(
    tmp_path: Path, box: Sandbox, signum: int, code: int, name: str, moment: str
) -> None:
    """systemd stops a service by signalling every process in it, a terminal's Ctrl-C
    signals its whole process group: the pool's processes get the signal too. Its workers
    leave the stop to the run, which stops at the end of the stage as it does in one
    process -- a pool whose workers died of it would wait for their answers forever. The
    signal comes as soon as the fork server is there (it dies of it, maybe before it forked
    the workers: the run reads with those it has, or alone), or once the workers are."""
    pipeline = big_pipeline(tmp_path, PARALLEL_MIN + 20_000)
    proc = start_run(pipeline, box)
    seen: set[int] = set()

    def there() -> bool:
        if moment == "server":
            seen.update(c for c in children_of(proc.pid) if "forkserver" in command_line(c))
            return bool(seen)
        seen.update(pool_workers(proc.pid))
        return len(seen) >= 2

    wait_until(there, proc)
    everyone = children_of(proc.pid) | seen
    os.killpg(proc.pid, signum)
    found, _, err = finish(proc)

    assert found == code, err[-2000:]
    assert f"{name} received" in err
    assert "internal error" not in err
    assert_none_left(everyone | pool_workers(proc.pid))
    assert box.calls.count("addContacts") == 0  # stopped before writing
    assert list(tmp_path.glob("**/summary.json"))  # the stopped run's report


def test_a_worker_killed_on_its_own_costs_time_not_the_run(tmp_path: Path, box: Sandbox) -> None:
    """The OOM killer picks one process: that worker's part is read again, the run says so
    and syncs every contact, where a pool would have waited for the lost part forever."""
    rows = 2 * PARALLEL_MIN
    proc = start_run(big_pipeline(tmp_path, rows), box)
    workers: set[int] = set()

    def reading_in_a_pool() -> bool:
        workers.update(pool_workers(proc.pid))
        return bool(workers)

    wait_until(reading_in_a_pool, proc)
    os.kill(min(workers), signal.SIGKILL)
    code, _, err = finish(proc)

    assert code == 0, err[-2000:]
    assert "of normalize's worker processes died" in err
    assert len(box.store.get_contacts()["contacts"]) == rows  # every one, once


def assert_none_left(pids: set[int]) -> None:
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in pids):
        assert time.monotonic() < deadline, f"left behind: {[p for p in pids if alive(p)]}"
        time.sleep(0.05)
