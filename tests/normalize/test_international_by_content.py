"""Digits with a country code and no "+", read as international where the column makes it certain.

An e-mail-marketing export (no preset knows it) writes its mobiles as
``33612345678``: France, Germany, Britain and the US in one column. Read
value by value under region DE, ``447700900123`` (no valid British number)
would become the German landline ``+49 4477 00900123``, another person's. The
column's content settles it: every value is bare digits, (nearly) all read as
mobiles with "+", and none reads as a mobile of the region, so the whole
column is read with "+", the decision is in the run's notes, and the value
that is no number with "+" is refused. A column where some value is also a
mobile of the region, or of national numbers, is read value by value as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from boolky_sync.extract import extract
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.stage import Normalized, normalize

HEADER = "email,firstname,lastname,mobile\n"
MIXED = [
    ("claire@example.fr", "Claire", "Martin", "33612345678", "+33612345678"),
    ("hugo@example.fr", "Hugo", "Bernard", "33698765432", "+33698765432"),
    ("ines@example.fr", "Inès", "Petit", "33761234567", "+33761234567"),
    ("jonas@example.de", "Jonas", "Weber", "4915112345678", "+4915112345678"),
    ("mia@example.de", "Mia", "Wagner", "4917612345678", "+4917612345678"),
    ("oliver@example.co.uk", "Oliver", "Smith", "447911123456", "+447911123456"),
    ("amelia@example.co.uk", "Amelia", "Jones", "447400123456", "+447400123456"),
    ("tv@example.co.uk", "Test", "Drama", "447700900123", None),
    ("mason@example.com", "Mason", "Miller", "12015550123", "+12015550123"),
    ("ava@example.com", "Ava", "Davis", "14155552671", "+14155552671"),
]
NOTE = (
    "mobile: every number is digits with a country code and no '+' "
    "(none reads as a mobile of the region), so the column is read as international"
)


def write(tmp_path: Path, rows: Sequence[Sequence[object]]) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "".join(",".join(map(str, row[:4])) + "\n" for row in rows), "utf-8")
    return path


def read(
    tmp_path: Path, rows: Sequence[Sequence[object]], region: str
) -> tuple[Normalized, list[str]]:
    extracted = extract(write(tmp_path, rows))
    options = NormalizeOptions(default_region=region)
    return normalize(extracted.table, extracted.mapping, options), extracted.table.notes


@pytest.mark.parametrize("region", ["DE", "FR"])
def test_a_column_of_several_countries_without_plus_is_read_as_international(
    tmp_path: Path, region: str
) -> None:
    normalized, notes = read(tmp_path, MIXED, region)
    expected = [row[4] for row in MIXED if row[4]]
    assert normalized.contacts["phone"].tolist() == expected
    assert normalized.rejects[["row", "reason"]].values.tolist() == [[9, "phone_invalid"]]
    assert NOTE in notes


def test_the_note_is_made_once_however_often_the_table_is_normalized(tmp_path: Path) -> None:
    extracted = extract(write(tmp_path, MIXED))
    for _ in range(2):
        normalize(extracted.table, extracted.mapping, NormalizeOptions(default_region="DE"))
    assert extracted.table.notes.count(NOTE) == 1


def test_a_column_of_national_numbers_is_not_switched(tmp_path: Path) -> None:
    """German mobiles whose 0 Excel dropped: ``16091234567`` is a New Jersey number with "+"."""
    rows = [
        ("a@example.de", "Anna", "Koch", "15112345678"),
        ("b@example.de", "Ben", "Roth", "17612345678"),
        ("c@example.de", "Carla", "Lang", "16091234567"),
        ("d@example.de", "Dirk", "Hahn", "15234567890"),
    ]
    normalized, notes = read(tmp_path, rows, "DE")
    assert normalized.contacts["phone"].tolist() == [
        "+4915112345678",
        "+4917612345678",
        "+4916091234567",
        "+4915234567890",
    ]
    assert not any("read as international" in note for note in notes)


def test_one_value_that_is_also_a_mobile_of_the_region_keeps_the_column_as_it_was(
    tmp_path: Path,
) -> None:
    """``15125550147``: a US number with "+", a German mobile under DE — never guessed."""
    rows = [*MIXED, ("x@example.com", "Xavier", "Young", "15125550147", "")]
    normalized, notes = read(tmp_path, rows, "DE")
    phones = normalized.contacts.set_index("name")["phone"]
    assert phones["Xavier Young"] == "+4915125550147"  # the region's reading, as before
    assert not any("read as international" in note for note in notes)
