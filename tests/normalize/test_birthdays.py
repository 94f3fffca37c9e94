"""Birthdays in the forms exports write them, sent as Boolky's DD-MM-YYYY or dropped and noted."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.normalize.birthdays import YEAR_LIKE, normalize_birthdays
from boolky_sync.normalize.options import DateOrder


def cells(*values: str) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def one_birthday(raw: str, date_order: DateOrder = "auto") -> tuple[str | None, str]:
    result = normalize_birthdays(cells(raw), date_order)
    return result.values[0], result.notes[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1993-04-13", "13-04-1993"),
        ("1993-4-3", "03-04-1993"),
        ("1993-04-13T00:00:00", "13-04-1993"),
        ("1993-04-13T00:00:00Z", "13-04-1993"),
        ("1993-04-13T00:00:00.000+02:00", "13-04-1993"),
        ("1993-04-13 00:00", "13-04-1993"),
        ("1993-04-13 00:00:00", "13-04-1993"),
        ("19930413", "13-04-1993"),
        ("1993/04/13", "13-04-1993"),
        ("1993.04.13", "13-04-1993"),
        ("13.04.1993", "13-04-1993"),
        ("7.5.1988", "07-05-1988"),
        ("13-04-1993", "13-04-1993"),
        ("13/04/1993", "13-04-1993"),
        ("4/13/1993", "13-04-1993"),
        ("4/13/1993 12:00:00 AM", "13-04-1993"),
        (" 13.04.1993 ", "13-04-1993"),
        ("13 April 1993", "13-04-1993"),
        ("13. April 1993", "13-04-1993"),
        ("13. März 1993", "13-03-1993"),
        ("13 avril 1993", "13-04-1993"),
        ("1er avril 1993", "01-04-1993"),
        ("13 de abril de 1993", "13-04-1993"),
        ("1º de maio de 1990", "01-05-1990"),
        ("13 aprile 1993", "13-04-1993"),
        ("April 13, 1993", "13-04-1993"),
        ("April 13th, 1993", "13-04-1993"),
        ("13-Apr-1993", "13-04-1993"),
        ("13 déc. 1993", "13-12-1993"),
        ("29.02.1988", "29-02-1988"),
    ],
    ids=["iso", "iso-short", "iso-time", "iso-utc", "iso-offset", "iso-space-minutes",
         "iso-space-seconds", "vcard-basic", "year-first-slash", "year-first-dot", "german",
         "outlook-german", "boolky", "slash-day-first", "slash-month-first", "us-with-time",
         "spaces", "english-words", "german-words", "german-umlaut-month", "french-words",
         "french-premier", "spanish-words", "portuguese-ordinal", "italian-words",
         "us-words", "us-ordinal", "excel-text", "french-abbreviated", "leap-day"],
)  # fmt: skip
def test_every_written_form_becomes_day_month_year(raw: str, expected: str) -> None:
    assert one_birthday(raw) == (expected, "")


@pytest.mark.parametrize(
    ("raw", "expected", "note"),
    [
        ("34072", "13-04-1993", "birthday_excel_serial: '34072'"),
        ("34072.0", "13-04-1993", "birthday_excel_serial: '34072.0'"),
        ("34072.5", "13-04-1993", "birthday_excel_serial: '34072.5'"),
        ("1", "01-01-1900", "birthday_excel_serial: '1'"),
        ("59", "28-02-1900", "birthday_excel_serial: '59'"),
        ("61", "01-03-1900", "birthday_excel_serial: '61'"),
        ("60", None, "birthday_invalid: '60' is not a date"),
        ("60001", None, "birthday_invalid: '60001' is not a date"),
    ],
    ids=["serial", "serial-float", "serial-with-time", "serial-1", "before-fake-leap",
         "after-fake-leap", "fake-leap-day", "too-big"],
)  # fmt: skip
def test_excel_serial_numbers_are_read_as_excel_counts_and_noted(
    raw: str, expected: str | None, note: str
) -> None:
    assert one_birthday(raw) == (expected, note)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("13.04.93", "13-04-1993"), ("13/04/05", "13-04-2005"), ("13-Apr-93", "13-04-1993")],
)
def test_two_digit_years_are_the_latest_such_year_and_noted(raw: str, expected: str) -> None:
    value, note = one_birthday(raw)
    assert value == expected
    assert note == f"birthday_two_digit_year: {raw!r} read as {expected[-4:]}"


def test_a_two_digit_year_is_never_in_the_future() -> None:
    next_year = f"{(date.today().year + 1) % 100:02d}"
    value, _ = one_birthday(f"01.01.{next_year}")
    assert value == f"01-01-{date.today().year + 1 - 100}"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("--0413", "birthday_no_year"),
        ("--04-13", "birthday_no_year"),
        ("04/13", "birthday_no_year"),
        ("13.04.", "birthday_no_year"),
        ("13 April", "birthday_no_year"),
        ("1993", "birthday_year_only"),
        ("April 1993", "birthday_year_only"),
    ],
    ids=["vcard", "vcard-dashed", "mailchimp", "german", "words", "year", "month-year"],
)
def test_a_date_without_day_or_year_is_dropped_and_noted(raw: str, code: str) -> None:
    assert one_birthday(raw) == (None, f"{code}: {raw!r}")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("31.02.1990", "is not a date"),
        ("1990-13-01", "is not a date"),
        ("00.01.1990", "is not a date"),
        ("31/04/1990", "is not a date"),
        ("29.02.1989", "is not a date"),
        ("1899-12-31", "is before 1900"),
        ("01.01.1850", "is before 1900"),
        ("2999-01-01", "is in the future"),
        ("circa 1800", "is not a date"),
        ("13 Smarch 1993", "is not a date"),
        ("unknown", "is not a date"),
        ("1993-04-13-12", "is not a date"),
        ("123.04.1993", "is not a date"),
        ("13.04.199", "is not a date"),
    ],
    ids=["feb-31", "month-13", "day-0", "april-31", "no-leap-day", "before-1900",
         "long-ago", "future", "words", "unknown-month", "placeholder", "four-parts",
         "three-digit-day", "three-digit-year"],
)  # fmt: skip
def test_impossible_dates_are_dropped_and_noted(raw: str, why: str) -> None:
    assert one_birthday(raw) == (None, f"birthday_invalid: {raw!r} {why}")


def test_tomorrow_is_in_the_future() -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert one_birthday(tomorrow) == (None, f"birthday_invalid: {tomorrow!r} is in the future")


@pytest.mark.parametrize("raw", ["", "  ", "0.0.00", "0/0/00", "00.00.0000", "0"])
def test_empty_and_outlooks_no_date_are_dropped_silently(raw: str) -> None:
    assert one_birthday(raw) == (None, "")


SALESFORCE = ["5/7/1988", "11/7/1982", "7/23/1962", "2/2/1956", ""]
"""A US export: only ``7/23/1962`` shows the month comes first."""
SPANISH = ["07/05/1988", "02/02/1956", "18/04/1980", "09/08/1992"]
"""A Spanish export: only ``18/04/1980`` shows the day comes first."""


def test_auto_reads_slash_dates_month_first_when_the_column_shows_it() -> None:
    result = normalize_birthdays(cells(*SALESFORCE))
    assert result.values.tolist() == ["07-05-1988", "07-11-1982", "23-07-1962", "02-02-1956", None]
    assert set(result.notes) == {""}


def test_auto_reads_slash_dates_day_first_when_the_column_shows_it() -> None:
    result = normalize_birthdays(cells(*SPANISH))
    assert result.values.tolist() == ["07-05-1988", "02-02-1956", "18-04-1980", "09-08-1992"]
    assert set(result.notes) == {""}


@pytest.mark.parametrize(
    "column",
    [["05/07/1988", "11/07/1982"], ["05/07/1988", "18/04/1980", "04/18/1980"]],
    ids=["no-evidence", "conflicting-evidence"],
)
def test_an_undecided_column_reads_ambiguous_dates_day_first_and_notes_them(
    column: list[str],
) -> None:
    result = normalize_birthdays(cells(*column, "03/03/1990"))
    assert result.values[0] == "05-07-1988"
    assert result.notes[0] == "birthday_ambiguous_order: '05/07/1988' read as day first"
    assert result.notes.iloc[-1] == "", "day and month are equal: nothing is ambiguous"


def test_an_undecided_column_still_reads_each_unambiguous_date_its_only_way() -> None:
    result = normalize_birthdays(cells("18/04/1980", "04/18/1980"))
    assert result.values.tolist() == ["18-04-1980", "18-04-1980"]
    assert set(result.notes) == {""}


@pytest.mark.parametrize(
    ("order", "expected"),
    [("DMY", ["05-07-1988", None]), ("MDY", ["07-05-1988", "18-04-1980"])],
)
def test_the_pipelines_order_wins_over_the_column(order: DateOrder, expected: list[str]) -> None:
    result = normalize_birthdays(cells("5/7/1988", "4/18/1980"), order)
    assert result.values.tolist() == expected
    assert result.notes[0] == ""


def test_dots_and_dashes_are_day_first_whatever_the_order() -> None:
    result = normalize_birthdays(cells("05.07.1988", "05-07-1988", "4/18/1980"), "MDY")
    assert result.values.tolist() == ["05-07-1988", "05-07-1988", "18-04-1980"]


def test_ymd_reads_two_digit_year_first_dates() -> None:
    assert one_birthday("93-04-13", "YMD") == (
        "13-04-1993",
        "birthday_two_digit_year: '93-04-13' read as 1993",
    )
    assert one_birthday("13/04/1993", "YMD") == ("13-04-1993", "")


def test_results_keep_the_input_index() -> None:
    result = normalize_birthdays(pd.Series(["1993-04-13", "--04-13"], index=[3, 0], dtype=object))
    assert result.values.to_dict() == {3: "13-04-1993", 0: None}
    assert result.notes.to_dict() == {3: "", 0: "birthday_no_year: '--04-13'"}


BIRTHDAYS = st.dates(min_value=date(1900, 1, 1), max_value=date.today())
FORMS: dict[str, DateOrder] = {
    "%Y-%m-%d": "auto",
    "%Y%m%d": "auto",
    "%d.%m.%Y": "auto",
    "%d-%m-%Y": "auto",
    "%d/%m/%Y": "DMY",
    "%m/%d/%Y": "MDY",
    "%d %B %Y": "auto",
    "%B %d, %Y": "auto",
    "%Y-%m-%dT%H:%M:%S": "auto",
}


@given(BIRTHDAYS, st.sampled_from(sorted(FORMS)))
def test_any_birthday_in_any_form_reads_as_itself(day: date, form: str) -> None:
    raw = day.strftime(form)
    assert one_birthday(raw, FORMS[form]) == (day.strftime("%d-%m-%Y"), "")


@given(BIRTHDAYS)
def test_the_excel_serial_of_any_birthday_reads_as_itself_unless_it_looks_like_a_year(
    day: date,
) -> None:
    """Excel counts a 29 February 1900, so its days before March 1900 are one fewer."""
    epoch = date(1899, 12, 30) if day >= date(1900, 3, 1) else date(1899, 12, 31)
    serial = str((day - epoch).days)
    read_as_day = (day.strftime("%d-%m-%Y"), f"birthday_excel_serial: {serial!r}")
    read_as_year = (None, f"birthday_year_only: {serial!r}")
    assert one_birthday(serial) == (read_as_year if int(serial) in YEAR_LIKE else read_as_day)


@given(
    st.lists(st.one_of(BIRTHDAYS.map(lambda d: d.strftime("%m/%d/%Y")), st.text(max_size=12))),
    st.sampled_from(["auto", "DMY", "MDY", "YMD"]),
)
def test_normalizing_normalized_birthdays_changes_nothing(raw: list[str], order: DateOrder) -> None:
    once = normalize_birthdays(cells(*raw), order)
    again = normalize_birthdays(cells(*[v or "" for v in once.values]), order)
    assert again.values.tolist() == once.values.tolist()
    assert set(again.notes) <= {""}
