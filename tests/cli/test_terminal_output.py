"""What the commands print for a person: untrusted text shown as it is, paths kept whole.

The tables are drawn with rich, which reads ``[...]`` as markup: a contact
named ``Bob [/Sales]`` or a column headed ``Notes [/internal]`` must be shown
as written, not swallowed or turned into a crash. And the report path is one
line however narrow the terminal, so it can be copied, or found by a script
in a cron log.
"""

from __future__ import annotations

import re
from pathlib import Path

import click.testing
import pytest

from boolky_sync.api import BoolkyClient, NewContact
from boolky_sync.errors import EXIT_INPUT
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import KEY, api_env, invoke, make_workspace, write_pipeline

ODD_NAMES = ("Bob [/Sales]", "[bold]Ann Lee", "Cid [link=http://x]Roe")


def test_the_report_path_is_one_line_on_a_narrow_terminal(tmp_path: Path) -> None:
    deep = make_workspace(tmp_path / ("a-folder-with-a-rather-long-name-" * 3).rstrip("-"))
    result = invoke("run", deep / "pipelines" / "demo.toml", env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("Report:")]
    shown = re.fullmatch(r"Report: (\S+)", line)
    assert shown, line
    assert len(line) > 60
    assert Path(shown[1]).is_file()


def test_a_stop_message_with_brackets_is_shown_as_written(tmp_path: Path) -> None:
    source = tmp_path / "data" / "crm[old].csv"
    source.parent.mkdir()
    source.write_text("", encoding="utf-8")  # 0 bytes (a header without rows is no error)
    pipeline = write_pipeline(tmp_path, "old", '[source]\npath = "../data/crm[[]old].csv"\n')
    result = invoke("run", pipeline)
    assert result.exit_code == EXIT_INPUT, result.output
    assert "Stopped: crm[old].csv: is empty (0 bytes)" in result.stdout


@pytest.fixture
def odd_account(box: Sandbox) -> Sandbox:
    with BoolkyClient(box.url, KEY) as client:
        group = client.add_group("[/team]")
        phones = ("+447911123456", "+447911123457", "+447911123458")
        client.add_contacts(
            [NewContact(n, p) for n, p in zip(ODD_NAMES, phones, strict=True)], [group.id]
        )
    return box


def test_contacts_list_shows_names_with_brackets(odd_account: Sandbox) -> None:
    result = invoke("contacts", "list", "--base-url", odd_account.url, env=api_env())
    assert result.exit_code == 0, result.output
    for name in (*ODD_NAMES, "[/team]"):
        assert name in result.stdout


def test_groups_list_shows_a_name_with_brackets(odd_account: Sandbox) -> None:
    result = invoke("groups", "list", "--base-url", odd_account.url, env=api_env())
    assert result.exit_code == 0, result.output
    assert "[/team]" in result.stdout


@pytest.fixture
def odd_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "odd.csv"
    rows = [f'"{n}",+4479111234{56 + i},x' for i, n in enumerate(ODD_NAMES)]
    path.write_text("Name,Phone,Notes [/internal]\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_inspect_shows_a_header_with_brackets(odd_file: Path) -> None:
    result = invoke("inspect", odd_file)
    assert result.exit_code == 0, result.output
    assert "unmapped: Notes [/internal]" in result.stdout


def test_the_import_preview_shows_names_with_brackets(
    odd_file: Path, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    result = invoke(
        "import",
        odd_file,
        "--base-url",
        box.url,
        env={**api_env(), "TERM": "dumb", "NO_COLOR": "1"},
        input="n\n",
    )
    assert result.exit_code == 0, result.output
    assert "Notes [/internal]" in result.stdout  # the mapping
    for name in ODD_NAMES:
        assert name in result.stderr  # the preview it asks about
