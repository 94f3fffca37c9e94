"""Masked numbers from hotel and POS systems are refused as ``phone_masked``, never completed.

"***-***-5309" keeps four digits of somebody's number: reading the digits left,
or padding them, would text another person. A single x stays an extension.
"""

from __future__ import annotations

import pytest

from boolky_sync.normalize.phone_forms import MASKED, read_form, split_cell
from tests.normalize.test_normalize import run
from tests.normalize.test_phones import one

MASKED_CELLS = [
    "***-***-5309",
    "+49 *** ***4471",
    "XXX-XXX-1234",
    "xxx-xxx-1234",
    "•••• 4471",
    "+33 6 ** ** ** 12",
    "(555) ***-**09",
    "***-***-****",
    "tel:+1-201-555-**23",
]


@pytest.mark.parametrize("cell", MASKED_CELLS)
def test_a_masked_number_is_refused_with_its_own_reason(cell: str) -> None:
    row = one(cell, "US", default_region="US")
    assert (row["phone"], row["reason"]) == (None, "phone_masked")
    assert row["detail"] == f"{cell} {MASKED}"
    assert MASKED == "is masked (***): the full number is not in the file"


@pytest.mark.parametrize(
    ("cell", "extension"),
    [("555-1234 x12", "x12"), ("+1 201 555 0123 X 7", "X 7"), ("+1 201 555 0123x99", "x99")],
)
def test_a_single_x_is_still_an_extension_marker(cell: str, extension: str) -> None:
    assert split_cell(cell) == (cell,)
    form = read_form(cell)
    assert (form.mangled, form.extension) == ("", extension)
    assert form.text.endswith("0123") or form.text == "5551234"


def test_an_extension_after_an_x_is_dropped_and_the_number_kept() -> None:
    row = one("+1 201 555 0123 x12")
    assert (row["phone"], row["reason"]) == ("+12015550123", None)


def test_the_masked_row_is_in_the_rejects_and_a_real_second_number_still_wins() -> None:
    result = run(
        {
            "Name": ["Ann", "Bob"],
            "Mobile": ["+49 *** ***4471", "+49 *** ***4471"],
            "Home": ["", "030 12345678"],
        },
        name="Name",
    )
    assert list(result.contacts["phone"]) == ["+493012345678"]
    (reject,) = result.rejects.itertuples()
    assert (reject.row, reject.reason) == (2, "phone_masked")
    assert "+49 *** ***4471 is masked" in str(reject.detail)
