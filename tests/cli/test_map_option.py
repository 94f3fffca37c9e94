"""``--map FIELD=COLUMN``: a person corrects the guessed mapping, and ``import`` remembers it.

The file has two phone columns; the guess takes both (the mobile first), a person
wants only the landline column, and a later file with the same header is read the
same way without being told again.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import click.testing
import pytest

from boolky_sync.errors import EXIT_INPUT
from boolky_sync.extract.remembered_mappings import MAPPINGS_FILE
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import api_env, invoke, remote_phones

HEADER = "Name,Telefon,Handy,E-Mail,Notiz"
FIRST = [
    "Ann Lee,+49 30 1234567,+49 151 12345678,ann@example.org,x",
    "Bob Roe,+49 30 7654321,+49 151 87654321,bob@example.org,y",
]
SECOND = ["Cid Poe,+49 30 5550001,+49 151 55500010,cid@example.org,z"]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "first.csv", FIRST)
    write(tmp_path / "second.csv", SECOND)
    return tmp_path


def write(path: Path, rows: list[str]) -> None:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


def inspected(*args: str) -> dict[str, Any]:
    result = invoke("inspect", *args, "--json")
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


@pytest.mark.usefixtures("here")
def test_inspect_map_takes_the_named_column_and_says_explicit() -> None:
    guessed = inspected("first.csv")
    assert guessed["mapping"]["phone"] == ["Handy", "Telefon"]
    seen = inspected("first.csv", "--map", "phone=Telefon")
    assert seen["mapping"]["phone"] == ["Telefon"]
    assert seen["how"]["phone"] == "explicit"
    assert seen["how"]["name"] == "synonym"  # the rest still guessed
    table = invoke("inspect", "first.csv", "--map", "phone=Telefon", env={"COLUMNS": "200"})
    assert "explicit" in table.stdout


@pytest.mark.usefixtures("here")
def test_inspect_map_several_columns_in_order_and_unmap() -> None:
    seen = inspected("first.csv", "--map", "phone=Telefon", "--map", "phone=Handy")
    assert seen["mapping"]["phone"] == ["Telefon", "Handy"]
    assert inspected("first.csv")["mapping"]["email"] == ["E-Mail"]
    unmapped = inspected("first.csv", "--map", "email=")
    assert "email" not in unmapped["mapping"]
    assert "E-Mail" in unmapped["unmapped"]


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize(
    ("given", "named"),
    [("fone=Telefon", "no field 'fone'; did you mean \"phone\"?"), ("phone=Fax", "'Fax'")],
)
def test_a_map_of_an_unknown_field_or_a_missing_column_is_exit_2(given: str, named: str) -> None:
    result = invoke("inspect", "first.csv", "--map", given)
    assert result.exit_code == EXIT_INPUT
    assert named in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("here")
def test_normalize_map_changes_the_contacts(here: Path) -> None:
    out = here / "out.csv"
    result = invoke("normalize", "first.csv", "--map", "phone=Telefon", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8-sig")
    assert "+49301234567" in written
    assert "+4915112345678" not in written


def test_import_remembers_the_map_for_the_next_file_with_that_header(
    here: Path, box: Sandbox
) -> None:
    env = {**api_env(), "TERM": "dumb", "NO_COLOR": "1"}
    common = ["--base-url", box.url, "--yes"]
    first = invoke("import", "first.csv", "--map", "phone=Telefon", *common, env=env)
    assert first.exit_code == 0, first.output
    assert set(remote_phones(box)) == {"+49301234567", "+49307654321"}

    assert inspected("second.csv")["how"]["phone"] == "remembered"
    second = invoke("import", "second.csv", *common, env={**env, "COLUMNS": "200"})
    assert second.exit_code == 0, second.output
    assert "remembered" in second.stdout
    assert "+49305550001" in remote_phones(box)
    assert "+4915155500010" not in remote_phones(box)

    kept = here / ".boolky-sync" / MAPPINGS_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    text = kept.read_text(encoding="utf-8")
    for row in FIRST + SECOND:
        for value in row.split(",")[:4]:
            assert value not in text  # column names and hashes only, no contact's data


def test_a_later_map_wins_over_the_remembered_one_and_replaces_it(here: Path, box: Sandbox) -> None:
    env = {**api_env(), "TERM": "dumb", "NO_COLOR": "1"}
    common = ["--base-url", box.url, "--yes"]
    assert invoke("import", "first.csv", "--map", "phone=Telefon", *common, env=env).exit_code == 0
    again = invoke("import", "second.csv", "--map", "phone=Handy", *common, env=env)
    assert again.exit_code == 0, again.output
    assert "+4915155500010" in remote_phones(box)
    assert inspected("first.csv")["mapping"]["phone"] == ["Handy"]
    assert inspected("first.csv")["how"]["phone"] == "remembered"


def test_import_without_map_and_with_yes_remembers_nothing(here: Path, box: Sandbox) -> None:
    env = {**api_env(), "TERM": "dumb", "NO_COLOR": "1"}
    result = invoke("import", "first.csv", "--base-url", box.url, "--yes", env=env)
    assert result.exit_code == 0, result.output
    assert not (here / ".boolky-sync" / MAPPINGS_FILE).exists()
    assert inspected("second.csv")["how"]["phone"] == "synonym"


@pytest.mark.parametrize(("answer", "kept"), [("y\n", True), ("n\n", False)])
def test_a_mapping_confirmed_at_the_prompt_is_remembered(
    here: Path, box: Sandbox, monkeypatch: pytest.MonkeyPatch, answer: str, kept: bool
) -> None:
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    env = {**api_env(), "TERM": "dumb", "NO_COLOR": "1"}
    result = invoke("import", "first.csv", "--base-url", box.url, env=env, input=answer)
    assert result.exit_code == 0, result.output
    assert f"Write these changes to {box.url}? [y/N]" in result.output
    assert (here / ".boolky-sync" / MAPPINGS_FILE).exists() is kept
    assert inspected("second.csv")["how"]["phone"] == ("remembered" if kept else "synonym")


def test_a_map_declined_at_the_prompt_is_not_remembered(
    here: Path, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    env = {**api_env(), "TERM": "dumb", "NO_COLOR": "1"}
    args = ["import", "first.csv", "--map", "phone=Telefon", "--base-url", box.url]
    result = invoke(*args, env=env, input="n\n")
    assert result.exit_code == 0, result.output
    assert remote_phones(box) == {}
    assert not (here / ".boolky-sync" / MAPPINGS_FILE).exists()
