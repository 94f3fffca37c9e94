"""A bar per long stage: the runner calls ``Hooks.progress`` for each, over a real sandbox.

Reading, normalizing, planning, applying and verifying each ask for their bar as they
begin, and each is advanced to its size by the time the run ends; a dry run stops
after planning. Through the CLI, with stderr not a terminal, no bar is drawn at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import boolky_sync
from boolky_sync.pipeline.progress import STAGES
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import KEY, api_env, invoke, uk_mobiles, write_contacts, write_pipeline

PEOPLE = [(f"Person {n}", phone) for n, phone in enumerate(uk_mobiles(12))]


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


class Bars:
    """Records each bar asked for: its title, its size, and how far it was advanced."""

    def __init__(self) -> None:
        self.started: list[tuple[str, int]] = []
        self.done: dict[str, int] = {}

    def __call__(self, title: str, total: int) -> Callable[[int], None]:
        self.started.append((title, total))
        self.done[title] = 0

        def advance(count: int) -> None:
            self.done[title] += count

        return advance


def pipeline_for(root: Path, *, dry_run: bool = False) -> Path:
    write_contacts(root / "data" / "crm.csv", [*PEOPLE, ("No Phone", "")])
    return write_pipeline(
        root,
        "bars",
        f"""
        dry_run = {"true" if dry_run else "false"}
        [source]
        path = "../data/crm.csv"
        [sync]
        batch_size = 5
        """,
    )


def test_every_stage_of_a_writing_run_gets_a_bar_filled_to_its_size(
    tmp_path: Path, box: Sandbox
) -> None:
    bars = Bars()
    with boolky_sync.BoolkyClient(box.url, api_key=KEY) as client:
        outcome = boolky_sync.run(
            pipeline_for(tmp_path), client=client, hooks=boolky_sync.Hooks(progress=bars)
        )
    assert outcome.exit_code == 0, outcome.report.error
    assert [title for title, _ in bars.started] == list(STAGES)
    sizes = dict(bars.started)
    assert sizes == {
        "reading": 1,
        "normalizing": 13,
        "planning": 12,
        "applying": 12,
        "verifying": 12,
    }
    assert bars.done == sizes


def test_a_dry_run_stops_its_bars_after_planning(tmp_path: Path, box: Sandbox) -> None:
    bars = Bars()
    with boolky_sync.BoolkyClient(box.url, api_key=KEY) as client:
        outcome = boolky_sync.run(
            pipeline_for(tmp_path, dry_run=True),
            client=client,
            hooks=boolky_sync.Hooks(progress=bars),
        )
    assert outcome.exit_code == 0, outcome.report.error
    assert [title for title, _ in bars.started] == ["reading", "normalizing", "planning"]
    assert bars.done == dict(bars.started)


def test_no_bar_is_drawn_when_stderr_is_not_a_terminal(tmp_path: Path, box: Sandbox) -> None:
    result = invoke("run", pipeline_for(tmp_path), "--base-url", box.url, env=api_env())
    assert result.exit_code == 0, result.output
    for title in STAGES:
        assert title not in result.stderr
    assert "\x1b[" not in result.stderr  # no cursor movement, no colour
