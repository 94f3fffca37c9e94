"""Columns of any spreadsheet mapped by header words in six languages, then by content."""

from __future__ import annotations

import pandas as pd
import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract.guess import map_columns
from boolky_sync.extract.mapping import CANONICAL_FIELDS, PhoneColumn
from boolky_sync.extract.synonyms import FIELD_SYNONYMS, header_key, phone_column_for
from boolky_sync.extract.table import SourceTable


def table_of(headers: list[str], rows: list[list[str]] | None = None) -> SourceTable:
    """A table as a reader returns it: strings, then the row number and the file name."""
    body = rows if rows is not None else [[""] * len(headers)]
    frame = pd.DataFrame(body, columns=headers, dtype=object)
    frame["__row"] = range(2, 2 + len(frame))
    frame["__file"] = "kontakte.csv"
    return SourceTable(frame, "csv", "kontakte.csv")


LANGUAGES = {
    "english": (
        ["First Name", "Last Name", "Mobile Phone", "Home Phone", "Email Address", "Sex",
         "Date of Birth", "Tags", "Country"],
        [("Mobile Phone", "mobile"), ("Home Phone", "home")],
    ),
    "german": (
        ["Vorname", "Nachname", "Handy", "Telefon privat", "E-Mail", "Geschlecht",
         "Geburtstag", "Gruppe", "Land"],
        [("Handy", "mobile"), ("Telefon privat", "home")],
    ),
    "french": (
        ["Prénom", "Nom", "Téléphone portable", "Téléphone (domicile)", "Courriel", "Sexe",
         "Date de naissance", "Groupe", "Pays"],
        [("Téléphone portable", "mobile"), ("Téléphone (domicile)", "home")],
    ),
    "spanish": (
        ["Nombre", "Apellidos", "Teléfono móvil", "Teléfono casa", "Correo electrónico",
         "Sexo", "Fecha de nacimiento", "Grupo", "País"],
        [("Teléfono móvil", "mobile"), ("Teléfono casa", "home")],
    ),
    "italian": (
        ["Nome", "Cognome", "Cellulare", "Telefono casa", "Posta elettronica", "Sesso",
         "Data di nascita", "Gruppo", "Paese"],
        [("Cellulare", "mobile"), ("Telefono casa", "home")],
    ),
    "portuguese": (
        ["Nome", "Sobrenome", "Telemóvel", "Telefone fixo", "E-mail", "Sexo",
         "Data de nascimento", "Grupos", "País"],
        [("Telemóvel", "mobile"), ("Telefone fixo", "landline")],
    ),
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_headers_in_each_language_map_to_the_canonical_fields(language: str) -> None:
    headers, phones = LANGUAGES[language]
    mapping = map_columns(table_of(headers))
    first, last, mobile, home, email, gender, birthday, groups, country = headers
    assert mapping.preset is None
    assert mapping.as_dict() == {
        "first_name": [first],
        "last_name": [last],
        "phone": [mobile, home],
        "email": [email],
        "gender": [gender],
        "birthday": [birthday],
        "groups": [groups],
        "country": [country],
    }
    assert [(p.column, p.label) for p in mapping.phones] == phones
    assert {m.how for m in mapping.fields.values()} == {"synonym"}


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("Handy", "mobile"), ("Mobiltelefon", "mobile"), ("Handy-Nr.", "mobile"),
        ("portable", "mobile"), ("Tél. mobile", "mobile"), ("móvil", "mobile"),
        ("Celular", "mobile"), ("cellulare", "mobile"), ("telemóvel", "mobile"),
        ("MobilePhone", "mobile"), ("cell", "mobile"), ("GSM", "mobile"),
        ("Mobile Phone Number", "mobile"), ("Handy privat", "mobile"),
        ("Telefon", None), ("téléphone", None), ("Phone", None), ("Tel.", None),
        ("Numéro de téléphone", None), ("Teléfono", None), ("Rufnummer", None),
        ("Phone 2", None), ("telefone", None),
        ("Home Phone", "home"), ("Telefon (privat)", "home"), ("Tél. domicile", "home"),
        ("teléfono de casa", "home"), ("telefono casa", "home"),
        ("Work Phone", "work"), ("Telefon geschäftlich", "work"), ("Téléphone bureau", "work"),
        ("Teléfono trabajo", "work"), ("telefono lavoro", "work"), ("Telefone trabalho", "work"),
        ("Business Phone", "work"),
        ("Fax", "fax"), ("Fax geschäftlich", "fax"), ("Télécopie", "fax"),
        ("Festnetz", "landline"),
    ],
)  # fmt: skip
def test_phone_headers_carry_the_kind_of_phone(header: str, label: str | None) -> None:
    assert phone_column_for(header) == PhoneColumn(header, label)


@pytest.mark.parametrize(
    "header",
    ["Home", "Work", "Phone 1 - Label", "Telefontyp", "Company", "Phone type", "Privat",
     "Telefon Assistent", "Name"],
)  # fmt: skip
def test_headers_that_only_mention_a_phone_are_not_phone_columns(header: str) -> None:
    assert phone_column_for(header) is None


@pytest.mark.parametrize(
    ("headers", "field"),
    [
        (["Name"], "name"), (["Full Name"], "name"), (["Nom complet"], "name"),
        (["Nombre completo"], "name"), (["Nombre y apellidos"], "name"),
        (["Nome e cognome"], "name"), (["Nominativo"], "name"), (["Nome completo"], "name"),
        (["Vollständiger Name"], "name"), (["Nombre"], "name"), (["Nom"], "name"),
        (["Anrede"], "gender"), (["Civilité"], "gender"), (["Salutation"], "gender"),
        (["Tratamiento"], "gender"), (["Género"], "gender"), (["genre"], "gender"),
        (["DOB"], "birthday"), (["Geburtsdatum"], "birthday"), (["Geb.-Datum"], "birthday"),
        (["Anniversaire"], "birthday"), (["cumpleaños"], "birthday"),
        (["Kategorie"], "groups"), (["catégorie"], "groups"), (["category"], "groups"),
        (["Labels"], "groups"), (["Lists"], "groups"), (["étiquettes"], "groups"),
        (["Etiquetas"], "groups"), (["Verteiler"], "groups"),
        (["courriel"], "email"), (["correo"], "email"), (["E-Mail-Adresse"], "email"),
        (["e_mail"], "email"), (["EMAIL"], "email"), (["E-Mail privat"], "email"),
        (["Kundennummer"], "id"), (["Customer ID"], "id"), (["identifiant"], "id"),
        (["pays/région"], "country"), (["Country/Region"], "country"),
        (["Home Country"], "country"),
    ],
)  # fmt: skip
def test_a_header_alone_names_its_field(headers: list[str], field: str) -> None:
    mapping = map_columns(table_of([*headers, "Telefon"]))
    assert mapping.columns_for(field) == headers
    assert mapping.fields[field].how == "synonym"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Vorname", "Name"], {"first_name": ["Vorname"], "last_name": ["Name"]}),
        (["Prénom", "Nom"], {"first_name": ["Prénom"], "last_name": ["Nom"]}),
        (["Nombre", "Apellido"], {"first_name": ["Nombre"], "last_name": ["Apellido"]}),
        (["Nome", "Cognome"], {"first_name": ["Nome"], "last_name": ["Cognome"]}),
        (["Nome", "Sobrenome"], {"first_name": ["Nome"], "last_name": ["Sobrenome"]}),
        (["First name", "Last name", "Name"],
         {"name": ["Name"], "first_name": ["First name"], "last_name": ["Last name"]}),
    ],
)  # fmt: skip
def test_a_name_word_means_what_its_neighbours_make_it(
    headers: list[str], expected: dict[str, list[str]]
) -> None:
    mapping = map_columns(table_of([*headers, "Mobile"]))
    assert {k: v for k, v in mapping.as_dict().items() if k != "phone"} == expected


@pytest.mark.parametrize(
    "header",
    ["TELEFON", "telefon", " Telefon ", "Téléfon", "TÉLÉPHONE", "tele-phone", "Tel.",
     "TELE_PHONE", "telephone:"],
)  # fmt: skip
def test_case_accents_punctuation_and_spacing_do_not_matter(header: str) -> None:
    mapping = map_columns(table_of(["Nom", header]))
    assert mapping.columns_for("phone") == [header]


def test_every_synonym_names_one_canonical_field() -> None:
    keys: dict[str, str] = {}
    for field, phrases in FIELD_SYNONYMS.items():
        assert field in CANONICAL_FIELDS
        for phrase in phrases:
            assert keys.setdefault(header_key(phrase), field) == field, phrase


def test_mobiles_come_first_whatever_the_column_order() -> None:
    mapping = map_columns(table_of(["Fax", "Telefon", "Telefon geschäftlich", "Handy"]))
    assert mapping.columns_for("phone") == ["Handy", "Telefon", "Telefon geschäftlich", "Fax"]
    assert [p.label for p in mapping.phones] == ["mobile", None, "work", "fax"]


def test_an_explicit_mapping_wins_over_presets_and_synonyms() -> None:
    headers = ["First Name", "Last Name", "Mobile Phone", "Home Phone", "Business Phone",
               "E-mail Address", "Spalte 3"]  # fmt: skip
    mapping = map_columns(
        table_of(headers), explicit={"phone": "Spalte 3", "email": ["Home Phone"]}
    )
    assert mapping.preset == "outlook"
    assert mapping.fields["phone"].columns == ["Spalte 3"]
    assert mapping.fields["phone"].how == "explicit"
    assert mapping.phones == [PhoneColumn("Spalte 3")]
    assert mapping.fields["email"].columns == ["Home Phone"]
    assert mapping.fields["first_name"].how == "preset"


def test_an_explicit_phone_keeps_the_kind_its_header_names() -> None:
    mapping = map_columns(table_of(["Name", "Handy", "Telefon"]), explicit={"phone": ["Handy"]})
    assert mapping.phones == [PhoneColumn("Handy", "mobile")]


def test_an_explicit_phone_of_a_known_layout_keeps_its_kind_column() -> None:
    headers = ["First Name", "Labels", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
               "Phone 2 - Value"]  # fmt: skip
    mapping = map_columns(table_of(headers), explicit={"phone": "Phone 2 - Value"})
    assert mapping.phones == [PhoneColumn("Phone 2 - Value", None, "Phone 2 - Label")]
    assert mapping.fields["phone"].how == "explicit"


def test_one_column_explicitly_mapped_to_two_fields_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        map_columns(table_of(["Name", "Handy"]), explicit={"name": "Handy", "phone": ["handy"]})
    assert str(caught.value) == (
        "kontakte.csv: the mapping takes column 'Handy' for both name and phone; a column can "
        "hold one field only"
    )


def test_explicit_column_names_forgive_case_and_spaces() -> None:
    mapping = map_columns(table_of(["Name", "Handy Nummer"]), explicit={"phone": "handy nummer "})
    assert mapping.columns_for("phone") == ["Handy Nummer"]


def test_an_explicit_empty_list_keeps_a_field_unmapped() -> None:
    mapping = map_columns(table_of(["Name", "Handy", "Anrede"]), explicit={"gender": []})
    assert "gender" not in mapping.fields
    assert mapping.columns_for("name") == ["Name"]


def test_a_column_serves_one_field_only() -> None:
    taken = map_columns(table_of(["Handy", "Telefon"]), explicit={"name": "Handy"})
    assert taken.columns_for("name") == ["Handy"]
    assert taken.columns_for("phone") == ["Telefon"]


def test_an_explicit_column_the_file_lacks_is_an_input_error_listing_the_columns() -> None:
    with pytest.raises(InputError) as caught:
        map_columns(table_of(["Name", "Handy"]), explicit={"phone": "Mobil"})
    assert str(caught.value) == (
        "kontakte.csv: the mapping takes phone from column 'Mobil', which the file does not "
        "have; columns are: 'Name', 'Handy'"
    )


def test_an_unknown_canonical_field_is_an_input_error_listing_the_fields() -> None:
    with pytest.raises(InputError) as caught:
        map_columns(table_of(["Name", "Handy"]), explicit={"mobile": "Handy"})
    message = str(caught.value)
    assert message.startswith("kontakte.csv: the mapping names unknown field(s) 'mobile'")
    assert message.endswith("fields are: " + ", ".join(CANONICAL_FIELDS))


def test_no_phone_column_is_an_input_error_that_says_what_to_do() -> None:
    rows = [["Anna", "anna@example.de"], ["Ben", "ben@example.de"]]
    with pytest.raises(InputError) as caught:
        map_columns(table_of(["Name", "Notiz"], rows))
    assert str(caught.value) == (
        "kontakte.csv: no column that could hold phone numbers; columns are: 'Name', 'Notiz'; "
        'map one explicitly (mapping.phone = "...") or use --preset'
    )


MESSY_PHONES = [
    "+49 151 23456789", "0151/2345678", "+49 (0)151 234 56 78", "0049 151 2345678",
    "(415) 555-0123 ext. 12", "0171-2345678", "n/a", "06.12.34.56.78", "", "+33 6 12 34 56 78",
]  # fmt: skip


def test_an_unnamed_column_of_phone_numbers_is_found_by_its_content() -> None:
    rows = [[f"Person {i}", phone, f"1985-03-{i + 1:02d}"] for i, phone in enumerate(MESSY_PHONES)]
    mapping = map_columns(table_of(["Name", "Spalte 3", "Spalte 4"], rows))
    assert mapping.columns_for("phone") == ["Spalte 3"]
    assert mapping.fields["phone"].how == "content"
    assert mapping.phones == [PhoneColumn("Spalte 3")]


def test_dates_and_counting_ids_are_not_taken_for_phone_numbers() -> None:
    rows = [
        [f"{1000001 + i}", f"{i + 1:02d}.03.1985", f"1985-03-{i + 1:02d}", f"{4711000 + 7 * i}"]
        for i in range(12)
    ]
    with pytest.raises(InputError, match="no column that could hold phone numbers"):
        map_columns(table_of(["Spalte 1", "Spalte 2", "Spalte 3", "Spalte 4"], rows))


def test_a_column_with_too_few_phone_numbers_is_not_a_phone_column() -> None:
    rows = [[v] for v in ["+49 151 23456789", "0151 2345678", "keine", "—", "später", "?"]]
    with pytest.raises(InputError):
        map_columns(table_of(["Spalte 1"], rows))


def test_an_email_column_is_found_by_its_content() -> None:
    rows = [["Anna", "0151 2345678", "anna@example.de"], ["Ben", "0151 3456789", "ben@x.org"]]
    mapping = map_columns(table_of(["Name", "Handy", "Kontakt"], rows))
    assert mapping.columns_for("email") == ["Kontakt"]
    assert mapping.fields["email"].how == "content"


def test_content_is_judged_on_a_sample_of_a_large_file() -> None:
    phones = [f"+49 151 {1000000 + 37 * i}" for i in range(5000)]
    mapping = map_columns(table_of(["Spalte 1"], [[p] for p in phones]))
    assert mapping.columns_for("phone") == ["Spalte 1"]


def test_fields_are_listed_in_canonical_order() -> None:
    mapping = map_columns(table_of(["Land", "E-Mail", "Handy", "Nachname", "Vorname"]))
    assert list(mapping.fields) == ["first_name", "last_name", "phone", "email", "country"]
