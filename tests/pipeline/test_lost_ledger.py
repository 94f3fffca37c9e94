"""A lost ledger: not forgotten (the journal remembers), rebuilt, and never lost to a kill.

Every run here is the CLI over HTTP against a sandbox on a free port; the kill is a
real SIGKILL sent to a real ``python -m boolky_sync run`` process during apply.
"""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.api.records import NewContact
from boolky_sync.errors import EXIT_INPUT, EXIT_OK
from boolky_sync.pipeline import load_pipeline
from boolky_sync.sandbox import Sandbox, run_sandbox
from boolky_sync.sync.ledger import Ledger
from tests.cli.test_signals import finish, start_run, wait_until
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)

PHONES = uk_mobiles(30)


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def mirror(root: Path, phones: list[str], *, batch: int = 500) -> Path:
    """A ledger mirror of ``phones`` into the managed group CRM."""
    write_contacts(root / "data" / "crm.csv", [(f"Person {p[-3:]}", p) for p in phones])
    return write_pipeline(
        root,
        "nightly",
        f"""
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        max_delete_fraction = 1.0
        batch_size = {batch}
        """,
    )


def run(pipeline: Path, box: Sandbox, *more: str) -> dict[str, Any]:
    result = invoke("run", pipeline, "--base-url", box.url, "--json", *more, env=api_env())
    assert result.exit_code == EXIT_OK, result.output
    summary = summary_of(result)
    summary["stderr"] = result.stderr
    return summary


def staff_delete(box: Sandbox, phones: list[str]) -> None:
    """What a person does in Boolky's web app: delete contacts for good."""
    with BoolkyClient(box.url, box.api_key) as client:
        ids = [c.id for c in client.get_contacts().contacts if c.phone in phones]
        client.delete_contacts(ids, permanent=True)


def in_crm(box: Sandbox) -> set[str]:
    with BoolkyClient(box.url, box.api_key) as client:
        account = client.get_contacts()
    (crm,) = [g.id for g in account.groups if g.name == "CRM"]
    return {c.phone for c in account.contacts if crm in c.group_ids}


def test_a_deleted_ledger_re_adds_no_staff_deleted_contact_and_says_to_rebuild(
    tmp_path: Path, box: Sandbox
) -> None:
    pipeline = mirror(tmp_path, PHONES)
    assert run(pipeline, box)["plan"]["create"] == 30
    staff_delete(box, PHONES[:5])
    load_pipeline(pipeline).ledger_path.unlink()

    again = run(pipeline, box)

    assert again["plan"]["create"] == 0
    assert again["respected_deletions"] == 5
    assert again["drift"] == 0
    said = (
        "the ledger of nightly is missing (earlier runs wrote 30 contacts): run "
        f"`boolky-sync ledger rebuild {pipeline}`; until then this run removes nothing "
        "and re-adds nothing Boolky no longer has"
    )
    assert said in again["notes"]
    assert said in str(again["stderr"])
    assert in_crm(box) == set(PHONES[5:])


def test_a_rebuilt_ledger_makes_the_mirror_work_again(tmp_path: Path, box: Sandbox) -> None:
    pipeline = mirror(tmp_path, PHONES)
    run(pipeline, box)
    staff_delete(box, PHONES[:2])
    load_pipeline(pipeline).ledger_path.unlink()
    run(pipeline, box)  # a run with the ledger lost: it makes an empty ledger

    rebuild = ("ledger", "rebuild", pipeline, "--base-url", box.url)
    looked = invoke(*rebuild, "--dry-run", env=api_env())
    assert looked.exit_code == EXIT_OK, looked.output
    assert "dry run: 30 contacts to adopt (0 in the managed groups and the source, 28 more" in (
        looked.stdout
    )
    refused = invoke(*rebuild, env=api_env())
    assert refused.exit_code == EXIT_INPUT  # no terminal, no --yes
    assert "add --yes to adopt" in refused.stderr
    done = invoke(*rebuild, "--yes", env=api_env())
    assert done.exit_code == EXIT_OK, done.output
    assert "adopted 30 contacts" in done.stdout

    mirror(tmp_path, PHONES[:-3])  # three contacts leave the source
    after = run(pipeline, box)

    assert after["plan"]["remove"] == 3
    assert not [n for n in after["notes"] if "ledger" in n]
    assert after["respected_deletions"] == 2  # still left deleted, as the ledger knew
    assert in_crm(box) == set(PHONES[2:-3])


def test_rebuild_adopts_the_managed_groups_contacts_in_the_source(
    tmp_path: Path, box: Sandbox
) -> None:
    """Without any journal (a new state folder), the source and the managed groups decide."""
    pipeline = mirror(tmp_path, PHONES)
    run(pipeline, box)
    state = load_pipeline(pipeline).state_dir
    for leftover in state.glob("nightly.*"):
        leftover.unlink()  # ledger and journal both gone
    with BoolkyClient(box.url, box.api_key) as client:  # someone else's, not in CRM
        client.add_contacts([NewContact(phone="+447700900123", name="Walk-in")])

    done = invoke("ledger", "rebuild", pipeline, "--base-url", box.url, "--yes", env=api_env())

    assert done.exit_code == EXIT_OK, done.output
    with Ledger(load_pipeline(pipeline).ledger_path) as ledger:
        entries = ledger.entries()
    assert {e.phone for e in entries} == set(PHONES)
    assert {e.groups for e in entries} == {("CRM",)}
    assert all(e.state == "ok" and e.contact_id for e in entries)


def test_a_wal_deleted_after_a_kill_mid_run_loses_no_committed_entry(tmp_path: Path) -> None:
    """SIGKILL during apply, then every ``-wal`` beside the ledger deleted by hand: each
    contact Boolky holds is still in the ledger, and the next run makes no copy of any."""
    phones = uk_mobiles(400)
    pipeline = mirror(tmp_path, phones, batch=10)
    with run_sandbox(api_key=KEY, duplicate_policy="duplicate") as box:
        box.faults.latency = 0.02
        proc = start_run(pipeline, box)
        wait_until(lambda: box.calls.count("addContacts", status=200) >= 8, proc)
        proc.send_signal(signal.SIGKILL)
        returncode, _, _ = finish(proc)
        assert returncode == -signal.SIGKILL
        box.faults.latency = 0.0
        ledger_path = load_pipeline(pipeline).ledger_path
        for side in ledger_path.parent.glob("*.sqlite-wal"):
            side.unlink()
        landed = Counter(c["phone"] for c in box.store.get_contacts()["contacts"])
        assert 0 < len(landed) < len(phones)
        with Ledger(ledger_path) as ledger:
            known = {e.phone for e in ledger.entries()}
        assert set(landed) <= known

        rerun = run(pipeline, box)
        assert rerun["drift"] == 0
        assert Counter(c["phone"] for c in box.store.get_contacts()["contacts"]) == dict.fromkeys(
            phones, 1
        )
