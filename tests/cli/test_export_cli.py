"""``boolky-sync contacts export -o FILE``: a backup the tool reads back, and lists for people.

The account is a sandbox the test fills through the client; the ``.json``
backup is read back through ``extract`` (the ``boolky`` preset) and imported
into an empty sandbox, which must then hold the same contacts in the same groups.
"""

from __future__ import annotations

import csv
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from boolky_sync.api import BoolkyClient, NewContact
from boolky_sync.errors import EXIT_INPUT
from boolky_sync.extract import extract
from boolky_sync.normalize import normalize
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import KEY, api_env, invoke

FORMULA = '=HYPERLINK("http://x","y")'
PEOPLE = {
    "+447911123456": NewContact("Ann Lee", "+447911123456", mail="ann@example.com", gender=2),
    "+4915123456789": NewContact("Jörg Müller", "+4915123456789", birthday="03-04-1980"),
    "+447911123457": NewContact(FORMULA, "+447911123457"),
}


@pytest.fixture
def account(box: Sandbox) -> Sandbox:
    with BoolkyClient(box.url, KEY) as client:
        fair = client.add_group("Trade fair")
        client.add_contacts([PEOPLE["+447911123456"], PEOPLE["+447911123457"]], [fair.id])
        client.add_contacts([PEOPLE["+4915123456789"]])
    return box


def export(account: Sandbox, path: Path) -> None:
    result = invoke("contacts", "export", "-o", path, "--base-url", account.url, env=api_env())
    assert result.exit_code == 0, result.output
    assert f"3 contacts written to {path}" in result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def held(box: Sandbox) -> dict[str, tuple[object, ...]]:
    """Phone → every field and the group names of each contact (ids differ between accounts)."""
    with BoolkyClient(box.url, box.api_key) as client:
        account = client.get_contacts()
    names = {g.id: g.name for g in account.groups}
    return {
        c.phone: (c.name, c.mail, c.gender, c.birthday, {names[g] for g in c.group_ids if g})
        for c in account.contacts
    }


def test_json_backup_reads_back_through_extract(account: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    export(account, path)
    extracted = extract(path, preset="boolky")
    assert extracted.mapping.preset == "boolky"
    contacts = normalize(extracted.table, extracted.mapping).contacts
    assert set(contacts["phone"]) == set(PEOPLE)
    names = dict(zip(contacts["phone"], contacts["name"], strict=True))
    assert names == {phone: c.name for phone, c in PEOPLE.items()}


@pytest.fixture
def empty_box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as box:
        yield box


def test_json_backup_restores_into_an_empty_account(
    account: Sandbox, empty_box: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "backup.json"
    export(account, path)
    restored = invoke("import", path, "--yes", "--base-url", empty_box.url, "--json", env=api_env())
    assert restored.exit_code == 0, restored.output
    assert held(empty_box) == held(account)
    assert held(account)["+447911123456"][4] == {"Trade fair"}


def test_csv_export_lists_every_contact_formula_safe(account: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    export(account, path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = {row["phone"]: row for row in csv.DictReader(f)}
    assert set(rows) == set(PEOPLE)
    assert rows["+447911123456"]["groups"] == "Trade fair"
    assert rows["+447911123456"]["mail"] == "ann@example.com"
    assert rows["+4915123456789"]["name"] == "Jörg Müller"
    assert rows["+447911123457"]["name"] == "'" + FORMULA


def test_xlsx_export_lists_every_contact_formula_safe(account: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "contacts.xlsx"
    export(account, path)
    book = load_workbook(path)
    try:
        sheet = book["Contacts"]
        header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
        rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    finally:
        book.close()
    assert {row["phone"].value for row in rows} == set(PEOPLE)
    (formula,) = [row["name"] for row in rows if row["phone"].value == "+447911123457"]
    assert formula.data_type == "s"
    assert formula.value == "'" + FORMULA


def test_export_to_an_unknown_format_is_an_input_error(account: Sandbox, tmp_path: Path) -> None:
    result = invoke(
        "contacts", "export", "-o", tmp_path / "x.pdf", "--base-url", account.url, env=api_env()
    )
    assert result.exit_code == EXIT_INPUT
    assert "cannot export to .pdf" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
