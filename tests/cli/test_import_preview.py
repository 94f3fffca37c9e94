"""``import`` at a terminal: everything shown before the question, no false "nothing to change",
a limited import that succeeds, and the normalize options a spreadsheet needs.

Each test works in its own ``tmp_path`` (the import keeps its state and report in the
working folder) against a sandbox it started over HTTP, or the built-in sandbox.
"""

from __future__ import annotations

from pathlib import Path

import click.testing
import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    latest,
    remote_phones,
    summary_file,
    summary_of,
    writes,
)

HEADER = "Name,Phone,Email,Birthday"
ROWS = [
    "Ann Lee,+447911123456,ann@example.com,1990-01-02",
    "Bob Stone,+447911123457,bob@,1985-03-04",
    "Cid Roe,+447911123458,,31/02/1990",
    "Dee Fox,+447911123459,,",
    "Eve Ash,+447911123460,,",
]
NO_COUNTRY = "Gus Bay,07911123461,,"
"""A national number, and no --region: refused as phone_no_region."""
LANDLINE = "Hal Orr,+442079460000,,"
"""A London landline: not a mobile."""


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone at a terminal: the streams the command sees say they are a TTY."""
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, *rows: str) -> Path:
    path = folder / "people.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def import_file(*args: str | Path, input: str | None = None) -> click.testing.Result:
    return invoke("import", *args, env={**api_env(), "TERM": "dumb", "NO_COLOR": "1"}, input=input)


def in_order(text: str, *parts: str) -> None:
    """Each of ``parts`` is in ``text``, each after the one before."""
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} not found after position {at} in:\n{text}"
        at = found


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("answer", ["\n", "n\n"], ids=["enter", "n"])
def test_the_preview_says_everything_before_it_asks_and_no_writes_nothing(
    box: Sandbox, here: Path, answer: str
) -> None:
    write(here, *ROWS, NO_COUNTRY)
    result = import_file("people.csv", "--base-url", box.url, input=answer)
    assert result.exit_code == 0, result.output
    in_order(
        result.output,
        "before writing",
        "rows read",
        "6",
        "contacts",
        "rejected",
        "phone_no_region 1",
        "planned",
        "create 5",
        "No country for 1 row: pass --region",
        "first planned changes",
        "+447911123456",
        f"Write these changes to {box.url}? [y/N]",
        "not confirmed",
        "Nothing was written.",
    )
    assert "dry run" not in result.stdout
    assert KEY not in result.output
    assert writes(box) == 0
    assert remote_phones(box) == {}
    summary = summary_file(latest(here / "reports"))
    page = (latest(here / "reports") / "report.html").read_text(encoding="utf-8")
    assert "not confirmed: nothing was sent" in page
    assert summary["confirmed"] is False
    assert summary["dry_run"] is False
    assert summary["applied"] == {"ok": 0, "failed": 0, "skipped": 0}
    assert summary["exit_code"] == 0


@pytest.mark.usefixtures("terminal")
def test_yes_at_the_prompt_writes_to_the_built_in_sandbox_it_names(here: Path) -> None:
    write(here, *ROWS)
    result = import_file("people.csv", input="y\n")
    assert result.exit_code == 0, result.output
    state = here / ".boolky-sync" / "sandbox.sqlite"
    assert f"Write these changes to built-in sandbox (state {state})? [y/N]" in result.stderr
    assert "Nothing was written." not in result.stdout
    summary = summary_file(latest(here / "reports"))
    assert summary["confirmed"] is True
    assert summary["applied"]["ok"] == len(ROWS)
    listed = invoke("import", "people.csv", "--dry-run", "--json")
    assert summary_of(listed)["plan"]["unchanged"] == len(ROWS)  # they are there now


def test_a_contact_deleted_on_boolky_is_said_left_out_and_restored_on_request(
    box: Sandbox, here: Path
) -> None:
    write(here, *ROWS)
    assert import_file("people.csv", "--base-url", box.url, "--yes").exit_code == 0
    with BoolkyClient(box.url, KEY) as client:
        (ann,) = [c for c in client.get_contacts().contacts if c.phone == "+447911123456"]
        client.delete_contacts([ann.id], permanent=True)

    again = import_file("people.csv", "--base-url", box.url, "--yes")
    assert again.exit_code == 0, again.output
    assert "1 contact left out: deleted on Boolky (use --restore-deleted)." in again.stdout
    assert "Nothing to change" not in again.stdout
    assert "+447911123456" not in remote_phones(box)

    restored = import_file("people.csv", "--base-url", box.url, "--yes", "--restore-deleted")
    assert restored.exit_code == 0, restored.output
    assert "contact left out" not in restored.stdout
    assert remote_phones(box)["+447911123456"] == "Ann Lee"


def test_a_limited_import_is_a_success_that_says_how_far_it_went(box: Sandbox, here: Path) -> None:
    write(here, *ROWS)
    result = import_file("people.csv", "--base-url", box.url, "--yes", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "limited to 2 of 5 planned changes" in result.stdout
    assert "Drift" not in result.stdout
    summary = summary_file(latest(here / "reports"))
    assert summary["limited"] == {"to": 2, "of": 5}
    assert (summary["drift"], summary["exit_code"]) == (0, 0)
    assert len(remote_phones(box)) == 2

    rest = import_file("people.csv", "--base-url", box.url, "--yes", "--json")
    assert (summary_of(rest)["plan"]["create"], rest.exit_code) == (3, 0)
    assert summary_of(rest)["limited"] is None


def test_the_summary_names_the_warnings_to_act_on(box: Sandbox, here: Path) -> None:
    write(here, *ROWS, LANDLINE)
    result = import_file("people.csv", "--base-url", box.url, "--yes")
    assert result.exit_code == 0, result.output
    assert "Warning: 1 number is not a mobile" in result.stdout
    assert "Warning: 1 e-mail address was dropped" in result.stdout
    assert "Warning: 1 birthday could not be read" in result.stdout
    assert f"Report: {latest(here / 'reports') / 'report.html'}" in result.stdout


def dry_summary(*options: str) -> dict[str, object]:
    result = import_file("people.csv", "--dry-run", "--json", *options)
    assert result.exit_code == 0, result.output
    return summary_of(result)


@pytest.mark.usefixtures("here")
def test_non_mobile_and_name_fallback_change_what_is_kept(here: Path) -> None:
    write(here, *ROWS, LANDLINE, ",+447911123462,,")
    default = dry_summary()
    assert default["rejected"] == {"name_missing": 1}
    assert default["warnings"]["not_mobile"] == 1  # type: ignore[index]
    chosen = dry_summary("--non-mobile", "reject", "--name-fallback", "Guest")
    assert chosen["rejected"] == {"phone_not_mobile": 1}
    assert chosen["contacts"] == default["contacts"]  # one refused, one taken in


def test_merge_date_order_and_other_phones_change_the_contacts(box: Sandbox, here: Path) -> None:
    (here / "people.csv").write_text(
        "Name,Phone,Mobile,Birthday\n"
        "Ann First,+447911123456,+447911123470,03/04/1990\n"
        "Ann Last,,+447911123470,03/04/1990\n",
        encoding="utf-8",
    )
    assert dry_summary()["contacts"] == 1
    assert dry_summary("--other-phones", "split")["contacts"] == 2
    result = import_file(
        "people.csv", "--base-url", box.url, "--yes", "--merge", "last", "--date-order", "MDY"
    )
    assert result.exit_code == 0, result.output
    with BoolkyClient(box.url, KEY) as client:
        (ann,) = client.get_contacts().contacts
    assert (ann.name, ann.birthday) == ("Ann Last", "04-03-1990")  # day first: 03-04-1990


def test_update_strategy_replace_writes_where_boolky_refuses_a_known_phone(here: Path) -> None:
    write(here, *ROWS)
    with run_sandbox(api_key=KEY, duplicate_policy="reject") as box:
        assert import_file("people.csv", "--base-url", box.url, "--yes").exit_code == 0
        write(here, ROWS[0].replace("Ann Lee", "Ann Leigh"), *ROWS[1:])
        readd = import_file("people.csv", "--base-url", box.url, "--yes")
        assert readd.exit_code == 1, readd.output  # Boolky refused the new copy
        assert "Drift: 1 contacts did not take their update" in readd.stdout  # and why
        assert remote_phones(box)["+447911123456"] == "Ann Lee"
        replace = import_file(
            "people.csv", "--base-url", box.url, "--yes", "--update-strategy", "replace"
        )
        assert replace.exit_code == 0, replace.output
        assert remote_phones(box)["+447911123456"] == "Ann Leigh"
