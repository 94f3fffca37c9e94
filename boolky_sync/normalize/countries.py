"""Which phone region a row's country column names, however the source wrote it.

A national number ("0151 2345678") means nothing without a country, and contact
exports write the country every way there is: ISO codes ("DE", "deu"), names in
the exporting user's language ("Deutschland", "Allemagne", "Alemania"), short
forms ("UK", "USA", "EE. UU.") and calling codes ("+49", "0049"). This module
turns each distinct value into the ISO 3166-1 alpha-2 code phonenumbers reads
numbers with, or None when the value names no country it knows.

The names come from data that is already kept up to date elsewhere: CLDR's
country names as phonenumbers ships them (the names people write: "Südkorea")
and pycountry's ISO 3166 names with their translations (the official forms:
"Korea, Republik"), plus the short forms neither has.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

import pandas as pd
import phonenumbers
import pycountry

LANGUAGES = ("en", "de", "fr", "es", "it", "pt")
"""The languages of the contact exports boolky-sync reads (the extract issue's six)."""

ALIASES: dict[str, tuple[str, ...]] = {
    "GB": (
        "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland",
        "Großbritannien", "England", "Schottland", "Nordirland",
        "Grande-Bretagne", "Angleterre", "Écosse", "Pays de Galles",
        "Gran Bretaña", "Inglaterra", "Escocia", "Gales",
        "Gran Bretagna", "Inghilterra", "Scozia", "Galles",
        "Grã-Bretanha", "Escócia", "País de Gales",
    ),
    "US": (
        "U.S.A.", "U.S.", "America", "United States of America", "Vereinigte Staaten", "Amerika",
        "États-Unis d'Amérique", "EE. UU.", "EEUU", "Estados Unidos de América",
        "Stati Uniti d'America", "Estados Unidos da América", "EUA",
    ),
    "DE": ("BRD", "Bundesrepublik Deutschland"),
    "NL": ("Holland", "Hollande", "Holanda", "Olanda", "Países Bajos", "Países Baixos"),
    "CZ": ("Czechia", "Czech Republic", "Tschechien", "Tchéquie", "Chequia", "Cechia", "Tchéquia"),
    "KR": ("Korea", "Korea (South)", "Republic of Korea"),
    "KP": ("Korea (North)", "Nordkorea"),
    "RU": ("Russia",),
    "TR": ("Turkey", "Türkiye", "Türkei"),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Costa do Marfim"),
    "XK": ("Kosovo", "Kosova", "Kosovë"),
    "MK": ("Macedonia", "North Macedonia", "Nordmazedonien", "Macédoine du Nord"),
    "SZ": ("Swaziland", "Eswatini"),
    "CV": ("Cape Verde", "Cabo Verde", "Kap Verde"),
    "MM": ("Burma", "Birma"),
    "VA": ("Vatican", "Vatican City", "Vatikan", "Vaticano"),
    "PS": ("Palestine", "Palästina"),
    "TW": ("Taiwan",),
    "IR": ("Iran",),
    "SY": ("Syria", "Syrien"),
    "VN": ("Vietnam", "Viet Nam"),
    "LA": ("Laos",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania", "Tansania"),
    "MD": ("Moldova", "Moldawien", "Moldau"),
}  # fmt: skip
"""Short and old forms people write that neither CLDR nor ISO lists."""

_CALLING_CODE = re.compile(r"(?:\+|00)?\s*([1-9]\d{0,2})")
_PARTS = re.compile(r"[,;/()|]| - ")


def region_for(values: pd.Series) -> pd.Series:
    """Per row the phonenumbers region the value names, or None; each distinct value read once."""
    distinct = values.dropna().unique()
    found = {value: region_of(str(value)) for value in distinct}
    regions = values.map(found)
    return regions.astype(object).where(regions.notna(), None)


def region_of(value: str) -> str | None:
    """One value: the whole of it, else its first part that names a country ("Berlin, Germany")."""
    region = _region_of_whole(value)
    if region is not None:
        return region
    return next(filter(None, map(_region_named, _PARTS.split(value))), None)


def _region_of_whole(value: str) -> str | None:
    text = value.strip()
    code = _CALLING_CODE.fullmatch(text)
    if code:
        region = phonenumbers.region_code_for_country_code(int(code.group(1)))
        return region if region in phonenumbers.SUPPORTED_REGIONS else None
    if text.isalpha() and len(text) <= 3:
        return _codes().get(text.upper()) or _region_named(text)
    return _region_named(text)


def _region_named(value: str) -> str | None:
    key = name_key(value)
    return _names().get(key) or _names().get(key.removeprefix("the"))


def name_key(text: str) -> str:
    """What two spellings of one name share: letters and digits, no accents, no case."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in bare.casefold() if c.isalnum())


@cache
def _codes() -> dict[str, str]:
    """ISO alpha-2 and alpha-3 codes, and "UK"; only ever matched on the value as written.

    Written as letters alone, so "n/a" stays junk instead of becoming Namibia.
    """
    codes = {region: region for region in phonenumbers.SUPPORTED_REGIONS} | {"UK": "GB"}
    for country in pycountry.countries:
        if country.alpha_2 in codes:
            codes[country.alpha_3] = country.alpha_2
    return codes


@cache
def _names() -> dict[str, str]:
    """Every known spelling's key → region; on a clash the earlier source wins."""
    known = phonenumbers.SUPPORTED_REGIONS
    table: dict[str, str] = {}
    for region, spelling in _spellings():
        if region in known:
            table.setdefault(name_key(spelling), region)
    return table


def _spellings() -> Iterator[tuple[str, str]]:
    """English ISO names, then the short forms, then CLDR's six languages, then ISO's five."""
    countries = list(pycountry.countries)
    for country in countries:
        for name in _iso_names(country):
            yield country.alpha_2, name
    for region, aliases in ALIASES.items():
        yield from ((region, alias) for alias in aliases)
    yield from _cldr_names()
    for language in LANGUAGES[1:]:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        for country in countries:
            for name in _iso_names(country):
                yield country.alpha_2, translation.gettext(name)


def _iso_names(country: pycountry.db.Country) -> Iterable[str]:
    names = (getattr(country, attr, None) for attr in ("name", "common_name", "official_name"))
    return [name for name in names if name]


def _cldr_names() -> Iterator[tuple[str, str]]:
    """The country names phonenumbers' geocoder carries; ``"*de"`` there means "as in de"."""
    from phonenumbers.geodata.locale import LOCALE_DATA  # 0.7 s to import: only when used

    for region, names in LOCALE_DATA.items():
        for language in LANGUAGES:
            name = names.get(language, "")
            while name.startswith("*"):
                name = names.get(name[1:], "")
            if name:
                yield region, name
