"""One owner per managed group: a second pipeline is refused, unless both share the group.

The CLI over HTTP against a sandbox on a free port, which both pipeline files name as
their target; they keep their state in one folder (``pipelines/.boolky-sync``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.errors import EXIT_INPUT, EXIT_OK
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import KEY, api_env, invoke, summary_of, uk_mobiles, write_contacts
from tests.cli.workspace import write_pipeline as write_file

PHONES = uk_mobiles(15)


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def write_pipeline(
    root: Path,
    name: str,
    box: Sandbox,
    phones: list[str],
    *,
    person: str,
    managed: str = '["CRM"]',
    shared: bool = False,
) -> Path:
    """A mirror of ``phones`` (named ``person`` and a number) into its managed groups."""
    write_contacts(root / "data" / f"{name}.csv", [(f"{person} {p[-2:]}", p) for p in phones])
    return write_file(
        root,
        name,
        f"""
        [source]
        path = "../data/{name}.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "mirror"
        managed_groups = {managed}
        shared_group = {str(shared).lower()}
        delete_contacts = true
        max_delete_fraction = 1.0
        [target]
        kind = "api"
        base_url = "{box.url}"
        """,
    )


def run(pipeline: Path) -> dict[str, Any]:
    result = invoke("run", pipeline, "--json", env=api_env())
    assert result.exit_code == EXIT_OK, result.output
    return summary_of(result)


def crm(box: Sandbox) -> dict[str, str]:
    """Phone → name of every contact in the group CRM."""
    with BoolkyClient(box.url, box.api_key) as client:
        account = client.get_contacts()
    (group,) = [g.id for g in account.groups if g.name == "CRM"]
    return {c.phone: c.name for c in account.contacts if group in c.group_ids}


def test_a_second_pipeline_on_a_managed_group_is_refused_at_validate_and_run(
    tmp_path: Path, box: Sandbox
) -> None:
    first = write_pipeline(tmp_path, "crm", box, PHONES[:10], person="Ann")
    run(first)
    second = write_pipeline(tmp_path, "events", box, PHONES[5:], person="Bob", managed='["crm"]')

    checked = invoke("validate", second)
    assert checked.exit_code == EXIT_INPUT
    owner = f"pipeline crm ({first.resolve()})"
    assert re.search(
        rf"^error: {re.escape(str(second))}: sync\.managed_groups \(line \d+\): group 'CRM' is "
        rf"already managed by {re.escape(owner)} on this Boolky",
        checked.stderr,
    ), checked.stderr
    assert "shared_group = true" in checked.stderr

    refused = invoke("run", second, "--json", env=api_env())
    assert refused.exit_code == EXIT_INPUT
    assert owner in refused.stderr
    assert summary_of(refused)["write_calls"] == 0
    assert crm(box) == {p: f"Ann {p[-2:]}" for p in PHONES[:10]}  # nothing undone
    assert invoke("plan", second, env=api_env()).exit_code == EXIT_INPUT


def test_a_claim_goes_with_its_file(tmp_path: Path, box: Sandbox) -> None:
    first = write_pipeline(tmp_path, "crm", box, PHONES[:10], person="Ann")
    run(first)
    second = write_pipeline(tmp_path, "events", box, PHONES[5:], person="Bob")
    assert invoke("validate", second).exit_code == EXIT_INPUT

    write_pipeline(tmp_path, "crm", box, PHONES[:10], person="Ann", managed='["Staff"]')
    assert invoke("validate", second).exit_code == EXIT_OK  # no longer listed: released
    run(second)  # and claimed by the second now
    write_pipeline(tmp_path, "crm", box, PHONES[:10], person="Ann")
    assert "pipeline events" in invoke("validate", first).stderr
    second.unlink()
    assert invoke("validate", first).exit_code == EXIT_OK  # its file is gone: released


def test_two_pipelines_sharing_a_group_converge_and_never_flip_flop(
    tmp_path: Path, box: Sandbox
) -> None:
    """Sources overlap on five phones with other names; the one that claimed first wins
    the names, and a contact stays in the group while either source has it."""
    first = write_pipeline(tmp_path, "crm", box, PHONES[:10], person="Ann", shared=True)
    second = write_pipeline(tmp_path, "events", box, PHONES[5:], person="Bob", shared=True)
    assert invoke("validate", second).exit_code == EXIT_OK
    rounds = [[run(first), run(second)] for _ in range(2)]

    assert [s["exit_code"] for r in rounds for s in r] == [0, 0, 0, 0]
    assert [s["drift"] for r in rounds for s in r] == [0, 0, 0, 0]
    assert [s["write_calls"] for s in rounds[1]] == [0, 0]  # the second round writes nothing
    wanted = {p: f"Ann {p[-2:]}" for p in PHONES[:10]} | {p: f"Bob {p[-2:]}" for p in PHONES[10:]}
    assert crm(box) == wanted

    # Three shared contacts leave the first source: the second still has them.
    write_pipeline(tmp_path, "crm", box, PHONES[:5] + PHONES[8:10], person="Ann", shared=True)
    left = run(first)
    assert left["plan"]["remove"] + left["plan"]["delete"] == 0
    taken = run(second)  # the only source that has them now: its names are theirs
    assert taken["plan"]["update"] == 3
    assert [run(first)["write_calls"], run(second)["write_calls"]] == [0, 0]
    assert crm(box) == wanted | {p: f"Bob {p[-2:]}" for p in PHONES[5:8]}

    # Now the second source lets them go too: they leave the group, once.
    write_pipeline(tmp_path, "events", box, PHONES[8:], person="Bob", shared=True)
    gone = run(second)
    assert gone["plan"]["remove"] + gone["plan"]["delete"] == 3
    assert [run(first)["write_calls"], run(second)["write_calls"]] == [0, 0]
    assert set(crm(box)) == set(PHONES) - set(PHONES[5:8])
