"""The pipeline commands are all there and their ``--help`` names the options the README uses.

``test_account_cli.test_every_command_has_help`` runs ``--help`` on every
command of the group; this makes sure the group holds the commands of issue
#6 at all (a command left out of ``cli`` would otherwise pass unnoticed).
"""

from __future__ import annotations

import pytest

from boolky_sync import __version__
from boolky_sync.cli.main import cli
from tests.cli.workspace import invoke

OPTIONS = {
    ("run",): ("--dry-run", "--allow-mass-delete", "--limit", "--base-url", "--json"),
    ("plan",): ("--output", "--allow-mass-delete", "--base-url", "--json"),
    ("apply",): ("--replan", "--limit", "--base-url", "--pipeline", "--json"),
    ("import",): (
        *("--group", "--region", "--dry-run", "--yes", "--base-url", "--json", "--sheet"),
        *("--non-mobile", "--date-order", "--merge", "--name-fallback", "--other-phones"),
        *("--update-strategy", "--limit", "--restore-deleted"),
    ),
    ("validate",): ("--json",),
    ("contacts", "export"): ("--output", "--base-url"),
    ("contacts", "list"): ("--base-url", "--json"),
    ("groups", "list"): ("--base-url", "--json"),
    ("sandbox", "serve"): ("--port", "--api-key", "--state", "--duplicate-policy"),
}


def test_the_pipeline_commands_are_in_the_group() -> None:
    assert {"run", "plan", "apply", "import", "validate", "contacts", "groups", "sandbox"} <= set(
        cli.commands
    )


@pytest.mark.parametrize("path", list(OPTIONS), ids=" ".join)
def test_help_names_the_options(path: tuple[str, ...]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    usage = result.stdout.splitlines()[0]
    assert usage.startswith("Usage: ")
    assert f" {' '.join(path)} [OPTIONS]" in usage
    for option in OPTIONS[path]:
        assert option in result.stdout, option


def test_global_options_and_version() -> None:
    result = invoke("--help")
    for option in ("--verbose", "--log-format", "--debug", "--version"):
        assert option in result.stdout
    version = invoke("--version")
    assert version.exit_code == 0
    assert __version__ in version.stdout
