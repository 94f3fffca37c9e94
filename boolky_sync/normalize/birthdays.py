"""Birthdays in Boolky's ``DD-MM-YYYY``, from the many ways exports write a date.

What is read: ISO dates (with or without a time), vCard's ``19930413``,
``13.04.1993`` and ``13-04-1993`` (day first wherever dots are used, and in
Boolky's own form), slash dates ``13/04/1993`` or ``04/13/1993``, year-first
``1993/04/13``, Excel serial numbers (``34072``), and month names in the six
languages of the extract stage (``13. April 1993``, ``April 13, 1993``,
``13 de abril de 1993``). Two-digit years are read as the most recent such
year that is not in the future, and noted.

Only slash dates leave open which number is the day: the pipeline's
``date_order`` says, or, left at ``auto``, the layout's (Outlook.com writes
M/D/YYYY), or the column does — a first number over 12 anywhere means day
first, a second number over 12 means month first.
Where the column does not tell (or tells both), each date that can be read
only one way is read that way, and the rest are read day first — the order of
five of the six languages — and noted, so a person can check them.

A date without a year (``--04-13``, Mailchimp's ``04/13``), an impossible or
future date, or one before 1900 is dropped and noted; Outlook's ``0.0.00``
and ``0/0/00`` mean "no date" and are dropped silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from boolky_sync.normalize.distinct import Reading, join_notes, spread
from boolky_sync.normalize.options import DateOrder
from boolky_sync.normalize.result import FieldResult

EARLIEST = date(1900, 1, 1)
EXCEL_SERIALS = range(1, 60001)
"""Serial numbers read as Excel dates: 1900-01-01 up to the 2060s."""
YEAR_LIKE = range(1800, 2101)
"""Four-digit whole numbers read as a lone year rather than an Excel serial."""
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar janner jaenner janvier janv enero ene gennaio gen janeiro",
            "february feb februar fevrier fevr fev febrero febbraio fevereiro",
            "march mar marz maerz mars marzo marco",
            "april apr avril avr abril abr aprile",
            "may mai mayo maggio mag maio",
            "june jun juni juin junio giugno giu junho",
            "july jul juli juillet juil julio luglio lug julho",
            "august aug aout agosto ago",
            "september sep sept septembre septiembre setiembre settembre setembro set",
            "october oct oktober okt octobre octubre ottobre ott outubro out",
            "november nov novembre noviembre novembro",
            "december dec dezember dez decembre diciembre dic dicembre dezembro",
        ),
        start=1,
    )
    for name in names.split()
}
"""Month names and their short forms in the six languages, without accents."""
FILLER_WORDS = frozenset({"de", "del", "of", "the", "st", "nd", "rd", "th", "er", "o"})
"""Words around a written date that carry nothing: ``13 de abril``, ``1st``, ``1er``, ``1º``."""

_TIME = re.compile(
    r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[ap]\.?m\.?)?$",
    re.IGNORECASE | re.ASCII,
)
_NUMERIC = re.compile(r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})", re.ASCII)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_NO_YEAR = re.compile(r"--\d{2}-?\d{2}|\d{1,2}[./-]\d{1,2}\.?", re.ASCII)
_SERIAL = re.compile(r"(\d{1,5})(?:\.\d+)?", re.ASCII)
_NO_DATE = re.compile(r"[0./-]+")
_WORDS = re.compile(r"(?:[0-9\s.,/-]|[^\W\d_])+")
"""Digits, letters and the marks between them: nothing else belongs in a written date."""
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+")


@dataclass(frozen=True)
class _Date:
    """A date read from text, not yet checked for being real, past and after 1900."""

    year: int
    month: int
    day: int
    note: str = ""


@dataclass(frozen=True)
class _SlashDate:
    """``a/b/year``: which of ``a`` and ``b`` is the day is for the column to decide."""

    a: int
    b: int
    year: int
    note: str = ""


_Shape = _Date | _SlashDate | tuple[None, str]


def date_order_for(option: DateOrder, layout_order: DateOrder | None) -> DateOrder:
    """The order slash dates are read in: the pipeline's, else the layout's, else the column's.

    A layout that writes one order whatever the language (Outlook.com's M/D/YYYY)
    knows better than the column can tell: ``7/4/1970`` alone there is July 4.
    """
    return option if option != "auto" or layout_order is None else layout_order


def normalize_birthdays(values: pd.Series, date_order: DateOrder = "auto") -> FieldResult:
    """Each row's birthday as ``DD-MM-YYYY``, or None with a note saying why."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    today = date.today()
    shapes = [_shape(u.strip(), date_order, today) for u in uniques]
    slash_order = _slash_order(date_order, [s for s in shapes if isinstance(s, _SlashDate)])
    readings = [
        _finished(shape, raw.strip(), slash_order, today)
        for shape, raw in zip(shapes, uniques, strict=True)
    ]
    return spread(readings, codes, values.index)


def _shape(text: str, date_order: DateOrder, today: date) -> _Shape:
    """What the text says, before the column's order and the calendar are applied."""
    text = _TIME.sub("", text)
    if not text or _NO_DATE.fullmatch(text):
        return None, ""
    if numeric := _NUMERIC.fullmatch(text):
        return _numeric(numeric, date_order, today)
    if compact := _COMPACT.fullmatch(text):
        year, month, day = map(int, compact.groups())
        return _Date(year, month, day)
    if _NO_YEAR.fullmatch(text):
        return None, f"birthday_no_year: {text!r}"
    if serial := _SERIAL.fullmatch(text):
        return _serial(text, int(serial.group(1)))
    return _written(text, today)


def _numeric(found: re.Match[str], date_order: DateOrder, today: date) -> _Shape:
    first, separator, middle, last = found.groups()
    if len(first) == 4 and len(last) <= 2:
        return _Date(int(first), int(middle), int(last))
    if len(first) > 2 or len(last) not in (2, 4):
        return None, f"birthday_invalid: {found.string!r} is not a date"
    if date_order == "YMD" and len(last) == 2:
        year, note = _full_year(first, found.string, today)
        return _Date(year, int(middle), int(last), note)
    year, note = _full_year(last, found.string, today)
    if separator == "/":
        return _SlashDate(int(first), int(middle), year, note)
    return _Date(year, int(middle), int(first), note)


def _full_year(digits: str, text: str, today: date) -> tuple[int, str]:
    """A four-digit year; two digits are the latest such year not after this one."""
    if len(digits) == 4:
        return int(digits), ""
    century = today.year // 100 * 100
    year = century + int(digits)
    if year > today.year:
        year -= 100
    return year, f"birthday_two_digit_year: {text!r} read as {year}"


def _serial(text: str, number: int) -> _Shape:
    """An Excel day number, or a lone year; Excel counts a 29 February 1900 that never was."""
    if number in YEAR_LIKE and len(text) == 4:
        return None, f"birthday_year_only: {text!r}"
    if number not in EXCEL_SERIALS or number == 60:
        return None, f"birthday_invalid: {text!r} is not a date"
    day = date(1899, 12, 31 if number < 60 else 30) + timedelta(days=number)
    return _Date(day.year, day.month, day.day, f"birthday_excel_serial: {text!r}")


def _written(text: str, today: date) -> _Shape:
    """A date with its month in words: ``13. April 1993``, ``April 13th, 93``, ``1er avril``."""
    unreadable = None, f"birthday_invalid: {text!r} is not a date"
    key = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    if not _WORDS.fullmatch(key):
        return unreadable
    tokens = [t for t in _TOKEN.findall(key) if t not in FILLER_WORDS]
    numbers = [t for t in tokens if t.isascii() and t.isdigit()]
    months = [MONTHS.get(t) for t in tokens if t not in numbers]
    if len(months) != 1 or months[0] is None or not 1 <= len(numbers) <= 2:
        return unreadable
    if len(numbers) == 1:
        missing = "year_only" if len(numbers[0]) == 4 else "no_year"
        return None, f"birthday_{missing}: {text!r}"
    day, year = sorted(numbers, key=len) if len(numbers[1]) != len(numbers[0]) else numbers
    if len(year) not in (2, 4):
        return unreadable
    full, note = _full_year(year, text, today)
    return _Date(full, months[0], int(day), note)


def _slash_order(date_order: DateOrder, slashes: list[_SlashDate]) -> DateOrder:
    """The order for slash dates: the pipeline's, or what the column shows, or auto."""
    if date_order in ("DMY", "MDY"):
        return date_order
    day_first = any(s.a > 12 and s.b <= 12 for s in slashes)
    month_first = any(s.b > 12 and s.a <= 12 for s in slashes)
    if day_first != month_first:
        return "DMY" if day_first else "MDY"
    return "auto"


def _finished(shape: _Shape, raw: str, slash_order: DateOrder, today: date) -> Reading:
    if isinstance(shape, tuple):
        return shape
    if isinstance(shape, _SlashDate):
        shape = _ordered(shape, raw, slash_order)
    try:
        found = date(shape.year, shape.month, shape.day)
    except ValueError:
        return None, f"birthday_invalid: {raw!r} is not a date"
    if found > today:
        return None, f"birthday_invalid: {raw!r} is in the future"
    if found < EARLIEST:
        return None, f"birthday_invalid: {raw!r} is before 1900"
    return found.strftime("%d-%m-%Y"), shape.note


def _ordered(slash: _SlashDate, raw: str, slash_order: DateOrder) -> _Date:
    """The slash date as day and month, noted when the order was only a fallback."""
    if slash_order == "MDY" or (slash_order == "auto" and slash.b > 12 >= slash.a):
        return _Date(slash.year, slash.a, slash.b, slash.note)
    note = slash.note
    if slash_order == "auto" and slash.a <= 12 and slash.b <= 12 and slash.a != slash.b:
        note = join_notes([note, f"birthday_ambiguous_order: {raw!r} read as day first"])
    return _Date(slash.year, slash.b, slash.a, note)
