"""``contacts list``, ``groups list`` and ``sandbox demo`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from boolky_sync.api import BoolkyClient, NewContact
from boolky_sync.cli.main import cli
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.conftest import REPO, SAMPLE_DATA

KEY = "cli-test-key-51c0"


@pytest.fixture
def account() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as box, BoolkyClient(box.url, KEY) as client:
        group = client.add_group("Customers")
        client.add_contacts(
            [NewContact("Ann Lee", "+447911123456", mail="ann@example.com")], [group.id]
        )
        client.add_contacts([NewContact("Bob Stone", "+12508682818")])
        yield box


def invoke(*args: str, key: str = KEY) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), env={"BOOLKY_API_KEY": key})


def test_contacts_list_json(account: Sandbox) -> None:
    result = invoke("contacts", "list", "--base-url", account.url, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["phone"] for r in rows} == {"+447911123456", "+12508682818"}
    assert next(r for r in rows if r["name"] == "Ann Lee")["mail"] == "ann@example.com"


def test_contacts_list_table_names_the_groups(account: Sandbox) -> None:
    result = invoke("contacts", "list", "--base-url", account.url)
    assert result.exit_code == 0
    assert "2 contacts" in result.stdout
    assert "Customers" in result.stdout


def test_groups_list_counts_members(account: Sandbox) -> None:
    result = invoke("groups", "list", "--base-url", account.url, "--json")
    sizes = {g["name"]: g["contacts"] for g in json.loads(result.stdout)}
    assert sizes == {"All": 2, "Customers": 1}


def test_wrong_key_is_one_line_exit_3_and_no_key(account: Sandbox) -> None:
    result = invoke("contacts", "list", "--base-url", account.url, key="not-the-key-77")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "API key" in result.stderr
    assert "not-the-key-77" not in result.output + result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_url_is_one_line_exit_5() -> None:
    with run_sandbox(api_key=KEY) as box:
        url = box.url  # a port that was free a moment ago and is closed now
    result = CliRunner().invoke(
        cli,
        ["contacts", "list", "--base-url", url],
        env={"BOOLKY_API_KEY": KEY},
        catch_exceptions=False,
    )
    assert result.exit_code == 5
    assert result.stderr.strip().startswith("error: cannot reach Boolky")
    assert result.stderr.count("\n") == 1


def test_missing_key_is_an_input_error_exit_2() -> None:
    result = CliRunner().invoke(cli, ["groups", "list"], env={"BOOLKY_API_KEY": ""})
    assert result.exit_code == 2
    assert "BOOLKY_API_KEY" in result.stderr


def test_sandbox_demo_lists_the_backup_through_a_real_sandbox() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "demo", str(SAMPLE_DATA / "boolky_backup.json")])
    assert result.exit_code == 0, result.output
    assert "8 contacts" in result.stdout
    assert "Lukas" in result.stdout


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "boolky_sync", "--version"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "boolky-sync" in done.stdout


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [(), *_commands(cli)], ids=lambda p: " ".join(p) or "root")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert len(result.stdout.splitlines()) > 3


@pytest.mark.parametrize("path", list(_commands(cli)), ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    assert "boolky-sync " + " ".join(path) in (REPO / "README.md").read_text()
