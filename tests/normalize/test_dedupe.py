"""Rows that share a phone become one contact: who wins, what is filled, what is recorded."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.normalize.dedupe import MERGES_COLUMNS, merge_duplicates
from boolky_sync.normalize.options import MergeRule
from tests.normalize.test_properties import SETTINGS

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


FIELDS = ("name", "gender", "mail", "birthday")
ROW = st.fixed_dictionaries(
    {
        "phone": st.sampled_from(["+491511", "+491512", "+491513", "+491514"]),
        "name": st.sampled_from([None, "Ann", "Bo"]),
        "gender": st.sampled_from([None, 1, 2]),
        "mail": st.sampled_from([None, "a@x.org", "b@y.org"]),
        "birthday": st.sampled_from([None, "01-02-1990"]),
        "files": st.sampled_from([("f.csv",), ("g.csv",)]),
    }
)


def merged_by_hand(rows: list[dict[str, Any]], rule: MergeRule) -> list[dict[str, Any]]:
    """The merge the module docstring describes, one phone at a time, in plain Python."""
    out = []
    for phone in dict.fromkeys(r["phone"] for r in rows):
        mine = [(n, r) for n, r in enumerate(rows, start=2) if r["phone"] == phone]
        if rule == "first":
            order = mine
        elif rule == "last":
            order = mine[::-1]
        else:  # most known fields first, ties to the earlier row
            order = sorted(mine, key=lambda nr: -sum(nr[1][f] is not None for f in FIELDS))
        out.append(
            {
                "contact": (
                    phone,
                    *(next((r[f] for _, r in order if r[f] is not None), None) for f in FIELDS),
                    tuple(n for n, _ in mine),
                    tuple(r["files"][0] for _, r in mine),
                ),
                "kept": (order[0][0], order[0][1]["files"][0]),
            }
        )
    return out


@SETTINGS
@given(st.lists(ROW, min_size=1, max_size=25), st.sampled_from(["most_complete", "first", "last"]))
def test_the_merge_is_the_one_done_by_hand(rows: list[dict[str, Any]], rule: MergeRule) -> None:
    merged, record = merge_duplicates(contacts(*rows), rule)
    expected = merged_by_hand(rows, rule)
    assert values(merged, "phone", *FIELDS, "rows", "files") == [e["contact"] for e in expected]
    assert values(record, "phone", "rows", "files", "kept", "kept_file") == [
        (e["contact"][0], *e["contact"][-2:], *e["kept"])
        for e in expected
        if len(e["contact"][-2]) > 1
    ]


def test_merged_contacts_of_one_file_share_their_files_tuples() -> None:
    """A million merged rows of one file hold one files tuple per number of rows merged."""
    rows = [{"phone": f"+49151{i % 40}"} for i in range(200)] + [{"phone": "+4915199"}] * 3
    merged, _ = merge_duplicates(contacts(*rows), "first")
    files = list(merged["files"])
    assert {len(f) for f in files} == {5, 3}
    assert len({id(f) for f in files}) == 2
