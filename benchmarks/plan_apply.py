"""The sync engine at scale: plan 1,000,000 desired against 1,000,000 remote, apply 100,000.

Run: ``python benchmarks/plan_apply.py [--plan-contacts N] [--apply-contacts N]``.

(a) ``make_plan`` of a nightly mirror: N desired contacts against an account of N
    contacts and a ledger that knows them all, 1% of them changed (half renamed, half
    in a new group). The inputs are built vectorised in a fresh child process, so its
    peak memory is the plan's and its inputs', nothing else's; the peak before the
    plan is printed too.
(b) ``apply_plan`` of N creates in four group sets, batches of 500, to a sandbox in its
    own process (as a real server would be), with the ledger in a file.

Aim (issue #5): the plan in at most 5 s and 2 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import BENCH_KEY, peak_mib, sandbox_process

from boolky_sync.api import Account, BoolkyClient, Contact, Group
from boolky_sync.sync.apply import apply_plan
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import make_plan
from boolky_sync.sync.run import plan_sync

CARRIED = frozenset({"name", "gender", "mail", "birthday", "groups"})
GROUPS = [Group(0, "All"), Group(1, "CRM"), Group(2, "VIP"), Group(3, "Staff"), Group(4, "Events")]
SETS = [("CRM",), ("CRM", "VIP"), ("CRM", "Staff"), ()]
SET_IDS = [(1,), (1, 2), (1, 3), ()]


def phones(count: int) -> pd.Series:
    return "+49151" + pd.Series(np.arange(count)).astype(str).str.zfill(8)


def desired_frame(count: int) -> pd.DataFrame:
    """N contacts as normalize gives them; every 200th renamed, every 200th+100 in Events."""
    numbers = np.arange(count)
    names = "Person " + pd.Series(numbers).astype(str)
    renamed = numbers % 200 == 0
    names[renamed] = "Renamed " + names[renamed]
    sets = np.array([tuple(s) for s in SETS] + [("CRM", "Events")], dtype=object)
    which = numbers % 4
    which[numbers % 200 == 100] = 4
    return pd.DataFrame(
        {
            "phone": phones(count).astype(object),
            "name": names.astype(object),
            "gender": pd.array(np.where(numbers % 3 == 0, pd.NA, 1 + numbers % 2), dtype="Int64"),
            "mail": pd.Series(np.where(numbers % 2 == 1, "p@example.org", None), dtype=object),
            "birthday": pd.Series(np.where(numbers % 5 == 0, "13-04-1993", None), dtype=object),
            "groups": pd.Series(sets[which], dtype=object),
        }
    )


def remote_account(count: int) -> Account:
    """The account as getContacts would give it: every contact as the source had it before."""
    listed = phones(count).tolist()
    sets = [(0, *ids) for ids in SET_IDS]
    contacts = [
        Contact(
            1000 + n,
            f"Person {n}",
            phone,
            sets[n % 4],
            False,
            None if n % 3 == 0 else 1 + n % 2,
            "p@example.org" if n % 2 == 1 else None,
            "13-04-1993" if n % 5 == 0 else None,
        )
        for n, phone in enumerate(listed)
    ]
    return Account(contacts=contacts, groups=GROUPS)


def ledger_frame(count: int) -> pd.DataFrame:
    """``Ledger.frame()`` of a pipeline that wrote every contact."""
    return pd.DataFrame(
        {
            "phone": phones(count).astype(object),
            "contact_id": pd.array(np.arange(count) + 1000, dtype="Int64"),
            "groups": pd.Series(np.array(SETS, dtype=object)[np.arange(count) % 4], dtype=object),
            "state": pd.Series(["ok"] * count, dtype=object),
        }
    )


def plan_in_this_process(count: int) -> dict[str, float | int]:
    started = time.perf_counter()
    desired, account, ledger = desired_frame(count), remote_account(count), ledger_frame(count)
    built = time.perf_counter() - started
    before = peak_mib()
    options = SyncOptions(mode="mirror", managed_groups=("CRM",))
    started, cpu = time.perf_counter(), time.process_time()
    plan = make_plan(desired, CARRIED, account, ledger, options)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert len(plan.updates) == count // 100, plan.counts()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mib": peak_mib(),
        "inputs_mib": before,
        "inputs_seconds": built,
        "updates": len(plan.updates),
        "unchanged": plan.unchanged,
    }


def bench_plan(count: int) -> None:
    child = subprocess.run(
        [sys.executable, __file__, "--plan-child", str(count)],
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"plan  {count:>9,} desired vs {count:,} remote, 1% changed: "
        f"{found['seconds']:6.2f} s ({found['cpu_seconds']:.2f} s CPU)  "
        f"peak {found['peak_mib']:,.0f} MiB "
        f"({found['updates']:,} updates, {found['unchanged']:,} unchanged; the inputs alone: "
        f"{found['inputs_mib']:,.0f} MiB, built in {found['inputs_seconds']:.1f} s)"
    )


def bench_apply(count: int) -> None:
    rows = desired_frame(count)
    rows["name"] = "Person " + pd.Series(np.arange(count)).astype(str)
    rows["groups"] = pd.Series(np.array(SETS, dtype=object)[np.arange(count) % 4], dtype=object)
    with (
        tempfile.TemporaryDirectory() as folder,
        sandbox_process() as url,
        BoolkyClient(url, BENCH_KEY) as client,
        Ledger(Path(folder) / "ledger.sqlite") as ledger,
    ):
        options = SyncOptions(batch_size=500)
        plan = plan_sync(rows, CARRIED, client, ledger, options)
        assert len(plan.creates) == count
        started, cpu = time.perf_counter(), time.process_time()
        result = apply_plan(plan, client, ledger)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert result.ok == count and result.failed == 0
    print(
        f"apply {count:>9,} creates in batches of 500, {options.concurrency} in flight: "
        f"{seconds:6.2f} s  {count / seconds:>9,.0f} contacts/s "
        f"(this process: {cpu:.1f} s CPU; the sandbox runs in its own)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan-contacts", type=int, default=1_000_000)
    parser.add_argument("--apply-contacts", type=int, default=100_000)
    parser.add_argument("--plan-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plan_child:
        print(json.dumps(plan_in_this_process(args.plan_child)))
        return
    print(f"load average before: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    bench_plan(args.plan_contacts)
    bench_apply(args.apply_contacts)


if __name__ == "__main__":
    main()
