"""``contacts list`` on a real account: filters, formats, full width, the built-in sandbox.

Over HTTP against a sandbox this test serves, and on the state file the built-in
sandbox keeps for ``import`` (read directly, with no server started).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner

from boolky_sync.api import BoolkyClient, NewContact
from boolky_sync.cli.main import cli
from boolky_sync.sandbox import Sandbox, run_sandbox

KEY = "cli-list-key-70d2"
LONG_NAME = "Maximiliana Wolkenstein-Trostburg von Hohenems"
LONG_MAIL = "maximiliana.wolkenstein-trostburg@hohenems-ende.example.org"
"""With the name, wider than an 80-column table: a file or a pipe must hold them whole."""


@pytest.fixture
def account() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as box, BoolkyClient(box.url, KEY) as client:
        customers = client.add_group("Customers")
        client.add_group("Staff")
        client.add_contacts(
            [
                NewContact("Ann Lee", "+447911123456", mail="ann@example.com"),
                NewContact("Carl Annesley", "+447911123457"),
                NewContact("Dora Kim", "+447911123458", mail="dora@ANNEX.example"),
            ],
            [customers.id],
        )
        client.add_contacts(
            [
                NewContact("Bob Stone", "+12508682818"),
                NewContact(LONG_NAME, "+447911123459", mail=LONG_MAIL),
            ]
        )
        yield box


def invoke(*args: str | Path) -> click.testing.Result:
    return CliRunner().invoke(
        cli, [str(a) for a in args], env={"BOOLKY_API_KEY": KEY, "BOOLKY_BASE_URL": None}
    )


def listed(box: Sandbox, *args: str) -> list[dict[str, object]]:
    result = invoke("contacts", "list", "--base-url", box.url, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def names(rows: list[dict[str, object]]) -> list[object]:
    return [r["name"] for r in rows]


def test_search_looks_in_name_phone_and_mail_without_case(account: Sandbox) -> None:
    assert names(listed(account, "--search", "ann")) == ["Ann Lee", "Carl Annesley", "Dora Kim"]
    assert names(listed(account, "--search", "2508")) == ["Bob Stone"]
    assert names(listed(account, "--search", "annex")) == ["Dora Kim"]
    assert listed(account, "--search", "nobody") == []


def test_group_and_limit_narrow_the_list(account: Sandbox) -> None:
    assert names(listed(account, "--group", "customers")) == [
        "Ann Lee",
        "Carl Annesley",
        "Dora Kim",
    ]
    assert names(listed(account, "--group", "Customers", "--limit", "2")) == [
        "Ann Lee",
        "Carl Annesley",
    ]
    assert listed(account, "--group", "Staff") == []  # a group that is there, and empty
    assert names(listed(account, "--limit", "1")) == ["Ann Lee"]


def test_an_unknown_group_is_one_error_line_naming_the_groups(account: Sandbox) -> None:
    result = invoke("contacts", "list", "--base-url", account.url, "--group", "VIP")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no group named 'VIP' in the account (its groups: All, Customers, Staff)\n"
    )


def test_csv_has_the_export_columns_and_group_names(account: Sandbox) -> None:
    result = invoke(
        "contacts", "list", "--base-url", account.url, "--format", "csv", "--search", "lee"
    )
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert list(row) == ["id", "name", "phone", "groups", "gender", "mail", "birthday"]
    assert (row["name"], row["phone"], row["groups"], row["mail"]) == (
        "Ann Lee",
        "+447911123456",
        "Customers",
        "ann@example.com",
    )


def test_the_table_outside_a_terminal_is_full_width(account: Sandbox) -> None:
    result = invoke("contacts", "list", "--base-url", account.url)
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stdout.splitlines() if "+447911123459" in line]
    assert LONG_NAME in line and LONG_MAIL in line  # on one line, not cut or wrapped
    assert "5 contacts" in result.stdout
    narrowed = invoke("contacts", "list", "--base-url", account.url, "--limit", "2")
    assert "2 of 5 contacts" in narrowed.stdout


def test_the_built_in_sandbox_is_read_from_its_state_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "people.csv"
    source.write_text(
        "Name,Phone\nZoe Park,+447911123470\nYan Ito,+447911123471\n", encoding="utf-8"
    )
    imported = invoke("import", source, "--yes", "--group", "Imported")
    assert imported.exit_code == 0, imported.output
    assert (tmp_path / ".boolky-sync" / "sandbox.sqlite").is_file()

    result = invoke("contacts", "list", "--sandbox", "--format", "json", "--group", "imported")
    assert result.exit_code == 0, result.output
    assert sorted(r["phone"] for r in json.loads(result.stdout)) == [
        "+447911123470",
        "+447911123471",
    ]
    moved = tmp_path / "elsewhere.sqlite"
    (tmp_path / ".boolky-sync" / "sandbox.sqlite").rename(moved)
    result = invoke("contacts", "list", "--sandbox", moved, "--search", "zoe")
    assert result.exit_code == 0, result.output
    assert "Zoe Park" in result.stdout and "Yan Ito" not in result.stdout


def test_no_sandbox_state_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("contacts", "list", "--sandbox")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: .boolky-sync/sandbox.sqlite: no sandbox state here")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / ".boolky-sync").exists()  # looking made nothing
    both = invoke("contacts", "list", "--sandbox", "x.sqlite", "--base-url", "http://127.0.0.1:9")
    assert both.exit_code == 2
    assert "give --sandbox or --base-url, not both" in both.stderr
