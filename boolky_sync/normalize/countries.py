"""Which phone region a row's country column names, however the source wrote it.

A national number ("0151 2345678") means nothing without a country, and contact
exports write the country every way there is: ISO codes ("DE", "deu"), names in
the exporting user's language ("Deutschland", "Allemagne", "Alemania"), short
forms ("UK", "USA", "EE. UU.") and calling codes ("+49", "0049"). This module
turns each distinct value into the ISO 3166-1 alpha-2 code phonenumbers reads
numbers with, or None when the value names no country it knows.

The names come from pycountry: ISO 3166's names, short names and official
names ("Korea, Republic of", "South Korea", "Republic of Korea") with their
translations ("Korea, Republik", "Südkorea"), plus the short and everyday
forms ISO does not list ("UK", "Russland", "Elfenbeinküste"). CLDR's names,
which phonenumbers' geocoder ships, would cover more of those, but loading
them costs 100 MiB and most of a second for a dozen names worth having.
"""

from __future__ import annotations

import difflib
import gettext
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

import numpy as np
import pandas as pd
import phonenumbers
import pycountry

from boolky_sync.option_rules import OptionError, shown

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
    "RU": ("Russia", "Russland", "Russie", "Rusia", "Rússia"),
    "TR": ("Turkey", "Türkiye", "Türkei"),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Elfenbeinküste", "Costa de Marfil", "Costa do Marfim"),
    "XK": ("Kosovo", "Kosova", "Kosovë"),
    "MK": ("Macedonia", "North Macedonia", "Mazedonien", "Nordmazedonien", "Macédoine",
           "Macédoine du Nord"),
    "SZ": ("Swaziland", "Swasiland", "Eswatini"),
    "CV": ("Cape Verde", "Cabo Verde", "Kap Verde"),
    "MM": ("Burma", "Birma"),
    "VA": ("Vatican", "Vatican City", "Vatikan", "Vatikanstadt", "Vaticano",
           "Ciudad del Vaticano", "Città del Vaticano"),
    "PS": ("Palestine", "Palästina", "Palestina"),
    "TW": ("Taiwan",),
    "IR": ("Iran", "Irã"),
    "SY": ("Syria", "Syrien"),
    "VN": ("Vietnam", "Viet Nam", "Vietnã"),
    "CD": ("DR Congo", "Congo-Kinshasa", "Demokratische Republik Kongo",
           "République démocratique du Congo", "República Democrática del Congo"),
    "CG": ("Congo-Brazzaville",),
    "KG": ("Kirgistan", "Kirguistán", "Kirguizistán"),
    "KZ": ("Kasachstan", "Kazajistán", "Kazajstán", "Cazaquistão"),
    "PK": ("Paquistán",),
    "SG": ("Cingapura",),
    "BA": ("Bosnia", "Bosnien", "Bosnia y Herzegovina", "Bósnia e Herzegovina"),
    "RE": ("La Réunion", "Reunião"),
    "GF": ("Französisch-Guayana",),
    "FK": ("Falkland Islands", "Falklandinseln", "Islas Malvinas", "Îles Malouines"),
    "LA": ("Laos",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania", "Tansania"),
    "MD": ("Moldova", "Moldawien", "Moldau"),
}  # fmt: skip
"""Short, old and everyday forms people write that ISO's names do not cover."""

_CALLING_CODE = re.compile(r"(?:\+|00)?\s*([1-9]\d{0,2})")
_PARTS = re.compile(r"[,;/()|]| - ")


def region_for(values: pd.Series) -> pd.Series:
    """Per row the phonenumbers region the value names, or None; each distinct value read once."""
    codes, distinct = pd.factorize(values)
    found = np.array([*map(region_of, map(str, distinct)), None], dtype=object)
    return pd.Series(found[codes], index=values.index, dtype=object)  # code -1: missing


def region_of(value: str) -> str | None:
    """One value: the whole of it, else its first part that names a country ("Berlin, Germany")."""
    region = _region_of_whole(value)
    if region is not None:
        return region
    return next(filter(None, map(_region_named, _PARTS.split(value))), None)


def region_code(value: str, option: str = "default_region") -> str:
    """The ISO code a region option names: the one rule of ``--region`` and ``default_region``.

    An ISO code in any case ("fr", "FRA"), a country name in the six languages
    ("Frankreich", "United Kingdom") or a calling code ("+33"). Anything else is an
    ``OptionError`` (exit 2) naming the value, with the closest country name suggested.
    """
    region = _region_of_whole(value)
    if region is not None:
        return region
    close = difflib.get_close_matches(name_key(value), list(_english_names()), n=1, cutoff=0.6)
    hint = f' (did you mean "{_english_names()[close[0]]}"?)' if close else ""
    raise OptionError(
        option,
        f"{shown(value)} names no country we know",
        f'use an ISO 3166 code like "DE" or a country name like "Germany"{hint}',
    )


@cache
def _english_names() -> dict[str, str]:
    """Name key → the ISO English short name, what a suggestion shows."""
    known = phonenumbers.SUPPORTED_REGIONS
    return {
        name_key(country.name): country.name
        for country in pycountry.countries
        if country.alpha_2 in known
    }


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
    """English ISO names, then the short forms, then ISO's names in the other five languages."""
    countries = list(pycountry.countries)
    for country in countries:
        for name in _iso_names(country):
            yield country.alpha_2, name
    for region, aliases in ALIASES.items():
        yield from ((region, alias) for alias in aliases)
    for language in LANGUAGES[1:]:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        for country in countries:
            for name in _iso_names(country):
                yield country.alpha_2, translation.gettext(name)


def _iso_names(country: pycountry.db.Country) -> Iterable[str]:
    names = (getattr(country, attr, None) for attr in ("name", "common_name", "official_name"))
    return [name for name in names if name]
