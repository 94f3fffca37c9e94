"""``boolky-sync inspect``: what the tool sees in a file, as a table or as one JSON object."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.extract import PRESETS
from tests.conftest import REPO, SAMPLE_DATA


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, ["inspect", *args], env={"COLUMNS": "400"})


def inspected(*args: str) -> dict[str, Any]:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_json_says_what_was_detected_and_how_each_field_was_mapped() -> None:
    seen = inspected(str(SAMPLE_DATA / "outlook_contacts_de.csv"))
    assert seen["format"] == "csv"
    assert seen["encoding"] == "cp1252"
    assert seen["delimiter"] == ";"
    assert seen["sheet"] is None
    assert seen["preset"] == "outlook_de"
    assert seen["rows"] == 33
    assert seen["mapping"]["first_name"] == ["Vorname"]
    assert seen["mapping"]["phone"][:3] == ["Mobiltelefon", "Mobiltelefon 2", "Haupttelefon"]
    assert seen["how"]["phone"] == "preset"
    assert seen["phones"][0] == {"column": "Mobiltelefon", "label": "mobile", "label_column": None}
    assert seen["columns"][:4] == ["Anrede", "Vorname", "Weitere Vornamen", "Nachname"]
    assert "Firma" in seen["unmapped"]
    assert any("cp1252" in note for note in seen["notes"])


def test_json_preset_is_null_for_a_spreadsheet_mapped_by_its_headers() -> None:
    seen = inspected(str(SAMPLE_DATA / "contacts.xlsx"), "--sheet", "Contacts")
    assert seen["format"] == "excel"
    assert seen["sheet"] == "Contacts"
    assert seen["preset"] is None
    assert seen["mapping"]["phone"] == ["Handy", "Téléphone"]
    assert seen["how"] == dict.fromkeys(seen["mapping"], "synonym")
    assert seen["unmapped"] == ["Notiz"]


def test_json_shows_phone_kinds_kept_in_their_own_columns() -> None:
    seen = inspected(str(SAMPLE_DATA / "google_contacts.csv"))
    assert seen["phones"][1] == {
        "column": "Phone 2 - Value",
        "label": None,
        "label_column": "Phone 2 - Label",
    }
    assert "Phone 2 - Label" not in seen["unmapped"]


def test_a_column_found_by_its_values_says_so() -> None:
    seen = inspected(str(SAMPLE_DATA / "rubrica.txt"))
    assert seen["mapping"]["phone"] == ["column 3"]
    assert seen["how"]["phone"] == "content"


def test_preset_and_format_options_override_detection() -> None:
    refused = invoke(str(SAMPLE_DATA / "hubspot_contacts.csv"), "--preset", "outlook")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        'error: preset "outlook" does not match hubspot_contacts.csv: its columns '
        "Business Phone, E-mail Address, Home Phone, Mobile Phone are missing "
        "(this file looks like hubspot)"
    )
    tab = inspected(str(SAMPLE_DATA / "rubrica.txt"), "--format", "tsv")
    assert (tab["format"], tab["delimiter"]) == ("csv", "\t")


def test_the_table_names_the_preset_and_the_phone_kinds() -> None:
    result = invoke(str(SAMPLE_DATA / "outlook_contacts_de.csv"))
    assert result.exit_code == 0, result.output
    assert "preset: outlook_de — Outlook CSV (German)" in result.stdout
    assert "rows: 33" in result.stdout
    assert "delimiter: ';'" in result.stdout
    assert "Mobiltelefon (mobile)" in result.stdout
    assert "Telefon privat (home)" in result.stdout


def test_the_table_shows_where_a_phone_kind_is_written() -> None:
    result = invoke(str(SAMPLE_DATA / "phone_book.vcf"))
    assert result.exit_code == 0, result.output
    assert "preset: vcard — vCard (.vcf)" in result.stdout
    assert "TEL 1 (kind in 'TEL 1 type')" in result.stdout


def no_phone_file(folder: Path) -> Path:
    path = folder / "notizen.csv"
    path.write_text("Name,Notiz\nAnna,ruft zurück\nBen,hat kein Telefon\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["does-not-exist.csv"], "does-not-exist.csv: no such file"),
        ([str(SAMPLE_DATA / "contacts.xlsx"), "--sheet", "Kontakte"], "Kontakte"),
        ([str(SAMPLE_DATA / "google_contacts.csv"), "--preset", "sugarcrm"],
         '--preset: the text "sugarcrm" is not allowed'),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_file_without_phone_numbers_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = invoke(str(no_phone_file(tmp_path)), "--json")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "notizen.csv: no column that could hold phone numbers" in result.stderr
    assert "'Name', 'Notiz'" in result.stderr
    assert result.stdout == ""


def test_inspect_has_help() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    words = " ".join(result.stdout.split())
    assert "--preset" in words
    assert all(f" {name}" in words for name in PRESETS)


def test_the_table_and_the_json_use_the_same_words() -> None:
    """Each line of the table is labelled with its key in the JSON, ``how`` in both alike."""
    for sample in ("outlook_contacts_de.csv", "contacts.xlsx", "rubrica.txt"):
        path = str(SAMPLE_DATA / sample)
        seen = inspected(path)
        table = invoke(path).stdout
        for key in ("file", "format", "preset", "rows"):
            assert f"\n{key}: " in f"\n{table}", (sample, key)
        assert re.search(r"┃ field\s+┃ columns\s+┃ how\s+┃", table), table
        for field, how in seen["how"].items():
            assert re.search(rf"│ {field}\s+│ .*│ {how}\s+│", table), (sample, field, how)
        if seen["unmapped"]:
            assert f"unmapped: {', '.join(seen['unmapped'])}" in " ".join(table.split())
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        assert all(f"`{how}`" in readme for how in seen["how"].values())
