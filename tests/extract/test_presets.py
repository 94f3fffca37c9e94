"""Every preset is recognised from its real header row alone, and maps it as documented.

The header lists are the programs' own layouts (see the notes in preset_table.py);
the tables here have those headers and no rows worth reading, so nothing but the
headers can decide.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract.guess import map_columns
from boolky_sync.extract.mapping import PhoneColumn
from boolky_sync.extract.presets import PRESETS, detect_preset
from boolky_sync.extract.table import SourceTable


def header_line(line: str) -> list[str]:
    """The columns of a header line as the program writes it."""
    return next(csv.reader([line]))


GOOGLE = header_line(
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,"
    "Phone 3 - Label,Phone 3 - Value,Address 1 - Label,Address 1 - Formatted,"
    "Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,"
    "Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,"
    "Website 1 - Label,Website 1 - Value,Event 1 - Label,Event 1 - Value,"
    "Custom Field 1 - Label,Custom Field 1 - Value"
)

GOOGLE_LEGACY = header_line(
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
    "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,"
    "Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,"
    "Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,"
    "Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,"
    "Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,"
    "Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,"
    "Address 1 - Country,Address 1 - Extended Address,Website 1 - Type,Website 1 - Value"
)

OUTLOOK = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3",
    "Business City", "Business State", "Business Postal Code", "Business Country/Region",
    "Home Street", "Home Street 2", "Home Street 3", "Home City", "Home State",
    "Home Postal Code", "Home Country/Region", "Other Street", "Other Street 2",
    "Other Street 3", "Other City", "Other State", "Other Postal Code",
    "Other Country/Region", "Assistant's Phone", "Business Fax", "Business Phone",
    "Business Phone 2", "Callback", "Car Phone", "Company Main Phone", "Home Fax",
    "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone", "Other Fax", "Other Phone",
    "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone", "Telex", "Account",
    "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server",
    "E-mail Address", "E-mail Type", "E-mail Display Name", "E-mail 2 Address",
    "E-mail 2 Type", "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type",
    "E-mail 3 Display Name", "Gender", "Government ID Number", "Hobby",
    "Home Address PO Box", "Initials", "Internet Free Busy", "Keywords", "Language",
    "Location", "Manager's Name", "Mileage", "Notes", "Office Location",
    "Organizational ID Number", "Other Address PO Box", "Priority", "Private",
    "Profession", "Referred By", "Sensitivity", "Spouse", "User 1", "User 2", "User 3",
    "User 4", "Web Page",
]  # fmt: skip

OUTLOOK_DE = [
    "Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung",
    "Position", "Straße geschäftlich", "Straße geschäftlich 2", "Straße geschäftlich 3",
    "Ort geschäftlich", "Region geschäftlich", "Postleitzahl geschäftlich",
    "Land/Region geschäftlich", "Straße privat", "Straße privat 2", "Straße privat 3",
    "Ort privat", "Bundesland/Kanton privat", "Postleitzahl privat", "Land/Region privat",
    "Weitere Straße", "Weitere Straße 2", "Weitere Straße 3", "Weiterer Ort",
    "Weiteres/r Bundesland/Kanton", "Weitere Postleitzahl", "Weiteres/e Land/Region",
    "Telefon Assistent", "Fax geschäftlich", "Telefon geschäftlich",
    "Telefon geschäftlich 2", "Rückmeldung", "Autotelefon", "Telefon Firma", "Fax privat",
    "Telefon privat", "Telefon privat 2", "ISDN", "Mobiltelefon", "Weiteres Fax",
    "Weiteres Telefon", "Pager", "Haupttelefon", "Mobiltelefon 2",
    "Telefon für Hörbehinderte", "Telex", "Abrechnungsinformation", "Benutzer 1",
    "Benutzer 2", "Benutzer 3", "Benutzer 4", "Beruf", "Büro", "E-Mail-Adresse",
    "E-Mail-Typ", "E-Mail: Angezeigter Name", "E-Mail 2: Adresse", "E-Mail 2: Typ",
    "E-Mail 2: Angezeigter Name", "E-Mail 3: Adresse", "E-Mail 3: Typ",
    "E-Mail 3: Angezeigter Name", "Empfohlen von", "Geburtstag", "Geschlecht", "Hobby",
    "Initialen", "Internet-Frei/Gebucht", "Jahrestag", "Kategorien", "Kinder", "Konto",
    "Name Assistent", "Name des/der Vorgesetzten", "Notizen", "Organisationsnr.", "Ort",
    "Partner", "Postfach geschäftlich", "Postfach privat", "Priorität", "Privat",
    "Regierungsnr.", "Reisekilometer", "Sprache", "Stichwörter", "Vertraulichkeit",
    "Verzeichnisserver", "Webseite", "Weiteres Postfach",
]  # fmt: skip

# French Outlook has "Titre" twice (salutation, then job title); readers call the second
# "Titre (2)".
OUTLOOK_FR = [
    "Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société", "Service", "Titre (2)",
    "Rue (bureau)", "Rue (bureau) 2", "Rue (bureau) 3", "Ville (bureau)",
    "Dép/Région (bureau)", "Code postal (bureau)", "Pays/Région (bureau)",
    "Rue (domicile)", "Rue (domicile) 2", "Rue (domicile) 3", "Ville (domicile)",
    "Dép/Région (domicile)", "Code postal (domicile)", "Pays/Région (domicile)",
    "Rue (autre)", "Rue (autre) 2", "Rue (autre) 3", "Ville (autre)", "Dép/Région (autre)",
    "Code postal (autre)", "Pays/Région (autre)", "Téléphone de l'assistant(e)",
    "Télécopie (bureau)", "Téléphone (bureau)", "Téléphone 2 (bureau)", "Rappel",
    "Téléphone (voiture)", "Téléphone société", "Télécopie (domicile)",
    "Téléphone (domicile)", "Téléphone 2 (domicile)", "RNIS", "Tél. mobile",
    "Télécopie (autre)", "Téléphone (autre)", "Récepteur de radiomessagerie",
    "Téléphone principal", "Radio téléphone", "Téléphone TDD/TTY", "Télex",
    "Adresse de messagerie", "Type de messagerie", "Nom complet de l'adresse de messagerie",
    "Adresse de messagerie 2", "Type de messagerie 2",
    "Nom complet de l'adresse de messagerie 2", "Anniversaire", "Catégories", "Sexe",
]  # fmt: skip

HUBSPOT_VIEW = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Contact owner",
    "Primary Associated Company ID", "Last Activity Date", "Lead Status",
    "Marketing contact status", "Create Date", "Associated Company",
]  # fmt: skip

HUBSPOT_ALL = [
    "Record ID", "First Name", "Last Name", "City", "Company Name", "Contact owner",
    "Country/Region", "Create Date", "Date of birth", "Email", "Fax Number", "Gender",
    "IP Country", "Job Title", "Lead Status", "Lifecycle Stage", "Mobile Phone Number",
    "Phone Number", "Postal Code", "Salutation", "State/Region", "Street Address",
    "WhatsApp Phone Number", "Work email", "Associated Company",
]  # fmt: skip

SALESFORCE_REPORT = [
    "Contact ID", "First Name", "Last Name", "Mailing Street", "Mailing City",
    "Mailing State/Province", "Mailing Zip/Postal Code", "Mailing Country", "Phone",
    "Mobile", "Email",
]  # fmt: skip

SALESFORCE_API = header_line(
    "Id,IsDeleted,MasterRecordId,AccountId,LastName,FirstName,Salutation,Name,OtherStreet,"
    "OtherCity,OtherState,OtherPostalCode,OtherCountry,MailingStreet,MailingCity,"
    "MailingState,MailingPostalCode,MailingCountry,Phone,Fax,MobilePhone,HomePhone,"
    "OtherPhone,AssistantPhone,ReportsToId,Email,Title,Department,AssistantName,LeadSource,"
    "Birthdate,Description,OwnerId,CreatedDate,CreatedById,LastModifiedDate,"
    "LastModifiedById,SystemModstamp,LastActivityDate,LastCURequestDate,LastCUUpdateDate,"
    "EmailBouncedReason,EmailBouncedDate,Jigsaw,JigsawContactId"
)

MAILCHIMP = header_line(
    "Email Address,First Name,Last Name,Address,Phone Number,Birthday,MEMBER_RATING,"
    "OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,"
    "TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS"
)

ZOHO = [
    "Record Id", "Contact Owner.id", "Contact Owner", "Lead Source", "First Name",
    "Last Name", "Account Name.id", "Account Name", "Email", "Title", "Department", "Phone",
    "Home Phone", "Other Phone", "Fax", "Mobile", "Date of Birth", "Assistant",
    "Asst Phone", "Email Opt Out", "Salutation", "Secondary Email", "Created Time",
    "Modified Time", "Full Name", "Mailing Street", "Mailing City", "Mailing State",
    "Mailing Zip", "Mailing Country", "Description", "Tag",
]  # fmt: skip

PIPEDRIVE = [
    "Person - ID", "Person - Name", "Person - First name", "Person - Last name",
    "Person - Organization", "Person - Labels", "Person - Email - Work",
    "Person - Email - Home", "Person - Email - Other", "Person - Phone - Work",
    "Person - Phone - Home", "Person - Phone - Mobile", "Person - Phone - Other",
    "Person - Birthday", "Person - Owner", "Person - Postal address - Country",
    "Person - Open deals", "Person - Won deals",
]  # fmt: skip

VCARD = [
    "FN", "N:family", "N:given", "N:additional", "N:prefix", "N:suffix", "ORG", "TEL 1",
    "TEL 1 type", "TEL 2", "TEL 2 type", "EMAIL 1", "EMAIL 2", "BDAY", "GENDER",
    "CATEGORIES", "ADR:country", "NOTE",
]  # fmt: skip

BOOLKY = ["id", "name", "phone", "groups", "gender", "mail", "birthday"]
SHOPIFY_HEADER = ["Customer ID", "First Name", "Last Name", "Email", "Default Address Phone",
                  "Phone", "Accepts SMS Marketing", "Tags"]  # fmt: skip


def layout_of(name: str) -> list[str]:
    """The header row of the preset's file in the corpus (tests/extract/data/presets)."""
    path = Path(__file__).parent / "data" / "presets" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as file:
        return next(csv.reader(file))


def table_of(headers: list[str]) -> SourceTable:
    """A table with these headers and one empty row: only the headers can speak."""
    frame = pd.DataFrame([[""] * len(headers)], columns=headers, dtype=object)
    frame["__row"] = 2
    frame["__file"] = "export.csv"
    return SourceTable(frame, "csv", "export.csv")


EXPECTED = [
    (
        "google", GOOGLE,
        {
            "first_name": ["First Name"], "middle_name": ["Middle Name"],
            "last_name": ["Last Name"],
            "phone": ["Phone 1 - Value", "Phone 2 - Value", "Phone 3 - Value"],
            "email": ["E-mail 1 - Value", "E-mail 2 - Value"], "gender": ["Name Prefix"],
            "birthday": ["Birthday"], "groups": ["Labels"],
            "country": ["Address 1 - Country"],
        },
        [
            PhoneColumn("Phone 1 - Value", None, "Phone 1 - Label"),
            PhoneColumn("Phone 2 - Value", None, "Phone 2 - Label"),
            PhoneColumn("Phone 3 - Value", None, "Phone 3 - Label"),
        ],
    ),
    (
        "google_legacy", GOOGLE_LEGACY,
        {
            "name": ["Name"], "first_name": ["Given Name"],
            "middle_name": ["Additional Name"], "last_name": ["Family Name"],
            "phone": ["Phone 1 - Value", "Phone 2 - Value"], "email": ["E-mail 1 - Value"],
            "gender": ["Gender", "Name Prefix"], "birthday": ["Birthday"],
            "groups": ["Group Membership"], "country": ["Address 1 - Country"],
        },
        [
            PhoneColumn("Phone 1 - Value", None, "Phone 1 - Type"),
            PhoneColumn("Phone 2 - Value", None, "Phone 2 - Type"),
        ],
    ),
    (
        "outlook", OUTLOOK,
        {
            "first_name": ["First Name"], "middle_name": ["Middle Name"],
            "last_name": ["Last Name"],
            "phone": [
                "Mobile Phone", "Primary Phone", "Home Phone", "Home Phone 2",
                "Business Phone", "Business Phone 2", "Company Main Phone", "Other Phone",
                "Car Phone", "Radio Phone", "Assistant's Phone", "Callback", "Pager", "ISDN",
                "TTY/TDD Phone", "Business Fax", "Home Fax", "Other Fax",
            ],
            "email": ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"],
            "gender": ["Gender", "Title"], "birthday": ["Birthday"], "groups": ["Categories"],
            "country": [
                "Home Country/Region", "Business Country/Region", "Other Country/Region",
            ],
        },
        None,
    ),
    (
        "outlook_de", OUTLOOK_DE,
        {
            "first_name": ["Vorname"], "middle_name": ["Weitere Vornamen"],
            "last_name": ["Nachname"],
            "phone": [
                "Mobiltelefon", "Mobiltelefon 2", "Haupttelefon", "Telefon privat",
                "Telefon privat 2", "Telefon geschäftlich", "Telefon geschäftlich 2",
                "Telefon Firma", "Weiteres Telefon", "Autotelefon", "Telefon Assistent",
                "Rückmeldung", "Pager", "ISDN", "Telefon für Hörbehinderte",
                "Fax geschäftlich", "Fax privat", "Weiteres Fax",
            ],
            "email": ["E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse"],
            "gender": ["Geschlecht", "Anrede"], "birthday": ["Geburtstag"],
            "groups": ["Kategorien"],
            "country": [
                "Land/Region privat", "Land/Region geschäftlich", "Weiteres/e Land/Region",
            ],
        },
        None,
    ),
    (
        "outlook_fr", OUTLOOK_FR,
        {
            "first_name": ["Prénom"], "middle_name": ["Deuxième prénom"], "last_name": ["Nom"],
            "phone": [
                "Tél. mobile", "Téléphone principal", "Téléphone (domicile)",
                "Téléphone 2 (domicile)", "Téléphone (bureau)", "Téléphone 2 (bureau)",
                "Téléphone société", "Téléphone (autre)", "Téléphone (voiture)",
                "Radio téléphone", "Téléphone de l'assistant(e)", "Rappel",
                "Récepteur de radiomessagerie", "RNIS", "Téléphone TDD/TTY",
                "Télécopie (bureau)", "Télécopie (domicile)", "Télécopie (autre)",
            ],
            "email": ["Adresse de messagerie", "Adresse de messagerie 2"],
            "gender": ["Sexe", "Titre"], "birthday": ["Anniversaire"],
            "groups": ["Catégories"],
            "country": ["Pays/Région (domicile)", "Pays/Région (bureau)", "Pays/Région (autre)"],
        },
        None,
    ),
    (
        "hubspot", HUBSPOT_VIEW,
        {
            "id": ["Record ID"], "first_name": ["First Name"], "last_name": ["Last Name"],
            "phone": ["Phone Number"], "email": ["Email"],
        },
        [PhoneColumn("Phone Number")],
    ),
    (
        "hubspot", HUBSPOT_ALL,
        {
            "id": ["Record ID"], "first_name": ["First Name"], "last_name": ["Last Name"],
            "phone": ["Mobile Phone Number", "WhatsApp Phone Number", "Phone Number", "Fax Number"],
            "email": ["Email", "Work email"], "gender": ["Gender", "Salutation"],
            "birthday": ["Date of birth"], "country": ["Country/Region", "IP Country"],
        },
        [
            PhoneColumn("Mobile Phone Number", "mobile"),
            PhoneColumn("WhatsApp Phone Number", "mobile"),
            PhoneColumn("Phone Number"),
            PhoneColumn("Fax Number", "fax"),
        ],
    ),
    (
        "salesforce", SALESFORCE_REPORT,
        {
            "id": ["Contact ID"], "first_name": ["First Name"], "last_name": ["Last Name"],
            "phone": ["Mobile", "Phone"], "email": ["Email"], "country": ["Mailing Country"],
        },
        [PhoneColumn("Mobile", "mobile"), PhoneColumn("Phone")],
    ),
    (
        "salesforce", SALESFORCE_API,
        {
            "id": ["Id"], "name": ["Name"], "first_name": ["FirstName"],
            "last_name": ["LastName"],
            "phone": ["MobilePhone", "Phone", "HomePhone", "OtherPhone", "AssistantPhone", "Fax"],
            "email": ["Email"], "gender": ["Salutation"], "birthday": ["Birthdate"],
            "country": ["MailingCountry", "OtherCountry"],
        },
        None,
    ),
    (
        "mailchimp", MAILCHIMP,
        {
            "id": ["EUID"], "first_name": ["First Name"], "last_name": ["Last Name"],
            "phone": ["Phone Number"], "email": ["Email Address"], "birthday": ["Birthday"],
            "groups": ["TAGS"], "country": ["CC"],
        },
        [PhoneColumn("Phone Number")],
    ),
    (
        "zoho", ZOHO,
        {
            "id": ["Record Id"], "name": ["Full Name"], "first_name": ["First Name"],
            "last_name": ["Last Name"],
            "phone": ["Mobile", "Phone", "Home Phone", "Other Phone", "Asst Phone", "Fax"],
            "email": ["Email", "Secondary Email"], "gender": ["Salutation"],
            "birthday": ["Date of Birth"], "groups": ["Tag"], "country": ["Mailing Country"],
        },
        None,
    ),
    (
        "pipedrive", PIPEDRIVE,
        {
            "id": ["Person - ID"], "name": ["Person - Name"],
            "first_name": ["Person - First name"], "last_name": ["Person - Last name"],
            "phone": [
                "Person - Phone - Mobile", "Person - Phone - Work", "Person - Phone - Home",
                "Person - Phone - Other",
            ],
            "email": ["Person - Email - Work", "Person - Email - Home", "Person - Email - Other"],
            "birthday": ["Person - Birthday"], "groups": ["Person - Labels"],
            "country": ["Person - Postal address - Country"],
        },
        None,
    ),
    (
        "vcard", VCARD,
        {
            "name": ["FN"], "first_name": ["N:given"], "middle_name": ["N:additional"],
            "last_name": ["N:family"], "phone": ["TEL 1", "TEL 2"],
            "email": ["EMAIL 1", "EMAIL 2"], "gender": ["GENDER", "N:prefix"],
            "birthday": ["BDAY"], "groups": ["CATEGORIES"], "country": ["ADR:country"],
        },
        [PhoneColumn("TEL 1", None, "TEL 1 type"), PhoneColumn("TEL 2", None, "TEL 2 type")],
    ),
    (
        "boolky", BOOLKY,
        {
            "id": ["id"], "name": ["name"], "phone": ["phone"], "email": ["mail"],
            "gender": ["gender"], "birthday": ["birthday"], "groups": ["groups"],
        },
        [PhoneColumn("phone")],
    ),
    (
        "shopify", layout_of("shopify"),
        {
            "first_name": ["First Name"],
            "last_name": ["Last Name"],
            "phone": ["Phone", "Default Address Phone"],
            "email": ["Email"],
            "groups": ["Tags"],
            "country": ["Default Address Country Code"],
            "id": ["Customer ID"],
            "consent": ["Accepts SMS Marketing"],
        },
        [PhoneColumn("Phone"), PhoneColumn("Default Address Phone")],
    ),
    (
        "square", layout_of("square"),
        {
            "first_name": ["First Name"],
            "last_name": ["Last Name"],
            "phone": ["Phone Number"],
            "email": ["Email Address"],
            "birthday": ["Birthday"],
            "id": ["Square Customer ID"],
        },
        [PhoneColumn("Phone Number")],
    ),
    (
        "woocommerce", layout_of("woocommerce"),
        {
            "first_name": ["first_name", "billing_first_name"],
            "last_name": ["last_name", "billing_last_name"],
            "phone": ["billing_phone"],
            "email": ["email", "billing_email"],
            "country": ["billing_country", "shipping_country"],
            "id": ["customer_id"],
        },
        [PhoneColumn("billing_phone")],
    ),
    (
        "outlook_web", layout_of("outlook_web"),
        {
            "first_name": ["First Name"],
            "middle_name": ["Middle Name"],
            "last_name": ["Last Name"],
            "phone": [
                "Mobile Phone", "Primary Phone", "Home Phone", "Home Phone 2", "Business Phone",
                "Business Phone 2", "Company Main Phone", "Other Phone", "Car Phone", "Radio Phone",
                "Assistant's Phone", "Callback", "Pager", "TTY/TDD Phone", "Business Fax",
                "Home Fax", "Other Fax",
            ],
            "email": ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"],
            "gender": ["Title"],
            "birthday": ["Birthday"],
            "country": ["Home Country/Region", "Business Country/Region", "Other Country/Region"],
        },
        None,
    ),
    (
        "brevo", layout_of("brevo"),
        {
            "first_name": ["FIRSTNAME"],
            "last_name": ["LASTNAME"],
            "phone": ["SMS", "WHATSAPP", "LANDLINE_NUMBER"],
            "email": ["EMAIL"],
            "id": ["CONTACT ID"],
        },
        [
            PhoneColumn("SMS", "mobile"), PhoneColumn("WHATSAPP", "mobile"),
            PhoneColumn("LANDLINE_NUMBER"),
        ],
    ),
    (
        "klaviyo", layout_of("klaviyo"),
        {
            "first_name": ["First Name"],
            "last_name": ["Last Name"],
            "phone": ["Phone Number"],
            "email": ["Email"],
            "country": ["Country"],
            "id": ["Klaviyo ID"],
        },
        [PhoneColumn("Phone Number")],
    ),
    (
        "lightspeed", layout_of("lightspeed"),
        {
            "first_name": ["Firstname"],
            "middle_name": ["LastnamePreposition"],
            "last_name": ["Lastname"],
            "phone": ["Mobile", "Phone"],
            "email": ["E-Mail"],
            "country": ["Country", "Shipping Country"],
            "id": ["Internal ID"],
        },
        [PhoneColumn("Mobile", "mobile"), PhoneColumn("Phone")],
    ),
    (
        "odoo", layout_of("odoo"),
        {
            "name": ["name"],
            "phone": ["mobile", "phone"],
            "email": ["email"],
            "groups": ["category_id"],
            "country": ["country_id"],
            "id": ["id"],
        },
        [PhoneColumn("mobile", "mobile"), PhoneColumn("phone")],
    ),
    (
        "zendesk_sell", layout_of("zendesk_sell"),
        {
            "first_name": ["First Name"],
            "last_name": ["Last Name"],
            "phone": ["Mobile", "Phone"],
            "email": ["Email"],
            "groups": ["Tags"],
            "country": ["Country"],
            "id": ["ID"],
        },
        [PhoneColumn("Mobile", "mobile"), PhoneColumn("Phone")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("preset", "headers", "fields", "phones"),
    EXPECTED,
    ids=[f"{e[0]}-{len(e[1])}-columns" for e in EXPECTED],
)
def test_a_preset_is_recognised_from_its_headers_alone(
    preset: str,
    headers: list[str],
    fields: dict[str, list[str]],
    phones: list[PhoneColumn] | None,
) -> None:
    mapping = map_columns(table_of(headers))
    assert mapping.preset == preset
    assert mapping.as_dict() == fields
    assert all(m.how == "preset" for m in mapping.fields.values())
    if phones is not None:
        assert mapping.phones == phones


def test_every_preset_has_a_test_of_its_real_layout() -> None:
    assert {e[0] for e in EXPECTED} == set(PRESETS)


def test_outlook_phones_carry_their_kind_with_mobiles_first() -> None:
    phones = map_columns(table_of(OUTLOOK)).phones
    labels = {p.column: p.label for p in phones}
    assert phones[0] == PhoneColumn("Mobile Phone", "mobile")
    assert labels["Home Phone"] == "home"
    assert labels["Business Phone"] == "work"
    assert labels["Business Fax"] == "fax"
    assert [p.label for p in phones[-3:]] == ["fax", "fax", "fax"]


def test_german_outlook_written_with_parentheses_is_still_german_outlook() -> None:
    headers = ["Vorname", "Nachname", "Telefon (privat)", "Telefon (geschäftlich)",
               "Mobiltelefon", "E-Mail-Adresse", "Geburtstag"]  # fmt: skip
    mapping = map_columns(table_of(headers))
    assert mapping.preset == "outlook_de"
    assert [(p.column, p.label) for p in mapping.phones] == [
        ("Mobiltelefon", "mobile"),
        ("Telefon (privat)", "home"),
        ("Telefon (geschäftlich)", "work"),
    ]


def test_google_phones_are_taken_in_number_order_with_their_label_columns() -> None:
    headers = header_line(
        "First Name,Labels,Phone 10 - Label,Phone 10 - Value,Phone 2 - Label,Phone 2 - Value,"
        "Phone 1 - Label,Phone 1 - Value"
    )
    mapping = map_columns(table_of(headers))
    assert mapping.preset == "google"
    assert mapping.phones == [
        PhoneColumn("Phone 1 - Value", None, "Phone 1 - Label"),
        PhoneColumn("Phone 2 - Value", None, "Phone 2 - Label"),
        PhoneColumn("Phone 10 - Value", None, "Phone 10 - Label"),
    ]


def test_header_case_and_spacing_do_not_hide_a_preset() -> None:
    headers = ["email address", "member_rating", "OPTIN TIME", "first name", "phone number"]
    assert map_columns(table_of(headers)).preset == "mailchimp"


def test_the_most_specific_signature_wins() -> None:
    # Carries Zoho's one-header signature and HubSpot's two-header one.
    headers = ["Record ID", "Create Date", "Contact Owner.id", "First Name", "Phone Number"]
    assert detect_preset(headers) is PRESETS["hubspot"]
    assert detect_preset(["Contact Owner.id", "First Name", "Mobile"]) is PRESETS["zoho"]


def test_a_plain_spreadsheet_matches_no_preset() -> None:
    assert detect_preset(["First Name", "Last Name", "Mobile", "Email", "Labels"]) is None
    assert map_columns(table_of(["Name", "Phone"])).preset is None


def test_a_named_preset_the_file_does_not_match_is_refused_naming_what_is_missing() -> None:
    with pytest.raises(InputError) as caught:
        map_columns(table_of(["First Name", "Mobile Phone", "E-mail Address"]),
                    preset="outlook")  # fmt: skip
    assert str(caught.value).startswith(
        'preset "outlook" does not match export.csv: its columns Business Phone, Home Phone '
        "are missing (no preset matches this file)"
    )
    assert caught.value.key == "preset"


def test_a_named_preset_is_refused_on_another_layout_and_names_that_one() -> None:
    with pytest.raises(InputError) as caught:
        map_columns(table_of(SHOPIFY_HEADER), preset="hubspot")
    assert str(caught.value).startswith(
        'preset "hubspot" does not match export.csv: its columns Create Date, Record ID '
        "are missing (this file looks like shopify)"
    )


def test_a_named_preset_maps_a_file_carrying_one_of_its_signatures() -> None:
    header = ["First Name", "Mobile Phone", "E-mail Address", "Home Phone", "Business Phone"]
    mapping = map_columns(table_of(header), preset="outlook")
    assert mapping.preset == "outlook"
    assert mapping.fields["phone"].how == "preset"
    assert mapping.phones[0] == PhoneColumn("Mobile Phone", "mobile")


def test_an_unknown_preset_is_an_input_error_that_lists_the_presets() -> None:
    with pytest.raises(InputError) as caught:
        map_columns(table_of(["Name", "Phone"]), preset="sugarcrm")
    message = str(caught.value)
    assert message.startswith("export.csv: there is no preset 'sugarcrm'")
    assert all(name in message for name in PRESETS)


def test_preset_names_are_forgiving_about_case() -> None:
    assert map_columns(table_of(GOOGLE), preset=" Google ").preset == "google"
