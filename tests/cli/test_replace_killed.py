"""A real ``python -m boolky_sync run`` replacing contacts on a Boolky that refuses a second
copy, SIGKILLed between a batch's delete and its re-add: the next run puts the contacts back
from the journal before it plans, so every birthday, gender and "Opt-in" membership staff
had set is there again, the update is done, and drift is 0."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from boolky_sync.api import BoolkyClient, NewContact
from boolky_sync.errors import EXIT_OK
from boolky_sync.pipeline import load_pipeline
from boolky_sync.pipeline.targets import target_identity
from boolky_sync.sandbox import Sandbox, run_sandbox
from boolky_sync.sync.journal import Journal
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)
from tests.conftest import REPO
from tests.kill import WINDOW, kill_when, wait_for_answers

CONTACTS = 300
PHONES = uk_mobiles(CONTACTS)
BIRTHDAY, GENDER = "13-04-1993", 2


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY, duplicate_policy="reject") as sandbox:
        yield sandbox


def pipeline_for(root: Path, prefix: str) -> Path:
    people = [(f"{prefix} {i}", phone) for i, phone in enumerate(PHONES)]
    write_contacts(root / "data" / "crm.csv", people)
    return write_pipeline(
        root,
        "nightly",
        """
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        update_strategy = "replace"
        batch_size = 10
        concurrency = 1
        """,
    )


def staff_edits(box: Sandbox) -> None:
    """Staff set a birthday and a gender and add "Opt-in", editing in place as the dashboard
    does (through the API while Boolky updates in place)."""
    box.store.duplicate_policy = "upsert"
    try:
        with BoolkyClient(box.url, KEY) as client:
            opt_in = client.add_group("Opt-in").id
            edited = [NewContact(f"Person {i}", p, BIRTHDAY, GENDER) for i, p in enumerate(PHONES)]
            client.add_contacts(edited, [opt_in])
    finally:
        box.store.duplicate_policy = "reject"


def kill_between_delete_and_re_add(pipeline: Path, box: Sandbox) -> None:
    box.calls.reset()
    box.faults.latency = WINDOW  # so that a batch's two writes are apart
    env = {**os.environ, "BOOLKY_API_KEY": KEY, "PYTHONPATH": str(REPO)}
    env.pop("BOOLKY_BASE_URL", None)
    command = [sys.executable, "-m", "boolky_sync", "run", str(pipeline), "--base-url", box.url]
    proc = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # The first addContacts is refused (Boolky makes no second copy); after that each
    # batch is a delete and a re-add: more deletes than re-adds is inside a batch.
    kill_when(
        proc,
        lambda: box.calls.count("deleteContacts") >= max(3, box.calls.count("addContacts")),
        60,
    )
    box.faults.latency = 0.0
    wait_for_answers(box)


def on_boolky(box: Sandbox) -> dict[str, tuple[str, int | None, str | None, frozenset[str]]]:
    data = box.store.get_contacts()
    names = {g["id"]: g["name"] for g in data["groups"]}
    return {
        c["phone"]: (
            c["name"],
            c["gender"],
            c["birthDay"],
            frozenset(names[g] for g in c["groupIds"] if g),
        )
        for c in data["contacts"]
    }


def test_a_replace_killed_between_its_writes_loses_nothing_by_the_next_run(
    tmp_path: Path, box: Sandbox
) -> None:
    pipeline = pipeline_for(tmp_path, "Person")
    first = invoke("run", pipeline, "--base-url", box.url, env=api_env())
    assert first.exit_code == EXIT_OK, first.output
    staff_edits(box)
    pipeline_for(tmp_path, "Renamed")

    kill_between_delete_and_re_add(pipeline, box)

    assert len(on_boolky(box)) < CONTACTS  # a batch deleted, its re-add never answered
    loaded = load_pipeline(pipeline)
    target = target_identity(loaded, box.url)
    with Journal(loaded.journal_path) as journal:
        assert 0 < len(journal.held(target)) < CONTACTS

    again = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())

    assert again.exit_code == EXIT_OK, again.output
    assert summary_of(again)["drift"] == 0
    assert Counter(c["phone"] for c in box.store.get_contacts()["contacts"]) == Counter(PHONES)
    want = {
        p: (f"Renamed {i}", GENDER, BIRTHDAY, frozenset({"CRM", "Opt-in"}))
        for i, p in enumerate(PHONES)
    }
    assert on_boolky(box) == want
    with Journal(loaded.journal_path) as journal:
        assert journal.held(target) == []
