"""Gender as Boolky takes it (1 male, 2 female) from whatever a source wrote.

Sources write words, letters, digits or salutations, in the six languages of
the extract stage, so a lookup of known spellings is both the simplest and the
safest reading: what is not on the list is not guessed, only noted. Spellings
are compared without case, accents, surrounding spaces or trailing dots, so
``Männlich``, ``männlich`` and ``MANNLICH`` are one entry, and ``Sr.`` is ``sr``.

One letter depends on the column: ``M`` is male next to ``F`` (English,
French, Portuguese ``M``/``F``) but female next to ``H`` (Spanish and
Portuguese ``H``/``M``: hombre/mujer, homem/mulher). A column that has ``H``
and no ``F`` is read the second way.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from boolky_sync.normalize.distinct import Reading, read_distinct
from boolky_sync.normalize.result import FieldResult

MALE = 1
FEMALE = 2

MALE_SPELLINGS = (
    "1", "m", "h", "male", "man", "mr", "mister", "masc", "masculine",
    "herr", "hr", "mannlich", "maennlich", "mannl", "mann",
    "masculin", "monsieur", "homme",
    "sr", "senor", "hombre", "masculino", "varon",
    "sig", "signor", "signore", "maschio", "uomo",
    "senhor", "homem",
)  # fmt: skip
FEMALE_SPELLINGS = (
    "2", "f", "w", "female", "woman", "mrs", "ms", "miss", "fem", "feminine",
    "frau", "fr", "weiblich", "weibl", "fraulein", "frl",
    "feminin", "madame", "mme", "mademoiselle", "mlle", "femme",
    "sra", "srta", "senora", "senorita", "mujer", "femenino",
    "sig.ra", "sigra", "signora", "sig.na", "signorina", "femmina", "donna",
    "senhora", "mulher", "feminino",
)  # fmt: skip
NO_VALUE_SPELLINGS = (
    "", "-", "?", "0", "9", "u", "n", "na", "n/a", "none", "null", "unknown",
    "unspecified", "not specified", "prefer not to say", "not known",
    "keine angabe", "nicht angegeben", "unbekannt",
    "non specifie", "non precise", "inconnu",
    "sin especificar", "no especificado", "desconocido",
    "non specificato", "sconosciuto", "non noto",
    "nao especificado", "nao informado", "desconhecido",
)  # fmt: skip
"""Ways of saying "not given" (Outlook's ``Unspecified``/``Keine Angabe``, vCard's ``U``/``N``,
ISO 5218's 0 and 9): no gender, and nothing worth a note."""

ACADEMIC_TITLES = frozenset({"dr", "prof", "doctor", "professor", "dipl.-ing", "ing", "mag"})
"""Titles that come after a salutation (Outlook's ``Herr Dr.``) and say nothing of gender."""

_SPELLINGS: dict[str, int | None] = (
    dict.fromkeys(NO_VALUE_SPELLINGS)
    | dict.fromkeys(MALE_SPELLINGS, MALE)
    | dict.fromkeys(FEMALE_SPELLINGS, FEMALE)
)


def normalize_gender(values: pd.Series, extra: dict[str, int] | None = None) -> FieldResult:
    """1 or 2 per row where the spelling is known; None otherwise, noted if not a "not given".

    ``extra`` (the pipeline's own spellings, any case or accents) wins over the
    built-in ones.
    """
    spellings = _column_spellings(values) | _checked(extra or {})
    return read_distinct(values, lambda raw: _read_gender(raw, spellings))


def _spelling_key(text: str) -> str:
    """How spellings are compared: no accents, case, outer spaces or trailing dots."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split()).rstrip(".").strip()


def _column_spellings(values: pd.Series) -> dict[str, int | None]:
    """The built-in spellings, with ``M`` read as female in an ``H``/``M`` column."""
    keys = {_spelling_key(v) for v in values.unique()}
    if "h" in keys and "f" not in keys:
        return _SPELLINGS | {"m": FEMALE}
    return _SPELLINGS


def _checked(extra: dict[str, int]) -> dict[str, int | None]:
    wrong = {k: v for k, v in extra.items() if v not in (MALE, FEMALE)}
    if wrong:
        raise ValueError(f"gender spellings must map to 1 (male) or 2 (female), not {wrong}")
    return {_spelling_key(k): v for k, v in extra.items()}


def _read_gender(raw: str, spellings: dict[str, int | None]) -> Reading:
    key = _spelling_key(raw)
    if key in spellings:
        return spellings[key], ""
    salutation = _without_titles(key)
    if salutation and salutation in spellings:
        return spellings[salutation], ""
    return None, f"gender_unknown: {raw.strip()!r}"


def _without_titles(key: str) -> str:
    """``herr dr`` → ``herr``: the salutation once academic titles are taken off."""
    words = (word.rstrip(".") for word in key.split(" "))
    return " ".join(word for word in words if word not in ACADEMIC_TITLES)
