"""The exports boolky-sync recognises by their header row: CRMs, address books, its own.

Each layout notes where it was taken from: public code that reads or writes
these exports, as the vendors' help pages only show parts of them.
"""

from __future__ import annotations

from boolky_sync.extract.preset_layout import PhoneSlot, Preset, phone_slots

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
    separators=(" ::: ",),
)

# Google Contacts "Google CSV" before 2022 (UTF-16, "Group Membership",
# "... - Type" instead of "... - Label"). From the header many import scripts write
# ("Name,Given Name,Additional Name,Family Name,Yomi Name,...,Group Membership,
# E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,...").
# Its "Birthday" is YYYY-MM-DD (as in the files those scripts read): no date_order.
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
    separators=(" ::: ",),
)

# Outlook "Comma Separated Values" export, English (Outlook 2003 to 365, also what
# Google writes as "Outlook CSV" and Outlook.com exports). Full header list as
# documented in Thunderbird's and Open-Xchange's Outlook importers and many
# exporters: "Title","First Name","Middle Name","Last Name","Suffix","Company",...,
# "Business Phone","Home Phone","Mobile Phone",...,"Birthday","Categories",
# "E-mail Address",...,"Gender",...,"Web Page". Desktop Outlook writes dates in the
# Windows short-date format (M/D/YYYY in en-US, D/M/YYYY in en-GB) and "0/0/00" for
# none; the English header is the same in both, so no date_order: the column decides.
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
        *phone_slots("mobile", "Mobile Phone"),
        *phone_slots("main", "Primary Phone"),
        *phone_slots("home", "Home Phone", "Home Phone 2"),
        *phone_slots("work", "Business Phone", "Business Phone 2", "Company Main Phone"),
        *phone_slots("other", "Other Phone"),
        *phone_slots("car", "Car Phone"),
        *phone_slots("radio", "Radio Phone"),
        *phone_slots("assistant", "Assistant's Phone"),
        *phone_slots("callback", "Callback"),
        *phone_slots("pager", "Pager"),
        *phone_slots("isdn", "ISDN"),
        *phone_slots("tty", "TTY/TDD Phone"),
        *phone_slots("fax", "Business Fax", "Home Fax", "Other Fax"),
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
        *phone_slots("mobile", "Mobiltelefon", "Mobiltelefon 2"),
        *phone_slots("main", "Haupttelefon"),
        *phone_slots("home", "Telefon privat", "Telefon privat 2"),
        *phone_slots("work", "Telefon geschäftlich", "Telefon geschäftlich 2", "Telefon Firma"),
        *phone_slots("other", "Weiteres Telefon"),
        *phone_slots("car", "Autotelefon"),
        *phone_slots("assistant", "Telefon Assistent"),
        *phone_slots("callback", "Rückmeldung"),
        *phone_slots("pager", "Pager"),
        *phone_slots("isdn", "ISDN"),
        *phone_slots("tty", "Telefon für Hörbehinderte"),
        *phone_slots("fax", "Fax geschäftlich", "Fax privat", "Weiteres Fax"),
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
        *phone_slots("mobile", "Tél. mobile"),
        *phone_slots("main", "Téléphone principal"),
        *phone_slots("home", "Téléphone (domicile)", "Téléphone 2 (domicile)"),
        *phone_slots("work", "Téléphone (bureau)", "Téléphone 2 (bureau)", "Téléphone société"),
        *phone_slots("other", "Téléphone (autre)"),
        *phone_slots("car", "Téléphone (voiture)"),
        *phone_slots("radio", "Radio téléphone"),
        *phone_slots("assistant", "Téléphone de l'assistant(e)"),
        *phone_slots("callback", "Rappel"),
        *phone_slots("pager", "Récepteur de radiomessagerie"),
        *phone_slots("isdn", "RNIS"),
        *phone_slots("tty", "Téléphone TDD/TTY"),
        *phone_slots("fax", "Télécopie (bureau)", "Télécopie (domicile)", "Télécopie (autre)"),
    ),
)

# HubSpot CRM contacts export ("Export view" or "all properties"): default view
# "Record ID","First Name","Last Name","Email","Phone Number","Contact owner",
# "Primary Associated Company ID","Last Activity Date","Lead Status","Marketing
# contact status","Create Date","Associated Company"; with all properties also
# "Mobile Phone Number","Country/Region","Date of birth","Gender","Salutation",
# "WhatsApp Phone Number","Fax Number",... (from a full export header on GitHub and
# HubSpot's default contact properties page). Date properties export as YYYY-MM-DD
# per those files; not confirmed for every portal, so no date_order.
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
        # Not confirmed: HubSpot names an SMS subscription's property after the type a
        # portal made; "Marketing contact status" is billing, not consent, and is not read.
        "consent": ("SMS subscription status", "Opted out of SMS", "SMS consent"),
    },
    phones=(
        *phone_slots("mobile", "Mobile Phone Number", "WhatsApp Phone Number"),
        *phone_slots(None, "Phone Number"),
        *phone_slots("fax", "Fax Number"),
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
        *phone_slots("mobile", "Mobile", "Mobile Phone"),
        *phone_slots(None, "Phone"),
        *phone_slots("home", "Home Phone"),
        *phone_slots("other", "Other Phone"),
        *phone_slots("assistant", "Asst. Phone", "Assistant Phone"),
        *phone_slots("fax", "Fax"),
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
        # Mailchimp exports one file per status (subscribed, unsubscribed, cleaned) with no
        # status column; a member status column, where an export or API dump has one
        # ("subscribed"/"unsubscribed"/"cleaned"/"pending"), is read. Not confirmed.
        "consent": ("Status", "Member Status", "MEMBER_STATUS"),
    },
    phones=phone_slots(None, "Phone Number", "Phone"),
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
        *phone_slots("mobile", "Mobile"),
        *phone_slots(None, "Phone"),
        *phone_slots("home", "Home Phone"),
        *phone_slots("other", "Other Phone"),
        *phone_slots("assistant", "Asst Phone"),
        *phone_slots("fax", "Fax"),
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
        # Pipedrive has no SMS consent; its (e-mail) marketing status is the only one it
        # keeps: subscribed, unsubscribed, no_consent, archived, pending. Header not confirmed.
        "consent": ("Person - Marketing status",),
    },
    phones=(
        *phone_slots("mobile", "Person - Phone - Mobile"),
        *phone_slots(None, "Person - Phone"),
        *phone_slots("work", "Person - Phone - Work"),
        *phone_slots("home", "Person - Phone - Home"),
        *phone_slots("other", "Person - Phone - Other"),
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
    phones=phone_slots(None, "phone"),
)
