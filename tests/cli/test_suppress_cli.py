"""``boolky-sync suppress`` (issue 13, point 2): add, import, list, remove, export.

Through the command line, against the state folder of a test: a number that
cannot be read adds nothing (exit 2); an opt-out export is read as ``import``
reads it, each refused row named; a removal needs a reason and ``--yes`` and
stays in the history; the list outlives the ledger; the API key is in no file
or output of it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.errors import EXIT_INPUT, EXIT_OK, EXIT_PARTIAL
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import KEY, api_env, invoke, uk_mobiles, write_contacts

COMMANDS = ("add", "import", "list", "remove", "export")


def suppress(state: Path, *args: str | Path, base_url: str | None = None) -> Any:
    where = ("--base-url", base_url) if base_url else ()
    return invoke("suppress", *args, "--state", state, *where, env=api_env())


def listed(state: Path, base_url: str | None = None) -> dict[str, Any]:
    result = suppress(state, "list", "--json", base_url=base_url)
    assert result.exit_code == EXIT_OK, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


@pytest.mark.parametrize("command", COMMANDS)
def test_every_suppress_command_has_help(command: str) -> None:
    result = invoke("suppress", command, "--help")
    assert result.exit_code == EXIT_OK
    assert f"suppress {command} [OPTIONS]" in result.stdout.splitlines()[0]
    for option in ("--base-url", "--state"):
        assert option in result.stdout
    group = invoke("suppress", "--help")
    assert command in group.stdout


def test_add_reads_numbers_like_a_source_and_refuses_an_unreadable_one(tmp_path: Path) -> None:
    bad = suppress(tmp_path, "add", "07911 123456", "not a number", "--region", "GB")
    assert bad.exit_code == EXIT_INPUT
    assert "error: cannot read 'not a number' as a phone number" in bad.stderr
    assert listed(tmp_path)["entries"] == []  # nothing was added
    good = suppress(tmp_path, "add", "07911 123456", "+44 7911 123457", "--region", "GB")
    assert good.exit_code == EXIT_OK, good.stderr
    assert "added 2 numbers" in good.stdout
    phones = [e["phone"] for e in listed(tmp_path)["entries"]]
    assert phones == ["+447911123456", "+447911123457"]
    again = suppress(tmp_path, "add", "+447911123456")
    assert "added 0 numbers" in again.stdout and "1 already on it" in again.stdout


def test_import_a_stop_list_names_added_known_and_refused_rows(tmp_path: Path) -> None:
    suppress(tmp_path, "add", "+447911000001")
    stop = tmp_path / "stop.csv"
    stop.write_text(
        "Mobile number,Received\n+447911000001,STOP\n07911 000002,stop\nunknown,STOP\n",
        encoding="utf-8",
    )
    result = suppress(tmp_path, "import", stop, "--map", "phone=Mobile number", "--region", "GB")
    assert result.exit_code == EXIT_PARTIAL  # done, but a row was refused
    assert "3 rows: 1 added, 1 already there, 1 refused" in result.stdout
    assert "row 4: refused" in result.stdout
    entries = {e["phone"]: e for e in listed(tmp_path)["entries"]}
    assert entries["+447911000002"]["row"] == 3
    assert entries["+447911000002"]["source"] == "file"
    assert entries["+447911000002"]["file"] == str(stop.absolute())


def test_remove_needs_a_reason_and_yes_and_is_kept_as_history(tmp_path: Path) -> None:
    suppress(tmp_path, "add", "+447911000001", "--reason", "said STOP")
    assert suppress(tmp_path, "remove", "+447911000001", "--yes").exit_code == EXIT_INPUT
    unconfirmed = suppress(tmp_path, "remove", "+447911000001", "--reason", "subscribed")
    assert unconfirmed.exit_code == EXIT_INPUT
    assert "add --yes to confirm" in unconfirmed.stderr
    assert [e["phone"] for e in listed(tmp_path)["entries"]] == ["+447911000001"]
    done = suppress(tmp_path, "remove", "+447911000001", "--reason", "subscribed", "--yes")
    assert done.exit_code == EXIT_OK, done.stderr
    shown = listed(tmp_path)
    assert shown["entries"] == []
    (old,) = shown["history"]
    assert (old["reason"], old["removed_reason"]) == ("said STOP", "subscribed")
    assert old["removed"] is not None
    again = suppress(tmp_path, "remove", "+447911000001", "--reason", "x", "--yes")
    assert again.exit_code == EXIT_INPUT and "is not on the suppression list" in again.stderr


def test_export_writes_the_list_as_csv(tmp_path: Path) -> None:
    suppress(tmp_path, "add", *uk_mobiles(3), "--reason", "=HYPERLINK(1)")
    out = tmp_path / "out" / "suppressed.csv"
    assert suppress(tmp_path, "export", out).exit_code == EXIT_OK
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [r["phone"] for r in rows] == uk_mobiles(3)
    assert {r["reason"] for r in rows} == {"'=HYPERLINK(1)"}  # shown, never run
    assert out.stat().st_mode & 0o777 == 0o600


def test_the_list_is_the_named_boolkys(tmp_path: Path, box: Sandbox) -> None:
    suppress(tmp_path, "add", "+447911000001", base_url=box.url)
    assert [e["phone"] for e in listed(tmp_path, box.url)["entries"]] == ["+447911000001"]
    assert listed(tmp_path)["entries"] == []  # the state folder's sandbox has its own
    assert listed(tmp_path, box.url)["target"] == box.url


def test_the_api_key_is_in_no_suppression_file_or_output(tmp_path: Path, box: Sandbox) -> None:
    stop = write_contacts(tmp_path / "stop.csv", [("Ann", "+447911000005")])
    outputs = [
        suppress(tmp_path, "add", "+447911000001", base_url=box.url),
        suppress(tmp_path, "import", stop, base_url=box.url),
        suppress(tmp_path, "list", base_url=box.url),
        suppress(tmp_path, "list", "--json", base_url=box.url),
        suppress(tmp_path, "export", tmp_path / "out.csv", base_url=box.url),
        suppress(tmp_path, "remove", "+447911000001", "--reason", "r", "--yes", base_url=box.url),
    ]
    assert all(r.exit_code == EXIT_OK for r in outputs), [r.stderr for r in outputs]
    for result in outputs:
        assert KEY not in result.stdout + result.stderr
    for name in ("suppression.sqlite", "out.csv"):
        assert KEY.encode() not in (tmp_path / name).read_bytes()
