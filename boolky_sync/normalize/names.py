"""Contact names in the form Boolky takes: one tidy string of 1–50 characters.

Sources give a full name, or first/middle/last parts, with the stray spaces,
quotes and shouting of hand-kept lists. Only what is plainly accidental is
changed: whitespace, wrapping quotes, and the case of a name written wholly in
capitals or wholly in small letters. A name in mixed case is the person's own
spelling (``McDonald``, ``van der Berg``, ``DeShawn``) and is left alone.

Case is rebuilt per word: first letter up, the rest down, and three name
patterns on top — ``Mc`` (``McDonald``), one letter and an apostrophe
(``O'Neil``, ``D'Angelo``) and lower-case particles between other words
(``Ludwig van der Berg``). ``Mac`` is deliberately not treated: ``Mack``,
``Macy`` and ``Machado`` are whole names, and ``MacDonald`` cannot be told from
them by letters alone.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from boolky_sync.api.records import NAME_MAX
from boolky_sync.first_rows import first_of_each
from boolky_sync.normalize.distinct import Reading, join_notes, read_distinct
from boolky_sync.normalize.result import FieldResult

"""Boolky's limit on a contact name, in characters."""
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "das", "di", "del", "della", "dos", "du", "la",
     "las", "le", "los", "zu"}
)  # fmt: skip
"""Words written small inside a name (``Ludwig van der Berg``), never as its first or last word,
where they are names themselves (``De Luca``, ``Anh Le``)."""
ROMAN_SUFFIXES = frozenset({"ii", "iii", "iv"})
"""Generation suffixes that stay in capitals (``John Smith III``)."""

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"))
"""Zero-width space, byte-order mark and soft hyphen: invisible, yet they make names differ."""
_EDGE_JUNK = ' ,;"“”„«»'
"""Characters that only stray onto a name's ends: list separators and double quotes."""
_WRAPPING_QUOTES = re.compile(r"^'(.*)'$|^‘(.*)’$", re.DOTALL)
_LATIN = "A-Za-z0-9À-ÖØ-öø-ÿ"
PLAIN_NAME = rf"[{_LATIN}][{_LATIN}'.-]*(?: [{_LATIN}'.-]+)*"
"""Latin-1 letters, digits and name marks between single spaces: already NFC and tidy."""
_CAPITAL = "[A-ZÀ-ÖØ-Þ]"
_SMALL = "[a-zà-öø-ÿ]"
"""Small letters, but not ``ß``: a name whose only small letter is ``ß`` is shouted."""
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_LETTER_APOSTROPHE = re.compile(r"^([^\W\d_])(['’])(.+)$")


def normalize_names(
    full: pd.Series | None,
    first: pd.Series | None,
    middle: pd.Series | None,
    last: pd.Series | None,
) -> FieldResult:
    """Each row's name: the full name where the row has one, else its parts joined.

    At least one of the columns must be given; they share one index.
    """
    parts = [c for c in (first, middle, last) if c is not None]
    if full is not None or len(parts) < 2:  # a full name is mostly one of its own
        return read_distinct(_composed(full, [first, middle, last]), _read_name, _settled)
    # Parts repeat (few first names, fewer middle ones): a name is composed once per
    # combination of them, not once per row, and each combination's reading is spread
    # over its rows.
    combination, firsts = _combinations(parts)
    names = _composed(None, [part.iloc[firsts] for part in parts]).reset_index(drop=True)
    read = read_distinct(names, _read_name, _settled)
    index = parts[0].index
    return FieldResult(
        values=pd.Series(read.values.to_numpy()[combination], index=index, dtype=object),
        notes=pd.Series(read.notes.to_numpy()[combination], index=index, dtype=object),
    )


def _combinations(columns: list[pd.Series]) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the number of its combination of cells across ``columns`` (0, 1, ... in order
    of first occurrence), and the first row of each combination."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
        combined, _ = pd.factorize(combined * len(uniques) + codes)
    return combined, first_of_each(combined, int(combined.max(initial=-1)) + 1)


def _settled(names: pd.Series) -> pd.Series:
    """Names nothing would change: plain, in mixed case, short enough — most of any list."""
    return (
        names.str.fullmatch(PLAIN_NAME)
        & names.str.contains(_CAPITAL)
        & names.str.contains(_SMALL)
        & (names.str.len() <= NAME_MAX)
    )


def _composed(full: pd.Series | None, parts: list[pd.Series | None]) -> pd.Series:
    """Full name where present, else the parts space-joined (spaces are tidied later)."""
    given = [part for part in parts if part is not None]
    if not given:
        if full is None:
            raise ValueError("normalize_names needs at least one name column")
        return full
    joined = given[0]
    for part in given[1:]:
        joined = joined + " " + part
    return joined if full is None else full.where(full.str.strip() != "", joined)


def _read_name(raw: str) -> Reading:
    notes: list[str] = []
    name = _tidy(raw)
    if not any(c.isalnum() for c in name):
        return None, f"name_unusable: {raw!r}" if name else ""
    cased = _fixed_case(name)
    if cased != name:
        notes.append(f"name_case_fixed: {name!r}")
    short = shortened(cased, NAME_MAX)
    if short != cased:
        notes.append(f"name_shortened: {name!r}")
    return short, join_notes(notes)


def _tidy(raw: str) -> str:
    """NFC, one space between words, and no quotes or separators around the name."""
    text = " ".join(unicodedata.normalize("NFC", raw).translate(_INVISIBLE).split())
    while True:
        text = text.strip(_EDGE_JUNK)
        wrapped = _WRAPPING_QUOTES.match(text)
        if not wrapped:
            return text
        text = wrapped.group(1) if wrapped.group(1) is not None else wrapped.group(2)


def _fixed_case(name: str) -> str:
    """The name in name case if it is all capitals or all small letters, else as written.

    ``ß`` counts as a capital: ``GROß`` is how German names are shouted.
    """
    if not (name.replace("ß", "ẞ").isupper() or name.islower()):
        return name
    words = name.lower().split(" ")
    last = len(words) - 1
    cased = " ".join(
        word if 0 < position < last and word in PARTICLES else _word_case(word)
        for position, word in enumerate(words)
    )
    return unicodedata.normalize("NFC", cased)


def _word_case(word: str) -> str:
    if word in ROMAN_SUFFIXES:
        return word.upper()
    return "-".join(_part_case(part) for part in word.split("-"))


def _part_case(part: str) -> str:
    """One lower-case hyphen-free part in name case: ``McDonald``, ``O'Neil``, ``Smith``."""
    if part.startswith("mc") and len(part) > 3:
        return "Mc" + _capitalized(part[2:])
    apostrophe = _LETTER_APOSTROPHE.match(part)
    if apostrophe:
        letter, mark, rest = apostrophe.groups()
        return letter.upper() + mark + _capitalized(rest)
    return _capitalized(part)


def _capitalized(part: str) -> str:
    """The first letter up (after any leading marks such as ``(``), the rest untouched.

    A letter whose capital is two letters (``ß`` → ``SS``) stays as it is.
    """
    found = _FIRST_LETTER.search(part)
    if not found:
        return part
    at = found.start()
    capital = part[at].upper()
    return part[:at] + (capital if len(capital) == 1 else part[at]) + part[at + 1 :]


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at the last word break that fits.

    A single word longer than the limit is cut inside the word: it is all there is.
    """
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rfind(" ")
    head = text[:cut].rstrip(_EDGE_JUNK + "-") if cut > 0 else ""
    return head or text[:limit]
