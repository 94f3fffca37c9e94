"""The exports of the tools shops, restaurants, hotels and delivery firms use.

Split from ``preset_table`` (the CRMs and address books) to keep each module
short; the layouts are data of the same kind. Each notes its source and, where
no real export could be seen, says "layout not confirmed": such a preset names
only the columns the tool's documentation gives, and is matched by those.
"""

from __future__ import annotations

from boolky_sync.extract.preset_layout import PhoneSlot, Preset, phone_slots
from boolky_sync.extract.preset_table import OUTLOOK

# Shopify customers export (customers_export.csv, 2023 on): "Customer ID","First
# Name","Last Name","Email","Accepts Email Marketing","Default Address Company",
# "Default Address Address1",...,"Default Address Country Code","Default Address
# Zip","Default Address Phone","Phone","Accepts SMS Marketing","Total Spent",
# "Total Orders","Note","Tax Exempt","Tags", then metafield columns (several real
# exports on GitHub agree). The 2021 layout has "Country Code" and "Accepts
# Marketing". Numbers are written "'+61412000999" so Excel keeps them as text;
# phone_forms drops the apostrophe. "Phone" is the customer's, "Default Address
# Phone" what was typed at checkout: the second is the fallback when the first is
# empty (same kind, so kept in column order). "Accepts SMS Marketing" (yes/no) is
# the SMS consent; "Accepts Email Marketing" is e-mail's and is not read.
SHOPIFY = Preset(
    name="shopify",
    title="Shopify customers export",
    signatures=(
        frozenset({"Default Address Phone", "Accepts SMS Marketing", "Tags"}),
        frozenset({"Accepts Marketing", "Total Spent", "Total Orders", "Tax Exempt"}),
    ),
    fields={
        "id": ("Customer ID",),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "email": ("Email",),
        "groups": ("Tags",),
        "country": ("Default Address Country Code", "Country Code", "Country"),
        "consent": ("Accepts SMS Marketing",),
    },
    phones=(PhoneSlot("Phone"), PhoneSlot("Default Address Phone", fallback=True)),
)

# Square customer directory export (export-YYYYMMDD-HHMMSS.csv, US English):
# "Reference ID","First Name","Last Name","Email Address","Phone Number",
# "Nickname","Company Name","Street Address 1","Street Address 2","City","State",
# "Postal Code","Birthday","Memo","Square Customer ID","Creation Source","First
# Visit","Last Visit","Transaction Count","Lifetime Spend","Email Subscription
# Status","Instant Profile","Blocked from online booking" (a real 15,538-row
# export and a typed reader agree). "Surname" for "Last Name": not confirmed.
# Birthday's date form is not confirmed (no date_order: the column decides).
SQUARE = Preset(
    name="square",
    title="Square customer directory",
    signatures=(frozenset({"Square Customer ID", "Reference ID"}),),
    fields={
        "id": ("Square Customer ID",),
        "first_name": ("First Name",),
        "last_name": ("Last Name", "Surname"),
        "email": ("Email Address",),
        "birthday": ("Birthday",),
        # "Email Subscription Status" (and the older "Email Unsubscribed") is e-mail's and
        # is not read; an SMS column of the same form is, if an export has one (not confirmed).
        "consent": ("SMS Subscription Status", "SMS Unsubscribed"),
    },
    phones=phone_slots(None, "Phone Number"),
)

# WooCommerce customers from SkyVerge's "Customer/Order CSV Export" (Default
# format, v3/v4, from the plugin's get_customers_csv_headers): "customer_id",
# "first_name","last_name","email","date_registered","billing_first_name",
# "billing_last_name","billing_company","billing_email","billing_phone",
# "billing_address_1",...,"billing_country","shipping_first_name",...,
# "shipping_country". WooCommerce's own Analytics export has no phone column.
WOOCOMMERCE = Preset(
    name="woocommerce",
    title="WooCommerce customers (Customer/Order CSV Export)",
    signatures=(frozenset({"customer_id", "billing_phone", "billing_email"}),),
    fields={
        "id": ("customer_id",),
        "first_name": ("first_name", "billing_first_name"),
        "last_name": ("last_name", "billing_last_name"),
        "email": ("email", "billing_email"),
        "country": ("billing_country", "shipping_country"),
    },
    phones=phone_slots(None, "billing_phone"),
)

# Outlook.com (web) contacts.csv: 61 columns starting "First Name","Middle Name",
# "Last Name","Title","Suffix","Nickname","Given Yomi","Surname Yomi","E-mail
# Address",...,"Home Phone","Home Phone 2","Business Phone","Business Phone 2",
# "Mobile Phone",...,"Birthday","Anniversary","Notes" (a test parsing a real
# export, and several importers). No "Categories". Birthday is M/D/YYYY whatever
# the account's language (the web app writes US dates; the real export and
# the importers agree), so date_order is MDY; "0/0/00" means none (read as no date).
OUTLOOK_WEB = Preset(
    name="outlook_web",
    title="Outlook.com contacts.csv",
    signatures=(
        frozenset({"Given Yomi", "Surname Yomi", "E-mail Address", "Mobile Phone", "Home Phone"}),
    ),
    fields={name: columns for name, columns in OUTLOOK.fields.items() if name != "groups"},
    phones=OUTLOOK.phones,
    date_order="MDY",
)

# Brevo (Sendinblue) contacts export. Layout not confirmed: the attributes are
# Brevo's documented defaults ("EMAIL","FIRSTNAME","LASTNAME","SMS",
# "LANDLINE_NUMBER","WHATSAPP","EXT_ID"; FIRSTNAME/LASTNAME are "PRENOM"/"NOM" in
# French accounts) and its import screen's example "CONTACT ID,EMAIL,FIRSTNAME,
# LASTNAME,SMS,LANDLINE_NUMBER,WHATSAPP". "SMS" is the mobile, written as digits
# with the country code and no "+" (33612345678), in every country of the file:
# read as "+33612345678" even under a default region. The landline is the fallback.
BREVO = Preset(
    name="brevo",
    title="Brevo (Sendinblue) contacts export",
    signatures=(
        frozenset({"EMAIL", "SMS", "LANDLINE_NUMBER"}),
        frozenset({"EMAIL", "FIRSTNAME", "LASTNAME", "SMS"}),
    ),
    fields={
        "id": ("CONTACT ID", "EXT_ID"),
        "first_name": ("FIRSTNAME", "PRENOM"),
        "last_name": ("LASTNAME", "NOM"),
        "email": ("EMAIL",),
        # Brevo's contact has emailBlacklisted and smsBlacklisted; as export columns not
        # confirmed. A blacklist says "true" for NO consent (consent_headers.NEGATIVE_STEMS).
        "consent": ("SMS_BLACKLISTED", "BLACKLISTED_SMS", "SMS BLACKLISTED"),
    },
    phones=(
        *phone_slots("mobile", "SMS", "WHATSAPP", international_digits=True),
        PhoneSlot("LANDLINE_NUMBER", international_digits=True, fallback=True),
    ),
)

# Klaviyo list / profile export: "Email","Klaviyo ID","First Name","Last Name",
# "Organization","Title","Phone Number","Address","Address 2","City","State /
# Region","Country","Zip Code",...,"Email Marketing Consent",... (two unrelated
# Klaviyo tools agree; the columns are chosen at export, so only a few are sure).
KLAVIYO = Preset(
    name="klaviyo",
    title="Klaviyo profiles export",
    signatures=(frozenset({"Klaviyo ID", "Email"}),),
    fields={
        "id": ("Klaviyo ID",),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "email": ("Email",),
        "country": ("Country",),
        # Beside "Email Marketing Consent", the SMS one; values SUBSCRIBED, UNSUBSCRIBED,
        # NEVER_SUBSCRIBED. Header not confirmed.
        "consent": ("SMS Marketing Consent", "SMS Consent"),
    },
    phones=phone_slots(None, "Phone Number"),
)

# Lightspeed eCom (C-Series) customers export, from Lightspeed's help page
# "Customer column titles": "Internal ID","Registered","Language","Firstname",
# "LastnamePreposition","Lastname","E-Mail","Phone","Mobile","Customer type",
# "Company",...,"Country","Shipping Attn",... Columns after "Shipping Country"
# (groups, birth date) are not confirmed; Retail and Restaurant: not confirmed.
LIGHTSPEED = Preset(
    name="lightspeed",
    title="Lightspeed eCom customers export",
    signatures=(frozenset({"Internal ID", "Firstname", "LastnamePreposition", "Lastname"}),),
    fields={
        "id": ("Internal ID",),
        "first_name": ("Firstname",),
        "middle_name": ("LastnamePreposition",),
        "last_name": ("Lastname",),
        "email": ("E-Mail",),
        "country": ("Country", "Shipping Country"),
    },
    phones=(*phone_slots("mobile", "Mobile"), *phone_slots(None, "Phone")),
)

# Odoo contacts (res.partner, Action > Export). Layout not confirmed: the columns
# are whatever the list view shows; an import-compatible export has the technical
# names ("id","name","email","phone","mobile",...), the other the labels ("Name",
# "Email","Phone","Mobile","Salesperson","Tags",...). Mobile first.
ODOO = Preset(
    name="odoo",
    title="Odoo contacts export",
    signatures=(
        frozenset({"id", "name", "email", "phone", "mobile"}),
        frozenset({"Display Name", "Email", "Phone", "Mobile"}),
        frozenset({"Name", "Email", "Phone", "Mobile", "Salesperson"}),
    ),
    fields={
        "id": ("id",),
        "name": ("Display Name", "Complete Name", "Name"),
        "email": ("Email",),
        "groups": ("Tags", "category_id"),
        "country": ("Country", "country_id"),
    },
    phones=(*phone_slots("mobile", "Mobile"), *phone_slots(None, "Phone")),
)

# Zendesk Sell (ex-Base CRM) contacts from a Smart List. Layout not confirmed: the
# columns are the list's, with the record "ID" put second by Sell; "Owner" is the
# owner column of its CSV template, the rest the field names.
ZENDESK_SELL = Preset(
    name="zendesk_sell",
    title="Zendesk Sell contacts export",
    signatures=(frozenset({"Owner", "ID", "First Name", "Last Name", "Mobile"}),),
    fields={
        "id": ("ID",),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "email": ("Email",),
        "groups": ("Tags",),
        "country": ("Country",),
    },
    phones=(*phone_slots("mobile", "Mobile"), *phone_slots(None, "Phone")),
)
