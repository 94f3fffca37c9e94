"""The normalize stage end to end: contacts in Boolky's form, and a place for every row."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from boolky_sync.errors import InputError
from boolky_sync.extract import PhoneColumn, extract
from boolky_sync.extract.mapping import ColumnMapping
from boolky_sync.normalize import CONTACT_COLUMNS, Normalized, NormalizeOptions, Stats, normalize
from boolky_sync.normalize.rejects import REJECT_COLUMNS, warnings_frame
from tests.conftest import SAMPLE_DATA
from tests.normalize.sources import FILE, mapping, source

DE = NormalizeOptions(default_region="DE")
MOBILE = "0151 23456789"
MOBILE_E164 = "+4915123456789"
LANDLINE = "030 12345678"
LANDLINE_E164 = "+493012345678"


def run(columns: dict[str, list[str]], options: NormalizeOptions = DE, **fields: Any) -> Normalized:
    """Normalize a table whose phones sit in "Mobile" (and "Home", if present)."""
    phones = [PhoneColumn("Mobile", label="mobile")]
    if "Home" in columns:
        phones.append(PhoneColumn("Home", label="home"))
    return normalize(source(columns), mapping(phones, **fields), options)


def contact(result: Normalized, phone: str) -> dict[str, Any]:
    found = result.contacts[result.contacts["phone"] == phone]
    assert len(found) == 1, result.contacts
    return {str(k): (None if v is pd.NA else v) for k, v in found.iloc[0].items()}


def rejected(result: Normalized) -> list[tuple[int, str]]:
    return list(zip(result.rejects["row"], result.rejects["reason"], strict=True))


def noted(result: Normalized) -> list[tuple[int, str, str]]:
    warnings = result.warnings
    return list(zip(warnings["row"], warnings["field"], warnings["code"], strict=True))


def balanced(stats: Stats) -> bool:
    """The accounting identity every result must satisfy."""
    return stats.rows + stats.split == stats.contacts + stats.merged + sum(stats.rejected.values())


def test_a_row_becomes_a_contact_in_boolkys_form() -> None:
    result = run(
        {
            "Name": ["  ANNA  MÜLLER "],
            "Mobile": [MOBILE],
            "Land": ["Deutschland"],
            "E-Mail": ["Anna@Example.DE"],
            "Anrede": ["Frau"],
            "Geburtstag": ["13.04.1993"],
            "Tags": ["VIP; Staff"],
        },
        NormalizeOptions(),
        name="Name",
        country="Land",
        email="E-Mail",
        gender="Anrede",
        birthday="Geburtstag",
        groups="Tags",
    )
    found = contact(result, MOBILE_E164)
    assert {k: found[k] for k in ("name", "gender", "mail", "birthday", "groups", "rows")} == {
        "name": "Anna Müller",
        "gender": 2,
        "mail": "Anna@example.de",
        "birthday": "13-04-1993",
        "groups": ("Staff", "VIP"),
        "rows": (2,),
    }
    assert found["files"] == (FILE,)
    assert found["phone_raw"] == MOBILE
    assert found["phone_rule"]
    assert list(result.contacts.columns) == list(CONTACT_COLUMNS)
    assert str(result.contacts["gender"].dtype) == "Int64"
    assert result.rejects.empty
    assert ("name", "name_case_fixed") in {(f, c) for _, f, c in noted(result)}


def test_the_rows_of_one_file_share_its_files_tuple() -> None:
    """A million contacts of one export hold one ``(file,)`` tuple, not a million."""
    mobiles = [f"0151 2345{i:04d}" for i in range(50)]
    result = run({"Name": [f"P {i}" for i in range(50)], "Mobile": mobiles}, name="Name")
    files = result.contacts["files"]
    assert len(files) == 50 and set(files) == {(FILE,)}
    assert len({id(t) for t in files}) == 1
    assert len({id(t) for t in result.contacts["rows"]}) == 50  # each row its own number


def test_a_phone_written_in_e164_is_held_once() -> None:
    """The contact's phone is the source's own text where it wrote E.164 exactly; a number
    written otherwise keeps both texts, the E.164 one and the one as written."""
    result = run({"Name": ["Ann", "Ben"], "Mobile": [MOBILE_E164, "0151 23456788"]}, name="Name")
    written, national = (contact(result, p) for p in (MOBILE_E164, "+4915123456788"))
    assert written["phone_raw"] == written["phone"] == MOBILE_E164
    assert written["phone"] is written["phone_raw"]
    assert (national["phone"], national["phone_raw"]) == ("+4915123456788", "0151 23456788")


@pytest.mark.parametrize(
    ("phone", "name", "options", "reason"),
    [
        ("", "Ann", DE, "phone_missing"),
        ("n/a", "Ann", DE, "phone_missing"),
        ("12", "Ann", DE, "phone_invalid"),
        ("4.47911E+11", "Ann", DE, "phone_mangled"),
        (MOBILE, "", DE, "name_missing"),
        (MOBILE, "   ", DE, "name_missing"),
        ("", "", DE, "phone_missing"),  # the phone is judged first
        (LANDLINE, "Ann", NormalizeOptions("DE", non_mobile="reject"), "phone_not_mobile"),
    ],
)
def test_a_refused_row_keeps_its_place_reason_and_original_values(
    phone: str, name: str, options: NormalizeOptions, reason: str
) -> None:
    result = run(
        {"Name": ["Bob", name], "Mobile": ["+44 7911 123456", phone]}, options, name="Name"
    )
    assert rejected(result) == [(3, reason)]
    reject = result.rejects.iloc[0]
    assert list(result.rejects.columns) == [*REJECT_COLUMNS, "Name", "Mobile"]
    assert (reject["file"], reject["Name"], reject["Mobile"]) == (FILE, name, phone)
    assert reject["detail"]
    assert result.contacts["rows"].tolist() == [(2,)]
    assert result.stats.rejected == {reason: 1}


def test_a_landline_is_kept_with_a_warning_unless_the_pipeline_refuses_it() -> None:
    result = run({"Name": ["Ann"], "Mobile": [LANDLINE]}, name="Name")
    assert contact(result, LANDLINE_E164)["phone_kind"]
    assert (2, "phone", "not_mobile") in noted(result)
    accepted = run(
        {"Name": ["Ann"], "Mobile": [LANDLINE]}, NormalizeOptions("DE", "accept"), name="Name"
    )
    assert accepted.warnings.empty


@pytest.mark.parametrize(
    ("names", "fallback", "expected"),
    [
        (["", "Bob"], "Customer", ["Customer", "Bob"]),
        (["", "Bob"], None, ["Bob"]),
        (["", ""], "Kunde", ["Kunde", "Kunde"]),
    ],
)
def test_a_row_without_a_name_gets_the_fallback_or_is_refused(
    names: list[str], fallback: str | None, expected: list[str]
) -> None:
    options = NormalizeOptions("DE", name_fallback=fallback)
    result = run({"Name": names, "Mobile": [MOBILE, "+44 7911 123456"]}, options, name="Name")
    assert result.contacts["name"].tolist() == expected
    assert len(result.rejects) == len(names) - len(expected)
    used = [row for row, field, code in noted(result) if code == "name_fallback"]
    assert used == [r for r, n in zip((2, 3), names, strict=True) if not n and fallback]


def test_a_fallback_name_never_wins_a_merge_over_a_real_one() -> None:
    result = run(
        {
            "Name": ["", "Bob"],
            "Mobile": [MOBILE, "+49 151 2345 6789"],
            "Mail": ["a@example.org", ""],
            "Born": ["01.02.1990", ""],
        },
        NormalizeOptions("DE", name_fallback="Customer"),
        name="Name",
        email="Mail",
        birthday="Born",
    )
    found = contact(result, MOBILE_E164)
    assert (found["name"], found["mail"], found["rows"]) == ("Bob", "a@example.org", (2, 3))


@pytest.mark.parametrize(
    ("fields", "options", "carried"),
    [
        ({"name": "Name"}, DE, {"name"}),
        ({"name": "Name", "email": "Mail", "groups": "Tags"}, DE, {"name", "mail", "groups"}),
        ({"name": "Name", "gender": "Sex", "birthday": "Born"}, DE, {"name", "gender", "birthday"}),
        (
            {"name": "Name"},
            NormalizeOptions("DE", static_groups=("Newsletter",)),
            {"name", "groups"},
        ),
    ],
)
def test_carried_fields_are_those_the_source_speaks_for(
    fields: dict[str, str], options: NormalizeOptions, carried: set[str]
) -> None:
    columns = {
        "Name": ["Ann"],
        "Mobile": [MOBILE],
        "Mail": [""],
        "Tags": [""],
        "Sex": [""],
        "Born": [""],
    }
    result = run(columns, options, **fields)
    assert result.carried == frozenset(carried)


def test_rows_with_one_number_in_different_forms_become_one_contact() -> None:
    result = run(
        {
            "Name": ["Ann", "Bob", "Ann Smith"],
            "Mobile": ["+49 151 23456789", "+44 7911 123456", "0151/23456789"],
            "Mail": ["", "", "ann@example.org"],
        },
        name="Name",
        email="Mail",
    )
    found = contact(result, MOBILE_E164)
    assert (found["name"], found["mail"], found["rows"]) == ("Ann Smith", "ann@example.org", (2, 4))
    assert result.merges[["phone", "rows", "kept"]].values.tolist() == [[MOBILE_E164, (2, 4), 4]]
    assert (result.stats.rows, result.stats.contacts, result.stats.merged) == (3, 2, 1)
    assert balanced(result.stats)


@pytest.mark.parametrize(
    ("other_phones", "phones"),
    [
        ("drop", [MOBILE_E164, "+447911123456"]),
        ("split", [MOBILE_E164, LANDLINE_E164, "+447911123456"]),
    ],
)
def test_further_numbers_of_a_row_are_dropped_or_become_contacts(
    other_phones: str, phones: list[str]
) -> None:
    options = NormalizeOptions("DE", non_mobile="accept", other_phones=other_phones)  # type: ignore[arg-type]
    result = run(
        {"Name": ["Ann", "Bob"], "Mobile": [MOBILE, "+44 7911 123456"], "Home": [LANDLINE, ""]},
        options,
        name="Name",
    )
    assert result.contacts["phone"].tolist() == phones
    assert set(result.contacts["name"][result.contacts["rows"] == (2,)]) == {"Ann"}
    assert result.stats.split == len(phones) - 2
    assert balanced(result.stats)


def test_a_split_number_that_another_row_holds_merges_into_its_contact() -> None:
    options = NormalizeOptions("DE", non_mobile="accept", other_phones="split")
    result = run(
        {"Name": ["Ann", "Office"], "Mobile": [MOBILE, LANDLINE], "Home": [LANDLINE, ""]},
        options,
        name="Name",
    )
    assert contact(result, LANDLINE_E164)["rows"] == (2, 3)
    assert (result.stats.contacts, result.stats.merged, result.stats.split) == (2, 1, 1)
    assert balanced(result.stats)


@pytest.mark.parametrize(
    ("first", "second", "mail", "codes"),
    [
        ("", "b@example.org", "b@example.org", []),
        ("ann@", "b@example.org", "b@example.org", []),
        ("ann@", "", None, ["email_invalid"]),
        ("a@example.org", "b@example.org", "a@example.org", []),
    ],
)
def test_of_several_columns_for_a_field_the_first_with_a_value_counts(
    first: str, second: str, mail: str | None, codes: list[str]
) -> None:
    result = run(
        {"Name": ["Ann"], "Mobile": [MOBILE], "Mail 1": [first], "Mail 2": [second]},
        name="Name",
        email=["Mail 1", "Mail 2"],
    )
    assert contact(result, MOBILE_E164)["mail"] == mail
    assert [c for _, f, c in noted(result) if f == "mail"] == codes


def test_a_salutation_column_tells_the_gender_when_the_gender_column_does_not() -> None:
    result = run(
        {
            "Name": ["Ann", "Bob"],
            "Mobile": [MOBILE, "+44 7911 123456"],
            "Geschlecht": ["Keine Angabe", "männlich"],
            "Anrede": ["Frau", "Frau"],
        },
        name="Name",
        gender=["Geschlecht", "Anrede"],
    )
    assert result.contacts["gender"].tolist() == [2, 1]
    assert not [c for _, f, c in noted(result) if f == "gender"]


@pytest.mark.parametrize(
    ("country", "options", "phone", "codes"),
    [
        ("Deutschland", NormalizeOptions(), MOBILE_E164, []),
        ("DE", NormalizeOptions("GB"), MOBILE_E164, []),
        ("", DE, MOBILE_E164, []),
        ("Narnia", DE, MOBILE_E164, ["country_unknown"]),
    ],
)
def test_national_numbers_are_read_in_the_rows_country_else_the_default(
    country: str, options: NormalizeOptions, phone: str, codes: list[str]
) -> None:
    result = run(
        {"Name": ["Ann"], "Mobile": [MOBILE], "Land": [country]},
        options,
        name="Name",
        country="Land",
    )
    assert result.contacts["phone"].tolist() == [phone]
    assert [c for _, f, c in noted(result) if f == "country"] == codes


def test_a_national_number_without_any_region_is_refused() -> None:
    result = run({"Name": ["Ann"], "Mobile": [MOBILE]}, NormalizeOptions(), name="Name")
    assert rejected(result)[0][0] == 2
    assert rejected(result)[0][1].startswith("phone_")


def test_warnings_split_each_note_into_code_and_detail_in_row_order() -> None:
    frame = source({"x": ["", "", ""]}).frame
    notes = {
        "name": pd.Series(["", "name_case_fixed: 'A'; name_shortened: 'Smith; Jones & Co'", "x"]),
        "mail": pd.Series(["email_invalid: 'a; b' is bad", "", "email_several: 'e'"]),
    }
    kept = pd.Series([True, True, False])
    found = warnings_frame(frame, notes, kept)
    assert found.values.tolist() == [
        [FILE, 2, "mail", "email_invalid", "'a; b' is bad"],
        [FILE, 3, "name", "name_case_fixed", "'A'"],
        [FILE, 3, "name", "name_shortened", "'Smith; Jones & Co'"],
    ]


def test_a_note_is_cut_only_before_a_code_and_its_detail_loses_only_leading_spaces() -> None:
    frame = source({"x": ["", "", "", ""]}).frame
    texts = ["plain words", "a: x; ; b:\xa0\u2003 y\nz", "x; y; b: z; ", "A: b; c d: e"]
    found = warnings_frame(frame, {"name": pd.Series(texts)}, pd.Series([True] * 4))
    assert found[["row", "code", "detail"]].values.tolist() == [
        [2, "plain words", ""],
        [3, "a", "x; "],
        [3, "b", "y\nz"],
        [4, "x; y", ""],
        [4, "b", "z; "],
        [5, "A: b; c d: e", ""],
    ]


def test_an_empty_table_gives_empty_results_of_the_right_shape() -> None:
    result = run({"Name": [], "Mobile": []}, name="Name")
    assert list(result.contacts.columns) == list(CONTACT_COLUMNS)
    assert result.contacts.empty and result.rejects.empty and result.merges.empty
    assert result.stats == Stats(0, 0, 0, 0, {}, {})


def test_a_source_column_named_like_a_reject_column_keeps_its_value_apart() -> None:
    result = run({"Name": ["Ann"], "Mobile": [""], "reason": ["moved away"]}, name="Name")
    assert result.rejects.loc[0, "reason"] == "phone_missing"
    assert result.rejects.loc[0, "reason (source)"] == "moved away"


def test_a_mapping_without_a_phone_column_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no phone column"):
        normalize(source({"Name": ["Ann"]}), ColumnMapping(), DE)


@pytest.mark.parametrize("other_phones", ["drop", "split"])
@pytest.mark.parametrize(
    "name",
    [
        "google_contacts.csv",
        "outlook_contacts_de.csv",
        "contacts.xlsx",
        "phone_book.vcf",
        "hubspot_contacts.csv",
        "contactos.csv",
        "rubrica.txt",
    ],
)
def test_every_row_of_a_sample_file_ends_in_exactly_one_place(name: str, other_phones: str) -> None:
    extracted = extract(SAMPLE_DATA / name)
    options = NormalizeOptions(other_phones=other_phones)  # type: ignore[arg-type]
    result = normalize(extracted.table, extracted.mapping, options)
    kept = {r for rows in result.contacts["rows"] for r in rows}
    refused = result.rejects["row"].tolist()
    assert len(refused) == len(set(refused))
    assert not kept & set(refused)
    assert kept | set(refused) == set(extracted.table.frame["__row"])
    assert sum(map(len, result.contacts["rows"])) == result.stats.contacts + result.stats.merged
    assert result.contacts["phone"].is_unique
    assert result.contacts["phone"].str.fullmatch(r"\+[1-9]\d{6,14}").all()
    assert balanced(result.stats)


@pytest.mark.parametrize(
    ("name", "phone", "expected"),
    [
        (
            "google_contacts.csv",
            "+447939708356",
            {"name": "Liam Williams", "rows": (3,), "phone_raw": "07939 708356", "gender": None},
        ),
        (
            "google_contacts.csv",
            "+4917958847799",
            {
                "name": "Jördis Schröder",
                "mail": "jordis.schroder8@example.org",
                "birthday": "09-09-1998",
                "groups": ("Events",),
            },
        ),
        ("google_contacts.csv", "+34613888135", {"name": "Inés Martínez", "rows": (18, 37)}),
        (
            "outlook_contacts_de.csv",
            "+4917196975140",
            {
                "name": "Jürgen Groß",
                "gender": 1,
                "birthday": "18-04-1980",
                "groups": ("Suppliers",),
            },
        ),
        (
            "outlook_contacts_de.csv",
            "+34640759344",
            {"name": "Inés Gómez", "gender": 2, "rows": (4, 22)},
        ),
        (
            "contacts.xlsx",
            "+12125550109",
            {"name": "Amelia Johnson", "rows": (18, 24), "phone_kind": "fixed_line_or_mobile"},
        ),
        ("phone_book.vcf", "+5521947986576", {"name": "Tomás Magalhães", "rows": (29, 105)}),
    ],
)
def test_sample_files_give_the_contacts_a_person_expects(
    name: str, phone: str, expected: dict[str, Any]
) -> None:
    extracted = extract(SAMPLE_DATA / name)
    found = contact(normalize(extracted.table, extracted.mapping), phone)
    assert {k: found[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("google_contacts.csv", [(22, "name_missing"), (31, "phone_missing")]),
        (
            "outlook_contacts_de.csv",
            [(9, "phone_invalid"), (16, "phone_missing"), (24, "name_missing")],
        ),
        ("contacts.xlsx", [(6, "name_missing"), (13, "phone_invalid"), (17, "phone_missing")]),
        ("phone_book.vcf", [(21, "phone_missing"), (64, "phone_invalid"), (200, "name_missing")]),
    ],
)
def test_sample_files_refuse_the_rows_a_person_would(
    name: str, refused: list[tuple[int, str]]
) -> None:
    extracted = extract(SAMPLE_DATA / name)
    assert rejected(normalize(extracted.table, extracted.mapping)) == refused
