"""A private copy of the project for CLI tests: pipelines, sample data, and the CLI run over it.

The shipped pipeline files name ``../sample_data``, ``../reports`` and
``../.boolky-sync`` relative to themselves, so a test copies ``pipelines/``
and ``sample_data/`` into its ``tmp_path`` and everything a run writes lands
there, never in the repository. ``invoke`` runs the command group the way the
console script does, with a terminal wide enough that no path is wrapped and
without the caller's Boolky settings leaking in; an unexpected exception is
raised, not turned into exit code 1, so an exit-code test cannot pass on a crash.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from textwrap import dedent
from typing import Any

import click.testing
from click.testing import CliRunner

from boolky_sync.api import BoolkyClient
from boolky_sync.cli.main import cli
from boolky_sync.sandbox import Sandbox
from tests.conftest import REPO, SAMPLE_DATA

KEY = "cli-run-key-3b1d"
"""The API key of the sandboxes these tests start."""

SUMMARY_KEYS = ("rows", "contacts", "rejected", "plan", "applied", "write_calls", "drift")
PLAN_KEYS = ("create", "update", "remove", "delete", "move", "create_groups")
WRITE_ENDPOINTS = ("addContacts", "deleteContacts", "addGroup", "deleteGroup")


def make_workspace(root: Path) -> Path:
    """``root`` with copies of ``pipelines/`` and ``sample_data/``; returns ``root``."""
    shutil.copytree(REPO / "pipelines", root / "pipelines")
    shutil.copytree(SAMPLE_DATA, root / "sample_data")
    return root


def invoke(
    *args: str | Path,
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
) -> click.testing.Result:
    """``boolky-sync ARGS`` in this process; exit codes as the console script returns them."""
    clean: dict[str, str | None] = {
        "BOOLKY_API_KEY": None,
        "BOOLKY_BASE_URL": None,
        "COLUMNS": "400",
    }
    return CliRunner().invoke(
        cli,
        [str(a) for a in args],
        env={**clean, **(env or {})},
        input=input,
        catch_exceptions=False,
    )


def api_env(key: str = KEY) -> dict[str, str | None]:
    return {"BOOLKY_API_KEY": key}


def summary_of(result: click.testing.Result) -> dict[str, Any]:
    """The ``--json`` summary a command printed on stdout."""
    assert result.stdout.strip(), f"no JSON on stdout; stderr: {result.stderr}"
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def write_pipeline(root: Path, name: str, text: str) -> Path:
    """``root/pipelines/<name>.toml`` holding ``text`` (dedented); paths relative to it."""
    path = root / "pipelines" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text), encoding="utf-8")
    return path


def write_contacts(path: Path, rows: list[tuple[str, str]], groups: str = "") -> Path:
    """A CSV of ``Name,Phone`` (and ``Groups`` when given) rows, quoted as a CRM would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["Name,Phone" + (",Groups" if groups else "")]
    for name, phone in rows:
        quoted = '"' + name.replace('"', '""') + '"'
        lines.append(f"{quoted},{phone}" + (f",{groups}" if groups else ""))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def uk_mobiles(count: int, start: int = 0) -> list[str]:
    """``count`` distinct valid UK mobile numbers in E.164."""
    return [f"+447911{n:06d}" for n in range(start, start + count)]


def writes(box: Sandbox) -> int:
    """Calls that reached the sandbox and could have changed its account."""
    return sum(box.calls.count(endpoint) for endpoint in WRITE_ENDPOINTS)


def remote_phones(box: Sandbox) -> dict[str, str]:
    """Phone → name of every contact the sandbox holds, read through its API: a test that
    counts the sandbox's calls reads this after counting."""
    with BoolkyClient(box.url, box.api_key) as client:
        account = client.get_contacts()
    return {c.phone: c.name for c in account.contacts}


def held_groups(box: Sandbox) -> dict[str, tuple[str, set[str]]]:
    """Phone → (name, group names but "All") of every contact the sandbox holds; a phone
    held twice fails the test (it counts as a duplicate nowhere else)."""
    names = {g["id"]: g["name"] for g in box.store.get_groups()}
    contacts = box.store.get_contacts()["contacts"]
    assert len({c["phone"] for c in contacts}) == len(contacts), "a phone is held twice"
    return {
        c["phone"]: (c["name"], {names[i] for i in c["groupIds"] if names.get(i) != "All"})
        for c in contacts
    }


def latest(report_folder: Path) -> Path:
    """The newest run folder of a report folder (what ``latest`` points at)."""
    folder = report_folder / "latest"
    assert folder.is_dir(), f"no report in {report_folder}"
    return folder.resolve()


def summary_file(run_folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((run_folder / "summary.json").read_text("utf-8"))
    return loaded
