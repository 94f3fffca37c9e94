"""Tag, label, list and category cells as exports write them, and the groups they become."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.api.records import GROUP_NAME_MAX
from boolky_sync.normalize.groups import (
    group_key,
    group_name_problem,
    normalize_groups,
)
from boolky_sync.normalize.options import NormalizeOptions

DEFAULTS = NormalizeOptions()


def cells(*values: str) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def groups_of(*column: str, options: NormalizeOptions = DEFAULTS) -> list[tuple[str, ...]]:
    return normalize_groups([cells(*column)], options).values.tolist()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("* myContacts ::: Staff ::: VIP", ("Staff", "VIP")),
        ("* My Contacts ::: Customers ::: Suppliers", ("Customers", "Suppliers")),
        ("* myContacts", ()),
        ("* starred ::: * friends ::: Events", ("Events",)),
        ("System Group: My Contacts ::: Events", ("Events",)),
        ("Events;VIP", ("Events", "VIP")),
        ("Staff; Suppliers", ("Staff", "Suppliers")),
        ("Events, VIP", ("Events", "VIP")),
        ("Staff,VIP", ("Staff", "VIP")),
        ("Staff | VIP", ("Staff", "VIP")),
        ('"Staff","Suppliers"', ("Staff", "Suppliers")),
        ('"Sales, North","VIP"', ("Sales, North", "VIP")),
        ('["Events","Suppliers"]', ("Events", "Suppliers")),
        ("[]", ()),
        ("[Old] Customers", ("[Old] Customers",)),
        ("VIP;;  ; VIP", ("VIP",)),
        ("  Newsletter  ", ("Newsletter",)),
        ("Key  Accounts", ("Key Accounts",)),
        ("", ()),
    ],
    ids=["google", "google-legacy", "google-system-only", "google-other-system",
         "google-older-system", "outlook", "semicolon-space", "comma-space", "zoho",
         "pipe", "mailchimp", "mailchimp-comma-inside", "json-list", "json-empty",
         "brackets-in-a-name", "empty-parts-and-repeats", "outer-spaces", "inner-spaces",
         "empty"],
)  # fmt: skip
def test_cells_are_split_and_system_labels_dropped(cell: str, expected: tuple[str, ...]) -> None:
    assert groups_of(cell) == [expected]


def test_longer_separators_are_tried_first() -> None:
    options = NormalizeOptions(group_separators=(":", " ::: "))
    assert groups_of("Staff ::: VIP:Events", options=options) == [("Events", "Staff", "VIP")]


def test_names_differing_in_case_or_spacing_are_one_group_spelled_as_first_seen() -> None:
    column = ["Events; vip", "VIP;  events", "Vip ", "EVENTS"]
    assert groups_of(*column) == [
        ("Events", "vip"),
        ("Events", "vip"),
        ("vip",),
        ("Events",),
    ]


def test_first_seen_counts_across_columns_row_by_row() -> None:
    tags = cells("", "newsletter", "")
    lists = cells("NEWSLETTER", "", "Newsletter")
    result = normalize_groups([tags, lists], DEFAULTS)
    assert result.values.tolist() == [("NEWSLETTER",)] * 3


def test_several_columns_are_united_per_row() -> None:
    tags = cells("Staff", "", "VIP")
    categories = cells("VIP; Events", "Events", "vip")
    result = normalize_groups([tags, categories], DEFAULTS)
    assert result.values.tolist() == [("Events", "Staff", "VIP"), ("Events",), ("VIP",)]


def test_the_map_renames_and_drops_any_case_or_spacing() -> None:
    options = NormalizeOptions(group_map={"Kunden": "Customers", "  newsletter ": None})
    result = groups_of("kunden; Newsletter; VIP", "KUNDEN", options=options)
    assert result == [("Customers", "VIP"), ("Customers",)]


def test_the_map_can_keep_a_system_label() -> None:
    options = NormalizeOptions(group_map={"* starred": "Favourites"})
    assert groups_of("* myContacts ::: * starred", options=options) == [("Favourites",)]


def test_static_groups_reach_every_row() -> None:
    options = NormalizeOptions(static_groups=("Import 2024", "All customers"))
    assert groups_of("VIP", "", options=options) == [
        ("All customers", "Import 2024", "VIP"),
        ("All customers", "Import 2024"),
    ]


def test_the_pipelines_spelling_wins_over_the_sources() -> None:
    options = NormalizeOptions(static_groups=("VIP",), group_map={"kunden": "Customers"})
    result = groups_of("vip; customers", "Kunden", options=options)
    assert result == [("Customers", "VIP"), ("Customers", "VIP")]


def test_a_long_name_is_cut_at_a_word_break_and_noted() -> None:
    result = normalize_groups([cells("Customers from the spring fair 2024; VIP")], DEFAULTS)
    assert result.values[0] == ("Customers from the spring", "VIP")
    assert result.notes[0] == (
        "group_shortened: 'Customers from the spring fair 2024' cut to 'Customers from the spring'"
    )


def test_a_long_single_word_is_cut_inside_it() -> None:
    word = "Donaudampfschifffahrtsgesellschaft"
    assert groups_of(word) == [(word[:GROUP_NAME_MAX],)]


def test_long_names_that_cut_to_one_name_are_one_group() -> None:
    result = groups_of("Customers from the spring fair 2024", "Customers from the spring fair 2025")
    assert result == [("Customers from the spring",)] * 2


@pytest.mark.parametrize(
    "options",
    [
        NormalizeOptions(static_groups=("Customers from the spring fair 2024",)),
        NormalizeOptions(static_groups=("  ",)),
        NormalizeOptions(group_map={"x": "Customers from the spring fair 2024"}),
    ],
    ids=["long-static", "blank-static", "long-map-target"],
)
def test_names_the_pipeline_gives_must_fit_boolky(options: NormalizeOptions) -> None:
    with pytest.raises(ValueError, match=r"group name|25 characters"):
        normalize_groups([cells("VIP")], options)


def test_no_column_at_all_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="needs a column"):
        normalize_groups([], DEFAULTS)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("VIP", None),
        ("x" * GROUP_NAME_MAX, None),
        ("", "empty"),
        ("x" * (GROUP_NAME_MAX + 1), "25"),
    ],
)
def test_group_name_problem_says_why_a_name_cannot_be_used(name: str, problem: str | None) -> None:
    found = group_name_problem(name)
    assert found is None if problem is None else problem in (found or "")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("VIP", "vip"),
        ("Key Accounts", " key   accounts "),
        ("Zoé", "Zoe\u0301"),
        ("STRASSE", "straße"),
    ],
)
def test_group_key_matches_what_boolky_treats_as_one_name(a: str, b: str) -> None:
    assert group_key(a) == group_key(b)


def test_results_keep_the_input_index_and_repeat_readings() -> None:
    column = pd.Series(
        ["VIP", "", "VIP; Long name of a group over limit"], index=[9, 4, 6], dtype=object
    )
    result = normalize_groups([column], DEFAULTS)
    assert result.values.to_dict() == {9: ("VIP",), 4: (), 6: ("Long name of a group over", "VIP")}
    assert result.notes[9] == result.notes[4] == ""
    assert result.notes[6].startswith("group_shortened: ")


GROUP_NAME = st.text(
    st.characters(categories=("L", "N"), include_characters=" -_&.'"), min_size=1, max_size=30
).filter(lambda name: bool(name.strip()))


@given(st.lists(st.lists(GROUP_NAME, max_size=4), min_size=1, max_size=6))
def test_normalizing_normalized_groups_changes_nothing(rows: list[list[str]]) -> None:
    """Groups go out ``;``-joined (contacts.csv); read back, they are the same groups."""
    once = normalize_groups([cells(*["; ".join(row) for row in rows])], DEFAULTS)
    again = normalize_groups([cells(*[";".join(groups) for groups in once.values])], DEFAULTS)
    assert again.values.tolist() == once.values.tolist()
    assert set(again.notes) <= {""}
    assert all(1 <= len(name) <= GROUP_NAME_MAX for groups in once.values for name in groups)


@given(st.lists(GROUP_NAME, min_size=1, max_size=8))
def test_one_key_has_one_spelling_in_the_whole_column(names: list[str]) -> None:
    result = normalize_groups([cells(*names)], DEFAULTS)
    shown = {name for groups in result.values for name in groups}
    assert len(shown) == len({group_key(name) for name in shown})
