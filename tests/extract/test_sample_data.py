"""Every file in sample_data/ reads to the layout, mapping and values it was made with.

The files come from sample_data/make_samples.py; the values below were checked
against the files' own bytes, so a reader that drops a quote, a leading zero or
a row number fails here.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from boolky_sync.extract import Extracted, extract
from tests.conftest import SAMPLE_DATA

SCRIPT = SAMPLE_DATA / "make_samples.py"
HANDWRITTEN = {"boolky_backup.json"}
"""Sample files not made by the script."""

GOOGLE_PHONES = ["Phone 1 - Value", "Phone 2 - Value", "Phone 3 - Value"]

SAMPLES: dict[str, tuple[str, str | None, dict[str, list[str]]]] = {
    "google_contacts.csv": ("csv", "google", {
        "first_name": ["First Name"], "middle_name": ["Middle Name"], "last_name": ["Last Name"],
        "phone": GOOGLE_PHONES, "email": ["E-mail 1 - Value"], "gender": ["Name Prefix"],
        "birthday": ["Birthday"], "groups": ["Labels"], "country": ["Address 1 - Country"],
    }),
    "google_contacts_legacy.csv": ("csv", "google_legacy", {
        "name": ["Name"], "first_name": ["Given Name"], "middle_name": ["Additional Name"],
        "last_name": ["Family Name"], "phone": ["Phone 1 - Value", "Phone 2 - Value"],
        "email": ["E-mail 1 - Value"], "gender": ["Gender", "Name Prefix"],
        "birthday": ["Birthday"], "groups": ["Group Membership"],
        "country": ["Address 1 - Country"],
    }),
    "outlook_contacts_de.csv": ("csv", "outlook_de", {
        "first_name": ["Vorname"], "middle_name": ["Weitere Vornamen"], "last_name": ["Nachname"],
        "phone": [
            "Mobiltelefon", "Mobiltelefon 2", "Haupttelefon", "Telefon privat",
            "Telefon privat 2", "Telefon geschäftlich", "Telefon geschäftlich 2",
            "Telefon Firma", "Weiteres Telefon", "Autotelefon", "Telefon Assistent",
            "Rückmeldung", "Pager", "ISDN", "Telefon für Hörbehinderte", "Fax geschäftlich",
            "Fax privat", "Weiteres Fax",
        ],
        "email": ["E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse"],
        "gender": ["Geschlecht", "Anrede"], "birthday": ["Geburtstag"], "groups": ["Kategorien"],
        "country": ["Land/Region privat", "Land/Region geschäftlich", "Weiteres/e Land/Region"],
    }),
    "hubspot_contacts.csv": ("csv", "hubspot", {
        "first_name": ["First Name"], "last_name": ["Last Name"],
        "phone": ["Mobile Phone Number", "Phone Number"], "email": ["Email"],
        "gender": ["Gender"], "birthday": ["Date of birth"], "country": ["Country/Region"],
        "id": ["Record ID"],
    }),
    "salesforce_contacts.csv": ("csv", "salesforce", {
        "first_name": ["First Name"], "last_name": ["Last Name"],
        "phone": ["Mobile", "Phone", "Home Phone", "Fax"], "email": ["Email"],
        "gender": ["Salutation"], "birthday": ["Birthdate"], "country": ["Mailing Country"],
        "id": ["Contact ID"],
    }),
    "mailchimp_audience.csv": ("csv", "mailchimp", {
        "first_name": ["First Name"], "last_name": ["Last Name"], "phone": ["Phone Number"],
        "email": ["Email Address"], "birthday": ["Birthday"], "groups": ["TAGS"],
        "country": ["CC"], "id": ["EUID"],
    }),
    "zoho_contacts.csv": ("csv", "zoho", {
        "name": ["Full Name"], "first_name": ["First Name"], "last_name": ["Last Name"],
        "phone": ["Mobile", "Phone", "Home Phone", "Other Phone", "Asst Phone", "Fax"],
        "email": ["Email", "Secondary Email"], "gender": ["Salutation"],
        "birthday": ["Date of Birth"], "groups": ["Tag"], "country": ["Mailing Country"],
        "id": ["Record Id"],
    }),
    "pipedrive_persons.csv": ("csv", "pipedrive", {
        "name": ["Person - Name"], "first_name": ["Person - First name"],
        "last_name": ["Person - Last name"],
        "phone": [
            "Person - Phone - Mobile", "Person - Phone - Work", "Person - Phone - Home",
            "Person - Phone - Other",
        ],
        "email": ["Person - Email - Work", "Person - Email - Home"],
        "birthday": ["Person - Birthday"], "groups": ["Person - Labels"],
        "country": ["Person - Postal address - Country"], "id": ["Person - ID"],
    }),
    "contactos.csv": ("csv", None, {
        "first_name": ["Nombre"], "last_name": ["Apellidos"],
        "phone": ["Móvil", "Teléfono fijo"], "email": ["Correo electrónico"],
        "gender": ["Sexo"], "birthday": ["Fecha de nacimiento"], "groups": ["Grupo"],
        "country": ["País"],
    }),
    "rubrica.txt": ("csv", None, {
        "first_name": ["Nome"], "last_name": ["Cognome"], "phone": ["column 3"],
        "email": ["Email"], "birthday": ["Data di nascita"], "groups": ["Gruppi"],
    }),
    "contacts.xlsx": ("excel", None, {
        "first_name": ["Vorname"], "last_name": ["Nom"], "phone": ["Handy", "Téléphone"],
        "email": ["E-Mail"], "birthday": ["Geburtsdatum"], "groups": ["Groupe"],
        "country": ["Pays"],
    }),
    "phone_book.vcf": ("vcard", "vcard", {
        "name": ["FN"], "first_name": ["N:given"], "last_name": ["N:family"],
        "phone": ["TEL 1", "TEL 2", "TEL 3"], "email": ["EMAIL 1"], "gender": ["GENDER"],
        "birthday": ["BDAY"], "groups": ["CATEGORIES"], "country": ["ADR:country"],
    }),
    "contacts.json": ("json", None, {
        "name": ["fullName"], "phone": ["mobilePhone", "phone"], "email": ["email"],
        "gender": ["gender"], "birthday": ["birthday"], "groups": ["tags"],
        "country": ["country"], "id": ["id"],
    }),
    "contacts.ndjson": ("json", None, {
        "first_name": ["nome"], "last_name": ["sobrenome"], "phone": ["celular", "telefone"],
        "email": ["e-mail"], "gender": ["sexo"], "birthday": ["data de nascimento"],
        "groups": ["grupos"], "country": ["país"],
    }),
    "boolky_backup.json": ("json", "boolky", {
        "name": ["name"], "phone": ["phone"], "email": ["mail"], "gender": ["gender"],
        "birthday": ["birthday"], "groups": ["groups"], "id": ["id"],
    }),
}  # fmt: skip


@cache
def extracted(name: str) -> Extracted:
    return extract(SAMPLE_DATA / name)


def test_every_sample_file_has_its_expectations() -> None:
    files = {p.name for p in SAMPLE_DATA.iterdir() if p.suffix != ".py"}
    assert files == set(SAMPLES)


@pytest.mark.parametrize("name", SAMPLES)
def test_a_sample_file_reads_with_its_layout_and_mapping(name: str) -> None:
    file_format, preset, mapping = SAMPLES[name]
    result = extracted(name)
    assert result.table.format == file_format
    assert result.mapping.preset == preset
    assert result.mapping.as_dict() == mapping
    assert set(result.table.frame["__file"]) == {name}


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "sheet"),
    [
        ("outlook_contacts_de.csv", "cp1252", ";", None),
        ("google_contacts_legacy.csv", "utf-16-le", ",", None),
        ("rubrica.txt", "utf-16-le", "\t", None),
        ("contactos.csv", "utf-8-sig", ";", None),
        ("google_contacts.csv", "utf-8", ",", None),
        ("contacts.xlsx", None, None, "Contacts"),
    ],
)
def test_what_was_detected_is_reported(
    name: str, encoding: str | None, delimiter: str | None, sheet: str | None
) -> None:
    table = extracted(name).table
    assert (table.encoding, table.delimiter, table.sheet) == (encoding, delimiter, sheet)


VALUES = [
    # A note with a line break: the next record starts on line 9, not 8.
    ("google_contacts.csv", 7, "Notes", "Met at the fair in Köln.\nCall back in May, not before "
     "10:00."),
    ("google_contacts.csv", 7, "Phone 1 - Value", "+49 (0)160 47739101"),
    ("google_contacts.csv", 9, "First Name", "Käthe"),
    ("google_contacts.csv", 4, "Phone 2 - Label", "Work"),
    ("google_contacts.csv", 4, "Phone 2 - Value", "931 497 810 x236"),
    ("google_contacts.csv", 4, "Birthday", "--02-02"),
    ("google_contacts.csv", 2, "Labels", "* myContacts ::: Staff ::: VIP"),
    ("google_contacts_legacy.csv", 4, "Phone 1 - Value", "0151 123"),
    ("google_contacts_legacy.csv", 12, "Phone 2 - Value",
     "218 004 415 ::: 00351 216795681 ext. 158"),
    ("google_contacts_legacy.csv", 12, "Group Membership", "* My Contacts ::: Events ::: VIP"),
    ("outlook_contacts_de.csv", 5, "Nachname", "Groß"),
    ("outlook_contacts_de.csv", 5, "Mobiltelefon", "+49 (0)171 96975140"),
    ("outlook_contacts_de.csv", 3, "Geburtstag", "0.0.00"),
    ("outlook_contacts_de.csv", 10, "Geschlecht", "Männlich"),
    ("outlook_contacts_de.csv", 10, "Kategorien", "Events;Newsletter"),
    ("outlook_contacts_de.csv", 13, "Telefon geschäftlich", "0039 0648950549 x237"),
    ("hubspot_contacts.csv", 9, "Mobile Phone Number", "011 49 16055345984"),
    ("hubspot_contacts.csv", 7, "Phone Number", "+34934015311 ext. 276"),
    ("hubspot_contacts.csv", 2, "Record ID", "51000023757"),
    ("salesforce_contacts.csv", 2, "Mobile", "011 44 7492901770"),
    ("salesforce_contacts.csv", 9, "Mobile", "+49 151 2345678901234"),
    ("salesforce_contacts.csv", 9, "Birthdate", "7/17/1962"),
    # The report's footer arrives as rows with no phone, for normalize to refuse.
    ("salesforce_contacts.csv", 35, "Contact Owner",
     "Confidential Information - Do Not Distribute"),
    ("salesforce_contacts.csv", 35, "Mobile", ""),
    ("mailchimp_audience.csv", 3, "TAGS", '"Staff","Suppliers"'),
    ("mailchimp_audience.csv", 3, "Birthday", "08/09"),
    ("mailchimp_audience.csv", 8, "Phone Number", "0160/55345984"),
    ("zoho_contacts.csv", 9, "Phone", "0564727847 x260"),
    ("zoho_contacts.csv", 2, "Record Id", "zcrm_4876876000000201"),
    ("pipedrive_persons.csv", 6, "Person - Phone - Mobile", "0044 7753043835, 07753043835"),
    ("pipedrive_persons.csv", 3, "Person - Name", "Conceição Conceição"),
    ("contactos.csv", 2, "Móvil", "617002475"),
    ("contactos.csv", 6, "Nombre", "Conceição"),
    ("rubrica.txt", 4, "column 3", "0034 676674475"),
    ("rubrica.txt", 4, "Nome", ""),
    ("rubrica.txt", 8, "column 3", "07.47.96.93.57"),
    # Typed as numbers in Excel: digits, no ".0", no exponent; Excel's own mangling kept.
    ("contacts.xlsx", 5, "Handy", "34617002475"),
    ("contacts.xlsx", 6, "Handy", "11944246008"),
    ("contacts.xlsx", 9, "Handy", "4.47911E+11"),
    ("contacts.xlsx", 5, "Geburtsdatum", "1988-05-07"),
    ("contacts.xlsx", 6, "Vorname", ""),
    ("contacts.xlsx", 6, "Téléphone", "+55 (11) 3351-8929 x32"),
    ("phone_book.vcf", 29, "FN", "Tomás Magalhães"),
    ("phone_book.vcf", 29, "TEL 1", "+55 (21) 94798-6576"),
    ("phone_book.vcf", 29, "TEL 1 type", "cell"),
    ("phone_book.vcf", 1, "TEL 2", "935 889 455"),
    ("phone_book.vcf", 1, "TEL 2 type", "home"),
    ("phone_book.vcf", 179, "TEL 2 type", "büro"),
    ("phone_book.vcf", 56, "GENDER", "F"),
    ("contacts.json", 5, "mobilePhone", "393845210950"),
    ("contacts.json", 1, "fullName", "Inés Gómez"),
    ("contacts.ndjson", 7, "celular", "n/a"),
    ("contacts.ndjson", 9, "nome", "Amelia"),
    ("boolky_backup.json", 3, "name", "Lukas Müller"),
    ("boolky_backup.json", 3, "phone", "+4915123456789"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "row", "column", "value"), VALUES)
def test_sample_values_arrive_exactly_at_their_row(
    name: str, row: int, column: str, value: str
) -> None:
    frame = extracted(name).table.frame
    found = frame.loc[frame["__row"] == row, column]
    assert found.tolist() == [value]


@pytest.mark.parametrize(
    ("name", "rows", "missing"),
    [
        # Blank lines are dropped; the rows after them keep their own line numbers.
        ("google_contacts.csv", 33, [1, 8, 14, 17, 24]),
        ("contacts.xlsx", 33, [1, 2, 3, 25, 36]),
        ("contacts.ndjson", 23, [8, 24]),
        ("salesforce_contacts.csv", 33, [1, 6, 23, 32]),
    ],
)
def test_blank_rows_are_dropped_and_row_numbers_stay_true(
    name: str, rows: int, missing: list[int]
) -> None:
    numbers = extracted(name).table.frame["__row"].tolist()
    assert len(numbers) == rows
    assert not set(missing) & set(numbers)
    assert numbers == sorted(numbers)


def test_the_script_makes_the_same_files_again_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(set(SAMPLES) - HANDWRITTEN)
    for name in made:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DATA / name).read_bytes(), name
