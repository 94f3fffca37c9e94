"""A row's SMS consent: read from the columns that carry it, and the contacts it holds back.

Texting someone who said no cannot be undone, so the reading leans one way:
an unknown word is a warning and no value (never a silent "yes"), several
consent columns on a row give "no" if any says no, and when rows merge into
one contact a "no" on any of them wins (``dedupe``). Each row keeps where its
answer came from (column and cell), so the ledger can show why a number was
texted.

Under ``consent = "respect"`` (the default) a contact that says no is held
back; ``"require"`` holds back every contact that does not say yes;
``"ignore"`` holds back none. Held-back contacts are neither sent nor
refused: ``held_back_frame`` lists them for the report, and for the
suppression list, which takes their phones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from boolky_sync.extract.consent_headers import NEGATIVE_STEMS
from boolky_sync.extract.synonyms import header_key
from boolky_sync.normalize.consent_values import NO, YES, reading
from boolky_sync.normalize.distinct import Reading, read_distinct
from boolky_sync.normalize.options import ConsentPolicy

CONSENT_FIELDS = ("consent", "consent_file", "consent_row", "consent_column", "consent_value")
"""Per contact: ``consent`` ("yes", "no" or None) and the cell it was read from."""
HELD_BACK_COLUMNS = ("phone", "row", "file", "column", "value", "reason")
"""``Normalized.held_back``: one row per contact not sent for want of consent."""
REASON_NO, REASON_MISSING = "consent_no", "consent_missing"


@dataclass
class ConsentReading:
    """Per source row (index-aligned): the answer, the column and cell it came from, notes."""

    consent: pd.Series
    column: pd.Series
    value: pd.Series
    notes: pd.Series


def is_negative(header: str) -> bool:
    """True for a column that says yes where the person said no ("SMS opt-out")."""
    key = header_key(header)
    return any(stem in key for stem in NEGATIVE_STEMS)


def read_consent(frame: pd.DataFrame, columns: list[str]) -> ConsentReading:
    """Each row's consent from ``columns``: a "no" in any wins, else the first "yes"."""
    out = ConsentReading(*_nothing(frame))
    for column in columns:
        cells = frame[column].str.strip()
        filled = cells.ne("")
        if not filled.any():
            continue
        found = read_distinct(cells[filled], partial(_read_cell, negative=is_negative(column)))
        said = found.values.reindex(frame.index)
        take = said.eq(NO) | (said.eq(YES) & out.consent.isna())
        out.consent = out.consent.where(~take, said)
        out.column = out.column.where(~take, column)
        out.value = out.value.where(~take, cells)
        notes = found.notes.reindex(frame.index, fill_value="")
        out.notes = out.notes.where(out.notes.ne("") | notes.eq(""), notes)
    return out


def _nothing(frame: pd.DataFrame) -> list[pd.Series]:
    """Three columns of None and one of empty notes: a row no column spoke for."""
    none = [pd.Series([None] * len(frame), index=frame.index, dtype=object) for _ in range(3)]
    return [*none, pd.Series("", index=frame.index, dtype=object)]


def _read_cell(text: str, negative: bool) -> Reading:
    said = reading(text, negative)
    if said is None:
        return None, f"consent_unknown: {text!r} is no consent word we know; read as no value"
    return said, ""


def hold_back(contacts: pd.DataFrame, policy: ConsentPolicy) -> pd.Series:
    """Per contact, the reason it is not sent (``consent_no``, ``consent_missing``) or None."""
    said = contacts["consent"]
    if policy == "ignore":
        held = np.zeros(len(contacts), dtype=bool)
    elif policy == "require":
        held = said.ne(YES).to_numpy(dtype=bool)
    else:
        held = said.eq(NO).to_numpy(dtype=bool)
    reasons = pd.Series(REASON_MISSING, index=contacts.index, dtype=object)
    reasons[said.eq(NO).to_numpy(dtype=bool)] = REASON_NO
    return reasons.where(held, None)


def held_back_frame(contacts: pd.DataFrame, reasons: pd.Series) -> pd.DataFrame:
    """The held-back contacts as ``HELD_BACK_COLUMNS``: the row that said no (or, with no
    answer, the contact's first row), its file, the consent column and cell."""
    held = contacts[reasons.notna()]
    first_row = held["rows"].map(lambda rows: rows[0])
    first_file = held["files"].map(lambda files: files[0])
    return pd.DataFrame(
        {
            "phone": held["phone"].astype(object),
            "row": held["consent_row"].fillna(first_row).astype("int64"),
            "file": held["consent_file"].fillna(first_file).astype(object),
            "column": held["consent_column"].astype(object),
            "value": held["consent_value"].astype(object),
            "reason": reasons[reasons.notna()].astype(object),
        },
        columns=list(HELD_BACK_COLUMNS),
    ).reset_index(drop=True)


def no_held_back() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in HELD_BACK_COLUMNS})
