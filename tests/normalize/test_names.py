"""Names as people type them into CRMs and spreadsheets, and what Boolky gets."""

from __future__ import annotations

from unittest.mock import patch

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.api.records import NAME_MAX
from boolky_sync.normalize import names
from boolky_sync.normalize.names import normalize_names


def cells(*values: str) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def one_name(full: str) -> tuple[str | None, str]:
    result = normalize_names(cells(full), None, None, None)
    return result.values[0], result.notes[0]


@pytest.mark.parametrize(
    ("full", "first", "middle", "last", "expected"),
    [
        ("Chloe Smith", "", "", "", "Chloe Smith"),
        ("", "Chloe", "", "Smith", "Chloe Smith"),
        ("", "Anna", "Lena", "Weiß", "Anna Lena Weiß"),
        ("", "", "", "O'Brien", "O'Brien"),
        ("", "Liam", "", "", "Liam"),
        ("   ", "Liam", "", "Williams", "Liam Williams"),
        ("Chloe Smith", "Other", "", "Person", "Chloe Smith"),
        ("", "", "", "", None),
    ],
    ids=["full", "first-last", "with-middle", "last-only", "first-only", "blank-full",
         "full-wins", "nothing"],
)  # fmt: skip
def test_full_name_wins_else_the_parts_are_joined(
    full: str, first: str, middle: str, last: str, expected: str | None
) -> None:
    result = normalize_names(cells(full), cells(first), cells(middle), cells(last))
    assert result.values[0] == expected


def test_columns_a_source_lacks_are_left_out() -> None:
    only_parts = normalize_names(None, cells("Jürgen", ""), None, cells("Groß", "Fuß"))
    only_full = normalize_names(cells("Théo Moreau"), None, None, None)
    assert only_parts.values.tolist() == ["Jürgen Groß", "Fuß"]
    assert only_full.values.tolist() == ["Théo Moreau"]


def test_no_name_column_at_all_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="at least one name column"):
        normalize_names(None, None, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Chloe   Smith ", "Chloe Smith"),
        ("Chloe\u00a0Smith", "Chloe Smith"),
        ("Chloe\tSmith", "Chloe Smith"),
        ("Chloe\r\nSmith", "Chloe Smith"),
        ("Chloe\u200bSmith", "ChloeSmith"),
        ("\ufeffChloe Smith", "Chloe Smith"),
        ("Zoe\u0301 Dubois", "Zoé Dubois"),
        ('"Chloe Smith"', "Chloe Smith"),
        ("'Chloe Smith'", "Chloe Smith"),
        ("„Jürgen Groß“", "Jürgen Groß"),
        ("«Loïc Faure»", "Loïc Faure"),
        ("Smith, John", "Smith, John"),
        ("Chloe Smith,", "Chloe Smith"),
        (";Chloe Smith;", "Chloe Smith"),
        ("Gerard 't Hooft", "Gerard 't Hooft"),
        ("John Smith Jr.", "John Smith Jr."),
    ],
    ids=["spaces", "nbsp", "tab", "newline", "zero-width", "bom", "nfd", "double-quotes",
         "single-quotes", "german-quotes", "guillemets", "inner-comma-kept", "trailing-comma",
         "semicolons", "inner-apostrophe-kept", "trailing-dot-kept"],
)  # fmt: skip
def test_only_accidental_spaces_quotes_and_separators_go(raw: str, expected: str) -> None:
    assert one_name(raw) == (expected, "")


def test_nfc_makes_two_spellings_of_one_name_equal() -> None:
    composed, decomposed = "Zoé Dubois", "Zoe\u0301 Dubois"
    assert normalize_names(cells(composed, decomposed), None, None, None).values.nunique() == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("JOHN MCDONALD", "John McDonald"),
        ("mary o'neil", "Mary O'Neil"),
        ("MARY O’NEIL", "Mary O’Neil"),
        ("FRANCESCA D'ANGELO", "Francesca D'Angelo"),
        ("LUDWIG VAN DER BERG", "Ludwig van der Berg"),
        ("jean-pierre de la fontaine", "Jean-Pierre de la Fontaine"),
        ("ANNE-MARIE DUPONT", "Anne-Marie Dupont"),
        ("MARIA DOS SANTOS", "Maria dos Santos"),
        ("KARL-THEODOR ZU GUTTENBERG", "Karl-Theodor zu Guttenberg"),
        ("DE LUCA", "De Luca"),
        ("ANH LE", "Anh Le"),
        ("JOHN SMITH III", "John Smith III"),
        ("JÜRGEN GROß", "Jürgen Groß"),
        ("josé peña", "José Peña"),
        ("ΟΔΥΣΣΕΑΣ ΕΛΥΤΗΣ", "Οδυσσεας Ελυτης"),
        ("BJÖRN (BJ) SCHÄFER", "Björn (Bj) Schäfer"),
        ("MACY GRAY", "Macy Gray"),
    ],
    ids=["mc", "o-apostrophe", "typographic-apostrophe", "d-apostrophe", "dutch-particles",
         "french-particles", "hyphenated", "portuguese-particle", "german-zu",
         "particle-first-is-a-name", "particle-last-is-a-name", "roman-suffix", "eszett",
         "lower-accents", "greek", "bracketed-nickname", "mac-is-not-treated"],
)  # fmt: skip
def test_case_is_fixed_only_for_names_all_upper_or_all_lower(raw: str, expected: str) -> None:
    value, note = one_name(raw)
    assert value == expected
    assert note == f"name_case_fixed: {raw!r}"


@pytest.mark.parametrize(
    "raw",
    ["John McDonald", "Ludwig van der Berg", "DeShawn Jones", "Mary O'Neil", "Giosuè De Luca",
     "MacDonald", "iPhone Repair Shop", "Jean-Luc PICARD", "李小龙", "J"],
)  # fmt: skip
def test_mixed_case_and_caseless_names_are_the_persons_own_spelling(raw: str) -> None:
    assert one_name(raw) == (raw, "")


def test_a_long_name_is_cut_at_a_word_break_and_noted() -> None:
    raw = "Maria de los Dolores Fernández de Córdoba Aguilar Ponce"
    value, note = one_name(raw)
    assert value == "Maria de los Dolores Fernández de Córdoba Aguilar"
    assert len(value) <= NAME_MAX
    assert note == f"name_shortened: {raw!r}"


def test_a_cut_never_ends_on_a_hyphen_or_separator() -> None:
    value, _ = one_name("Wolfeschlegelsteinhausenbergerdorff Hubert Blaine -Senior")
    assert value == "Wolfeschlegelsteinhausenbergerdorff Hubert Blaine"


def test_a_single_word_longer_than_the_limit_is_cut_inside_it() -> None:
    raw = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft"
    value, note = one_name(raw)
    assert value == raw[:NAME_MAX]
    assert note.startswith("name_shortened: ")


def test_exactly_fifty_characters_are_kept_whole() -> None:
    raw = "Ann " + "x" * (NAME_MAX - 4)
    assert one_name(raw) == (raw, "")


def test_case_fix_and_cut_are_both_noted_with_the_original() -> None:
    raw = "MARIA DE LOS DOLORES FERNÁNDEZ DE CÓRDOBA AGUILAR PONCE"
    value, note = one_name(raw)
    assert value == "Maria de los Dolores Fernández de Córdoba Aguilar"
    assert note == f"name_case_fixed: {raw!r}; name_shortened: {raw!r}"


@pytest.mark.parametrize("raw", ["-", "---", "?", "...", '""', "' '"])
def test_a_name_of_nothing_but_marks_is_no_name(raw: str) -> None:
    value, note = one_name(raw)
    assert value is None
    assert note.startswith("name_unusable") or note == ""


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0", "\t\n"])
def test_an_empty_name_is_missing_without_a_note(raw: str) -> None:
    assert one_name(raw) == (None, "")


def test_results_keep_the_input_index_and_repeat_readings_for_repeated_names() -> None:
    full = pd.Series(["JOHN SMITH", "", "JOHN SMITH"], index=[7, 3, 9], dtype=object)
    result = normalize_names(full, None, None, None)
    assert result.values.index.tolist() == [7, 3, 9]
    assert result.notes.index.tolist() == [7, 3, 9]
    assert result.values.tolist() == ["John Smith", None, "John Smith"]
    assert result.notes[9] == result.notes[7] != ""


NAME_TEXT = st.text(
    st.characters(
        categories=("L", "M", "N", "Zs", "Pd", "Po", "Pi", "Pf"),
        include_characters="\t\n'’\"",
    ),
    max_size=70,
)


@given(st.lists(NAME_TEXT, min_size=1, max_size=5))
def test_normalizing_normalized_names_changes_nothing(raw: list[str]) -> None:
    once = normalize_names(cells(*raw), None, None, None)
    again = normalize_names(cells(*[v or "" for v in once.values]), None, None, None)
    assert again.values.tolist() == once.values.tolist()
    assert set(again.notes) == {""}
    assert all(v is None or 1 <= len(v) <= NAME_MAX for v in once.values)


@given(
    st.lists(NAME_TEXT | st.from_regex(names.PLAIN_NAME, fullmatch=True), min_size=1, max_size=4)
)
def test_taking_plain_names_as_they_are_agrees_with_reading_each(raw: list[str]) -> None:
    fast = normalize_names(cells(*raw), None, None, None)
    with patch.object(names, "_settled", None):
        slow = normalize_names(cells(*raw), None, None, None)
    assert fast.values.tolist() == slow.values.tolist()
    assert fast.notes.tolist() == slow.notes.tolist()


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "Ann", "ANN", " ann ", "O'NEIL", "Jean-Luc", "ß"]),
            st.sampled_from(["", "van", "Marie", "DE"]),
            st.sampled_from(["", "Smith", "LE", "der Berg", "'Lee'", "x" * 60]),
        ),
        max_size=60,
    )
)
def test_parts_composed_once_per_combination_read_as_row_by_row(
    rows: list[tuple[str, str, str]],
) -> None:
    """Parts are composed and read once per distinct combination; every row still gets
    what composing and reading its own cells gives, at its own index."""
    index = pd.Index(range(100, 100 + len(rows)))
    first, middle, last = (
        pd.Series([row[i] for row in rows], index=index, dtype=object) for i in range(3)
    )
    got = normalize_names(None, first, middle, last)
    for at, (f, m, la) in zip(index, rows, strict=True):
        alone = normalize_names(cells(f + " " + m + " " + la), None, None, None)
        assert (got.values[at], got.notes[at]) == (alone.values[0], alone.notes[0])
