"""``boolky-sync import FILE``: a spreadsheet into a group, asking first when someone is there.

The import keeps its sandbox state and report in the working folder, so each
test works in its own ``tmp_path``; the contacts go to a sandbox the test
started (``--base-url``), where the calls can be counted.
"""

from __future__ import annotations

from pathlib import Path

import click.testing
import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.errors import EXIT_INPUT
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    latest,
    remote_phones,
    summary_of,
    write_contacts,
    writes,
)
from tests.conftest import SAMPLE_DATA

PEOPLE = [
    ("Ann Lee", "+447911123456"),
    ("Bob Stone", "+447911123457"),
    ("Cid Roe", "+447911123458"),
]
PROMPT = "Write these changes to http://127.0.0.1:"
"""The question, naming the sandbox the tests start (its port varies)."""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_contacts(tmp_path / "people.csv", PEOPLE)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone at a terminal: the streams the command sees say they are a TTY."""
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)


def import_people(box: Sandbox, *extra: str, input: str | None = None) -> click.testing.Result:
    return invoke(
        "import",
        "people.csv",
        "--group",
        "Trade fair",
        "--base-url",
        box.url,
        *extra,
        env={**api_env(), "TERM": "dumb", "NO_COLOR": "1"},
        input=input,
    )


@pytest.mark.usefixtures("here")
def test_import_with_yes_creates_the_contacts_in_the_group(box: Sandbox) -> None:
    result = import_people(box, "--yes")
    assert result.exit_code == 0, result.output
    assert PROMPT not in result.output
    assert "column mapping" in result.stdout  # what it guessed, shown before anything else
    with BoolkyClient(box.url, KEY) as client:
        account = client.get_contacts()
    (group,) = [g for g in account.groups if g.name == "Trade fair"]
    assert {c.phone for c in account.contacts} == {phone for _, phone in PEOPLE}
    assert all(group.id in c.group_ids for c in account.contacts)
    assert {c.name for c in account.contacts} == {name for name, _ in PEOPLE}


@pytest.mark.usefixtures("here")
def test_import_json_summary_and_report(box: Sandbox, tmp_path: Path) -> None:
    result = import_people(box, "--yes", "--json")
    assert result.exit_code == 0, result.output
    summary = summary_of(result)  # --json: stdout is the summary alone, no mapping table
    assert summary["pipeline"] == "import"
    assert summary["plan"]["create"] == 3
    assert summary["plan"]["create_groups"] == 1
    assert summary["applied"] == {"ok": 3, "failed": 0, "skipped": 0}
    assert summary["drift"] == 0
    assert latest(tmp_path / "reports") == Path(summary["report"])


@pytest.mark.usefixtures("here")
def test_import_without_a_terminal_and_without_yes_refuses(box: Sandbox) -> None:
    result = import_people(box)
    assert result.exit_code == EXIT_INPUT
    assert "--yes" in result.stderr
    assert "--dry-run" in result.stderr
    assert box.calls.count() == 0


@pytest.mark.usefixtures("here")
def test_import_dry_run_needs_no_terminal_and_writes_nothing(box: Sandbox) -> None:
    result = import_people(box, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    assert summary_of(result)["plan"]["create"] == 3
    assert writes(box) == 0
    assert remote_phones(box) == {}


@pytest.mark.usefixtures("here", "terminal")
def test_import_at_a_terminal_answered_no_writes_nothing(box: Sandbox) -> None:
    result = import_people(box, input="n\n")
    assert result.exit_code == 0, result.output
    assert PROMPT in result.stderr
    assert "first planned changes" in result.stderr  # the preview it asked about
    assert "+447911123456" in result.stderr
    assert writes(box) == 0
    assert box.calls.count("getContacts") == 1
    assert remote_phones(box) == {}


@pytest.mark.usefixtures("here", "terminal")
def test_import_at_a_terminal_answered_yes_writes(box: Sandbox) -> None:
    result = import_people(box, input="y\n")
    assert result.exit_code == 0, result.output
    assert PROMPT in result.stderr
    assert set(remote_phones(box)) == {phone for _, phone in PEOPLE}


@pytest.mark.usefixtures("here", "terminal")
def test_import_never_asks_when_there_is_nothing_to_write(box: Sandbox) -> None:
    assert import_people(box, "--yes").exit_code == 0
    again = import_people(box, input="")
    assert again.exit_code == 0, again.output
    assert PROMPT not in again.stderr
    assert "Nothing to change" in again.stdout


@pytest.mark.usefixtures("here")
def test_import_reads_a_workbook_with_its_sheet(box: Sandbox) -> None:
    result = invoke(
        "import",
        SAMPLE_DATA / "contacts.xlsx",
        "--sheet",
        "Contacts",
        "--region",
        "DE",
        "--yes",
        "--json",
        "--base-url",
        box.url,
        env=api_env(),
    )
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    assert summary["contacts"] > 20
    assert summary["plan"]["remove"] == summary["plan"]["delete"] == 0
    assert len(remote_phones(box)) == summary["applied"]["ok"] == summary["contacts"]
