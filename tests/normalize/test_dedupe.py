"""Rows that share a phone become one contact: who wins, what is filled, what is recorded."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from boolky_sync.normalize.dedupe import MERGES_COLUMNS, merge_duplicates
from boolky_sync.normalize.options import MergeRule

COLUMNS = ("phone", "name", "gender", "mail", "birthday", "groups", "rows", "files", "phone_raw")


def contacts(*rows: dict[str, Any]) -> pd.DataFrame:
    """Contacts as normalize hands them to the merge: one per source row, row 2 onwards."""
    filled = [
        {
            "name": None,
            "gender": None,
            "mail": None,
            "birthday": None,
            "groups": (),
            "rows": (number,),
            "files": ("f.csv",),
            "phone_raw": row["phone"],
        }
        | row
        for number, row in enumerate(rows, start=2)
    ]
    frame = pd.DataFrame(
        {c: pd.Series([r[c] for r in filled], dtype=object) for c in COLUMNS},
    )
    frame["gender"] = frame["gender"].astype("Int64")
    return frame


def values(frame: pd.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    return [
        tuple(None if pd.isna(v) else v for v in row)
        for row in frame[list(columns)].itertuples(index=False)
    ]


SPARSE = {"phone": "+491511", "name": "Ann", "mail": None, "gender": 2}
FULL = {"phone": "+491511", "name": "Ann Smith", "mail": "ann@x.org", "birthday": "01-02-1990"}
LATE = {"phone": "+491511", "name": "A. Smith", "birthday": "03-04-1991", "phone_raw": "0151 1"}


@pytest.mark.parametrize(
    ("rule", "expected", "kept"),
    [
        # most known fields wins (FULL: 3 of 4), gaps filled in row order
        ("most_complete", ("Ann Smith", 2, "ann@x.org", "01-02-1990", "+491511"), 3),
        ("first", ("Ann", 2, "ann@x.org", "01-02-1990", "+491511"), 2),
        ("last", ("A. Smith", 2, "ann@x.org", "03-04-1991", "0151 1"), 4),
    ],
)
def test_the_rule_picks_the_row_that_speaks_and_the_others_fill_its_gaps(
    rule: MergeRule, expected: tuple[Any, ...], kept: int
) -> None:
    merged, record = merge_duplicates(contacts(SPARSE, FULL, LATE), rule)
    assert values(merged, "name", "gender", "mail", "birthday", "phone_raw") == [expected]
    assert values(merged, "rows", "files") == [((2, 3, 4), ("f.csv",) * 3)]
    assert values(record, *MERGES_COLUMNS) == [
        ("+491511", (2, 3, 4), ("f.csv",) * 3, kept, "f.csv")
    ]


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [
        ({"name": "Ann"}, {"name": "Bob"}, "Ann"),  # a tie goes to the earlier row
        ({"name": "Ann"}, {"name": "Bob", "gender": 1}, "Bob"),
        ({"name": None, "mail": "a@x.org"}, {"name": "Bob"}, "Bob"),  # no name: filled
        ({"name": "Ann", "mail": "a@x.org"}, {"name": "Bob", "birthday": "01-01-1990"}, "Ann"),
    ],
)
def test_most_complete_counts_known_fields_and_ties_go_to_the_earlier_row(
    first: dict[str, Any], second: dict[str, Any], name: str
) -> None:
    rows = contacts({"phone": "+1"} | first, {"phone": "+1"} | second)
    merged, _ = merge_duplicates(rows, "most_complete")
    assert merged["name"].tolist() == [name]


@pytest.mark.parametrize("rule", ["most_complete", "first", "last"])
def test_groups_are_united_once_and_sorted_whatever_the_rule(rule: MergeRule) -> None:
    rows = contacts(
        {"phone": "+1", "groups": ("Staff", "VIP")},
        {"phone": "+2", "groups": ("Other",)},
        {"phone": "+1", "groups": ()},
        {"phone": "+1", "groups": ("vip", "Family")},
    )
    merged, _ = merge_duplicates(rows, rule)
    assert values(merged, "phone", "groups") == [
        ("+1", ("Family", "Staff", "VIP")),
        ("+2", ("Other",)),
    ]


def test_contacts_keep_the_order_in_which_their_phone_first_occurs() -> None:
    rows = contacts(
        {"phone": "+3", "name": "C"},
        {"phone": "+1", "name": "A"},
        {"phone": "+2", "name": "B"},
        {"phone": "+1", "name": "A2"},
        {"phone": "+3", "name": "C2"},
    )
    merged, record = merge_duplicates(rows, "first")
    assert values(merged, "phone", "name", "rows") == [
        ("+3", "C", (2, 6)),
        ("+1", "A", (3, 5)),
        ("+2", "B", (4,)),
    ]
    assert record["phone"].tolist() == ["+3", "+1"]
    assert list(merged.columns) == list(COLUMNS)


def test_without_duplicates_nothing_changes_and_nothing_is_recorded() -> None:
    rows = contacts({"phone": "+1", "name": "A"}, {"phone": "+2", "gender": 1})
    merged, record = merge_duplicates(rows, "most_complete")
    pd.testing.assert_frame_equal(merged, rows)
    assert record.empty
    assert list(record.columns) == list(MERGES_COLUMNS)


def test_merging_merged_contacts_again_changes_nothing() -> None:
    rows = contacts(SPARSE, {"phone": "+2"}, FULL, LATE, {"phone": "+2", "name": "Z"})
    once, _ = merge_duplicates(rows, "most_complete")
    twice, record = merge_duplicates(once, "most_complete")
    pd.testing.assert_frame_equal(twice, once)
    assert record.empty


def test_a_contact_merged_from_rows_of_two_files_keeps_both_traces() -> None:
    rows = contacts(
        {"phone": "+1", "name": "A"},
        {"phone": "+1", "mail": "a@x.org", "rows": (2,), "files": ("g.csv",)},
    )
    merged, record = merge_duplicates(rows, "last")
    assert values(merged, "name", "mail", "rows", "files") == [
        ("A", "a@x.org", (2, 2), ("f.csv", "g.csv"))
    ]
    assert values(record, "kept", "kept_file") == [(2, "g.csv")]


def test_gender_stays_a_nullable_integer_after_a_merge() -> None:
    merged, _ = merge_duplicates(
        contacts({"phone": "+1"}, {"phone": "+1", "gender": 1}, {"phone": "+2"}), "first"
    )
    assert str(merged["gender"].dtype) == "Int64"
    assert values(merged, "gender") == [(1,), (None,)]
