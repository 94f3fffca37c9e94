"""Country columns as contact exports write them, read into the region phonenumbers uses."""

from __future__ import annotations

import pandas as pd
import phonenumbers
import pytest

from boolky_sync.normalize import countries
from boolky_sync.normalize.countries import region_for


def regions(*values: str | None) -> list[str | None]:
    return region_for(pd.Series(values, dtype=object)).tolist()


@pytest.mark.parametrize(
    ("value", "region"),
    [
        # ISO codes, any case, alpha-3 too
        ("DE", "DE"), ("de", "DE"), (" DE ", "DE"), ("GB", "GB"), ("UK", "GB"), ("uk", "GB"),
        ("DEU", "DE"), ("deu", "DE"), ("GBR", "GB"), ("USA", "US"), ("FRA", "FR"), ("BRA", "BR"),
        # English
        ("Germany", "DE"), ("United Kingdom", "GB"), ("Great Britain", "GB"), ("England", "GB"),
        ("United States", "US"), ("United States of America", "US"), ("U.S.A.", "US"),
        ("U.K.", "GB"),
        ("The Netherlands", "NL"), ("South Korea", "KR"), ("Ivory Coast", "CI"),
        ("Czech Republic", "CZ"), ("Russia", "RU"), ("Brazil", "BR"), ("Kosovo", "XK"),
        # German
        ("Deutschland", "DE"), ("Vereinigtes Königreich", "GB"), ("Großbritannien", "GB"),
        ("Vereinigte Staaten", "US"), ("Vereinigte Staaten von Amerika", "US"),
        ("Österreich", "AT"), ("Schweiz", "CH"), ("Niederlande", "NL"), ("Südkorea", "KR"),
        ("Türkei", "TR"), ("Tschechien", "CZ"), ("Spanien", "ES"), ("Russland", "RU"),
        ("Elfenbeinküste", "CI"), ("Mazedonien", "MK"), ("Kasachstan", "KZ"),
        # French
        ("Allemagne", "DE"), ("Royaume-Uni", "GB"), ("États-Unis", "US"), ("Etats-Unis", "US"),
        ("Suisse", "CH"), ("Espagne", "ES"), ("Pays-Bas", "NL"), ("Côte d'Ivoire", "CI"),
        ("Russie", "RU"), ("Corée du Sud", "KR"),
        # Spanish
        ("Alemania", "DE"), ("Reino Unido", "GB"), ("Estados Unidos", "US"), ("EE. UU.", "US"),
        ("EEUU", "US"), ("España", "ES"), ("Espana", "ES"), ("México", "MX"),
        ("Países Bajos", "NL"),
        # Italian
        ("Germania", "DE"), ("Regno Unito", "GB"), ("Stati Uniti", "US"), ("Italia", "IT"),
        ("Svizzera", "CH"), ("Costa d'Avorio", "CI"),
        # Portuguese
        ("Alemanha", "DE"), ("Estados Unidos da América", "US"), ("EUA", "US"), ("Brasil", "BR"),
        ("Reino Unido", "GB"), ("Suíça", "CH"), ("Portugal", "PT"),
        # case, accents and spacing do not matter
        ("GERMANY", "DE"), ("deutschland", "DE"), ("  Deutschland  ", "DE"), ("ESPAÑA", "ES"),
        ("cote d ivoire", "CI"),
        # calling codes
        ("+49", "DE"), ("49", "DE"), ("0049", "DE"), ("+44", "GB"), ("+1", "US"), ("001", "US"),
        ("+ 33", "FR"), ("+351", "PT"),
        # a country among other words
        ("Berlin, Germany", "DE"), ("Deutschland (DE)", "DE"), ("Wien / Österreich", "AT"),
    ],
)  # fmt: skip
def test_country_values_name_their_region(value: str, region: str) -> None:
    assert regions(value) == [region]


@pytest.mark.parametrize(
    "value",
    ["", " ", "n/a", "N/A", "-", "unknown", "xx", "XYZ", "Atlantis", "+999", "999", "0", "+0",
     "12, 34", "Mars / Venus"],
)  # fmt: skip
def test_junk_names_no_region(value: str) -> None:
    assert regions(value) == [None]


def test_missing_values_stay_missing_and_the_index_is_kept() -> None:
    values = pd.Series(["Germany", None, float("nan"), "FR"], index=[4, 2, 9, 1], dtype=object)
    found = region_for(values)
    assert found.index.tolist() == [4, 2, 9, 1]
    assert found.tolist() == ["DE", None, None, "FR"]
    assert found.dtype == object


def test_every_region_found_is_one_phonenumbers_reads() -> None:
    found = set(countries._names().values()) | set(countries._codes().values())
    assert found <= phonenumbers.SUPPORTED_REGIONS
    assert len(found) == len(phonenumbers.SUPPORTED_REGIONS)


def test_each_distinct_value_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    region_of = countries.region_of

    def counting(value: str) -> str | None:
        seen.append(value)
        return region_of(value)

    monkeypatch.setattr(countries, "region_of", counting)
    assert regions(*["Deutschland", "FR", "Deutschland"] * 100) == ["DE", "FR", "DE"] * 100
    assert sorted(seen) == ["Deutschland", "FR"]
