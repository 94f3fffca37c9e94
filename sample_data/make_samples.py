"""Write the sample files in sample_data/: made-up people in every layout boolky-sync reads.

    python sample_data/make_samples.py [OUTPUT_DIR]      (default: the folder of this script)

The files stand in for what users bring: CRM exports with their real headers,
a German Outlook export in cp1252 with semicolons, a workbook with a title row,
an address book as vCards, JSON from an API. Each carries the messes real files
have — phone numbers written nationally and internationally, with extensions,
Excel-mangled, invalid; duplicates of a person with the number written another
way; blank rows; a contact without a name; non-ASCII names. Nothing here is a
real person or number: names are drawn from short lists, US numbers use the
fictional 555-01xx range, and e-mails use example domains.

The output is the same byte for byte on every run (seeded random numbers, fixed
workbook timestamps), so the files can be committed and checked by the tests.
Only the standard library and openpyxl are used, and nothing is downloaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

SEED = "boolky-sync sample data v1"

NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    # language: (given names of women, given names of men, family names)
    "de": (
        ["Jana", "Käthe", "Anna-Lena", "Sophie", "Lea", "Jördis"],
        ["Jürgen", "Lukas", "Björn", "Tobias", "Jörg", "Maximilian"],
        ["Müller", "Schröder", "Weiß", "Groß", "Köhler", "Schäfer", "Hoffmann", "Fuß"],
    ),
    "fr": (
        ["Chloé", "Hélène", "Zoé", "Maëlle", "Léa"],
        ["François", "Jérôme", "Loïc", "Théo", "Benoît"],
        ["Dubois", "Lefèvre", "Girard", "Bélanger", "Moreau", "Faure"],
    ),
    "es": (
        ["María", "Lucía", "Begoña", "Inés", "Sofía"],
        ["José", "Íñigo", "Martín", "Álvaro", "Sergio"],
        ["García", "Martínez", "Núñez", "Peña", "Ibáñez", "Gómez"],
    ),
    "it": (
        ["Giulia", "Chiara", "Francesca", "Noemi"],
        ["Niccolò", "Luca", "Matteo", "Giosuè"],
        ["Rossi", "Bianchi", "Esposito", "D'Angelo", "De Luca", "Ricci"],
    ),
    "pt": (
        ["Inês", "Conceição", "Beatriz", "Mariana"],
        ["João", "Gonçalo", "Tomás", "Sebastião"],
        ["Silva", "Gonçalves", "Magalhães", "Araújo", "Conceição"],
    ),
    "en": (
        ["Emma", "Olivia", "Amelia", "Chloe"],
        ["Liam", "Oliver", "Noah", "James"],
        ["Smith", "O'Brien", "Johnson", "Williams", "Taylor"],
    ),
}

COUNTRIES = {"de": ["DE"], "fr": ["FR"], "es": ["ES"], "it": ["IT"], "pt": ["PT", "BR"],
             "en": ["GB", "US"]}  # fmt: skip
COUNTRY_NAMES = {
    "DE": "Deutschland", "FR": "France", "ES": "España", "IT": "Italia", "PT": "Portugal",
    "BR": "Brasil", "GB": "United Kingdom", "US": "United States",
}  # fmt: skip
GROUPS = ["Customers", "Newsletter", "VIP", "Suppliers", "Staff", "Events"]
INVALID_PHONES = ["12345", "0151 123", "+49 151 2345678901234", "n/a", "unbekannt"]

# Calling code, mobile number plan, landline number plan (prefixes, digits after them).
PLANS: dict[str, tuple[str, tuple[list[str], int], tuple[list[str], int]]] = {
    "DE": ("49", (["151", "152", "157", "160", "162", "170", "171", "176", "179"], 8),
           (["30", "89", "40", "221"], 7)),
    "FR": ("33", (["6", "7"], 8), (["1", "4", "5"], 8)),
    "ES": ("34", (["6"], 8), (["91", "93"], 7)),
    "IT": ("39", (["31", "32", "33", "34", "38"], 8), (["06", "02"], 8)),
    "PT": ("351", (["91", "92", "93", "96"], 7), (["21", "22"], 7)),
    "BR": ("55", (["119", "219"], 8), (["11", "21"], 8)),
    "GB": ("44", (["79", "77", "74"], 8), (["20"], 8)),
    "US": ("1", (["415555", "212555", "617555"], 4), (["415555", "312555"], 4)),
}  # fmt: skip


@dataclass(frozen=True)
class Person:
    """Someone made up: what the files say about them, as plain data."""

    number: int
    lang: str
    country: str
    first: str
    last: str
    gender: str  # "f" or "m"
    birthday: dt.date | None
    email: str
    mobile: str  # national significant number, no trunk 0
    home: str | None
    work: str | None
    extension: str | None
    groups: tuple[str, ...]

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}".strip()


@dataclass(frozen=True)
class Row:
    """One contact as a file writes it: the person and their numbers as written this time."""

    person: Person
    mobile: str
    home: str
    work: str
    first: str
    last: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}".strip()


Rows = list[Row | None]
"""A file's contacts in order; None is a blank line or row."""


def make_people(rng: random.Random, count: int) -> list[Person]:
    """People spread over the six languages, each with a mobile, some with more phones."""
    people = []
    for number in range(1, count + 1):
        lang = rng.choice(list(NAMES))
        women, men, families = NAMES[lang]
        gender = rng.choice("fm")
        first = rng.choice(women if gender == "f" else men)
        last = rng.choice(families)
        country = rng.choice(COUNTRIES[lang])
        birthday = None if rng.random() < 0.2 else dt.date(
            rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28)
        )  # fmt: skip
        has_work = rng.random() < 0.35
        people.append(
            Person(
                number=number, lang=lang, country=country, first=first, last=last,
                gender=gender, birthday=birthday, email=_email(first, last, number),
                mobile=_number(rng, country, mobile=True),
                home=_number(rng, country, mobile=False) if rng.random() < 0.4 else None,
                work=_number(rng, country, mobile=False) if has_work else None,
                extension=str(rng.randint(10, 299)) if has_work and rng.random() < 0.5 else None,
                groups=tuple(sorted(rng.sample(GROUPS, rng.randint(0, 2)))),
            )
        )
    return people


def _email(first: str, last: str, number: int) -> str:
    plain = unicodedata.normalize("NFKD", f"{first}.{last}".casefold())
    local = re.sub(r"[^a-z.]", "", plain)
    return f"{local}{number}@example.{'org' if number % 3 else 'com'}"


def _number(rng: random.Random, country: str, *, mobile: bool) -> str:
    _, mobile_plan, landline_plan = PLANS[country]
    prefixes, digits = mobile_plan if mobile else landline_plan
    if country == "US":
        return rng.choice(prefixes) + f"01{rng.randint(0, 99):02d}"
    return rng.choice(prefixes) + "".join(str(rng.randint(0, 9)) for _ in range(digits))


# How people write a number, per country: the forms a real file mixes.
def _forms(country: str, nsn: str) -> list[str]:
    cc = PLANS[country][0]
    return [f"+{cc}{nsn}", f"00{cc} {nsn}", *_LOCAL_FORMS[country](nsn, cc)]


def _de(nsn: str, cc: str) -> list[str]:
    cut = 3 if nsn.startswith(("1", "221")) else 2
    h, t = nsn[:cut], nsn[cut:]
    return [f"+{cc} {h} {t}", f"0{h} {t}", f"0{h}/{t}", f"0{h}-{t}", f"+{cc} (0){h} {t}",
            f"00{cc} {h} {t}", f"0{h} {t[:-4]} {t[-4:]}"]  # fmt: skip


def _fr(nsn: str, cc: str) -> list[str]:
    spaced = " ".join(nsn[i : i + 2] for i in range(1, len(nsn), 2))
    dotted = spaced.replace(" ", ".")
    return [f"+{cc} {nsn[0]} {spaced}", f"0{nsn[0]} {spaced}", f"0{nsn[0]}.{dotted}", f"0{nsn}",
            f"+{cc} (0){nsn[0]} {spaced}"]  # fmt: skip


def _gb(nsn: str, cc: str) -> list[str]:
    h, t = nsn[:4], nsn[4:]
    return [f"+{cc} {h} {t}", f"0{h} {t}", f"+{cc} (0){h} {t}", f"0{nsn}"]


def _threes(nsn: str, cc: str) -> list[str]:
    """Spain and Portugal: no trunk 0, groups of three."""
    grouped = " ".join(nsn[i : i + 3] for i in range(0, len(nsn), 3))
    return [f"+{cc} {grouped}", grouped, nsn]


def _it(nsn: str, cc: str) -> list[str]:
    spaced = f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}"
    return [f"+{cc} {spaced}", spaced, f"{nsn[:3]}/{nsn[3:]}", nsn]


def _br(nsn: str, cc: str) -> list[str]:
    area, rest = nsn[:2], nsn[2:]
    local = f"{rest[:-4]}-{rest[-4:]}"
    return [f"+{cc} {area} {local}", f"({area}) {local}", f"+{cc} ({area}) {local}"]


def _us(nsn: str, cc: str) -> list[str]:
    a, b, c = nsn[:3], nsn[3:6], nsn[6:]
    return [f"+{cc} ({a}) {b}-{c}", f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"{a}-{b}-{c}",
            f"1-{a}-{b}-{c}"]  # fmt: skip


_LOCAL_FORMS: dict[str, Callable[[str, str], list[str]]] = {
    "DE": _de, "FR": _fr, "GB": _gb, "ES": _threes, "PT": _threes, "IT": _it, "BR": _br,
    "US": _us,
}  # fmt: skip


def _us_dialled(country: str, nsn: str) -> str:
    """A foreign number as dialled from the US: 011, country code, national number."""
    return f"011 {PLANS[country][0]} {nsn}"


def written(rng: random.Random, country: str, nsn: str | None, avoid: str = "") -> str:
    """A number in one of its written forms, other than ``avoid``."""
    if not nsn:
        return ""
    forms = [f for f in _forms(country, nsn) if f != avoid]
    return rng.choice(forms)


def _with_extension(number: str, extension: str | None, rng: random.Random) -> str:
    if not number or not extension:
        return number
    return number + rng.choice([f" x{extension}", f" ext. {extension}", f"-{extension}"])


def make_rows(rng: random.Random, people: list[Person], us_company: bool = False) -> Rows:
    """The people as one file lists them, with the messes real files have.

    Every third file row is another way to write the same number; three people
    appear twice, once with the number written differently; one row lost its
    name, one has an invalid number, one has none; two blank rows.
    """

    def row(person: Person, avoid: str = "") -> Row:
        mobile = written(rng, person.country, person.mobile, avoid)
        if us_company and person.country != "US" and rng.random() < 0.4:
            mobile = _us_dialled(person.country, person.mobile)
        work = _with_extension(written(rng, person.country, person.work), person.extension, rng)
        return Row(person, mobile, written(rng, person.country, person.home), work,
                   person.first, person.last)  # fmt: skip

    rows: Rows = [row(p) for p in people]
    for twin in rng.sample(rows[1:], 3):
        assert twin is not None
        again = row(twin.person, avoid=twin.mobile)
        rows.insert(rng.randint(rows.index(twin) + 1, len(rows)), again)
    nameless, invalid, silent = rng.sample(range(2, len(rows)), 3)
    rows[nameless] = replace(_present(rows[nameless]), first="", last="")
    rows[invalid] = replace(_present(rows[invalid]), mobile=rng.choice(INVALID_PHONES))
    rows[silent] = replace(_present(rows[silent]), mobile="", home="", work="")
    for at in sorted(rng.sample(range(3, len(rows)), 2), reverse=True):
        rows.insert(at, None)
    return rows


def _present(row: Row | None) -> Row:
    assert row is not None
    return row


# ----------------------------------------------------------------------- writers


def write_csv(path: Path, header: list[str], records: Iterable[list[str] | None], *,
              encoding: str = "utf-8", delimiter: str = ",", quote_all: bool = False,
              line_end: str = "\r\n") -> None:  # fmt: skip
    """A CSV as the exporting program writes it; None records become empty lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)  # fmt: skip
    writer.writerow(header)
    for record in records:
        if record is None:
            buffer.write(line_end)
        else:
            writer.writerow(record)
    path.write_bytes(buffer.getvalue().encode(encoding))


def fill(header: list[str], values: dict[str, str]) -> list[str]:
    """A record in the header's column order, empty where the layout has nothing to say."""
    unknown = set(values) - set(header)
    assert not unknown, unknown
    return [values.get(column, "") for column in header]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


GOOGLE_HEADER = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label",
    "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value", "Phone 3 - Label",
    "Phone 3 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address",
]  # fmt: skip


def google_contacts(rng: random.Random, rows: Rows, path: Path) -> None:
    """Google Contacts CSV, current layout: labels joined with " ::: ", up to three phones."""

    def record(row: Row) -> dict[str, str]:
        p = row.person
        phones = [(label, number) for label, number in
                  (("Mobile", row.mobile), ("Home", row.home), ("Work", row.work)) if number]
        values = {
            "First Name": row.first, "Last Name": row.last,
            "File As": row.full,
            "Birthday": _google_birthday(rng, p.birthday),
            "Labels": " ::: ".join(["* myContacts", *p.groups]),
            "E-mail 1 - Label": "* Home" if p.number % 2 else "Work",
            "E-mail 1 - Value": p.email,
            "Address 1 - Label": "Home", "Address 1 - Country": COUNTRY_NAMES[p.country],
        }  # fmt: skip
        for n, (label, number) in enumerate(phones, 1):
            values[f"Phone {n} - Label"] = label
            values[f"Phone {n} - Value"] = number
        if p.number % 7 == 0:
            values["Notes"] = "Met at the fair in Köln.\nCall back in May, not before 10:00."
        return values

    records = (fill(GOOGLE_HEADER, record(r)) if r else None for r in rows)
    write_csv(path, GOOGLE_HEADER, records, line_end="\n")


def _google_birthday(rng: random.Random, day: dt.date | None) -> str:
    """Google writes a birthday without a year as "--MM-DD"."""
    if day is None:
        return ""
    return day.strftime("--%m-%d") if rng.random() < 0.2 else day.isoformat()


GOOGLE_LEGACY_HEADER = [
    "Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi",
    "Additional Name Yomi", "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials",
    "Nickname", "Short Name", "Maiden Name", "Birthday", "Gender", "Location",
    "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby",
    "Sensitivity", "Priority", "Subject", "Notes", "Language", "Photo", "Group Membership",
    "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value",
    "Phone 2 - Type", "Phone 2 - Value", "Address 1 - Type", "Address 1 - Formatted",
    "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region",
    "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
]  # fmt: skip


def google_contacts_legacy(rng: random.Random, rows: Rows, path: Path) -> None:
    """The older Google CSV: UTF-16, "Group Membership", same-kind numbers joined by " ::: "."""

    def record(row: Row) -> dict[str, str]:
        p = row.person
        landlines = " ::: ".join(n for n in (row.home, row.work) if n)
        return {
            "Name": row.full, "Given Name": row.first, "Family Name": row.last,
            "Birthday": _iso(p.birthday), "Gender": {"f": "female", "m": "male"}[p.gender],
            "Group Membership": " ::: ".join(["* My Contacts", *p.groups]),
            "E-mail 1 - Type": "* Home", "E-mail 1 - Value": p.email,
            "Phone 1 - Type": "Mobile", "Phone 1 - Value": row.mobile,
            "Phone 2 - Type": "Home" if landlines else "", "Phone 2 - Value": landlines,
            "Address 1 - Type": "Home", "Address 1 - Country": COUNTRY_NAMES[p.country],
        }  # fmt: skip

    write_csv(path, GOOGLE_LEGACY_HEADER,
              (fill(GOOGLE_LEGACY_HEADER, record(r)) if r else None for r in rows),
              encoding="utf-16")  # fmt: skip


OUTLOOK_DE_HEADER = [
    "Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung",
    "Position", "Straße geschäftlich", "Straße geschäftlich 2", "Straße geschäftlich 3",
    "Ort geschäftlich", "Region geschäftlich", "Postleitzahl geschäftlich",
    "Land/Region geschäftlich", "Straße privat", "Straße privat 2", "Straße privat 3",
    "Ort privat", "Bundesland/Kanton privat", "Postleitzahl privat", "Land/Region privat",
    "Weitere Straße", "Weitere Straße 2", "Weitere Straße 3", "Weiterer Ort",
    "Weiteres/r Bundesland/Kanton", "Weitere Postleitzahl", "Weiteres/e Land/Region",
    "Telefon Assistent", "Fax geschäftlich", "Telefon geschäftlich", "Telefon geschäftlich 2",
    "Rückmeldung", "Autotelefon", "Telefon Firma", "Fax privat", "Telefon privat",
    "Telefon privat 2", "ISDN", "Mobiltelefon", "Weiteres Fax", "Weiteres Telefon", "Pager",
    "Haupttelefon", "Mobiltelefon 2", "Telefon für Hörbehinderte", "Telex",
    "Abrechnungsinformation", "Benutzer 1", "Benutzer 2", "Benutzer 3", "Benutzer 4",
    "Beruf", "Büro", "E-Mail-Adresse", "E-Mail-Typ", "E-Mail: Angezeigter Name",
    "E-Mail 2: Adresse", "E-Mail 2: Typ", "E-Mail 2: Angezeigter Name", "E-Mail 3: Adresse",
    "E-Mail 3: Typ", "E-Mail 3: Angezeigter Name", "Empfohlen von", "Geburtstag",
    "Geschlecht", "Hobby", "Initialen", "Internet-Frei/Gebucht", "Jahrestag", "Kategorien",
    "Kinder", "Konto", "Name Assistent", "Name des/der Vorgesetzten", "Notizen",
    "Organisationsnr.", "Ort", "Partner", "Postfach geschäftlich", "Postfach privat",
    "Priorität", "Privat", "Regierungsnr.", "Reisekilometer", "Sprache", "Stichwörter",
    "Vertraulichkeit", "Verzeichnisserver", "Webseite", "Weiteres Postfach",
]  # fmt: skip


def outlook_contacts_de(rng: random.Random, rows: Rows, path: Path) -> None:
    """A German Outlook export: cp1252, ";", every field quoted, "0.0.00" for no date."""

    def record(row: Row) -> dict[str, str]:
        p = row.person
        day = p.birthday
        sex = {"f": "Weiblich", "m": "Männlich"}[p.gender]
        return {
            "Anrede": {"f": "Frau", "m": "Herr"}[p.gender], "Vorname": row.first,
            "Nachname": row.last, "Land/Region privat": COUNTRY_NAMES[p.country],
            "Mobiltelefon": row.mobile, "Telefon privat": row.home,
            "Telefon geschäftlich": row.work, "Jahrestag": "0.0.00",
            "Geburtstag": f"{day.day}.{day.month}.{day.year}" if day else "0.0.00",
            "Geschlecht": rng.choice([sex, "Keine Angabe"]),
            "E-Mail-Adresse": p.email, "E-Mail-Typ": "SMTP",
            "E-Mail: Angezeigter Name": f"{row.full} ({p.email})" if row.full else p.email,
            "Kategorien": ";".join(p.groups), "Priorität": "Normal", "Privat": "Aus",
            "Vertraulichkeit": "Normal",
            "Initialen": f"{row.first[:1]}.{row.last[:1]}." if row.full else "",
        }  # fmt: skip

    write_csv(path, OUTLOOK_DE_HEADER,
              (fill(OUTLOOK_DE_HEADER, record(r)) if r else None for r in rows),
              encoding="cp1252", delimiter=";", quote_all=True)  # fmt: skip


HUBSPOT_HEADER = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
    "Contact owner", "Associated Company", "Lead Status", "Lifecycle Stage", "Create Date",
    "Country/Region", "Date of birth", "Gender",
]  # fmt: skip


def hubspot_contacts(rng: random.Random, rows: Rows, path: Path) -> None:
    """HubSpot's contacts export; a US team's data, so foreign numbers dialled with 011."""

    def record(row: Row) -> dict[str, str]:
        p = row.person
        created = dt.datetime(2023, 1, 1, 9) + dt.timedelta(hours=37 * p.number)
        return {
            "Record ID": str(51000000000 + 7919 * p.number), "First Name": row.first,
            "Last Name": row.last, "Email": p.email, "Phone Number": row.work or row.home,
            "Mobile Phone Number": row.mobile, "Contact owner": "Dana Scully",
            "Lead Status": rng.choice(["New", "Open", "In progress", "Connected"]),
            "Lifecycle Stage": rng.choice(["Lead", "Customer", "Subscriber"]),
            "Create Date": created.strftime("%Y-%m-%d %H:%M"),
            "Country/Region": COUNTRY_NAMES[p.country], "Date of birth": _iso(p.birthday),
            "Gender": {"f": "Female", "m": "Male"}[p.gender] if p.number % 4 else "",
        }  # fmt: skip

    write_csv(path, HUBSPOT_HEADER,
              (fill(HUBSPOT_HEADER, record(r)) if r else None for r in rows))  # fmt: skip


SALESFORCE_HEADER = [
    "Contact Owner", "Contact ID", "Salutation", "First Name", "Last Name", "Title",
    "Account Name", "Mailing Street", "Mailing City", "Mailing State/Province",
    "Mailing Zip/Postal Code", "Mailing Country", "Phone", "Mobile", "Home Phone", "Fax",
    "Email", "Birthdate", "Lead Source",
]  # fmt: skip

SALESFORCE_FOOTER = [
    None,
    ["Contacts & Accounts"],
    ["Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."],
    ["Confidential Information - Do Not Distribute"],
    ["Generated By:  Dana Scully  3/14/2024 9:41 AM"],
    ["Example Trading Ltd."],
]


def salesforce_contacts(rng: random.Random, rows: Rows, path: Path) -> None:
    """A Salesforce report export, US dates, and the footer such exports end with."""

    def record(row: Row) -> dict[str, str]:
        p = row.person
        day = p.birthday
        return {
            "Contact Owner": "Dana Scully",
            "Contact ID": f"0035g00000{p.number:03d}XyZAAU",
            "Salutation": rng.choice({"f": ["Ms.", "Mrs."], "m": ["Mr."]}[p.gender] + ["Dr."]),
            "First Name": row.first, "Last Name": row.last,
            "Mailing Country": COUNTRY_NAMES[p.country], "Phone": row.work, "Mobile": row.mobile,
            "Home Phone": row.home, "Email": p.email,
            "Birthdate": f"{day.month}/{day.day}/{day.year}" if day else "",
            "Lead Source": rng.choice(["Web", "Trade Show", "Partner Referral"]),
        }  # fmt: skip

    body: list[list[str] | None] = [fill(SALESFORCE_HEADER, record(r)) if r else None for r in rows]
    write_csv(path, SALESFORCE_HEADER, [*body, *SALESFORCE_FOOTER], quote_all=True)


MAILCHIMP_HEADER = [
    "Email Address", "First Name", "Last Name", "Address", "Phone Number", "Birthday",
    "MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE",
    "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC", "REGION", "LAST_CHANGED", "LEID",
    "EUID", "NOTES", "TAGS",
]  # fmt: skip


def mailchimp_audience(rng: random.Random, rows: Rows, path: Path) -> None:
    """A Mailchimp audience export: birthdays as MM/DD, tags as quoted names."""

    def record(row: Row) -> dict[str, str]:
        p = row.person
        when = dt.datetime(2022, 6, 1, 8) + dt.timedelta(hours=53 * p.number)
        return {
            "Email Address": p.email, "First Name": row.first, "Last Name": row.last,
            "Address": f"{p.number} Main St.  Springfield    {p.number:05d}  {p.country}",
            "Phone Number": row.mobile,
            "Birthday": p.birthday.strftime("%m/%d") if p.birthday else "",
            "MEMBER_RATING": str(rng.randint(1, 5)),
            "OPTIN_TIME": when.strftime("%Y-%m-%d %H:%M:%S"),
            "CONFIRM_TIME": (when + dt.timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M:%S"),
            "CONFIRM_IP": f"192.0.2.{p.number}", "CC": p.country, "GMTOFF": "1", "DSTOFF": "2",
            "LAST_CHANGED": (when + dt.timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S"),
            "LEID": str(100000 + p.number), "EUID": f"{p.number * 2654435761 % 16**10:010x}",
            "TAGS": ",".join(f'"{g}"' for g in p.groups),
        }  # fmt: skip

    write_csv(path, MAILCHIMP_HEADER,
              (fill(MAILCHIMP_HEADER, record(r)) if r else None for r in rows))  # fmt: skip


ZOHO_HEADER = [
    "Record Id", "Contact Owner.id", "Contact Owner", "Lead Source", "First Name", "Last Name",
    "Account Name.id", "Account Name", "Email", "Title", "Department", "Phone", "Home Phone",
    "Other Phone", "Fax", "Mobile", "Date of Birth", "Assistant", "Asst Phone",
    "Email Opt Out", "Salutation", "Secondary Email", "Created Time", "Modified Time",
    "Full Name", "Mailing Street", "Mailing City", "Mailing State", "Mailing Zip",
    "Mailing Country", "Description", "Tag",
]  # fmt: skip


def zoho_contacts(rng: random.Random, rows: Rows, path: Path) -> None:
    """A Zoho CRM contacts export: "zcrm_" ids, comma-separated tags."""

    def record(row: Row) -> dict[str, str]:
        p = row.person
        return {
            "Record Id": f"zcrm_4876876000000{200 + p.number}",
            "Contact Owner.id": "zcrm_4876876000000062", "Contact Owner": "Dana Scully",
            "First Name": row.first, "Last Name": row.last, "Full Name": row.full,
            "Email": p.email, "Phone": row.work, "Home Phone": row.home, "Mobile": row.mobile,
            "Date of Birth": _iso(p.birthday),
            "Salutation": {"f": "Mrs.", "m": "Mr."}[p.gender] if p.number % 3 else "",
            "Email Opt Out": rng.choice(["false", "false", "true"]),
            "Created Time": f"2023-{1 + p.number % 12:02d}-15 10:00:00",
            "Mailing Country": COUNTRY_NAMES[p.country], "Tag": ",".join(p.groups),
        }  # fmt: skip

    write_csv(path, ZOHO_HEADER, (fill(ZOHO_HEADER, record(r)) if r else None for r in rows))


PIPEDRIVE_HEADER = [
    "Person - ID", "Person - Name", "Person - First name", "Person - Last name",
    "Person - Organization", "Person - Labels", "Person - Email - Work",
    "Person - Email - Home", "Person - Phone - Work", "Person - Phone - Home",
    "Person - Phone - Mobile", "Person - Phone - Other", "Person - Birthday",
    "Person - Owner", "Person - Postal address - Country",
]  # fmt: skip


def pipedrive_persons(rng: random.Random, rows: Rows, path: Path) -> None:
    """A Pipedrive people export: several numbers of one kind share a cell, ", "-joined."""

    def record(row: Row) -> dict[str, str]:
        p = row.person
        mobile = row.mobile
        if p.number % 5 == 0 and row.home:
            mobile = f"{row.mobile}, {written(rng, p.country, p.mobile, row.mobile)}"
        return {
            "Person - ID": str(p.number), "Person - Name": row.full,
            "Person - First name": row.first, "Person - Last name": row.last,
            "Person - Labels": ", ".join(p.groups), "Person - Email - Home": p.email,
            "Person - Phone - Work": row.work, "Person - Phone - Home": row.home,
            "Person - Phone - Mobile": mobile, "Person - Birthday": _iso(p.birthday),
            "Person - Owner": "Dana Scully",
            "Person - Postal address - Country": COUNTRY_NAMES[p.country],
        }  # fmt: skip

    write_csv(path, PIPEDRIVE_HEADER,
              (fill(PIPEDRIVE_HEADER, record(r)) if r else None for r in rows))  # fmt: skip


CONTACTOS_HEADER = ["Nombre", "Apellidos", "Móvil", "Teléfono fijo", "Correo electrónico",
                    "Sexo", "Fecha de nacimiento", "Grupo", "País"]  # fmt: skip


def contactos(rng: random.Random, rows: Rows, path: Path) -> None:
    """A Spanish spreadsheet saved as "CSV UTF-8" by Excel: BOM, ";" and d/m/yyyy dates."""

    def record(row: Row) -> list[str]:
        p = row.person
        day = p.birthday
        return [row.first, row.last, row.mobile, row.home, p.email,
                {"f": "Mujer", "m": "Hombre"}[p.gender],
                f"{day.day:02d}/{day.month:02d}/{day.year}" if day else "",
                ", ".join(p.groups), COUNTRY_NAMES[p.country]]  # fmt: skip

    write_csv(path, CONTACTOS_HEADER, (record(r) if r else None for r in rows),
              encoding="utf-8-sig", delimiter=";")  # fmt: skip


RUBRICA_HEADER = ["Nome", "Cognome", "", "Email", "Data di nascita", "Gruppi"]


def rubrica(rng: random.Random, rows: Rows, path: Path) -> None:
    """Excel's "Unicode text": UTF-16, tabs, and the phone column nobody named."""

    def record(row: Row) -> list[str]:
        p = row.person
        birthday = p.birthday.strftime("%d/%m/%Y") if p.birthday else ""
        return [row.first, row.last, row.mobile, p.email, birthday, "; ".join(p.groups)]

    write_csv(path, RUBRICA_HEADER, (record(r) if r else None for r in rows),
              encoding="utf-16", delimiter="\t")  # fmt: skip


WORKBOOK_HEADER = ["Vorname", "Nom", "Handy", "Téléphone", "E-Mail", "Geburtsdatum",
                   "Groupe", "Pays", "Notiz"]  # fmt: skip
WORKBOOK_TIME = dt.datetime(2024, 3, 14, 9, 30)


def contacts_xlsx(rng: random.Random, rows: Rows, path: Path) -> None:
    """A workbook kept by hand: a title row, numbers typed as numbers, real dates."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Contacts"
    sheet["A1"] = "Kundenliste / Liste des clients – Stand März 2024"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(WORKBOOK_HEADER)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for n, row in enumerate(rows):
        sheet.append(_workbook_row(row, n) if row else [])
    for cell in sheet["F"][3:]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "DD.MM.YYYY"
    info = book.create_sheet("Info")
    info["A1"] = "Exportiert aus der alten Kundendatenbank. Fragen an Jana (Durchwahl 12)."
    book.properties.creator = "boolky-sync sample data"
    book.properties.created = WORKBOOK_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_frozen_zip(buffer.getvalue()))


def _workbook_row(row: Row, n: int) -> list[object]:
    """Phones as people type them into Excel: text, whole numbers, one mangled by Excel."""
    p = row.person
    cc = PLANS[p.country][0]
    mobile: object = row.mobile
    if n % 4 == 1 and row.mobile:
        mobile = int(cc + p.mobile)  # typed without "+", stored as a number
    elif n % 4 == 2 and row.mobile:
        mobile = int(p.mobile)  # typed with the trunk 0, which Excel dropped
    if n == 5:
        mobile = "4.47911E+11"  # a CSV round trip through Excel, saved as text
    note = "Rückruf erbeten" if n % 6 == 0 else ""
    return [row.first, row.last, mobile, row.home or row.work, p.email,
            p.birthday, ", ".join(p.groups), COUNTRY_NAMES[p.country], note]  # fmt: skip


def _frozen_zip(data: bytes) -> bytes:
    """The workbook with fixed timestamps, so the same content gives the same bytes."""
    stamp = WORKBOOK_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp.encode(), content)
            target.writestr(zipfile.ZipInfo(item.filename, WORKBOOK_TIME.timetuple()[:6]), content,
                            compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return out.getvalue()


def phone_book(rng: random.Random, rows: Rows, path: Path) -> None:
    """An address book exported from phones and mail programs: mostly 3.0, one 2.1, one 4.0."""
    cards = []
    for n, row in enumerate(r for r in rows if r):
        if n == 3:
            cards.append(_card_21(row))
        elif n == 6:
            cards.append(_card_40(row))
        else:
            cards.append(_card_30(row, apple=n % 3 == 0))
    text = "".join(cards)
    path.write_bytes(text.encode("utf-8"))


def _fold(line: str) -> str:
    """RFC 6350 folding: lines longer than 75 octets continue on lines starting with a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    start = 0
    while start < len(raw):
        end = min(start + (75 if not parts else 74), len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(raw[start:end].decode("utf-8"))
        start = end
    return "\r\n ".join(parts) + "\r\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _card_30(row: Row, *, apple: bool) -> str:
    p = row.person
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{_escape(row.last)};{_escape(row.first)};;;",
             f"FN:{_escape(row.full)}"]  # fmt: skip
    if apple:
        lines += [f"TEL;type=CELL;type=VOICE;type=pref:{row.mobile}"] if row.mobile else []
        if row.home:
            lines += [f"item1.TEL:{row.home}", "item1.X-ABLabel:_$!<Home>!$_"]
        if row.work:
            lines += [f"item2.TEL:{row.work}", "item2.X-ABLabel:Büro"]
    else:
        lines += [f"TEL;TYPE=CELL,VOICE:{row.mobile}"] if row.mobile else []
        lines += [f"TEL;TYPE=HOME,VOICE:{row.home}"] if row.home else []
        lines += [f"TEL;TYPE=WORK,VOICE:{row.work}"] if row.work else []
    lines += [f"EMAIL;TYPE=INTERNET:{p.email}"]
    lines += [f"BDAY:{p.birthday.isoformat()}"] if p.birthday else []
    lines += [f"CATEGORIES:{','.join(_escape(g) for g in p.groups)}"] if p.groups else []
    lines += [f"ADR;TYPE=HOME:;;;;;;{COUNTRY_NAMES[p.country]}"]
    if p.number % 4 == 0:
        lines += [f"NOTE:Kennengelernt auf der Messe in Köln; möchte über Angebote für {row.full}"
                  " per SMS informiert werden."]  # fmt: skip
    lines += ["END:VCARD"]
    return "".join(_fold(line) for line in lines)


def _card_21(row: Row) -> str:
    """vCard 2.1 as old phones write it: quoted-printable UTF-8 names, bare type words."""
    lines = ["BEGIN:VCARD", "VERSION:2.1",
             f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(row.last)};{_qp(row.first)};;;",
             f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(row.full)}",
             f"TEL;CELL:{row.mobile}"]  # fmt: skip
    lines += [f"TEL;HOME:{row.home}"] if row.home else []
    lines += ["END:VCARD"]
    return "".join(f"{line}\r\n" for line in lines)


def _qp(text: str) -> str:
    return "".join(
        c if (c.isascii() and c.isalnum()) or c == " " else "".join(f"={b:02X}" for b in c.encode())
        for c in text
    )


def _card_40(row: Row) -> str:
    """vCard 4.0: tel: URIs, quoted type lists, GENDER."""
    p = row.person
    uri = "tel:" + re.sub(r"[^\d+]", "", row.mobile)
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_escape(row.full)}",
             f"N:{_escape(row.last)};{_escape(row.first)};;;",
             f'TEL;VALUE=uri;TYPE="cell,voice";PREF=1:{uri}',
             f"GENDER:{p.gender.upper()}", f"EMAIL:{p.email}", "END:VCARD"]  # fmt: skip
    return "".join(_fold(line) for line in lines)


def contacts_json(rng: random.Random, rows: Rows, path: Path) -> None:
    """An API's contact list: camelCase keys, tags as lists, a number as a JSON number."""
    records = []
    for n, row in enumerate(r for r in rows if r):
        p = row.person
        record: dict[str, object] = {
            "id": f"c-{p.number:04d}", "fullName": row.full or None, "mobilePhone": row.mobile,
            "phone": row.home or None, "email": p.email,
            "gender": {"f": "female", "m": "male"}[p.gender],
            "birthday": _iso(p.birthday) or None, "tags": list(p.groups),
            "country": p.country,
        }  # fmt: skip
        if n == 4:
            record["mobilePhone"] = int(PLANS[p.country][0] + p.mobile)
        if n % 5 == 3:
            del record["phone"]
        records.append(record)
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def contacts_ndjson(rng: random.Random, rows: Rows, path: Path) -> None:
    """One Brazilian-Portuguese object per line, as export tools stream them."""
    lines = []
    for row in rows:
        if row is None:
            lines.append("")
            continue
        p = row.person
        lines.append(json.dumps({
            "nome": row.first, "sobrenome": row.last, "celular": row.mobile,
            "telefone": row.home, "e-mail": p.email,
            "sexo": {"f": "feminino", "m": "masculino"}[p.gender],
            "data de nascimento": p.birthday.strftime("%d/%m/%Y") if p.birthday else "",
            "grupos": ", ".join(p.groups), "país": p.country,
        }, ensure_ascii=False))  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


Writer = Callable[[random.Random, Rows, Path], None]

FILES: dict[str, tuple[Writer, int, bool]] = {
    # file name: (writer, people in it, written by a US team)
    "google_contacts.csv": (google_contacts, 30, False),
    "google_contacts_legacy.csv": (google_contacts_legacy, 25, False),
    "outlook_contacts_de.csv": (outlook_contacts_de, 30, False),
    "hubspot_contacts.csv": (hubspot_contacts, 30, True),
    "salesforce_contacts.csv": (salesforce_contacts, 25, True),
    "mailchimp_audience.csv": (mailchimp_audience, 30, False),
    "zoho_contacts.csv": (zoho_contacts, 25, False),
    "pipedrive_persons.csv": (pipedrive_persons, 25, False),
    "contactos.csv": (contactos, 25, False),
    "rubrica.txt": (rubrica, 25, False),
    "contacts.xlsx": (contacts_xlsx, 30, False),
    "phone_book.vcf": (phone_book, 20, False),
    "contacts.json": (contacts_json, 20, False),
    "contacts.ndjson": (contacts_ndjson, 20, False),
}


def write_samples(folder: Path) -> list[Path]:
    """Write every sample file into ``folder``; the same bytes on every run."""
    folder.mkdir(parents=True, exist_ok=True)
    people = make_people(random.Random(SEED), 80)  # noqa: S311 (seeded: samples must repeat)
    written_files = []
    for name, (writer, count, us_company) in FILES.items():
        rng = random.Random(f"{SEED}:{name}")  # noqa: S311 (seeded: samples must repeat)
        chosen = sorted(rng.sample(people, count), key=lambda p: p.number)
        path = folder / name
        writer(rng, make_rows(rng, chosen, us_company), path)
        written_files.append(path)
    return written_files


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    for path in write_samples(folder):
        print(path)


if __name__ == "__main__":
    main(sys.argv)
