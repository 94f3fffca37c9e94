"""Phone columns put in the form the number reader knows, and told apart by their content.

``as_layout_writes`` puts cells in that form as the column's layout (its
preset) says: its separators, its missing "+"; ``international_by_content``
marks the columns whose values make that "+" certain. Kept apart from
``phone_reading`` so the reader's pool processes need not import pandas.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from boolky_sync.normalize.phone_reading import NOT_MOBILE, read_all

if TYPE_CHECKING:
    import numpy.typing as npt

    from boolky_sync.extract.mapping import PhoneColumn


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
