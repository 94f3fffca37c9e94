"""A run killed with SIGKILL midway, then run again, ends where an uninterrupted run ends,
with no duplicates, and the run after that plans nothing.

The killed run is a real process syncing 2,000 contacts in batches of 50 to a sandbox this
test serves (its state in a file), with its ledger in a file; it is killed once the
sandbox has answered some of its writes. Boolky is played by a sandbox that would create a
second contact for a phone sent twice, or refuse it: a write repeated after the crash shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from boolky_sync.sandbox import Faults, Sandbox, run_sandbox
from boolky_sync.sync.journal import Holding, Journal
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.run import plan_sync
from tests.conftest import REPO
from tests.kill import WINDOW, kill_when, wait_for_answers
from tests.sync.support import (
    EVERY_FIELD,
    KEY,
    State,
    client_for,
    copies,
    crash_rows,
    desired,
    ids_by_phone,
    state,
    sync,
)

SCRIPT = """
import sys
from boolky_sync.api import BoolkyClient, RetryPolicy
from boolky_sync.sync.journal import Holding, Journal
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from tests.sync.support import EVERY_FIELD, crash_rows, desired, sync

url, ledger_path, journal_path, strategy, renamed = sys.argv[1:6]
options = SyncOptions(**OPTIONS, update_strategy=strategy)
with (
    BoolkyClient(url, retry=RetryPolicy(max_attempts=8)) as client,
    Ledger(ledger_path) as book,
    Journal(journal_path) as journal,
):
    holding = Holding(journal, journal.start_run("crash", dry_run=False, options={}), url)
    rows = desired(crash_rows(renamed == "yes"))
    sync(rows, EVERY_FIELD, client, book, options, holding)
print("finished")
"""
OPTIONS = {"mode": "mirror", "managed_groups": ("CRM",), "batch_size": 50}
KILL_AFTER = 8
"""addContacts answers the sandbox gives the doomed run before it is killed (of 40 or more)."""


def options(strategy: str) -> SyncOptions:
    return SyncOptions(**OPTIONS, update_strategy=strategy)  # type: ignore[arg-type]


def written_enough(box: Sandbox, policy: str, window: bool) -> bool:
    """Some batches written, and with ``window`` the run inside an update's two writes:
    where Boolky refuses a second copy (a replace) -- a batch deleted whose re-add is not
    answered (one addContacts, the first batch's, was refused); where it makes a second
    contact -- a batch's new copies written, the old ones not deleted yet."""
    adds = box.calls.count("addContacts")
    if adds < KILL_AFTER:
        return False
    if not window:
        return True
    deletes = box.calls.count("deleteContacts")
    return deletes >= adds if policy == "reject" else adds > deletes


def kill_midway(
    box: Sandbox, ledger: Path, policy: str, strategy: str, renamed: bool, window: bool
) -> None:
    """Start the doomed run, and SIGKILL it once it has written some batches."""
    box.calls.reset()
    box.faults.latency = WINDOW  # so that there is a "midway" to kill it in
    env = {**os.environ, "BOOLKY_API_KEY": KEY, "PYTHONPATH": str(REPO)}
    code = f"OPTIONS = {OPTIONS!r}\n{SCRIPT}"
    journal = ledger.with_name("journal.sqlite")
    args = [box.url, str(ledger), str(journal), strategy, "yes" if renamed else "no"]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    kill_when(proc, lambda: written_enough(box, policy, window), 120)
    box.faults.latency = 0.0
    wait_for_answers(box)


def uninterrupted(policy: str, strategy: str, renamed: bool) -> State:
    """Where the same runs end when nothing kills them."""
    with (
        run_sandbox(api_key=KEY, duplicate_policy=policy) as box,  # type: ignore[arg-type]
        client_for(box) as client,
        Ledger(None) as book,
    ):
        for rows in [crash_rows()] + ([crash_rows(renamed=True)] if renamed else []):
            sync(desired(rows), EVERY_FIELD, client, book, options(strategy))
        return state(box)


@pytest.mark.parametrize(
    ("policy", "strategy", "renamed"),
    [
        ("duplicate", "readd", False),  # killed while creating
        ("reject", "readd", False),
        ("duplicate", "replace", True),  # killed between a new copy and dropping the old one
        ("reject", "replace", True),  # killed while replacing: deleted, not yet re-added
        ("upsert", "readd", True),  # killed while re-adding
        ("duplicate", "readd", True),  # killed between a re-add and dropping the old copy
    ],
)
def test_a_run_killed_midway_and_run_again_ends_as_if_never_killed(
    tmp_path: Path, policy: str, strategy: str, renamed: bool
) -> None:
    ledger = tmp_path / "pipeline" / "ledger.sqlite"
    rows = crash_rows(renamed)
    with run_sandbox(
        api_key=KEY,
        state=tmp_path / "boolky.sqlite",
        duplicate_policy=policy,  # type: ignore[arg-type]
        faults=Faults(),
    ) as box:
        if renamed:  # the contacts are there already; the killed run updates them
            with client_for(box) as client, Ledger(ledger) as book:
                sync(desired(crash_rows()), EVERY_FIELD, client, book, options(strategy))

        # Updates that take two calls are killed between them.
        window = renamed and (strategy == "replace" or policy == "duplicate")
        kill_midway(box, ledger, policy, strategy, renamed, window)

        after_kill = state(box)
        if renamed:
            done = sum(1 for name, *_ in after_kill.values() if name.startswith("Renamed"))
            assert 0 < done < len(rows), "the run was not killed midway"
            if window and policy == "reject":  # deleted, not yet added back
                assert len(after_kill) < len(rows)
            elif window:  # added again, the old copy not yet deleted
                assert max(copies(box).values()) == 2
        else:
            assert 0 < len(after_kill) < len(rows), "the run was not killed midway"

        with (
            client_for(box) as client,
            Ledger(ledger) as book,
            Journal(ledger.with_name("journal.sqlite")) as journal,
        ):
            holding = Holding(
                journal, journal.start_run("again", dry_run=False, options={}), box.url
            )
            result = sync(desired(rows), EVERY_FIELD, client, book, options(strategy), holding)

            assert result.applied is not None and result.drift is not None
            assert result.applied.failed == 0, [o for o in result.applied.outcomes if not o.ok]
            assert result.drift.total == 0
            if not renamed:  # what the killed run created is adopted, not sent again
                assert len(result.plan.creates) == len(rows) - len(after_kill)
            assert set(copies(box).values()) == {1}
            assert state(box) == uninterrupted(policy, strategy, renamed)
            # the ledger owns every contact, under Boolky's id: a later mirror can remove them
            owned = book.frame()
            assert set(owned["state"]) == {"ok"}
            assert dict(zip(owned["phone"], owned["contact_id"], strict=True)) == ids_by_phone(box)
            assert plan_sync(desired(rows), EVERY_FIELD, client, book, options(strategy)).is_empty
