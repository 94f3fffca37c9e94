"""The whole product at nightly scale: ``boolky-sync run`` on 100,000 rows, 1% of them changed.

Run: ``python benchmarks/end_to_end.py [--rows N] [--changed F] [--repeats R] [--keep]
[--profile first|second]``.

A CSV export of N rows (unique, valid UK mobiles, +447912 and six digits;
names, e-mail, a CRM group) and a mirror pipeline file (managed group "CRM")
are written to a temporary folder. A ``boolky-sync sandbox serve`` in its own
process is the Boolky, and the pipeline is pointed at it with ``--base-url``
(key ``bench-key`` from ``BOOLKY_API_KEY``). A first run fills the sandbox with
the N contacts; then the names of a fraction F of the rows change, and the
second run -- the one measured -- reads, normalizes, plans against the N
contacts Boolky holds, writes the changes, verifies and writes the report. It
is measured R times (``--repeats``, 3 by default), the names changing back and
again, so each re-run writes the same number of changes.

Each run is its own child process, started with ``posix_spawn`` and reaped
with ``wait4``, so its wall time, CPU time and peak resident memory (``ru_maxrss``)
are that run's alone: not this script's, not the sandbox's, not the other run's.
The package is compiled to bytecode first, as an install leaves it, so no run
pays for compiling it from source.

Each figure is printed beside its floor, measured in the same run against the
same sandbox: the ``getContacts`` read alone (``BoolkyClient.get_contacts``
of the N contacts held, best of three, in this process) -- the floor of any
sync, which reads the account twice (to plan, to verify). It is given twice: as a
script calls it, with this process's collector, and at the collector pace a run
keeps (``gc_pace``), which spares the read about a quarter of a second at 100,000
contacts: the run's own reads have that pace, so the second ratio is the one of
like with like. The read is measured
right after each re-run: this machine's speed drifts by a third from one minute
to the next, so a re-run is only compared with a read made in the same spell,
and the ratio given is the median of the re-runs'. The issue's aims: the
second run <= 3x that read, the first run <= 12 s, a million rows <= 2 GiB
peak (``--rows 1000000``). ``--profile first|second`` runs that run under
cProfile and prints its top 40 by cumulative time: where the time outside the
stages goes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _common import BENCH_KEY, compiled_like_an_install, sandbox_process

from boolky_sync.api.client import BoolkyClient
from boolky_sync.gc_pace import rare_collections

PIPELINE = """\
name = "bench"

[source]
path = "contacts.csv"

[normalize]
static_groups = ["CRM"]

[sync]
mode = "mirror"
managed_groups = ["CRM"]
batch_size = 500
concurrency = 2

[target]
# Every run is pointed at the sandbox process with --base-url.
timeout = 120

[report]
folder = "reports"

[state]
folder = "state"
"""


PROFILED = """\
import atexit, cProfile, sys
from boolky_sync.cli.main import main
profile, path = cProfile.Profile(), sys.argv.pop(1)
atexit.register(lambda: (profile.disable(), profile.dump_stats(path)))
profile.enable()
main()
"""
"""``boolky-sync`` under cProfile, its stats written by an exit handler: the console script
ends with ``os._exit`` once its exit handlers ran (``cli.process_end``), so ``python -m
cProfile``, which writes them after the script returns, never does."""


def write_source(path: Path, rows: int, changed: float) -> int:
    """The export: ``rows`` contacts, the names of every ``1/changed``-th row marked changed."""
    numbers = np.arange(rows)
    text = pd.Series(numbers).astype(str)
    names = "Person " + text
    renamed = numbers % round(1 / changed) == 0 if changed else np.zeros(rows, bool)
    names[renamed] = "Renamed " + names[renamed]
    frame = pd.DataFrame(
        {
            "Name": names,
            "Phone": "+447912" + text.str.zfill(6),
            "Email": "person" + text + "@example.com",
            "Groups": np.where(numbers % 10 == 0, "VIP", ""),
        }
    )
    frame.to_csv(path, index=False)
    return int(renamed.sum())


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float
    """User and system time of the run's process and of the descendants it reaped, as
    ``wait4`` counts them: steadier than wall time on a shared machine."""
    peak_mib: float
    exit_code: int
    summary: dict[str, Any]


def measured_run(folder: Path, url: str, profile: Path | None = None) -> Measured:
    """``boolky-sync run`` in a child process; its wall time, peak RSS and --json summary."""
    out, err = folder / "run.stdout", folder / "run.stderr"
    command = ["-c", PROFILED, str(profile)] if profile else ["-m", "boolky_sync"]
    argv = [
        sys.executable,
        *command,
        "run",
        str(folder / "bench.toml"),
        "--base-url",
        url,
        "--json",
    ]
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    env = {**os.environ, "BOOLKY_API_KEY": BENCH_KEY}
    started = time.perf_counter()
    pid = os.posix_spawn(
        sys.executable,
        argv,
        env,
        file_actions=[
            (os.POSIX_SPAWN_OPEN, 1, str(out), flags, 0o600),
            (os.POSIX_SPAWN_OPEN, 2, str(err), flags, 0o600),
        ],
    )
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"boolky-sync run exited {code}:\n{err.read_text()[-3000:]}")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(seconds, cpu, peak, code, json.loads(out.read_text()))


def describe(title: str, run: Measured) -> None:
    s = run.summary
    plan, applied = s["plan"], s["applied"]
    stages = ", ".join(f"{k} {v:.2f}" for k, v in s["durations"].items())
    stages += f"; outside them (start-up, report) {run.seconds - sum(s['durations'].values()):.2f}"
    print(
        f"{title}: {run.seconds:6.2f} s wall ({run.cpu_seconds:.2f} s CPU), "
        f"peak {run.peak_mib:,.0f} MiB (the run's process)"
    )
    print(
        f"    rows {s['rows']:,} → contacts {s['contacts']:,} (rejected "
        f"{sum(s['rejected'].values())}); plan create {plan['create']:,}, update "
        f"{plan['update']:,}, remove {plan['remove']:,}, unchanged {plan['unchanged']:,}"
    )
    print(
        f"    applied ok {applied['ok']:,}, failed {applied['failed']}; "
        f"{s['calls']} calls ({s['write_calls']} writes); drift {s['drift']}; "
        f"exit {s['exit_code']}"
    )
    print(f"    stages (s; apply includes verify): {stages}")


@dataclass
class Read:
    plain: float
    """``get_contacts`` as a script calls it, the collector at this process's pace."""
    paced: float
    """The same read with the collector at a run's pace (``gc_pace``), as a run reads:
    the 100,000 contacts' objects set the default collector off about 0.25 s a read."""


def read_alone(url: str) -> Read:
    """The floor of any sync: ``getContacts`` of the whole account, best of three, as a
    library call and at a run's collector pace, in turns."""
    client = BoolkyClient(url, BENCH_KEY, timeout=120)
    plain, paced = [], []
    for _ in range(3):
        for times, pace in ((plain, nullcontext()), (paced, rare_collections(freezing=False))):
            with pace:
                started = time.perf_counter()
                client.get_contacts()
                times.append(time.perf_counter() - started)
    return Read(min(plain), min(paced))


def print_profile(path: Path) -> None:
    out = io.StringIO()
    pstats.Stats(str(path), stream=out).sort_stats("cumulative").print_stats(40)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--changed", type=float, default=0.01, help="fraction of names changed")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="re-runs (each changes the names back or again), each with a read after it",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--profile", choices=["first", "second"], help="cProfile that run")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if not 0 < args.rows <= 1_000_000:
        parser.error(
            "--rows must be 1..1,000,000 (the phone numbers are +447912 + 6 digits, all valid)"
        )

    compiled_like_an_install()
    folder = Path(tempfile.mkdtemp(prefix="boolky-e2e-"))
    (folder / "bench.toml").write_text(PIPELINE, encoding="utf-8")
    write_source(folder / "contacts.csv", args.rows, 0.0)
    with sandbox_process() as url:
        profile = folder / "run.prof" if args.profile else None
        first = measured_run(folder, url, profile if args.profile == "first" else None)
        assert first.summary["applied"]["ok"] == args.rows, first.summary
        pairs, changed = [], 0
        for turn in range(args.repeats):  # the names change, then change back, ...
            fraction = 0.0 if turn % 2 else args.changed
            renamed = write_source(folder / "contacts.csv", args.rows, fraction)
            changed = changed or renamed
            traced = profile if args.profile == "second" and turn == 0 else None
            again = measured_run(folder, url, traced)
            assert again.summary["plan"]["update"] == changed, again.summary["plan"]
            assert again.summary["drift"] == 0, again.summary
            pairs.append((again, read_alone(url)))
        # the profiled re-run is slower than the others: left out of the median if it can be
        timed = pairs[1:] if args.profile == "second" and len(pairs) > 1 else pairs
        second, read = sorted(timed, key=lambda pair: pair[0].seconds / pair[1].plain)[
            len(timed) // 2
        ]
        median = second.seconds / read.plain
        paced = sorted(run.seconds / floor.paced for run, floor in timed)[len(timed) // 2]

    print(f"source: {args.rows:,} rows; {changed:,} names changed for each later run")
    describe("first run (fills the sandbox)", first)
    for turn, (run, floor) in enumerate(pairs, start=1):
        print(f"    re-run {turn}: {run.seconds:.2f} s, the read after it {floor.plain:.2f} s: "
              f"{run.seconds / floor.plain:.2f}x; at a run's collector pace {floor.paced:.2f} s: "
              f"{run.seconds / floor.paced:.2f}x")  # fmt: skip
    describe(
        f"the median re-run, {args.rows:,} rows vs {args.rows:,} held, {changed:,} changed", second
    )
    print(
        f"floor: getContacts of the {args.rows:,} held alone {read.plain:.2f} s as a library "
        f"call, {read.paced:.2f} s at a run's collector pace (best of 3 each, after it)"
    )
    print(f"    first run {first.seconds / read.plain:.1f}x that read (aim: <= 12 s at 100k); "
          f"re-runs {median:.2f}x the read after each as a library call, {paced:.2f}x it at "
          f"a run's pace, the medians of {len(timed)} (aim <= 3x: a run reads twice)")  # fmt: skip
    if profile:
        print_profile(profile)
    if args.keep:
        print(f"files: {folder}")
    else:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
