"""``undo`` (and ``history``) after real imports into the sandbox over HTTP: an import
taken back exactly, the undo undone, a contact edited since left alone, a run cut short
undone as far as it got, a dry run that writes nothing, and the JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.api.records import NewContact
from boolky_sync.errors import EXIT_INPUT, EXIT_OK, EXIT_UNAVAILABLE
from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.ledger import Ledger
from tests.cli.test_runs_cli import nightly
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    summary_of,
    uk_mobiles,
    write_contacts,
    writes,
)

ALICE, BOB, NEW1, NEW2 = "+447911000001", "+447911000002", "+447911000101", "+447911000102"


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def account(box: Sandbox) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Every contact (phone, fields, group names) and every group name, sorted."""
    with BoolkyClient(box.url, KEY) as client:
        found = client.get_contacts()
    names = {g.id: g.name for g in found.groups}
    contacts = sorted(
        (
            c.phone,
            c.name,
            c.gender,
            c.mail,
            c.birthday,
            tuple(sorted(names[i] for i in c.group_ids)),
        )
        for c in found.contacts
    )
    return contacts, sorted(names.values())


def by_hand(box: Sandbox) -> None:
    """Alice in Staff, Bob in no group of his own, and 40 more: contacts no import made
    (enough that taking back an import stays within the safety guard's share)."""
    others = [NewContact(f"Other {n}", p) for n, p in enumerate(uk_mobiles(40, 500))]
    with BoolkyClient(box.url, KEY) as client:
        staff = client.add_group("Staff")
        client.add_contacts([NewContact("Alice", ALICE, mail="a@example.com")], [staff.id])
        client.add_contacts([NewContact("Bob", BOB), *others], [])


def ledger_phones() -> set[str]:
    """The phones the import's ledger (for the sandbox over HTTP) says it wrote."""
    (path,) = Path(".boolky-sync").glob("import*.ledger.sqlite")
    with Ledger(path) as ledger:
        return {e.phone for e in ledger.entries()}


def newest_run() -> str:
    """The id of the newest run in ./.boolky-sync, as ``runs`` lists it."""
    listed = invoke("runs", "--json")
    assert listed.exit_code == EXIT_OK, listed.output
    return str(json.loads(listed.stdout)[0]["id"])


def import_file(tmp_path: Path, box: Sandbox, *extra: str) -> str:
    """Alice renamed, Bob given a mail, two new contacts, all into a new group Newsletter."""
    source = tmp_path / "people.csv"  # Bob gets a mail he had not: an undo empties it
    source.write_text(
        "Name,Phone,Email\n"
        f"Alice Smith,{ALICE},a@example.com\nBob,{BOB},bob@example.com\n"
        f"New One,{NEW1},\nNew Two,{NEW2},\n",
        encoding="utf-8",
    )
    result = invoke(
        "import", source, "--group", "Newsletter", "--base-url", box.url, "--yes", "--json",
        *extra, env=api_env(),
    )  # fmt: skip
    assert result.exit_code == EXIT_OK, result.output
    return newest_run()


def undo(*args: str) -> Any:
    return invoke("undo", *args, "--json", env=api_env())


def test_undo_takes_an_import_back_exactly_and_undoing_the_undo_redoes_it(
    tmp_path: Path, box: Sandbox
) -> None:
    by_hand(box)
    before = account(box)
    imported = import_file(tmp_path, box)
    after_import, written = account(box), ledger_phones()
    assert after_import != before and "Newsletter" in after_import[1]
    assert written == {ALICE, BOB, NEW1, NEW2}

    result = undo(imported, "--yes")
    assert result.exit_code == EXIT_OK, result.output
    summary = summary_of(result)
    assert account(box) == before  # names, fields, groups, no extra contacts, no Newsletter
    undone = newest_run()
    assert undone != imported and summary["outcomes"]["deleted"] == 2
    assert ledger_phones() == set()  # the import's contacts forgotten, the adopted ones too

    again = undo(undone, "--yes")
    assert again.exit_code == EXIT_OK, again.output
    assert account(box) == after_import
    assert ledger_phones() == written


def test_an_undo_leaves_a_contact_edited_since_and_says_so(tmp_path: Path, box: Sandbox) -> None:
    by_hand(box)
    imported = import_file(tmp_path, box)
    with BoolkyClient(box.url, KEY) as client:  # someone renames a created contact by hand
        found = client.get_contacts()
        newsletter = next(g.id for g in found.groups if g.name == "Newsletter")
        client.add_contacts([NewContact("Someone Else", NEW1)], [newsletter])

    result = undo(imported, "--yes")
    assert result.exit_code == EXIT_OK, result.output
    assert f"{NEW1}: changed since: left as it is" in summary_of(result)["notes"]
    contacts, groups = account(box)
    assert [c[1] for c in contacts if c[0] == NEW1] == ["Someone Else"]
    assert NEW2 not in {c[0] for c in contacts}  # the other created contact is gone
    assert "Newsletter" in groups  # not empty: kept


def test_a_dry_run_undo_writes_nothing(tmp_path: Path, box: Sandbox) -> None:
    by_hand(box)
    imported = import_file(tmp_path, box)
    before, sent = account(box), writes(box)
    result = undo(imported, "--dry-run")
    assert result.exit_code == EXIT_OK, result.output
    summary = summary_of(result)
    assert summary["dry_run"] is True
    assert (writes(box), account(box)) == (sent, before)


def test_an_undo_needs_yes_without_a_terminal_and_a_known_run(tmp_path: Path, box: Sandbox) -> None:
    by_hand(box)
    imported = import_file(tmp_path, box)
    refused = invoke("undo", imported, env=api_env())
    assert refused.exit_code == EXIT_INPUT and "--yes" in refused.stderr
    unknown = undo("99", "--yes")
    assert unknown.exit_code == EXIT_INPUT and "no run 99" in unknown.stderr
    assert KEY not in refused.output + unknown.output


def test_a_run_cut_short_is_undone_as_far_as_it_got(tmp_path: Path, box: Sandbox) -> None:
    pipeline = nightly(tmp_path)  # one contact a call, no retries
    by_hand(box)
    before = account(box)
    write_contacts(tmp_path / "data" / "crm.csv", [(f"P {p}", p) for p in uk_mobiles(6, 100)])
    first = box.calls.arrived + 1  # getContacts, then one addContacts per contact
    box.faults.fail_calls = set(range(first + 3, first + 100))  # two creates land
    ran = invoke("run", pipeline, "--base-url", box.url, env=api_env())
    assert ran.exit_code == EXIT_UNAVAILABLE, ran.output
    box.faults.fail_calls = set()
    assert len(account(box)[0]) == len(before[0]) + 2

    run_id = json.loads(invoke("runs", "--json", "--pipeline", pipeline).stdout)[0]["id"]
    result = undo(str(run_id), "--yes", "--pipeline", str(pipeline), "--base-url", box.url)
    assert result.exit_code == EXIT_OK, result.output
    assert summary_of(result)["outcomes"]["deleted"] == 2
    assert account(box) == before


def test_history_shows_the_import_and_its_undo_for_the_renamed_contact(
    tmp_path: Path, box: Sandbox
) -> None:
    by_hand(box)
    imported = import_file(tmp_path, box)
    assert undo(imported, "--yes").exit_code == EXIT_OK
    undone = newest_run()

    result = invoke("history", "07911 000001", "--region", "GB", "--json")
    assert result.exit_code == EXIT_OK, result.output
    found = json.loads(result.stdout)
    assert found["phone"] == ALICE
    first, second = found["runs"]
    assert (str(first["run_id"]), str(second["run_id"]), second["undo_of"]) == (
        imported, undone, int(imported),
    )  # fmt: skip
    (renamed,) = first["writes"]
    assert renamed["op"] == "update" and renamed["landed"] is True
    assert renamed["fields"] == {"name": ["Alice", "Alice Smith"]}
    assert renamed["groups_added"] == ["Newsletter"]
    assert [w["op"] for w in second["writes"]] == ["update", "remove"]
    assert second["writes"][0]["fields"] == {"name": ["Alice Smith", "Alice"]}
    assert second["writes"][1]["groups_removed"] == ["Newsletter"]
    assert Path(first["report"]).is_dir() and Path(second["report"]).is_dir()

    shown = invoke("history", ALICE)
    assert shown.exit_code == EXIT_OK, shown.output
    assert "name 'Alice' → 'Alice Smith'; +groups Newsletter: landed" in shown.stdout
    assert f"undo of run {imported}" in shown.stdout
    assert KEY not in result.output + shown.output


def test_history_of_a_phone_no_run_touched(tmp_path: Path, box: Sandbox) -> None:
    by_hand(box)
    import_file(tmp_path, box)
    result = invoke("history", "+447911123456")
    assert (result.exit_code, result.stdout) == (EXIT_OK, "no run touched +447911123456\n")
    bad = invoke("history", "not a phone")
    assert bad.exit_code == EXIT_INPUT and bad.stderr.startswith("error: cannot read")
