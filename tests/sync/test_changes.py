"""The journal's ``changes``: each write a run set out to make, the contact before and after.

Runs are the CLI over HTTP against a sandbox on a free port; what a person set on a
contact by hand (a birthday, another group) must be in its ``before``, since that is
what an undo puts back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.api.records import NewContact
from boolky_sync.errors import EXIT_OK
from boolky_sync.pipeline import load_pipeline
from boolky_sync.sandbox import Sandbox, run_sandbox
from boolky_sync.sync.journal import Journal
from tests.cli.workspace import KEY, api_env, invoke, uk_mobiles, write_contacts, write_pipeline

PHONES = uk_mobiles(3)


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def mirror(root: Path, rows: list[tuple[str, str]]) -> Path:
    write_contacts(root / "data" / "crm.csv", rows)
    return write_pipeline(
        root,
        "nightly",
        """
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        max_delete_fraction = 1.0
        """,
    )


def run(pipeline: Path, box: Sandbox, *more: str) -> None:
    result = invoke("run", pipeline, "--base-url", box.url, "--json", *more, env=api_env())
    assert result.exit_code == EXIT_OK, result.output


def last_run_changes(
    pipeline: Path,
) -> list[tuple[str, str | None, dict[str, Any] | None, dict[str, Any] | None]]:
    with Journal(load_pipeline(pipeline).journal_path) as journal:
        run_id = journal.runs()[-1]["id"]
        return [(c.op, c.phone, c.before, c.after) for c in journal.changes(run_id)]


def test_creates_are_recorded_with_their_state_after(tmp_path: Path, box: Sandbox) -> None:
    pipeline = mirror(tmp_path, [("Ann", PHONES[0]), ("Bob", PHONES[1])])
    run(pipeline, box)
    changes = last_run_changes(pipeline)
    assert ("create_group", None, None, None) in changes
    creates = {phone: after for op, phone, before, after in changes if op == "create"}
    assert set(creates) == set(PHONES[:2])
    assert creates[PHONES[0]] == {
        "name": "Ann",
        "gender": None,
        "mail": None,
        "birthday": None,
        "groups": ["CRM"],
    }
    assert all(before is None for op, _, before, _ in changes if op == "create")


def test_updates_and_removals_keep_what_staff_set(tmp_path: Path, box: Sandbox) -> None:
    pipeline = mirror(tmp_path, [("Ann", PHONES[0]), ("Bob", PHONES[1])])
    run(pipeline, box)
    with BoolkyClient(box.url, box.api_key) as client:  # staff: a birthday, a group of theirs
        vip = client.add_group("VIP")
        crm = next(g.id for g in client.get_contacts().groups if g.name == "CRM")
        client.add_contacts(
            [NewContact("Bob", PHONES[1], birthday="17-05-1980")], group_ids=[crm, vip.id]
        )
    mirror(tmp_path, [("Ann Smith", PHONES[0])])
    run(pipeline, box)

    changes = {
        (op, phone): (before, after) for op, phone, before, after in last_run_changes(pipeline)
    }
    before, after = changes[("update", PHONES[0])]
    assert before is not None and after is not None
    assert (before["name"], after["name"]) == ("Ann", "Ann Smith")
    assert before["groups"] == after["groups"] == ["CRM"]
    before, after = changes[("remove", PHONES[1])]  # delete_contacts is off: out of CRM only
    assert before is not None and after is not None
    assert before["birthday"] == "17-05-1980"
    assert before["groups"] == ["CRM", "VIP"]
    assert after["groups"] == ["VIP"]


def test_a_dry_run_records_no_changes(tmp_path: Path, box: Sandbox) -> None:
    pipeline = mirror(tmp_path, [("Ann", PHONES[0])])
    run(pipeline, box, "--dry-run")
    assert last_run_changes(pipeline) == []


def test_a_format_1_journal_is_brought_up_in_place(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with Journal(path) as journal:
        run_id = journal.start_run("old", dry_run=False, options={})
    with sqlite3.connect(path) as db:  # as a journal from before ``changes`` looked
        db.execute("DROP TABLE changes")
        db.execute("ALTER TABLE runs DROP COLUMN report")
        db.execute("PRAGMA user_version = 1")
    with Journal(path) as journal:
        assert [r["id"] for r in journal.runs()] == [run_id]
        assert journal.changes(run_id) == []
