"""``boolky-sync normalize``: the files it writes, its JSON, and its errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.cli.normalize_cmd import write_csv
from boolky_sync.normalize.output import CONTACTS_CSV_COLUMNS
from tests.conftest import SAMPLE_DATA

GOOGLE = str(SAMPLE_DATA / "google_contacts.csv")


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, ["normalize", *args])


def summary(*args: str) -> dict[str, Any]:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_the_command_is_registered_and_explains_itself() -> None:
    result = CliRunner().invoke(cli, ["normalize", "--help"])
    assert result.exit_code == 0
    assert "--rejects" in result.output
    assert "--non-mobile" in result.output


def test_json_counts_every_row_once() -> None:
    counted = summary(GOOGLE)
    assert set(counted) >= {"rows", "contacts", "merged", "rejected", "warnings"}
    assert counted["rows"] == 33
    rejected = sum(counted["rejected"].values())
    assert counted["rows"] + counted["split"] == counted["contacts"] + counted["merged"] + rejected
    assert all(code.startswith(("phone_", "name_")) for code in counted["rejected"])


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["--other-phones", "split"], lambda s: s["split"] > 0),
        (["--non-mobile", "reject"], lambda s: s["rejected"].get("phone_not_mobile", 0) > 0),
        (["--name-fallback", "Kunde"], lambda s: "name_missing" not in s["rejected"]),
    ],
)
def test_options_reach_the_normalizer(args: list[str], check: Any) -> None:
    plain = summary(str(SAMPLE_DATA / "outlook_contacts_de.csv"))
    assert not check(plain)
    assert check(summary(str(SAMPLE_DATA / "outlook_contacts_de.csv"), *args))


def test_contacts_and_rejects_files_hold_what_a_person_checks(tmp_path: Path) -> None:
    contacts, rejects = tmp_path / "contacts.csv", tmp_path / "rejects.csv"
    result = invoke(GOOGLE, "-o", str(contacts), "--rejects", str(rejects), "--json")
    assert result.exit_code == 0, result.output
    counted = json.loads(result.stdout)

    header, rows = read_csv(contacts)
    assert header == list(CONTACTS_CSV_COLUMNS)
    assert len(rows) == counted["contacts"]
    chloe = next(r for r in rows if r["phone"] == "+447492901770")
    assert (chloe["name"], chloe["groups"], chloe["rows"], chloe["gender"]) == (
        "Chloe Smith",
        "Staff;VIP",
        "2",
        "",
    )
    assert chloe["mail"] == "chloe.smith1@example.org"
    assert all(r["phone"].startswith("+") and r["phone"][1:].isdigit() for r in rows)
    assert any(";" in r["rows"] for r in rows)  # the sample has a duplicate

    header, refused = read_csv(rejects)
    assert header[:4] == ["row", "phone", "reason", "detail"]  # the phone as written
    assert header[4:7] == ["First Name", "Middle Name", "Last Name"]
    assert len(refused) == sum(counted["rejected"].values())
    assert all(r["row"].isdigit() and r["reason"] and r["detail"] for r in refused)
    assert not {r["row"] for r in refused} & {n for r in rows for n in r["rows"].split(";")}


def test_without_json_a_summary_table_is_printed(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = invoke(GOOGLE, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "33 rows read" in result.output
    assert "refused: phone_missing" in result.output
    assert f"written: {target}" in result.output.replace("\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "missing.csv"),
        ([GOOGLE, "--region", "Narnia"], '--region: the text "Narnia" names no country'),
        ([GOOGLE, "--sheet", "Nope"], ""),
        ([GOOGLE, "-o", "/nonexistent/dir/out.csv"], "cannot be written"),
    ],
)
def test_an_input_error_is_one_line_and_exit_code_2(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert message in lines[0]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("+4915123456789", "+4915123456789"),
        ("+49 (0)171 96975140", "+49 (0)171 96975140"),
        ("-5", "-5"),
        ("--02-02", "--02-02"),
        ("Anna Müller", "Anna Müller"),
        ("", ""),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("+SUM(1)", "'+SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
    ],
)
def test_no_cell_runs_as_a_formula_but_phones_stay_usable(
    tmp_path: Path, cell: str, written: str
) -> None:
    target = tmp_path / "out.csv"
    write_csv(pd.DataFrame({"value": pd.Series([cell], dtype=object), "n": [7]}), target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    _, rows = read_csv(target)
    assert rows == [{"value": written, "n": "7"}]


def test_a_formula_in_a_source_name_reaches_contacts_csv_neutralised(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("Name,Mobile\n=1+2,+44 7911 123456\n@cmd,\n", encoding="utf-8")
    contacts, rejects = tmp_path / "contacts.csv", tmp_path / "rejects.csv"
    result = invoke(str(source), "-o", str(contacts), "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in read_csv(contacts)[1]] == ["'=1+2"]
    assert [r["Name"] for r in read_csv(rejects)[1]] == ["'@cmd"]


@pytest.mark.parametrize(
    "name", ["google_contacts.csv", "outlook_contacts_de.csv", "phone_book.vcf"]
)
def test_a_written_contacts_csv_reads_back_as_the_same_contacts(tmp_path: Path, name: str) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert invoke(str(SAMPLE_DATA / name), "-o", str(first)).exit_code == 0
    again = invoke(str(first), "-o", str(second), "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["rejected"] == {}
    fields = ["phone", "name", "gender", "mail", "birthday", "groups"]
    before, after = read_csv(first)[1], read_csv(second)[1]
    assert [[r[f] for f in fields] for r in after] == [[r[f] for f in fields] for r in before]
