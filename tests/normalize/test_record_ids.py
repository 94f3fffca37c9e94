"""The record id column (``[source.mapping] id``): text without its spaces, picked by the
merge rule when rows share a phone (and reported), copied to a row's further numbers."""

from __future__ import annotations

from boolky_sync.normalize import NormalizeOptions, normalize
from tests.normalize.sources import mapping, source

PEOPLE = {
    "Id": [" 0031 ", "", "0032", "0033"],
    "Name": ["Ann", "Bob", "Ann Lee", "Cy"],
    "Phone": ["+4915112345671", "+4915112345672", "+4915112345671", "+4915112345673"],
}


def test_a_record_id_is_kept_as_text_and_a_shared_phone_is_merged_and_reported() -> None:
    table = source(PEOPLE)

    result = normalize(table, mapping(["Phone"], name="Name", id="Id"))

    ids = dict(zip(result.contacts["phone"], result.contacts["record_id"], strict=True))
    assert ids == {"+4915112345671": "0031", "+4915112345672": None, "+4915112345673": "0033"}
    assert table.notes == [
        "1 phones are held by several record ids (+4915112345671); each became one contact, "
        "merged by the merge rule (most_complete)"
    ]


def test_the_last_rule_takes_the_last_rows_record_id() -> None:
    options = NormalizeOptions(merge_rule="last")

    result = normalize(source(PEOPLE), mapping(["Phone"], name="Name", id="Id"), options)

    assert result.contacts["record_id"].tolist()[0] == "0032"


def test_a_record_with_two_numbers_split_holds_its_id_on_both() -> None:
    table = source({"Id": ["7"], "Name": ["Ann"], "Phone": ["+4915112345671; +4915112345679"]})
    options = NormalizeOptions(other_phones="split")

    result = normalize(table, mapping(["Phone"], name="Name", id="Id"), options)

    assert result.contacts["record_id"].tolist() == ["7", "7"]
    assert table.notes == []


def test_without_an_id_column_every_record_id_is_unknown() -> None:
    result = normalize(source(PEOPLE), mapping(["Phone"], name="Name"))

    assert result.contacts["record_id"].isna().all()
