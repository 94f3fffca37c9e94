"""Phone numbers as contact files hold them, read into E.164 with the rule that applied."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from boolky_sync.extract.mapping import PhoneColumn
from boolky_sync.normalize import phone_reading
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.phone_forms import Form, read_cells, read_form, split_cell
from boolky_sync.normalize.phones import (
    LABELLED,
    MOBILE,
    SKIPPED,
    UNLABELLED,
    PhoneResult,
    label_rank,
    normalize_phones,
)

MOBILE_COLUMN = PhoneColumn("Mobile", label="mobile")
HOME_COLUMN = PhoneColumn("Home", label="home")


def normalize(
    columns: dict[str, list[str]],
    regions: Sequence[str | None] | None = None,
    phones: list[PhoneColumn] | None = None,
    **options: Any,
) -> PhoneResult:
    frame = pd.DataFrame(columns, dtype=object)
    phones = phones if phones is not None else [PhoneColumn(name) for name in columns]
    regions = regions if regions is not None else [None] * len(frame)
    return normalize_phones(
        frame,
        phones,
        pd.Series(regions, index=frame.index, dtype=object),
        NormalizeOptions(**options),
    )


def one(cell: str, region: str | None = None, **options: Any) -> dict[str, object]:
    """The result of a one-row, one-column frame as a dict."""
    result = normalize({"Phone": [cell]}, [region], **options)
    return {name: getattr(result, name).iloc[0] for name in PhoneResult.__dataclass_fields__}


@pytest.mark.parametrize(
    ("cell", "region", "phone", "rule"),
    [
        ("+49 151 23456789", None, "+4915123456789", "international form"),
        (
            "+49 (0)151 2345 6789",
            None,
            "+4915123456789",
            "international form + trunk prefix 0 dropped",
        ),
        (
            "+49 0151 23456789",
            None,
            "+4915123456789",
            "international form + trunk prefix 0 dropped",
        ),
        (
            "+44 (0)7911 123456",
            "DE",
            "+447911123456",
            "international form + trunk prefix 0 dropped",
        ),
        ("+57 0321 1234567", None, "+573211234567", "international form + trunk prefix 0 dropped"),
        ("+39 06 1234 5678", None, "+390612345678", "international form"),
        ("0049 151 23456789", None, "+4915123456789", "00 prefix"),
        ("00 44 7911 123456", "FR", "+447911123456", "00 prefix"),
        ("0039 3347753252", None, "+393347753252", "00 prefix"),
        ("00351 927208919", None, "+351927208919", "00 prefix"),
        ("011 44 7911 123456", "US", "+447911123456", "011 prefix"),
        ("011 1 250 868 2818", "CA", "+12508682818", "011 prefix"),
        ("tel:+1-250-868-2818", None, "+12508682818", "tel: URI + international form"),
        ("TEL:+44-7911-123456", None, "+447911123456", "tel: URI + international form"),
        ("'+447911123456", None, "+447911123456", "international form"),
        ("'0151 23456789", "DE", "+4915123456789", "row country DE + trunk prefix 0 dropped"),
        ('="015123456789"', "DE", "+4915123456789", "row country DE + trunk prefix 0 dropped"),
        ("0151 23456789", "DE", "+4915123456789", "row country DE + trunk prefix 0 dropped"),
        ("(0151) 234-56789", "DE", "+4915123456789", "row country DE + trunk prefix 0 dropped"),
        ("0151/23456789", "DE", "+4915123456789", "row country DE + trunk prefix 0 dropped"),
        ("0151.2345.6789", "DE", "+4915123456789", "row country DE + trunk prefix 0 dropped"),
        (
            "0151\u00a02345\u00a06789",
            "DE",
            "+4915123456789",
            "row country DE + trunk prefix 0 dropped",
        ),
        ("Handy: 0151 23456789", "DE", "+4915123456789", "row country DE + trunk prefix 0 dropped"),
        ("07911 123456", "GB", "+447911123456", "row country GB + trunk prefix 0 dropped"),
        ("06 12 34 56 78", "FR", "+33612345678", "row country FR + trunk prefix 0 dropped"),
        ("06.12.34.56.78", "FR", "+33612345678", "row country FR + trunk prefix 0 dropped"),
        ("612 34 56 78", "ES", "+34612345678", "row country ES"),
        ("312 345 6789", "IT", "+393123456789", "row country IT"),
        ("(11) 96123-4567", "BR", "+5511961234567", "row country BR"),
        ("(201) 555-0123", "US", "+12015550123", "row country US"),
        ("201.555.0123", "US", "+12015550123", "row country US"),
        ("1-201-555-0123", "US", "+12015550123", "country code without +"),
        ("447911123456", "DE", "+447911123456", "country code without +"),
        ("447911123456", None, "+447911123456", "country code without +"),
        ("44 7911 123456", "GB", "+447911123456", "country code without +"),
        ("＋４９ １５１ ２３４５６７８９", None, "+4915123456789", "international form"),
        ("٠١٥١٢٣٤٥٦٧٨٩", "DE", "+4915123456789", "row country DE + trunk prefix 0 dropped"),
        ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR", "+989123456789", "row country IR + trunk prefix 0 dropped"),
    ],
)
def test_written_forms_are_read_with_their_rule(
    cell: str, region: str | None, phone: str, rule: str
) -> None:
    row = one(cell, region)
    assert (row["phone"], row["rule"], row["reason"]) == (phone, rule, None)
    assert row["raw"] == cell


@pytest.mark.parametrize(
    ("region", "default", "rule"),
    [
        ("DE", "DE", "default region DE + trunk prefix 0 dropped"),
        ("DE", "AT", "row country DE + trunk prefix 0 dropped"),
        ("DE", None, "row country DE + trunk prefix 0 dropped"),
    ],
)
def test_the_rule_names_where_the_region_came_from(
    region: str, default: str | None, rule: str
) -> None:
    assert one("0151 23456789", region, default_region=default)["rule"] == rule


@pytest.mark.parametrize(
    ("cell", "region", "phone", "rule"),
    [
        ("4.47911123456E+11", "DE", "+447911123456", "country code without +"),
        ("4,47911123456E+11", "DE", "+447911123456", "country code without +"),
        ("4.4791112345600E+11", None, "+447911123456", "country code without +"),
        ("447911123456.0", "DE", "+447911123456", "country code without +"),
        ("12508682818.0", "DE", "+12508682818", "country code without +"),
        ("1.2508682818E+10", None, "+12508682818", "country code without +"),
        ("4.9301234567E+10", "DE", "+49301234567", "country code without +"),
        ("15123456789.0", "DE", "+4915123456789", "row country DE"),
        ("612345678.0", "IT", "+390612345678", "row country IT + leading 0 restored"),
        ("'4.47911123456E+11", None, "+447911123456", "country code without +"),
    ],
)
def test_excel_floats_are_repaired_and_noted(
    cell: str, region: str | None, phone: str, rule: str
) -> None:
    row = one(cell, region)
    assert row["phone"] == phone
    assert row["rule"] == f"Excel float repaired + {rule}"
    assert f"phone_repaired: Excel float {cell}" in str(row["notes"])


@pytest.mark.parametrize(
    ("cell", "detail"),
    [
        ("4.47911E+11", "4.47911E+11 lost digits in Excel (6 of 12 kept)"),
        ("4,47911E+11", "4,47911E+11 lost digits in Excel (6 of 12 kept)"),
        ("1.25087E+10", "1.25087E+10 lost digits in Excel (6 of 11 kept)"),
        ("4E+11", "4E+11 lost digits in Excel (1 of 12 kept)"),
        ("4.479111234567E+11", "4.479111234567E+11 is a fraction in Excel, not a phone number"),
    ],
)
def test_an_excel_float_that_lost_digits_is_refused_not_guessed(cell: str, detail: str) -> None:
    row = one(cell, "GB", default_region="GB")
    assert (row["phone"], row["reason"], row["detail"]) == (None, "phone_mangled", detail)


@pytest.mark.parametrize(
    ("cell", "extension"),
    [
        ("+1 201 555 0123 x123", "x123"),
        ("+1 201 555 0123 x 123", "x 123"),
        ("+1 201 555 0123 ext. 12", "ext. 12"),
        ("+1 201 555 0123 ext 12", "ext 12"),
        ("+1 201 555 0123 Ext: 12", "Ext: 12"),
        ("+1 201 555 0123 #12", "#12"),
        ("+1 201 555 0123, extension 4", "extension 4"),
        ("tel:+1-201-555-0123;ext=12", "ext. 12"),
        ("+49 30 1234567 Durchwahl 12", "Durchwahl 12"),
        ("+49 30 1234567 App. 12", "App. 12"),
        ("+39 06 1234 5678 interno 12", "interno 12"),
        ("+33 1 23 45 67 89 poste 12", "poste 12"),
    ],
)
def test_extensions_are_dropped_and_noted(cell: str, extension: str) -> None:
    row = one(cell, non_mobile="accept")
    assert row["phone"] in ("+12015550123", "+49301234567", "+390612345678", "+33123456789")
    assert row["notes"] == f"extension_dropped: {extension}"


@pytest.mark.parametrize(
    ("cell", "region", "reason", "detail"),
    [
        ("", "DE", "phone_missing", "no phone number in Phone"),
        ("   ", "DE", "phone_missing", "no phone number in Phone"),
        ("n/a", "DE", "phone_missing", "no phone number in Phone"),
        ("unknown", "DE", "phone_missing", "no phone number in Phone"),
        ("-", "DE", "phone_missing", "no phone number in Phone"),
        ("12345", "DE", "phone_invalid", "12345 is not a valid DE number"),
        ("+49 151 23", None, "phone_invalid", "+49 151 23 is not a valid DE number"),
        ("+999 1234567", None, "phone_invalid", "+999 1234567 has no known country code"),
        ("call after 5", "DE", "phone_invalid", "call after 5 is not a phone number"),
        ("ext. 12", "DE", "phone_invalid", "ext. 12 is not a phone number"),
        (
            "0151 23456789",
            None,
            "phone_no_region",
            "0151 23456789 has no country code and the row no country (set a default region)",
        ),
        (
            "(201) 555-0123",
            None,
            "phone_no_region",
            "(201) 555-0123 has no country code and the row no country (set a default region)",
        ),
        (
            "2015550123",
            None,
            "phone_no_region",
            "2015550123 has no country code and the row no country (set a default region)",
        ),
    ],
)
def test_unreadable_numbers_are_refused_with_a_reason(
    cell: str, region: str | None, reason: str, detail: str
) -> None:
    row = one(cell, region)
    assert (row["phone"], row["rule"], row["kind"]) == (None, "", None)
    assert (row["reason"], row["detail"]) == (reason, detail)


@pytest.mark.parametrize(
    ("cell", "region", "phone", "others"),
    [
        ("0151 23456789 / 030 1234567", "DE", "+4915123456789", ("+49301234567",)),
        ("030 1234567 / 0151 23456789", "DE", "+4915123456789", ("+49301234567",)),
        ("030/1234567", "DE", "+49301234567", ()),
        ("0221 / 9876543", "DE", "+492219876543", ()),
        ("+49 30 / 1234567", None, "+49301234567", ()),
        ("0049 221/1234567", None, "+492211234567", ()),
        ("0151 23456789; 0171 2345678", "DE", "+4915123456789", ("+491712345678",)),
        ("030 1234567\n0151 23456789", "DE", "+4915123456789", ("+49301234567",)),
        ("+44 7400 123456 or +44 7400 654321", None, "+447400123456", ("+447400654321",)),
        ("+1 201 555 0123 | +1 201 555 0124", None, "+12015550123", ("+12015550124",)),
        ("(201) 555-0123, (201) 555-0124", "US", "+12015550123", ("+12015550124",)),
        ("0151 23456789 oder 0171 2345678", "DE", "+4915123456789", ("+491712345678",)),
        ("+4915123456789, 0151 23456789", "DE", "+4915123456789", ()),
    ],
)
def test_several_numbers_in_one_cell(
    cell: str, region: str, phone: str, others: tuple[str, ...]
) -> None:
    row = one(cell, region, other_phones="split")
    assert (row["phone"], row["others"]) == (phone, others)


@pytest.mark.parametrize(
    ("label", "rank"),
    [
        ("mobile", MOBILE),
        ("Mobile", MOBILE),
        ("* Mobile", MOBILE),
        ("cell", MOBILE),
        ("cell,voice,pref", MOBILE),
        ("_$!<Mobile>!$_", MOBILE),
        ("iPhone", MOBILE),
        ("Handy", MOBILE),
        ("Firmenhandy", MOBILE),
        ("Mobiltelefon", MOBILE),
        ("Móvil", MOBILE),
        ("celular", MOBILE),
        ("cellulare", MOBILE),
        ("portable", MOBILE),
        ("work mobile", MOBILE),
        ("", UNLABELLED),
        ("voice", UNLABELLED),
        ("voice,pref", UNLABELLED),
        ("Phone", UNLABELLED),
        ("home", LABELLED),
        ("* Home", LABELLED),
        ("work", LABELLED),
        ("main", LABELLED),
        ("other", LABELLED),
        ("Festnetz", LABELLED),
        ("fax", SKIPPED),
        ("Work Fax", SKIPPED),
        ("Telefax", SKIPPED),
        ("pager", SKIPPED),
        ("fax,work", SKIPPED),
    ],
)
def test_labels_rank_mobile_first_and_fax_never(label: str, rank: int) -> None:
    assert label_rank(label) == rank


US_A, US_B, US_C = "(201) 555-0123", "(201) 555-0124", "(201) 555-0125"


@pytest.mark.parametrize(
    ("columns", "phones", "region", "phone"),
    [
        (
            {"Home": [US_A], "Mobile": [US_B]},
            [HOME_COLUMN, MOBILE_COLUMN],
            "US", "+12015550124",
        ),
        (
            {"Work": [US_A], "Phone": [US_B]},
            [PhoneColumn("Work", "work"), PhoneColumn("Phone")],
            "US", "+12015550124",
        ),
        (
            {"Home": [US_A], "Work": [US_B]},
            [HOME_COLUMN, PhoneColumn("Work", "work")],
            "US", "+12015550123",
        ),
        (
            {"Phone 1 - Label": ["Work"], "Phone 1 - Value": [US_A],
             "Phone 2 - Label": ["* Mobile"], "Phone 2 - Value": [US_B]},
            [PhoneColumn("Phone 1 - Value", label_column="Phone 1 - Label"),
             PhoneColumn("Phone 2 - Value", label_column="Phone 2 - Label")],
            "US", "+12015550124",
        ),
        (
            {"TEL 1": [US_A], "TEL 1 type": ["voice,pref"],
             "TEL 2": [US_B], "TEL 2 type": ["cell"]},
            [PhoneColumn("TEL 1", label_column="TEL 1 type"),
             PhoneColumn("TEL 2", label_column="TEL 2 type")],
            "US", "+12015550124",
        ),
        (
            {"Mobile": [US_A], "Mobile type": [""]},
            [PhoneColumn("Mobile", "mobile", label_column="Mobile type"), PhoneColumn("Other")],
            "US", "+12015550123",
        ),
        (
            {"Fax": [US_C], "Home": [US_A]},
            [PhoneColumn("Fax", "fax"), HOME_COLUMN],
            "US", "+12015550123",
        ),
        (
            {"Mobile": ["030 1234567"], "Home": ["0151 23456789"]},
            [MOBILE_COLUMN, HOME_COLUMN],
            "DE", "+4915123456789",
        ),
        (
            {"Mobile": ["0151 2345"], "Home": ["0151 23456789"]},
            [MOBILE_COLUMN, HOME_COLUMN],
            "DE", "+4915123456789",
        ),
    ],
)  # fmt: skip
def test_the_first_valid_possible_mobile_is_chosen(
    columns: dict[str, list[str]], phones: list[PhoneColumn], region: str, phone: str
) -> None:
    if any(p.column == "Other" for p in phones):
        columns = {**columns, "Other": [US_B]}
    assert normalize(columns, [region], phones).phone.iloc[0] == phone


def test_a_fax_number_is_never_chosen_and_is_noted() -> None:
    result = normalize(
        {"Fax": ["+447911123456", "+447911123456"], "Home": ["(201) 555-0123", ""]},
        ["US", "US"],
        [PhoneColumn("Fax", "fax"), HOME_COLUMN],
    )
    assert result.phone.tolist() == ["+12015550123", None]
    assert result.notes.tolist() == [
        "phone_skipped: +447911123456 (fax)",
        "phone_skipped: +447911123456 (fax)",
    ]
    assert result.reason.tolist() == [None, "phone_missing"]
    assert result.detail.iloc[1] == "only +447911123456, labelled fax"


@pytest.mark.parametrize(
    ("policy", "phone", "reason", "detail", "notes"),
    [
        ("accept", "+49301234567", None, "", ""),
        ("warn", "+49301234567", None, "", "not_mobile: +49301234567 is a fixed line number"),
        ("reject", None, "phone_not_mobile", "+49301234567 is a fixed line number", ""),
    ],
)
def test_a_landline_follows_the_non_mobile_policy(
    policy: str, phone: str | None, reason: str | None, detail: str, notes: str
) -> None:
    row = one("030 1234567", "DE", non_mobile=policy)
    assert (row["phone"], row["reason"], row["detail"], row["notes"]) == (
        phone,
        reason,
        detail,
        notes,
    )
    assert (row["kind"], row["rule"]) == ("fixed_line", "row country DE + trunk prefix 0 dropped")


@pytest.mark.parametrize("cell", ["(201) 555-0123", "+1 250 868 2818"])
def test_a_us_or_canadian_number_counts_as_possibly_mobile(cell: str) -> None:
    row = one(cell, "US", non_mobile="reject")
    assert (row["kind"], row["reason"]) == ("fixed_line_or_mobile", None)


@pytest.mark.parametrize(
    ("options", "others", "notes"),
    [
        ({"other_phones": "drop"}, ("+12015550124", "+49301234567"),
         "other_phones_dropped: +12015550124, +49301234567"),
        ({"other_phones": "split"}, ("+12015550124", "+49301234567"), ""),
        ({"other_phones": "split", "non_mobile": "reject"}, ("+12015550124",),
         "other_phone_not_mobile: +49301234567 is a fixed line number"),
    ],
)  # fmt: skip
def test_further_numbers_go_to_others(
    options: dict[str, str], others: tuple[str, ...], notes: str
) -> None:
    result = normalize(
        {"Mobile": ["+1 201 555 0123"], "Home": ["+49 30 1234567 / (201) 555-0124"]},
        ["US"],
        [MOBILE_COLUMN, HOME_COLUMN],
        **options,
    )
    assert result.phone.iloc[0] == "+12015550123"
    assert result.others.iloc[0] == others
    assert result.notes.iloc[0] == notes


def test_rows_with_as_many_further_numbers_each_get_their_own() -> None:
    result = normalize(
        {"Phone": ["+447400123456, +447400123457, +447400123458"] * 2 + ["+447400123459"]},
        other_phones="split",
    )
    assert result.others.tolist() == [("+447400123457", "+447400123458")] * 2 + [()]


def test_the_same_number_twice_is_no_other_number() -> None:
    result = normalize(
        {"Mobile": ["+49 151 23456789"], "Home": ["0151 23456789"]},
        ["DE"],
        [MOBILE_COLUMN, HOME_COLUMN],
    )
    assert (result.phone.iloc[0], result.others.iloc[0], result.notes.iloc[0]) == (
        "+4915123456789",
        (),
        "",
    )


def test_unreadable_further_numbers_are_noted() -> None:
    result = normalize(
        {"Mobile": ["0151 23456789"], "Home": ["4.47911E+11"], "Work": ["12"]},
        ["DE"],
        [MOBILE_COLUMN, HOME_COLUMN, PhoneColumn("Work", "work")],
    )
    assert result.notes.iloc[0] == (
        "other_phone_mangled: 4.47911E+11 lost digits in Excel (6 of 12 kept); "
        "other_phone_invalid: 12 is not a valid DE number"
    )


def test_results_keep_the_frame_index_and_read_regions_by_it() -> None:
    frame = pd.DataFrame({"Phone": ["0151 23456789", "07911 123456"]}, index=[7, 3], dtype=object)
    regions = pd.Series({3: "GB", 7: "DE"}, dtype=object)
    result = normalize_phones(frame, [PhoneColumn("Phone")], regions, NormalizeOptions())
    assert result.phone.to_dict() == {7: "+4915123456789", 3: "+447911123456"}
    assert all(getattr(result, name).index.tolist() == [7, 3] for name in ("raw", "notes"))


def test_a_frame_without_phone_columns_refuses_every_row() -> None:
    result = normalize({"Name": ["Ann", "Bob"]}, phones=[])
    assert result.reason.tolist() == ["phone_missing", "phone_missing"]
    assert result.detail.tolist() == ["no phone column", "no phone column"]


def test_a_row_without_numbers_names_the_columns_looked_in() -> None:
    columns = {name: [""] for name in ("Mobile", "Home", "Work", "Car", "Pager")}
    result = normalize(columns, ["DE"])
    assert result.detail.iloc[0] == "no phone number in Mobile, Home, Work and 2 more"


def test_an_empty_frame_gives_empty_results() -> None:
    result = normalize({"Phone": []})
    assert all(len(getattr(result, name)) == 0 for name in PhoneResult.__dataclass_fields__)


def _example_mobiles() -> list[tuple[str, phonenumbers.PhoneNumber]]:
    """Every region's example mobile; regions without one have no example to test."""
    examples = (
        (region, phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE))
        for region in sorted(phonenumbers.SUPPORTED_REGIONS)
    )
    return [(region, number) for region, number in examples if number is not None]


EXAMPLE_MOBILES = _example_mobiles()


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def test_every_region_has_examples_to_read() -> None:
    assert len(EXAMPLE_MOBILES) > 240


@pytest.mark.parametrize(("region", "number"), EXAMPLE_MOBILES, ids=[r for r, _ in EXAMPLE_MOBILES])
def test_every_regions_example_mobile_in_national_form(
    region: str, number: phonenumbers.PhoneNumber
) -> None:
    row = one(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL), region)
    assert (row["phone"], row["reason"]) == (_e164(number), None)


def _excel_forms(e164: str) -> list[str]:
    """How Excel shows the digits of "+<digits>" typed into a number cell, every digit kept."""
    digits = e164[1:]
    return [f"{digits[0]}.{digits[1:]}E+{len(digits) - 1}", f"{digits}.0"]


@pytest.mark.parametrize(("region", "number"), EXAMPLE_MOBILES, ids=[r for r, _ in EXAMPLE_MOBILES])
def test_every_regions_example_mobile_as_an_excel_float(
    region: str, number: phonenumbers.PhoneNumber
) -> None:
    e164 = _e164(number)
    forms = _excel_forms(e164)
    result = normalize({"Phone": forms * 2}, [region, region, None, None])
    assert result.phone.tolist() == [e164] * 4
    assert result.rule.str.startswith("Excel float repaired").all()


def test_a_pool_of_processes_reads_as_one_process_does(monkeypatch: pytest.MonkeyPatch) -> None:
    cells = ["0151 23456789", "+44 7400 123456", "030 1234567", "12345", "4.47911E+11", ""] * 3
    regions = ["DE", "FR", "DE", "DE", "GB", "DE"] * 3
    alone = normalize({"Phone": cells}, regions, non_mobile="warn")
    monkeypatch.setattr(phone_reading, "PARALLEL_MIN", 1)
    pooled = normalize({"Phone": cells}, regions, non_mobile="warn", workers=2)
    for name in PhoneResult.__dataclass_fields__:
        assert getattr(pooled, name).tolist() == getattr(alone, name).tolist()


def test_a_known_type_is_exactly_what_is_valid_number_calls_valid() -> None:
    """The reader asks phonenumbers for the type only, and takes UNKNOWN as invalid."""
    numbers = [
        phonenumbers.parse(f"+{number.country_code}{digits}")
        for _, number in EXAMPLE_MOBILES
        for nsn in [phonenumbers.national_significant_number(number)]
        for digits in (nsn, nsn[:-1], nsn + "0", "9" + nsn[1:])
    ]
    valid = [phonenumbers.is_valid_number(n) for n in numbers]
    known = [phonenumbers.number_type(n) != PhoneNumberType.UNKNOWN for n in numbers]
    assert 200 < sum(valid) < len(numbers)
    assert known == valid


def test_each_distinct_text_and_region_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    parse = phonenumbers.parse

    def counting(*args: Any, **kwargs: Any) -> phonenumbers.PhoneNumber:
        calls.append(args)
        return parse(*args, **kwargs)

    monkeypatch.setattr(phone_reading.phonenumbers, "parse", counting)  # type: ignore[attr-defined]
    cells = ["0151 23456789", "+44 7911 123456", "030 1234567", "12345", "(201) 555-0123"]
    regions = ["DE", "DE", "DE", "DE", "US"]
    normalize({"Phone": cells}, regions)
    once = len(calls)
    calls.clear()
    normalize({"Phone": cells * 50}, regions * 50)
    assert once >= len(cells)
    assert len(calls) == once


def test_an_international_number_is_parsed_once_whatever_the_rows_region(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[object, ...]] = []
    parse = phonenumbers.parse

    def counting(*args: Any, **kwargs: Any) -> phonenumbers.PhoneNumber:
        calls.append(args)
        return parse(*args, **kwargs)

    monkeypatch.setattr(phone_reading.phonenumbers, "parse", counting)  # type: ignore[attr-defined]
    result = normalize({"Phone": ["+44 7911 123456"] * 4}, ["DE", "FR", None, "US"])
    assert result.phone.tolist() == ["+447911123456"] * 4
    assert calls == [("+447911123456", None)]


WRITTEN = st.one_of(
    st.text(alphabet="0123456789 ()-.+'/", max_size=18),
    st.sampled_from(["447911123456.0", "4.47911E+11", "030/1234567", "' 0151 23", "0151 x12",
                     " +49 151 ", "tel:+1-201-555-0123;ext=12", "٠١٥١", "a/b", ""]),
)  # fmt: skip


@given(st.lists(WRITTEN, max_size=12, unique=True))
def test_cells_read_together_read_as_each_alone(cells: list[str]) -> None:
    forms = read_cells(np.array(cells, dtype=object))
    alone = [(i, *read_form(part)) for i, cell in enumerate(cells) for part in split_cell(cell)]
    together = list(zip(forms["cell"], *(forms[name] for name in Form._fields), strict=True))
    assert together == alone
