"""Properties of the whole stage on messy generated tables.

Normalizing contacts that normalize produced changes nothing (its output is a
fixed point, so a file cleaned with ``boolky-sync normalize`` reads back the
same), and every input row ends in exactly one place: a contact, maybe merged
into another row's, or a reject; the counts add up.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boolky_sync.extract import PhoneColumn
from boolky_sync.normalize import Normalized, NormalizeOptions, normalize
from tests.normalize.sources import mapping, source

PHONES = [
    "",
    "0151 23456789",
    "+49 151 23456789",
    "0049 (0)151-2345 6789",
    "tel:+49-151-23456789",
    "'015123456789",
    "4.91512345679E+12",
    "4.47911E+11",
    "07911 123456",
    "+44 7911 123456",
    "447911123456.0",
    "030 12345678",
    "+1 (201) 555-0123",
    "011 44 7911 123456",
    "0151 23456789 / 0170 1234567",
    "0151 23456789 ext. 12",
    "12",
    "n/a",
    "+0000",
    "＋４９ １５１ ２３４５６７８９",
]
NAMES = ["", " ", "Anna Müller", "  JOHN   SMITH ", "o'neil", "van der Berg", "Ünal", "X" * 60]
EMAILS = ["", "ann@example.org", "Ann@EXAMPLE.ORG", "ann@", "mailto:bob@example.com", "a@b"]
GENDERS = ["", "m", "Frau", "Mme", "2", "x", "Keine Angabe"]
BIRTHDAYS = ["", "1990-04-13", "13.04.1990", "04/13/1990", "31.02.1990", "--04-13", "34072"]
GROUPS = [
    "",
    "VIP",
    "vip;Staff",
    "* myContacts ::: Staff",
    "A, B | C",
    "Very long group name indeed here",
]
COUNTRIES = ["", "DE", "Germany", "United Kingdom", "44", "Narnia", "US"]

COLUMNS = {
    "Phone": PHONES,
    "Other phone": PHONES,
    "Name": NAMES,
    "Mail": EMAILS,
    "Gender": GENDERS,
    "Birthday": BIRTHDAYS,
    "Tags": GROUPS,
    "Country": COUNTRIES,
}
FIELDS = {
    "name": "Name",
    "email": "Mail",
    "gender": "Gender",
    "birthday": "Birthday",
    "groups": "Tags",
    "country": "Country",
}
PHONE_COLUMNS = [PhoneColumn("Phone", label="mobile"), PhoneColumn("Other phone", label="home")]
COMPARED = ["phone", "name", "gender", "mail", "birthday", "groups"]

rows = st.lists(st.tuples(*(st.sampled_from(values) for values in COLUMNS.values())), max_size=25)
options = st.builds(
    NormalizeOptions,
    default_region=st.sampled_from([None, "DE", "GB"]),
    non_mobile=st.sampled_from(["accept", "warn", "reject"]),
    other_phones=st.sampled_from(["drop", "split"]),
    merge_rule=st.sampled_from(["most_complete", "first", "last"]),
    name_fallback=st.sampled_from([None, "Customer"]),
    static_groups=st.sampled_from([(), ("Newsletter",)]),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def normalized(table_rows: list[tuple[str, ...]], chosen: NormalizeOptions) -> Normalized:
    columns = {name: [row[i] for row in table_rows] for i, name in enumerate(COLUMNS)}
    return normalize(source(columns), mapping(PHONE_COLUMNS, **FIELDS), chosen)


def as_source(contacts: pd.DataFrame) -> dict[str, list[str]]:
    """Contacts written back as a table of strings, the way contacts.csv holds them."""
    text = contacts[COMPARED].astype(object).where(contacts[COMPARED].notna(), "")
    return {
        "Phone": text["phone"].tolist(),
        "Name": text["name"].tolist(),
        "Gender": text["gender"].map(str).tolist(),
        "Mail": text["mail"].tolist(),
        "Birthday": text["birthday"].tolist(),
        "Tags": text["groups"].map(";".join).tolist(),
    }


def comparable(contacts: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [
        tuple(None if v is pd.NA else v for v in row)
        for row in contacts[COMPARED].itertuples(index=False)
    ]


@SETTINGS
@given(rows, options)
def test_normalizing_normalized_contacts_changes_nothing(
    table_rows: list[tuple[str, ...]], chosen: NormalizeOptions
) -> None:
    first = normalized(table_rows, chosen)
    again = normalize(
        source(as_source(first.contacts)),
        mapping(
            ["Phone"],
            name="Name",
            gender="Gender",
            email="Mail",
            birthday="Birthday",
            groups="Tags",
        ),
        chosen,
    )
    assert comparable(again.contacts) == comparable(first.contacts)
    assert again.rejects.empty
    assert again.merges.empty


@SETTINGS
@given(rows, options)
def test_every_row_ends_in_exactly_one_place_and_the_counts_add_up(
    table_rows: list[tuple[str, ...]], chosen: NormalizeOptions
) -> None:
    result = normalized(table_rows, chosen)
    stats = result.stats
    traced = [row for rows_of in result.contacts["rows"] for row in rows_of]
    refused = result.rejects["row"].tolist()
    assert set(traced).isdisjoint(refused)
    assert sorted(set(traced) | set(refused)) == list(range(2, len(table_rows) + 2))
    assert len(refused) == len(set(refused))
    assert len(traced) == stats.contacts + stats.merged
    assert stats.rows + stats.split == stats.contacts + stats.merged + sum(stats.rejected.values())
    assert (stats.rows, stats.contacts) == (len(table_rows), len(result.contacts))
    assert result.contacts["phone"].is_unique
    assert result.contacts["name"].notna().all()
    if chosen.other_phones == "drop":
        assert stats.split == 0
        assert len(traced) == len(set(traced))
    merged_rows = [row for rows_of in result.merges["rows"] for row in rows_of]
    assert len(merged_rows) - len(result.merges) == stats.merged
