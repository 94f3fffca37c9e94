"""One number text and a region in, the number phonenumbers reads, or why it reads none.

This is the part of normalize that costs: phonenumbers' parse and type lookup
take tens of microseconds a number, far more than everything around them. So
it is done once per distinct (text, region) pair, the number type is looked up
once (it is UNKNOWN exactly when ``is_valid_number`` is False, so validity
comes with it), and a long list of pairs is split over both cores. Before any
of that, ``as_layout_writes`` puts cells in the form the cell reader knows, as
the column's layout (its preset) says: its separators, its missing "+"; and
``international_by_content`` marks the columns whose values make that "+" certain.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd
import phonenumbers
from phonenumbers import CountryCodeSource, NumberParseException, PhoneNumberType

if TYPE_CHECKING:
    import numpy.typing as npt

    from boolky_sync.extract.mapping import PhoneColumn

NOT_MOBILE = frozenset(
    PhoneNumberType.to_string(kind).lower()
    for kind in (
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
        PhoneNumberType.VOICEMAIL,
        PhoneNumberType.PAGER,
    )
)
"""Kinds the library knows cannot take an SMS. Anything else valid counts as possibly
mobile: ``fixed_line_or_mobile`` (all US and Canadian numbers), ``voip`` and
``personal_number`` (which forward, often to a mobile)."""

PARALLEL_MIN = 20_000
"""Distinct pairs from which a pool of forked processes beats one process (see the benchmark)."""

Pair = tuple[str, str | None, bool]
"""What a reading depends on: the text, the row's region, and whether the text was bare."""


class Reading(NamedTuple):
    """One (text, region) pair read: E.164 and kind, or the reject code and why.

    ``rule`` says how the number was read; ``why`` completes a sentence that
    starts with the number as written ("is too short for a DE number").
    """

    e164: str | None
    kind: str | None
    rule: str
    reason: str | None
    why: str


def read_number(text: str, region: str | None, bare: bool, default_region: str | None) -> Reading:
    """The first reading that is valid and possibly mobile, else the first valid one.

    ``text`` is "+" and digits, or digits alone. Without "+" it is read in the
    row's region (phonenumbers handles that region's trunk and international
    prefixes), then with a lost leading 0 put back (Excel drops it; Italian
    landlines need it), then, when ``bare``, as a country code whose "+" was
    lost (Excel drops that too). Digits like "15123456789" are a German mobile
    without its 0 and a valid US number alike: the row's region wins such a
    tie, and another country's reading wins only over one in the region that
    is invalid or cannot take an SMS. Without a region, that guess must be a
    possible mobile, or the row is refused for want of a country: "2015550123"
    reads as an Egyptian landline as well as the US number it more likely is.
    """
    best: Reading | None = None
    for reading in _readings(text, region, bare, default_region):
        if reading.e164 and reading.kind not in NOT_MOBILE:
            return reading
        if best is None or (reading.e164 and not best.e164):
            best = reading
    if best is None or (region is None and not text.startswith(("+", "00"))):
        why = "has no country code and the row no country (set a default region)"
        return Reading(None, None, "", "phone_no_region", why)
    return best


def _readings(
    text: str, region: str | None, bare: bool, default_region: str | None
) -> Iterator[Reading]:
    if text.startswith("+"):
        yield _international(text, "international form")
        return
    if text.startswith("00"):
        yield _international("+" + text[2:], "00 prefix")
    if region:
        place = f"{'default region' if region == default_region else 'row country'} {region}"
        yield _national(text, region, place)
        if not text.startswith("0"):
            yield _national("0" + text, region, f"{place} + leading 0 restored")
    if bare and not text.startswith("0"):
        yield _international("+" + text, "country code without +")


def _international(text: str, rule: str) -> Reading:
    """A "+" number, and the trunk prefix written after its country code ("+49 (0)151").

    phonenumbers drops that prefix itself, except where the prefix rules are
    more involved (Colombia): there it is dropped here.
    """
    number = _parse(text, None)
    if isinstance(number, str):
        return Reading(None, None, rule, "phone_invalid", number)
    code, national = number.country_code or 0, phonenumbers.national_significant_number(number)
    end = len(text) - len(national) if text.endswith(national) else 0
    stripped = text[1 + len(str(code)) : end]
    reading = _reading(
        number, national, f"{rule} + trunk prefix {stripped} dropped" if stripped else rule
    )
    prefix = _trunk_prefix(code)
    if reading.e164 or not prefix or not national.startswith(prefix):
        return reading
    second = _international(
        f"+{code}{national[len(prefix) :]}", f"{rule} + trunk prefix {prefix} dropped"
    )
    return second if second.e164 else reading


def _national(text: str, region: str, place: str) -> Reading:
    """A number read in a region, with the rule saying which prefix phonenumbers took off."""
    number = _parse(text, region)
    if isinstance(number, str):
        return Reading(None, None, place, "phone_invalid", number)
    national = phonenumbers.national_significant_number(number)
    source = number.country_code_source
    if source == CountryCodeSource.FROM_NUMBER_WITH_IDD:
        digits = f"{number.country_code}{national}"
        rule = f"{text[: len(text) - len(digits)] or 'international'} prefix"
    elif source == CountryCodeSource.FROM_NUMBER_WITHOUT_PLUS_SIGN:
        rule = "country code without +"
    else:
        stripped = text[: len(text) - len(national)] if text.endswith(national) else ""
        rule = f"{place} + trunk prefix {stripped} dropped" if stripped else place
    return _reading(number, national, rule)


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | str:
    """The parsed number, or why it does not parse."""
    try:
        return phonenumbers.parse(text, region, keep_raw_input=region is not None)
    except NumberParseException as error:
        return _PARSE_ERRORS[error.error_type]


def _reading(number: phonenumbers.PhoneNumber, national: str, rule: str) -> Reading:
    """Valid exactly when phonenumbers knows the number's type; E.164 is "+", code, national."""
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN:
        return Reading(None, None, rule, "phone_invalid", _invalid_why(number))
    return Reading(f"+{number.country_code}{national}", _KIND_NAMES[kind], rule, None, "")


_KIND_NAMES = {kind: PhoneNumberType.to_string(kind).lower() for kind in PhoneNumberType.values()}


_PARSE_ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: "has no known country code",
    NumberParseException.NOT_A_NUMBER: "is not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "is too short",
    NumberParseException.TOO_SHORT_NSN: "is too short",
    NumberParseException.TOO_LONG: "is too long",
}


def _invalid_why(number: phonenumbers.PhoneNumber) -> str:
    region = phonenumbers.region_code_for_country_code(number.country_code or 0)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == phonenumbers.ValidationResult.TOO_SHORT:
        return f"is too short for a {region} number"
    if possible == phonenumbers.ValidationResult.TOO_LONG:
        return f"is too long for a {region} number"
    return f"is not a valid {region} number"


def _trunk_prefix(country_code: int) -> str | None:
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return metadata.national_prefix if metadata else None


def read_all(
    texts: list[str], regions: list[str | None], bares: list[bool], default_region: str | None
) -> dict[str, list[Any]]:
    """``read_number`` for each (text, region, bare), as one list per ``Reading`` field.

    Over a pool of forked processes when there are enough to pay for it; the
    chunks go out and come back as plain lists, which pickle fastest.
    """
    pairs = list(zip(texts, regions, bares, strict=True))
    workers = _cores()
    if workers < 2 or len(pairs) < PARALLEL_MIN:
        columns = _read_chunk(pairs, default_region)
    else:
        size = -(-len(pairs) // (workers * 4))
        chunks = [pairs[start : start + size] for start in range(0, len(pairs), size)]
        gc.freeze()  # else each child copies every page its collector walks
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                done = pool.map(partial(_read_chunk, default_region=default_region), chunks)
        finally:
            gc.unfreeze()
        columns = [list(chain.from_iterable(parts)) for parts in zip(*done, strict=True)]
    return dict(zip(Reading._fields, columns, strict=True))


def _read_chunk(pairs: list[Pair], default_region: str | None) -> list[list[Any]]:
    readings = [read_number(text, region, bare, default_region) for text, region, bare in pairs]
    return [list(column) for column in zip(*readings, strict=True)] or [[] for _ in Reading._fields]


def _cores() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def as_layout_writes(cells: pd.Series, phone: PhoneColumn) -> npt.NDArray[Any]:
    """The cells with the layout's separators as ``;`` (Google's ``a ::: b`` is two numbers)
    and, where it drops the "+" (Brevo's ``15125550147``), a "+" on bare digits."""
    for separator in phone.separators:
        cells = cells.str.replace(separator, "; ", regex=False)
    if phone.international:
        cells = cells.str.replace(f"^{_BARE_DIGITS}$", r"+\1", regex=True)
    return cells.to_numpy(dtype=object)


_BARE_DIGITS = r"\s*'?([1-9][0-9]{6,14})\s*"
"""Digits alone (Excel's apostrophe allowed) that could be a country code and number."""
CONTENT_SHARE = 0.9
"""Share of a column's values that must be bare digits, and of those that must read as
possible mobiles with "+", for the column's content to say "country code without +"."""
CONTENT_MIN = 3
"""Distinct values a column needs before its content can say so."""
CONTENT_SAMPLE = 1000
"""Rows looked at first, spread over the column: most columns are told apart by them."""


def international_by_content(
    frame: pd.DataFrame, phones: list[PhoneColumn], regions: npt.NDArray[Any]
) -> tuple[list[PhoneColumn], list[str]]:
    """The phone columns, those whose content says "country code without +" marked so,
    and the run's note on each of those (``regions``: each row's, by position)."""
    marked, notes = [], []
    for phone in phones:
        if not phone.international and _certainly_international(frame[phone.column], regions):
            phone = replace(phone, international=True)
            notes.append(
                f"{phone.column}: every number is digits with a country code and no '+' "
                "(none reads as a mobile of the region), so the column is read as international"
            )
        marked.append(phone)
    return marked, notes


def _certainly_international(cells: pd.Series, regions: npt.NDArray[Any]) -> bool:
    """Whether the column's content makes it certain its digits carry the country code.

    So when (nearly) every value is bare digits, (nearly) every one of those reads
    with "+" as a number that can take an SMS, and not one reads in its row's region
    as a different number that could: then ``33612345678`` is France's ``+33 6…``
    under any region, and a value that is no number with "+" is refused rather than
    completed into a landline of the region (another person's). One value that a
    region reads as a mobile of its own (``15125550147``: a German mobile, a US
    number) leaves the column to be read value by value, as before. Rows spread
    over the column are looked at first, so most columns are settled cheaply; a
    column that passes is then checked whole, each distinct value read once.
    """
    step = max(1, len(cells) // CONTENT_SAMPLE)
    return _all_international(cells.iloc[::step], regions[::step]) and (
        step == 1 or _all_international(cells, regions)
    )


def _all_international(cells: pd.Series, regions: npt.NDArray[Any]) -> bool:
    """``_certainly_international`` on these rows: their distinct values read in one batch."""
    codes, uniques = pd.factorize(cells.fillna(""), use_na_sentinel=False)
    rows = np.bincount(codes, minlength=len(uniques))  # rows per distinct value
    text = pd.Series(uniques, dtype=object).str.strip()
    bare = text.str.fullmatch(_BARE_DIGITS).to_numpy(dtype=bool)
    filled = rows[text.ne("").to_numpy()].sum()
    if not filled or rows[bare].sum() < CONTENT_SHARE * filled:
        return False
    digits = text.str.strip("' ").to_numpy(dtype=object)
    values = np.flatnonzero(bare)
    on_rows = bare[codes] & ~pd.isna(regions)
    pairs = pd.DataFrame({"code": codes[on_rows], "region": regions[on_rows]}).drop_duplicates()
    texts = ["+" + d for d in digits[values]] + digits[pairs["code"].to_numpy()].tolist()
    places = [None] * len(values) + pairs["region"].tolist()
    read = read_all(texts, places, [False] * len(texts), None)
    e164, kind = np.asarray(read["e164"], dtype=object), np.asarray(read["kind"], dtype=object)
    plus = np.full(len(uniques), None, dtype=object)
    plus[values] = e164[: len(values)]
    mobile = pd.notna(e164) & ~pd.Series(kind, dtype=object).isin(NOT_MOBILE).to_numpy()
    if len(values) < CONTENT_MIN or mobile[: len(values)].sum() < CONTENT_SHARE * len(values):
        return False
    other = e164[len(values) :] != plus[pairs["code"].to_numpy()]
    return not (other & mobile[len(values) :]).any()
