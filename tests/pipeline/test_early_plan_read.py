"""The plan's read goes out once the source is extracted, and Boolky answers it while the
run normalizes: over a real sandbox, through ``boolky_sync.run`` and the CLI.

The run still reads the account twice (to plan, to verify), journals both calls,
and sends no early read when it will not plan on one: a saved plan applied (it
checks Boolky itself).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import boolky_sync
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    remote_phones,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)

PEOPLE = [(f"Person {n}", phone) for n, phone in enumerate(uk_mobiles(12))]


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def pipeline_for(root: Path) -> Path:
    write_contacts(root / "data" / "crm.csv", PEOPLE)
    return write_pipeline(root, "early", '[source]\npath = "../data/crm.csv"\n')


class Watch:
    """A progress hook that, as normalizing begins, waits (10 s at most) for the sandbox
    to have answered a getContacts, and notes whether it had."""

    def __init__(self, box: Sandbox) -> None:
        self.box = box
        self.answered_while_normalizing: bool | None = None

    def __call__(self, title: str, total: int) -> Callable[[int], None]:
        if title == "normalizing":
            deadline = time.monotonic() + 10
            while not self.box.calls.count("getContacts") and time.monotonic() < deadline:
                time.sleep(0.01)
            self.answered_while_normalizing = self.box.calls.count("getContacts") == 1
        return lambda count: None


def test_boolky_answers_the_plan_read_while_the_run_normalizes(
    tmp_path: Path, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOLKY_API_KEY", KEY)
    watch = Watch(box)
    outcome = boolky_sync.run(
        pipeline_for(tmp_path), base_url=box.url, hooks=boolky_sync.Hooks(progress=watch)
    )
    assert outcome.exit_code == 0, outcome.report.error
    assert watch.answered_while_normalizing is True
    assert box.calls.count("getContacts") == 2  # the plan's, sent early, and verify's
    summary = outcome.report.summary()
    assert summary["calls"] == len(box.calls)  # every call journaled, the early one too
    assert summary["drift"] == 0
    assert sorted(remote_phones(box)) == sorted(phone for _, phone in PEOPLE)


def test_a_saved_plan_applied_sends_no_early_read(tmp_path: Path, box: Sandbox) -> None:
    pipeline, saved = pipeline_for(tmp_path), tmp_path / "plan.json"
    made = invoke("plan", pipeline, "-o", saved, "--base-url", box.url, "--json", env=api_env())
    assert made.exit_code == 0, made.output
    assert box.calls.count("getContacts") == 1  # a plan reads once: sent early
    box.calls.reset()
    applied = invoke("apply", saved, "--base-url", box.url, "--json", env=api_env())
    assert applied.exit_code == 0, applied.output
    assert summary_of(applied)["drift"] == 0
    assert box.calls.count("getContacts") == 2  # the freshness check and verify, no more
