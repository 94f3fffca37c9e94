"""Gender words, letters, digits and salutations in six languages, read as Boolky's 1 and 2."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.normalize.gender import (
    FEMALE,
    FEMALE_SPELLINGS,
    MALE,
    MALE_SPELLINGS,
    normalize_gender,
)


def cells(*values: str) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def one_gender(raw: str) -> tuple[int | None, str]:
    result = normalize_gender(cells(raw))
    return result.values[0], result.notes[0]


MALE_FORMS = {
    "english": ["M", "m", "Male", "MALE", "man", "Mr", "Mr.", "MR.", "Mister"],
    "german": ["Herr", "Hr.", "Männlich", "männlich", "MÄNNLICH", "maennlich", "männl.", "Mann"],
    "french": ["Monsieur", "M.", "masculin", "Homme", "H"],
    "spanish": ["Sr.", "Señor", "señor", "Senor", "hombre", "Hombre", "masculino", "Varón"],
    "italian": ["Sig.", "Sig", "Signor", "Signore", "maschio", "uomo"],
    "portuguese": ["Sr", "Senhor", "homem", "Masculino"],
    "digits": ["1", " 1 "],
    "salutation with title": ["Herr Dr.", "Mr. Dr.", "Herr Prof. Dr."],
}
FEMALE_FORMS = {
    "english": ["F", "f", "Female", "woman", "Mrs", "Mrs.", "Ms", "Ms.", "Miss"],
    "german": ["Frau", "Fr.", "weiblich", "Weiblich", "w", "W", "weibl.", "Fräulein", "Frl."],
    "french": ["Madame", "Mme", "Mme.", "Mlle", "Mademoiselle", "féminin", "Femme"],
    "spanish": ["Sra.", "Srta.", "Señora", "Señorita", "mujer", "Mujer", "femenino"],
    "italian": ["Sig.ra", "Sig.na", "Signora", "Signorina", "femmina", "donna"],
    "portuguese": ["Sra", "Senhora", "mulher", "Feminino"],
    "digits": ["2"],
    "salutation with title": ["Frau Dr.", "Mrs. Prof.", "Frau Prof. Dr."],
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(raw, MALE) for forms in MALE_FORMS.values() for raw in forms]
    + [(raw, FEMALE) for forms in FEMALE_FORMS.values() for raw in forms],
)
def test_known_spellings_are_read_without_a_note(raw: str, expected: int) -> None:
    assert one_gender(raw) == (expected, "")


@pytest.mark.parametrize(
    "raw",
    ["", " ", "Unspecified", "unknown", "None", "n/a", "N/A", "-", "0", "9", "U", "N",
     "Keine Angabe", "Nicht angegeben", "unbekannt", "Non spécifié", "inconnu",
     "Sin especificar", "desconocido", "Non specificato", "Não especificado",
     "Prefer not to say"],
)  # fmt: skip
def test_ways_of_saying_not_given_are_no_gender_and_no_note(raw: str) -> None:
    assert one_gender(raw) == (None, "")


@pytest.mark.parametrize(
    "raw",
    ["divers", "Divers", "x", "X", "other", "O", "non-binary", "Dr.", "Prof.", "Mr & Mrs",
     "Familie", "Herr und Frau", "3"],
)  # fmt: skip
def test_anything_else_is_not_sent_and_noted(raw: str) -> None:
    assert one_gender(raw) == (None, f"gender_unknown: {raw!r}")


def test_m_is_female_in_a_column_of_h_and_m() -> None:
    spanish = normalize_gender(cells("H", "M", "m", "", "H"))
    assert spanish.values.tolist() == [MALE, FEMALE, FEMALE, None, MALE]


@pytest.mark.parametrize(
    "column",
    [["M", "F", "M"], ["M", "F", "H"], ["M"], ["M", "Mujer"]],
    ids=["m-f", "h-and-f", "m-alone", "m-with-words"],
)
def test_m_is_male_unless_the_column_pairs_it_with_h_alone(column: list[str]) -> None:
    assert normalize_gender(cells(*column)).values[0] == MALE


def test_the_pipeline_adds_spellings_in_any_case_and_accents() -> None:
    result = normalize_gender(cells("Divers", "Kerl", "Weib", "Mann"), {"kérl": 1, "WEIB.": 2})
    assert result.values.tolist() == [None, MALE, FEMALE, MALE]
    assert result.notes.tolist() == ["gender_unknown: 'Divers'", "", "", ""]


def test_pipeline_spellings_win_over_the_built_in_ones() -> None:
    result = normalize_gender(cells("M", "F"), {"m": FEMALE, "f": MALE})
    assert result.values.tolist() == [FEMALE, MALE]


@pytest.mark.parametrize("wrong", [0, 3, -1])
def test_pipeline_spellings_must_mean_male_or_female(wrong: int) -> None:
    with pytest.raises(ValueError, match="1 \\(male\\) or 2 \\(female\\)"):
        normalize_gender(cells("x"), {"x": wrong})


def test_results_keep_the_input_index() -> None:
    result = normalize_gender(pd.Series(["Frau", "Herr", "?"], index=[5, 2, 8], dtype=object))
    assert result.values.to_dict() == {5: FEMALE, 2: MALE, 8: None}
    assert result.notes.to_dict() == {5: "", 2: "", 8: ""}


def _spelled(word: str) -> st.SearchStrategy[str]:
    """A spelling as sources vary it: any case, a trailing dot, spaces around."""
    return st.tuples(
        st.lists(st.booleans(), min_size=len(word), max_size=len(word)),
        st.sampled_from(["", "."]),
        st.sampled_from(["", " ", "  "]),
    ).map(
        lambda t: (
            t[2]
            + "".join(c.upper() if up else c for c, up in zip(word, t[0], strict=True))
            + t[1]
            + t[2]
        )
    )


@given(st.data())
def test_varied_spellings_read_as_their_word(data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(MALE_SPELLINGS + FEMALE_SPELLINGS))
    spelled = data.draw(_spelled(word))
    expected = MALE if word in MALE_SPELLINGS else FEMALE
    assert normalize_gender(cells(spelled, "F")).values[0] == expected


@given(st.lists(st.text(max_size=12) | st.sampled_from(MALE_SPELLINGS + FEMALE_SPELLINGS)))
def test_normalizing_normalized_genders_changes_nothing(raw: list[str]) -> None:
    once = normalize_gender(cells(*raw))
    again = normalize_gender(cells(*["" if v is None else str(v) for v in once.values]))
    assert again.values.tolist() == once.values.tolist()
    assert set(again.notes) <= {""}
    assert set(once.values) <= {MALE, FEMALE, None}
