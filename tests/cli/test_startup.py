"""``--help`` of the group and of every command loads neither the data stack nor the server.

A person who types ``boolky-sync run --help`` waits for every module the
command imports, and pandas, pyarrow, openpyxl and uvicorn alone take most of a
second. Each help is asked for in a fresh interpreter, which then reports the
modules it holds. The commands are read from the group itself, so a command
added later is checked without a change here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest

from boolky_sync.cli.main import cli
from tests.conftest import REPO

HEAVY = frozenset(
    {
        "pandas",
        "numpy",
        "pyarrow",
        "openpyxl",
        "python_calamine",
        "uvicorn",
        "starlette",
        "httpx",
        "phonenumbers",
        "email_validator",
        "pycountry",
        "rich",
    }
)
"""Top-level packages a help must not import."""

PROBE = """
import json, sys
from boolky_sync.cli.main import cli
code = cli.main(sys.argv[1:], prog_name="boolky-sync", standalone_mode=False)
print(json.dumps({"exit_code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""
"""Shows the help for the arguments, then reports on stderr what it had to import."""


def _paths(group: click.Group, ctx: click.Context) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand under ``group``, as the words that name it."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*ctx.command_path.split()[1:], name)
        if isinstance(command, click.Group):
            yield from _paths(command, click.Context(command, parent=ctx, info_name=name))


COMMAND_PATHS = list(_paths(cli, click.Context(cli, info_name="boolky-sync")))


def test_the_group_has_commands_and_subcommands() -> None:
    assert ("run",) in COMMAND_PATHS
    assert ("sandbox", "serve") in COMMAND_PATHS
    assert ("contacts", "list") in COMMAND_PATHS


@pytest.mark.parametrize("path", [(), *COMMAND_PATHS], ids=lambda p: " ".join(p) or "root")
def test_help_imports_no_heavy_module(path: tuple[str, ...]) -> None:
    paths = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *path, "--help"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["exit_code"] == 0
    assert done.stdout.startswith("Usage: boolky-sync")
    loaded = {name.partition(".")[0] for name in report["modules"]}
    assert sorted(loaded & HEAVY) == []
