"""Errors and help read one way: ``error: `` first, help without markup, every format named.

Every command of the group is found from click's command tree, so a command
added later is held to the same rules.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.errors import EXIT_INPUT
from boolky_sync.extract.read import FORMAT_NAMES
from tests.cli.workspace import api_env, invoke, uk_mobiles, write_contacts, write_pipeline


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = [(), *_commands(cli)]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "root")
def test_help_shows_no_restructuredtext_markup(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    assert "``" not in result.stdout
    assert ":func:" not in result.stdout and ":class:" not in result.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "root")
def test_a_usage_error_starts_with_error_then_shows_the_usage(path: tuple[str, ...]) -> None:
    result = invoke(*path, "--no-such-option")
    assert result.exit_code == EXIT_INPUT
    first, *rest = result.stderr.splitlines()
    assert first.startswith("error: No such option '--no-such-option'"), result.stderr
    assert rest[0].startswith(f"Usage: cli {' '.join(path)}".rstrip()), result.stderr
    assert rest[1].startswith("Try '"), result.stderr
    assert "Error:" not in result.stderr


def test_a_missing_argument_and_a_bad_value_start_with_error() -> None:
    missing = invoke("run")
    assert missing.stderr.startswith("error: Missing argument 'PIPELINE'.\nUsage: cli run ")
    bad = invoke("sandbox", "serve", "--port", "many")
    assert bad.exit_code == EXIT_INPUT
    assert bad.stderr.startswith("error: Invalid value for '--port'"), bad.stderr


def test_format_help_and_error_name_every_format_accepted(tmp_path: Path) -> None:
    help_text = " ".join(invoke("inspect", "--help").stdout.split())
    for name in FORMAT_NAMES:
        assert f" {name}," in help_text or f" {name} " in help_text, name
    source = tmp_path / "people.csv"
    source.write_text("Name,Phone\nAnn,+447911000001\n", encoding="utf-8")
    refused = invoke("inspect", source, "--format", "numbers")
    assert refused.exit_code == EXIT_INPUT
    listing = ", ".join(sorted(FORMAT_NAMES))
    assert refused.stderr == f"error: people.csv: unknown format 'numbers'; use one of {listing}\n"


def test_import_of_a_missing_file_is_one_line_and_makes_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for extra in ([], ["--yes"], ["--dry-run"]):
        result = invoke("import", "missing.xlsx", *extra)
        assert result.exit_code == EXIT_INPUT
        assert result.stderr == "error: missing.xlsx: no such file; check the path\n"
        assert result.stdout == ""
        assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "command",
    [("contacts", "list"), ("run", "pipelines/demo.toml"), ("import", "x.csv", "--dry-run")],
    ids=" ".join,
)
def test_a_base_url_without_a_scheme_is_a_usage_error_with_a_hint(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.chdir(workspace)
    (workspace / "x.csv").write_text("Name,Phone\nAnn,+447911000001\n", encoding="utf-8")
    result = invoke(*command, "--base-url", "api.boolky.example", env={"BOOLKY_API_KEY": "k"})
    assert result.exit_code == EXIT_INPUT, result.output
    assert "unreachable" not in result.output
    assert (
        "--base-url has no scheme, so it is not an http(s) address; "
        "write https://api.boolky.example"
    ) in result.stderr
    assert not (workspace / "reports").exists()


def test_a_run_that_cannot_reach_boolky_says_so_with_error_first(tmp_path: Path) -> None:
    write_contacts(tmp_path / "data" / "crm.csv", [("Ann", uk_mobiles(1)[0])])
    pipeline = write_pipeline(tmp_path, "down", '[source]\npath = "../data/crm.csv"\n')
    result = invoke("run", pipeline, "--base-url", "http://127.0.0.1:9", env=api_env())
    assert result.exit_code != 0
    logged = [line for line in result.stderr.splitlines() if line.strip()]
    assert logged, result.output
    said = [line for line in logged if line.lower().startswith(("error", "warning"))]
    assert said and all(line.startswith(("error: ", "warning: ")) for line in said), logged
    assert any(line.startswith("error: ") for line in logged), logged
