"""What lost, late and garbled answers cost: a mirror's three rounds, faulty against clean.

Run: ``python benchmarks/ambiguous_writes.py [--contacts N] [--batch N] [--rate F]``.

For each duplicate policy and update strategy (reject only with replace: it refuses a
re-add), a sandbox in its own process serves the same three rounds twice, once clean and
once with ``--rate`` of the writes (addContacts, addGroup, deleteContacts) carried out and
their answers lost, the same share late (after the client's 1 s timeout) and the same
share garbled: a first run creating N contacts in CRM (a third also in VIP), an update
round renaming a quarter, a mirror round after a quarter left the source
(``delete_contacts``). Printed per round, clean | faulty: the calls the sandbox answered,
the seconds, and the run's failures, drift and largest number of copies of one phone.
"""

from __future__ import annotations

import argparse
import logging
import time
from typing import Any

import httpx
import pandas as pd
from _common import BENCH_KEY, sandbox_process

from boolky_sync.api import BoolkyClient, RetryPolicy
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import check_guard
from boolky_sync.sync.run import apply_and_verify, plan_sync

CARRIED = frozenset({"name", "gender", "mail", "birthday", "groups"})
COMBOS = [
    ("upsert", "readd"),
    ("upsert", "replace"),
    ("duplicate", "readd"),
    ("duplicate", "replace"),
    ("reject", "replace"),
]
TIMEOUT = 1.0
LATE_BY = 3.0


def rounds(count: int) -> list[tuple[str, pd.DataFrame]]:
    names = [f"Person {n}" for n in range(count)]
    groups = [("CRM", "VIP") if n % 3 == 0 else ("CRM",) for n in range(count)]
    renamed = [f"{name} Lee" if n % 4 == 0 else name for n, name in enumerate(names)]
    kept = count * 3 // 4
    return [
        ("create", frame(count, names, groups)),
        ("update", frame(count, renamed, groups)),
        ("mirror", frame(kept, renamed[:kept], groups[:kept])),
    ]


def frame(count: int, names: list[str], groups: list[tuple[str, ...]]) -> pd.DataFrame:
    none = pd.Series([None] * count, dtype=object)
    return pd.DataFrame(
        {
            "phone": pd.Series([f"+49151{n:08d}" for n in range(count)], dtype=object),
            "name": pd.Series(names, dtype=object),
            "gender": pd.array([None] * count, dtype="Int64"),
            "mail": none,
            "birthday": none.copy(),
            "groups": pd.Series(groups, dtype=object),
        }
    )


def run_rounds(
    policy: str, strategy: str, count: int, batch: int, faults: list[str]
) -> list[dict[str, Any]]:
    options = SyncOptions(
        mode="mirror",
        managed_groups=("CRM",),
        delete_contacts=True,
        allow_mass_delete=True,
        update_strategy=strategy,  # type: ignore[arg-type]
        batch_size=batch,
    )
    figures = []
    with (
        sandbox_process("--duplicate-policy", policy, *faults) as url,
        BoolkyClient(url, BENCH_KEY, timeout=TIMEOUT, retry=RetryPolicy(max_attempts=4)) as client,
        Ledger(None) as ledger,
        httpx.Client(base_url=url, headers={"Authorization": BENCH_KEY}) as log,
    ):
        for name, desired in rounds(count):
            log.post("/_sandbox/reset")
            started = time.perf_counter()
            plan = plan_sync(desired, CARRIED, client, ledger, options)
            check_guard(plan, desired, options)
            result = apply_and_verify(plan, desired, CARRIED, client, ledger)
            seconds = time.perf_counter() - started
            summary = log.get("/_sandbox/calls").json()["summary"]
            phones = pd.Series([c.phone for c in client.get_contacts().contacts])
            assert result.applied is not None and result.drift is not None
            figures.append(
                {
                    "round": name,
                    "calls": summary["calls"],
                    "seconds": seconds,
                    "failed": result.applied.failed,
                    "drift": result.drift.total,
                    "copies": int(phones.value_counts().max()),
                    "faults": sum(
                        v for k, v in summary["faults"].items() if k not in ("500", "429")
                    ),
                }
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rate", type=float, default=0.2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the duplicating Boolky's warnings are expected
    rate = str(args.rate)
    faulty = [
        *("--lose-answer-rate", rate, "--late-answer-rate", rate, "--garble-answer-rate", rate),
        *("--late-by", str(LATE_BY), "--fault-seed", "1"),
    ]
    print(
        f"{args.contacts:,} contacts, batches of {args.batch}, client timeout {TIMEOUT:g} s; "
        f"{args.rate:.0%} of writes each lost, late and garbled"
    )
    print(
        f"{'policy/strategy':<20}{'round':<8}{'calls':>14}{'seconds':>16}"
        f"{'faults':>8}{'failed':>8}{'drift':>7}{'copies':>8}"
    )
    for policy, strategy in COMBOS:
        clean = run_rounds(policy, strategy, args.contacts, args.batch, [])
        bad = run_rounds(policy, strategy, args.contacts, args.batch, faulty)
        for c, f in zip(clean, bad, strict=True):
            print(
                f"{policy + '/' + strategy:<20}{c['round']:<8}"
                f"{c['calls']:>6} | {f['calls']:<6}{c['seconds']:>7.2f} | {f['seconds']:<6.2f}"
                f"{f['faults']:>8}{f['failed']:>8}{f['drift']:>7}{f['copies']:>8}"
            )


if __name__ == "__main__":
    main()
