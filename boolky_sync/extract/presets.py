"""CRM and address-book exports, recognised by their header row alone.

A program that exports contacts writes the same header every time, so a few of
its headers name the program, and the program's layout says what each column
holds (Outlook's "Mobile Phone" is a mobile, Google's "Phone 1 - Value" has its
kind in "Phone 1 - Label"). A preset is that knowledge as data. Headers are
compared like ``synonyms.header_key`` does (no case, accents, spacing or
punctuation), so Salesforce's report labels ("Mobile Phone") and its API names
("MobilePhone") are one spelling. ``{n}`` in a header stands for any number:
"Phone {n} - Value" is "Phone 1 - Value", "Phone 2 - Value", ...

Each preset notes where its layout was taken from. The layouts were checked
against public code that reads or writes these exports, as the vendors' help
pages only show parts of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from boolky_sync.errors import InputError
from boolky_sync.extract.mapping import PhoneColumn
from boolky_sync.extract.synonyms import header_key

_NUMBER = "{n}"


@dataclass(frozen=True)
class PhoneSlot:
    """A phone column of a layout: its header, and its kind or the header that holds it."""

    column: str
    label: str | None = None
    label_column: str | None = None


@dataclass(frozen=True)
class Preset:
    """One export layout: how to recognise it and what its columns mean.

    ``signatures`` are alternative sets of headers; a file carrying every header
    of one set is of this layout, and a bigger set is a more specific match.
    ``fields`` lists, per canonical field, the headers that hold it, best first.
    """

    name: str
    title: str
    signatures: tuple[frozenset[str], ...]
    fields: Mapping[str, tuple[str, ...]]
    phones: tuple[PhoneSlot, ...]
    _signature_keys: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = tuple(frozenset(header_key(h) for h in sig) for sig in self.signatures)
        object.__setattr__(self, "_signature_keys", keys)

    def score(self, columns: list[str]) -> int:
        """How specifically the columns match: the largest signature present, 0 if none."""
        keys = {header_key(c) for c in columns}
        return max((len(sig) for sig in self._signature_keys if sig <= keys), default=0)

    def columns_for(self, name: str, columns: list[str]) -> list[str]:
        """The columns that hold a field in this layout, in the layout's order of preference."""
        found: list[str] = []
        for template in self.fields.get(name, ()):
            found += [c for c in _matching(template, columns) if c not in found]
        return found

    def phone_columns(self, columns: list[str]) -> list[PhoneColumn]:
        """The layout's phone columns present in the file, with their kinds."""
        keyed = {header_key(c): c for c in columns}
        phones: list[PhoneColumn] = []
        for slot in self.phones:
            for column in _matching(slot.column, columns):
                label_column = None
                if slot.label_column:
                    number = _number_in(slot.column, column)
                    label_column = keyed.get(header_key(slot.label_column.replace(_NUMBER, number)))
                phones.append(PhoneColumn(column, slot.label, label_column))
        return phones


@cache
def _template_pattern(template: str) -> re.Pattern[str]:
    parts = (re.escape(header_key(part)) for part in template.split(_NUMBER))
    return re.compile(r"(\d+)".join(parts))


def _matching(template: str, columns: list[str]) -> list[str]:
    """The columns a header template names, numbered ones in number order."""
    pattern = _template_pattern(template)
    hits = [(m, c) for c in columns if (m := pattern.fullmatch(header_key(c)))]
    return [c for m, c in sorted(hits, key=lambda hit: [int(g) for g in hit[0].groups()])]


def _number_in(template: str, column: str) -> str:
    match = _template_pattern(template).fullmatch(header_key(column))
    return match.group(1) if match and match.groups() else ""


def _slots(label: str | None, *columns: str) -> tuple[PhoneSlot, ...]:
    return tuple(PhoneSlot(c, label) for c in columns)


# Google Contacts "Google CSV", layout since 2022 (the fixed columns up to "Labels",
# then numbered groups). From code that reads and writes these files, e.g. the
# header asserted in a test of a contacts exporter and the parsers found on GitHub
# ("First Name,Middle Name,Last Name,Phonetic First Name,...,Photo,Labels,
# E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - ...").
GOOGLE = Preset(
    name="google",
    title="Google Contacts CSV",
    signatures=(
        frozenset({"Phonetic First Name", "File As", "Labels"}),
        frozenset({"Labels", "Phone 1 - Label", "Phone 1 - Value"}),
    ),
    fields={
        "first_name": ("First Name",),
        "middle_name": ("Middle Name",),
        "last_name": ("Last Name",),
        "email": ("E-mail {n} - Value",),
        "birthday": ("Birthday",),
        "groups": ("Labels",),
        "country": ("Address {n} - Country",),
        "gender": ("Name Prefix",),
    },
    phones=(PhoneSlot("Phone {n} - Value", label_column="Phone {n} - Label"),),
)

# Google Contacts "Google CSV" before 2022 (UTF-16, "Group Membership",
# "... - Type" instead of "... - Label"). From the header many import scripts write
# ("Name,Given Name,Additional Name,Family Name,Yomi Name,...,Group Membership,
# E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,...").
GOOGLE_LEGACY = Preset(
    name="google_legacy",
    title="Google Contacts CSV (before 2022)",
    signatures=(
        frozenset({"Given Name", "Family Name", "Group Membership"}),
        frozenset({"Group Membership", "Phone 1 - Type", "Phone 1 - Value"}),
    ),
    fields={
        "name": ("Name",),
        "first_name": ("Given Name",),
        "middle_name": ("Additional Name",),
        "last_name": ("Family Name",),
        "email": ("E-mail {n} - Value",),
        "gender": ("Gender", "Name Prefix"),
        "birthday": ("Birthday",),
        "groups": ("Group Membership",),
        "country": ("Address {n} - Country",),
    },
    phones=(PhoneSlot("Phone {n} - Value", label_column="Phone {n} - Type"),),
)

# Outlook "Comma Separated Values" export, English (Outlook 2003 to 365, also what
# Google writes as "Outlook CSV" and Outlook.com exports). Full header list as
# documented in Thunderbird's and Open-Xchange's Outlook importers and many
# exporters: "Title","First Name","Middle Name","Last Name","Suffix","Company",...,
# "Business Phone","Home Phone","Mobile Phone",...,"Birthday","Categories",
# "E-mail Address",...,"Gender",...,"Web Page".
OUTLOOK = Preset(
    name="outlook",
    title="Outlook CSV",
    signatures=(frozenset({"E-mail Address", "Mobile Phone", "Home Phone", "Business Phone"}),),
    fields={
        "first_name": ("First Name",),
        "middle_name": ("Middle Name",),
        "last_name": ("Last Name",),
        "email": ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"),
        "gender": ("Gender", "Title"),
        "birthday": ("Birthday",),
        "groups": ("Categories",),
        "country": (
            "Home Country/Region",
            "Home Country",
            "Business Country/Region",
            "Business Country",
            "Other Country/Region",
            "Other Country",
        ),
    },
    phones=(
        *_slots("mobile", "Mobile Phone"),
        *_slots("main", "Primary Phone"),
        *_slots("home", "Home Phone", "Home Phone 2"),
        *_slots("work", "Business Phone", "Business Phone 2", "Company Main Phone"),
        *_slots("other", "Other Phone"),
        *_slots("car", "Car Phone"),
        *_slots("radio", "Radio Phone"),
        *_slots("assistant", "Assistant's Phone"),
        *_slots("callback", "Callback"),
        *_slots("pager", "Pager"),
        *_slots("isdn", "ISDN"),
        *_slots("tty", "TTY/TDD Phone"),
        *_slots("fax", "Business Fax", "Home Fax", "Other Fax"),
    ),
)

# Outlook CSV from a German Outlook (cp1252, ";" as German Windows sets the list
# separator). Header as in Open-Xchange's Outlook import tests (bug 9367) and the
# German mapping tables of KAddressbook/lookout: "Anrede","Vorname","Weitere
# Vornamen","Nachname",...,"Telefon geschäftlich","Telefon privat","Mobiltelefon",
# ...,"E-Mail-Adresse",...,"Geburtstag","Geschlecht",...,"Kategorien",...
# Newer versions write "Telefon (privat)"; it has the same key as "Telefon privat".
OUTLOOK_DE = Preset(
    name="outlook_de",
    title="Outlook CSV (German)",
    signatures=(
        frozenset({"E-Mail-Adresse", "Mobiltelefon", "Telefon privat", "Telefon geschäftlich"}),
    ),
    fields={
        "first_name": ("Vorname",),
        "middle_name": ("Weitere Vornamen",),
        "last_name": ("Nachname",),
        "email": ("E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse"),
        "gender": ("Geschlecht", "Anrede"),
        "birthday": ("Geburtstag",),
        "groups": ("Kategorien",),
        "country": (
            "Land/Region privat",
            "Land privat",
            "Land/Region geschäftlich",
            "Land geschäftlich",
            "Weiteres/e Land/Region",
        ),
    },
    phones=(
        *_slots("mobile", "Mobiltelefon", "Mobiltelefon 2"),
        *_slots("main", "Haupttelefon"),
        *_slots("home", "Telefon privat", "Telefon privat 2"),
        *_slots("work", "Telefon geschäftlich", "Telefon geschäftlich 2", "Telefon Firma"),
        *_slots("other", "Weiteres Telefon"),
        *_slots("car", "Autotelefon"),
        *_slots("assistant", "Telefon Assistent"),
        *_slots("callback", "Rückmeldung"),
        *_slots("pager", "Pager"),
        *_slots("isdn", "ISDN"),
        *_slots("tty", "Telefon für Hörbehinderte"),
        *_slots("fax", "Fax geschäftlich", "Fax privat", "Weiteres Fax"),
    ),
)

# Outlook CSV from a French Outlook. Header as in Open-Xchange's Outlook import
# tests (bug 9367, French data): "Titre","Prénom","Deuxième prénom","Nom",...,
# "Téléphone (bureau)","Téléphone (domicile)","Tél. mobile",...,"Adresse de
# messagerie",...,"Anniversaire",...,"Catégories",...,"Sexe",...
OUTLOOK_FR = Preset(
    name="outlook_fr",
    title="Outlook CSV (French)",
    signatures=(frozenset({"Adresse de messagerie", "Tél. mobile", "Téléphone (domicile)"}),),
    fields={
        "first_name": ("Prénom",),
        "middle_name": ("Deuxième prénom",),
        "last_name": ("Nom",),
        "email": ("Adresse de messagerie", "Adresse de messagerie 2", "Adresse de messagerie 3"),
        "gender": ("Sexe", "Titre"),
        "birthday": ("Anniversaire",),
        "groups": ("Catégories",),
        "country": ("Pays/Région (domicile)", "Pays/Région (bureau)", "Pays/Région (autre)"),
    },
    phones=(
        *_slots("mobile", "Tél. mobile"),
        *_slots("main", "Téléphone principal"),
        *_slots("home", "Téléphone (domicile)", "Téléphone 2 (domicile)"),
        *_slots("work", "Téléphone (bureau)", "Téléphone 2 (bureau)", "Téléphone société"),
        *_slots("other", "Téléphone (autre)"),
        *_slots("car", "Téléphone (voiture)"),
        *_slots("radio", "Radio téléphone"),
        *_slots("assistant", "Téléphone de l'assistant(e)"),
        *_slots("callback", "Rappel"),
        *_slots("pager", "Récepteur de radiomessagerie"),
        *_slots("isdn", "RNIS"),
        *_slots("tty", "Téléphone TDD/TTY"),
        *_slots("fax", "Télécopie (bureau)", "Télécopie (domicile)", "Télécopie (autre)"),
    ),
)

# HubSpot CRM contacts export ("Export view" or "all properties"): default view
# "Record ID","First Name","Last Name","Email","Phone Number","Contact owner",
# "Primary Associated Company ID","Last Activity Date","Lead Status","Marketing
# contact status","Create Date","Associated Company"; with all properties also
# "Mobile Phone Number","Country/Region","Date of birth","Gender","Salutation",
# "WhatsApp Phone Number","Fax Number",... (from a full export header on GitHub and
# HubSpot's default contact properties page).
HUBSPOT = Preset(
    name="hubspot",
    title="HubSpot contacts export",
    signatures=(
        frozenset({"Record ID", "Create Date"}),
        frozenset({"Record ID", "Mobile Phone Number"}),
    ),
    fields={
        "id": ("Record ID",),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "email": ("Email", "Work email", "Private e-mail address"),
        "gender": ("Gender", "Salutation"),
        "birthday": ("Date of birth",),
        "country": ("Country/Region", "IP Country"),
    },
    phones=(
        *_slots("mobile", "Mobile Phone Number", "WhatsApp Phone Number"),
        *_slots(None, "Phone Number"),
        *_slots("fax", "Fax Number"),
    ),
)

# Salesforce contacts, both exports people bring: a report export with the field
# labels ("Contact ID","Salutation","First Name","Last Name",...,"Mailing
# Zip/Postal Code","Mailing Country","Phone","Mobile","Email","Birthdate", as read
# by e.g. the PAWS data pipeline) and a Data Loader / weekly data export with API
# names ("Id","IsDeleted","MasterRecordId","AccountId","LastName","FirstName",
# "Salutation","Name",...,"MailingCountry","Phone","Fax","MobilePhone","HomePhone",
# "OtherPhone","AssistantPhone",...,"Email",...,"Birthdate", the Contact object's
# SOQL field list). Labels and API names mostly share a key ("MobilePhone" ~
# "Mobile Phone"), so both forms are listed only where they differ.
SALESFORCE = Preset(
    name="salesforce",
    title="Salesforce contacts (report or data export)",
    signatures=(
        frozenset({"Contact ID", "Mailing Zip/Postal Code"}),
        frozenset({"Contact ID", "Mailing State/Province"}),
        frozenset({"Contact ID", "Birthdate"}),
        frozenset({"MasterRecordId", "AccountId"}),
        frozenset({"AccountId", "MobilePhone", "MailingCountry"}),
    ),
    fields={
        "id": ("Contact ID", "Id"),
        "name": ("Full Name", "Name"),
        "first_name": ("First Name",),
        "middle_name": ("Middle Name",),
        "last_name": ("Last Name",),
        "email": ("Email",),
        "gender": ("Salutation",),
        "birthday": ("Birthdate",),
        "country": ("Mailing Country", "Other Country"),
    },
    phones=(
        *_slots("mobile", "Mobile", "Mobile Phone"),
        *_slots(None, "Phone"),
        *_slots("home", "Home Phone"),
        *_slots("other", "Other Phone"),
        *_slots("assistant", "Asst. Phone", "Assistant Phone"),
        *_slots("fax", "Fax"),
    ),
)

# Mailchimp audience export ("Export Audience"): merge fields first ("Email
# Address","First Name","Last Name","Address","Phone Number","Birthday", ...),
# then Mailchimp's own columns "MEMBER_RATING","OPTIN_TIME","OPTIN_IP",
# "CONFIRM_TIME","CONFIRM_IP","LATITUDE","LONGITUDE","GMTOFF","DSTOFF","TIMEZONE",
# "CC","REGION","LAST_CHANGED","LEID","EUID","NOTES","TAGS" (from the export API
# responses and CSVs quoted in several client libraries' tests). "CC" is the
# country Mailchimp located the subscriber in; "Birthday" is "MM/DD", no year.
MAILCHIMP = Preset(
    name="mailchimp",
    title="Mailchimp audience export",
    signatures=(
        frozenset({"Email Address", "MEMBER_RATING", "OPTIN_TIME"}),
        frozenset({"LEID", "EUID", "LAST_CHANGED"}),
    ),
    fields={
        "id": ("EUID",),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "email": ("Email Address",),
        "birthday": ("Birthday",),
        "groups": ("TAGS",),
        "country": ("CC",),
    },
    phones=_slots(None, "Phone Number", "Phone"),
)

# Zoho CRM contacts export (Setup > Data Administration > Export): "Record Id"
# (older exports: "Contact Id"),"Contact Owner.id","Contact Owner","Lead Source",
# "First Name","Last Name","Account Name.id","Account Name","Email","Title",
# "Department","Phone","Home Phone","Other Phone","Fax","Mobile","Date of Birth",
# "Assistant","Asst Phone",...,"Salutation","Secondary Email",...,"Mailing Street",
# "Mailing City","Mailing State","Mailing Zip","Mailing Country",...,"Tag" (from
# migration scripts that read Zoho's Contacts_001.csv). ".id" columns are Zoho's.
ZOHO = Preset(
    name="zoho",
    title="Zoho CRM contacts export",
    signatures=(
        frozenset({"Contact Owner.id"}),
        frozenset({"Record Id", "Mailing Zip", "Date of Birth"}),
        frozenset({"Contact Id", "Mailing Zip", "Date of Birth"}),
    ),
    fields={
        "id": ("Record Id", "Contact Id"),
        "name": ("Full Name", "Contact Name"),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "email": ("Email", "Secondary Email"),
        "gender": ("Salutation",),
        "birthday": ("Date of Birth",),
        "groups": ("Tag",),
        "country": ("Mailing Country", "Other Country"),
    },
    phones=(
        *_slots("mobile", "Mobile"),
        *_slots(None, "Phone"),
        *_slots("home", "Home Phone"),
        *_slots("other", "Other Phone"),
        *_slots("assistant", "Asst Phone"),
        *_slots("fax", "Fax"),
    ),
)

# Pipedrive people export (Contacts > People > Export): every column prefixed with
# the entity, "Person - ID","Person - Name","Person - First name","Person - Last
# name","Person - Organization","Person - Labels" (older: "Person - Label"),
# "Person - Email - Work"/"- Home"/"- Other","Person - Phone - Work"/"- Home"/
# "- Mobile"/"- Other","Person - Birthday","Person - Postal address - Country",...
# (from importers and list cleaners that read Pipedrive exports on GitHub).
PIPEDRIVE = Preset(
    name="pipedrive",
    title="Pipedrive people export",
    signatures=(
        frozenset({"Person - Name", "Person - Phone - Mobile"}),
        frozenset({"Person - Name", "Person - Phone - Work"}),
        frozenset({"Person - ID", "Person - Name"}),
    ),
    fields={
        "id": ("Person - ID",),
        "name": ("Person - Name",),
        "first_name": ("Person - First name",),
        "last_name": ("Person - Last name",),
        "email": (
            "Person - Email - Work",
            "Person - Email - Home",
            "Person - Email - Other",
            "Person - Email",
        ),
        "birthday": ("Person - Birthday",),
        "groups": ("Person - Labels", "Person - Label"),
        "country": ("Person - Postal address - Country",),
    },
    phones=(
        *_slots("mobile", "Person - Phone - Mobile"),
        *_slots(None, "Person - Phone"),
        *_slots("work", "Person - Phone - Work"),
        *_slots("home", "Person - Phone - Home"),
        *_slots("other", "Person - Phone - Other"),
    ),
)

# The table boolky-sync's own vCard reader makes of a .vcf (vcard_reader.py):
# "FN","N:family","N:given","N:additional","N:prefix","N:suffix","ORG",
# "TEL 1","TEL 1 type",...,"EMAIL 1",...,"BDAY","GENDER","CATEGORIES",
# "ADR:country","NOTE"; only FN and the first TEL with its type are always there.
VCARD = Preset(
    name="vcard",
    title="vCard (.vcf)",
    signatures=(frozenset({"FN", "TEL 1", "TEL 1 type"}),),
    fields={
        "name": ("FN",),
        "first_name": ("N:given",),
        "middle_name": ("N:additional",),
        "last_name": ("N:family",),
        "email": ("EMAIL {n}",),
        "gender": ("GENDER", "N:prefix"),
        "birthday": ("BDAY",),
        "groups": ("CATEGORIES",),
        "country": ("ADR:country",),
    },
    phones=(PhoneSlot("TEL {n}", label_column="TEL {n} type"),),
)

# A Boolky getContacts backup as boolky-sync's JSON reader lays it out
# (json_reader.py), so a backup made by the tool can be restored.
BOOLKY = Preset(
    name="boolky",
    title="Boolky contacts backup",
    signatures=(frozenset({"id", "name", "phone", "groups", "gender", "mail", "birthday"}),),
    fields={
        "id": ("id",),
        "name": ("name",),
        "email": ("mail",),
        "gender": ("gender",),
        "birthday": ("birthday",),
        "groups": ("groups",),
    },
    phones=_slots(None, "phone"),
)

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        GOOGLE, GOOGLE_LEGACY, OUTLOOK, OUTLOOK_DE, OUTLOOK_FR, HUBSPOT, SALESFORCE,
        MAILCHIMP, ZOHO, PIPEDRIVE, VCARD, BOOLKY,
    )
}  # fmt: skip
"""Every preset by name; on a tie in ``detect_preset``, the earlier one wins."""


def detect_preset(columns: list[str]) -> Preset | None:
    """The preset whose signature matches the columns most specifically, if any."""
    scored = [(p.score(columns), -i, p) for i, p in enumerate(PRESETS.values())]
    best, _, preset = max(scored, key=lambda s: s[:2])
    return preset if best > 0 else None


def preset_named(name: str, file_name: str) -> Preset:
    """The preset a person asked for, or an error that lists the ones there are."""
    preset = PRESETS.get(name.strip().lower())
    if preset is None:
        raise InputError(
            f"{file_name}: there is no preset {name!r}; presets are: {', '.join(PRESETS)}"
        )
    return preset
