"""One number text and a region in, the number phonenumbers reads, or why it reads none.

This is the part of normalize that costs: phonenumbers' parse and type lookup
take tens of microseconds a number, far more than everything around them. So
it is done once per distinct (text, region) pair, the number type is looked up
once (it is UNKNOWN exactly when ``is_valid_number`` is False, so validity
comes with it), and a long list of pairs is split over the cores the
``workers`` option gives. This module imports phonenumbers and no pandas: the
pool's processes import it, and start faster for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import chain
from typing import Any, NamedTuple

import phonenumbers
from phonenumbers import CountryCodeSource, NumberParseException, PhoneNumberType

from boolky_sync.normalize.workers import spread

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

PARALLEL_MIN = 50_000
"""Distinct pairs from which a pool of processes beats one process: starting one by
``forkserver`` costs about a second (``benchmarks/normalize.py`` on 40,000 rows, 28,656
pairs: 1.3 s read in one process, 2.3 s over two)."""

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
    texts: list[str],
    regions: list[str | None],
    bares: list[bool],
    default_region: str | None,
    workers: int = 1,
) -> dict[str, list[Any]]:
    """``read_number`` for each (text, region, bare), as one list per ``Reading`` field.

    Over a pool of ``workers`` processes (``workers.spread``) when there are
    enough pairs to pay for starting it; the chunks go out and come back as
    plain lists, which pickle fastest.
    """
    pairs = list(zip(texts, regions, bares, strict=True))
    read = partial(_read_chunk, default_region=default_region)
    if workers < 2 or len(pairs) < PARALLEL_MIN:
        columns = read(pairs)
    else:
        size = -(-len(pairs) // (workers * 4))
        chunks = [pairs[start : start + size] for start in range(0, len(pairs), size)]
        done = spread(read, chunks, workers, __name__)
        columns = [list(chain.from_iterable(parts)) for parts in zip(*done, strict=True)]
    return dict(zip(Reading._fields, columns, strict=True))


def _read_chunk(pairs: list[Pair], default_region: str | None) -> list[list[Any]]:
    readings = [read_number(text, region, bare, default_region) for text, region, bare in pairs]
    return [list(column) for column in zip(*readings, strict=True)] or [[] for _ in Reading._fields]
