"""``boolky-sync validate``: the file checked and its source read, with no API anywhere near.

Exit 0 with what a run would start from, or exit 2 with one line naming the
file, the key and the line; ``--json`` for machines. A source that cannot be
read is pinned to the key that leads to it.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
from pathlib import Path
from textwrap import dedent
from typing import Any

import click
import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.errors import EXIT_INPUT
from tests.conftest import SAMPLE_DATA

ERROR_LINE = re.compile(r"^error: (?P<file>[^:]+): (?P<key>.+?) \(line (?P<line>\d+)\): .+$")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE_DATA / "google_contacts.csv", tmp_path / "contacts.csv")
    return tmp_path


def write(folder: Path, text: str) -> Path:
    path = folder / "p.toml"
    path.write_text(dedent(text), encoding="utf-8")
    return path


def invoke(*args: str) -> click.testing.Result:
    """``validate`` with a terminal wide enough that rich wraps no long temporary path."""
    return CliRunner().invoke(cli, ["validate", *args], env={"COLUMNS": "400"})


def as_json(result: click.testing.Result) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


@pytest.fixture
def no_boolky(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any network connection, sandbox or API client fails the test loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validate must not reach Boolky, a sandbox or the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr("boolky_sync.sandbox.store.Store.__init__", refuse)
    monkeypatch.setattr("boolky_sync.sandbox.server.run_sandbox", refuse)
    monkeypatch.setattr("boolky_sync.sandbox.run_sandbox", refuse, raising=False)  # targets' import
    monkeypatch.setattr("boolky_sync.api.client.BoolkyClient.__init__", refuse)


def test_a_valid_pipeline_shows_files_mapping_and_counts(folder: Path, no_boolky: None) -> None:
    path = write(folder, '[source]\npath = "contacts.csv"\n[normalize]\nstatic_groups = ["Demo"]\n')
    result = invoke(str(path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"file: {folder / 'contacts.csv'}" in out
    assert "format: csv" in out
    assert "preset: google — Google Contacts CSV" in out
    assert "rows: 33" in out
    assert "column mapping" in out
    assert "Phone 1 - Value" in out
    assert "33 rows → 29 contacts, 2 merged, 2 rejected (name_missing 1, phone_missing 1)" in out
    assert "no API was called" in out


def test_json_says_what_a_run_would_start_from(folder: Path, no_boolky: None) -> None:
    path = write(
        folder,
        """\
        dry_run = true
        [source]
        path = "contacts.csv"
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        [target]
        kind = "api"
        base_url = "https://api.boolky.net"
        api_key_env = "CRM_BOOLKY_KEY"
        """,
    )
    result = invoke(str(path), "--json")
    assert result.exit_code == 0, result.output
    seen = as_json(result)
    assert seen["valid"] is True
    assert (seen["name"], seen["dry_run"], seen["mode"]) == ("p", True, "mirror")
    assert seen["target"] == {
        "kind": "api",
        "state": None,
        "base_url": "https://api.boolky.net",
        "api_key_env": "CRM_BOOLKY_KEY",
    }
    assert seen["files"] == [str(folder / "contacts.csv")]
    assert (seen["format"], seen["preset"], seen["rows"]) == ("csv", "google", 33)
    assert seen["mapping"]["phone"] == ["Phone 1 - Value", "Phone 2 - Value", "Phone 3 - Value"]
    assert seen["normalized"]["contacts"] == 29
    assert seen["normalized"]["rejected"] == {"name_missing": 1, "phone_missing": 1}
    assert seen["state_dir"] == str(folder / ".boolky-sync")
    assert seen["report_folder"] == str(folder / "reports" / "p")


def test_several_files_are_read_as_one_source(folder: Path, no_boolky: None) -> None:
    (folder / "exports").mkdir()
    for name in ("a.csv", "b.csv"):
        shutil.copy(folder / "contacts.csv", folder / "exports" / name)
    result = invoke(str(write(folder, '[source]\npath = "exports/*.csv"\n')), "--json")
    assert result.exit_code == 0, result.output
    seen = as_json(result)
    assert seen["files"] == [str(folder / "exports" / n) for n in ("a.csv", "b.csv")]
    assert seen["rows"] == 66
    assert seen["normalized"]["contacts"] == 29


def test_a_bad_file_exits_2_with_one_line_naming_file_key_and_line(folder: Path) -> None:
    path = write(folder, '[source]\npath = "contacts.csv"\n\n[sync]\nbatch_size = "500"\n')
    result = invoke(str(path))
    assert result.exit_code == EXIT_INPUT
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {path}: sync.batch_size (line 5): must be a whole number, not the text "
        '"500" — write batch_size = 500, without quotes\n'
    )


def test_json_lists_every_problem(folder: Path) -> None:
    path = write(folder, '[source]\npath = "nope.csv"\n[sync]\nmode = "mirrorr"\n')
    result = invoke(str(path), "--json")
    assert result.exit_code == EXIT_INPUT
    seen = as_json(result)
    assert seen["valid"] is False
    assert [(p["key"], p["line"]) for p in seen["problems"]] == [
        ("source.path", 2),
        ("sync.mode", 4),
    ]
    assert seen["error"] == seen["problems"][0]["message"]
    assert "use one of" in seen["problems"][1]["fix"]
    assert result.stderr.startswith(f"error: {path}: source.path (line 2): no such file")


def test_a_key_in_the_file_is_never_printed(folder: Path) -> None:
    secret = "sk-live-0123456789abcdef"
    path = write(folder, f'[source]\npath = "contacts.csv"\n[target]\napi_key = "{secret}"\n')
    for args in ((str(path),), (str(path), "--json")):
        result = invoke(*args)
        assert result.exit_code == EXIT_INPUT
        assert secret not in result.output
        assert "target.api_key (line 4)" in result.stderr


@pytest.mark.parametrize(
    ("source", "key", "line", "says"),
    [
        (
            '[source]\npath = "contacts.csv"\n[source.mapping]\nphone = "Handy"\n',
            "source.mapping.phone",
            4,
            "the mapping takes phone from column 'Handy', which the file does not have",
        ),
        (
            '[source]\npath = "contacts.csv"\nsheet = "Contacts"\n',
            "source.sheet",
            3,
            "--sheet is for workbooks",
        ),
        (
            '[source]\npath = "contacts.csv"\nencoding = "utf-16"\n',
            "source.encoding",
            3,
            "has bytes that are not utf-16",
        ),
        (
            '[source]\npath = "empty.csv"\n',
            "source.path",
            2,
            "is empty (0 bytes)",
        ),
        (
            '[source]\npath = "*.csv"\n',
            "source.path",
            2,
            "its columns differ",
        ),
        (
            '[source]\npath = "notes.csv"\n',
            "source.mapping.phone",
            1,
            "no column that could hold phone numbers",
        ),
    ],
    ids=["mapping-column-gone", "sheet-of-a-csv", "wrong-encoding", "empty", "mixed", "no-phone"],
)
def test_a_source_that_cannot_be_read_is_pinned_to_its_key(
    folder: Path, source: str, key: str, line: int, says: str
) -> None:
    (folder / "empty.csv").write_bytes(b"")
    (folder / "notes.csv").write_text("Note,Date\nhello,2024-01-01\n", encoding="utf-8")
    if "*.csv" in source:
        (folder / "empty.csv").unlink()
        (folder / "notes.csv").unlink()
        shutil.copy(SAMPLE_DATA / "hubspot_contacts.csv", folder / "hubspot.csv")
    path = write(folder, source)
    result = invoke(str(path))
    assert result.exit_code == EXIT_INPUT, result.output
    error = ERROR_LINE.match(result.stderr.strip())
    assert error is not None, result.stderr
    assert (error["file"], error["key"], int(error["line"])) == (str(path), key, line)
    assert says in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_missing_pipeline_file_exits_2(folder: Path) -> None:
    result = invoke(str(folder / "absent.toml"))
    assert result.exit_code == EXIT_INPUT
    path = folder / "absent.toml"
    fix = "check the path (pipelines/*.toml)"
    assert result.stderr == f"error: {path}: no such pipeline file — {fix}\n"


def test_help_says_no_api_is_called() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "no API is called" in result.stdout
    assert "--json" in result.stdout


def test_a_report_folder_that_cannot_be_made_is_a_problem_of_its_key(folder: Path) -> None:
    (folder / "blocker").write_text("a file, where a folder would have to be made\n")
    path = write(
        folder,
        """
        [source]
        path = "contacts.csv"
        [report]
        folder = "blocker/reports"
        """,
    )
    result = invoke(str(path))
    assert result.exit_code == EXIT_INPUT, result.output
    blocked = folder / "blocker"
    assert result.stderr == (
        f"error: {path}: report.folder (line 5): {blocked / 'reports'} cannot be created: "
        f"{blocked} is a file, not a folder — make it writable, or choose another folder\n"
    )


def test_json_lists_the_source_and_every_folder_that_cannot_be_written(folder: Path) -> None:
    (folder / "blocker").write_text("")
    (folder / "empty.csv").write_bytes(b"")
    path = write(
        folder,
        """
        [source]
        path = "empty.csv"
        [report]
        folder = "blocker/reports"
        [state]
        folder = "blocker/state"
        """,
    )
    result = invoke(str(path), "--json")
    assert result.exit_code == EXIT_INPUT, result.output
    problems = as_json(result)["problems"]
    assert [(p["key"], p["line"]) for p in problems] == [
        ("source.path", 3),
        ("report.folder", 5),
        ("state.folder", 7),
    ]
    assert all("blocker is a file, not a folder" in p["what"] for p in problems[1:])


def test_validate_leaves_nothing_in_the_folders_it_tries(folder: Path, no_boolky: None) -> None:
    path = write(folder, '[source]\npath = "contacts.csv"\n')
    before = sorted(folder.rglob("*"))
    assert invoke(str(path)).exit_code == 0
    assert sorted(folder.rglob("*")) == before
