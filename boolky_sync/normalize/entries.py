"""One row per contact-to-be: the table the stage merges, before rows that share a phone meet.

Each kept row is an entry with its fields' readings, where it came from (its row and
file, as tuples the merge joins) and how its consent was read; under
``other_phones = "split"`` each further number of the row is an entry of its own,
right after the row's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN
from boolky_sync.normalize.consent import CONSENT_FIELDS, ConsentReading
from boolky_sync.normalize.dedupe import RECORD_ID, VALUE_FIELDS
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.phones import PhoneResult
from boolky_sync.normalize.result import FieldResult

CONTACT_COLUMNS = (
    "phone",
    *VALUE_FIELDS,
    "groups",
    "rows",
    "files",
    "phone_raw",
    "phone_rule",
    "phone_kind",
    *CONSENT_FIELDS,
    RECORD_ID,
)
SPLIT_RULE = "further number of the row"
"""``phone_rule`` of a contact made from a row's further number (``other_phones = "split"``);
its ``phone_raw`` and ``phone_kind`` are unknown, as the phone reader gives only the E.164."""


def entries_of(
    frame: pd.DataFrame,
    phone: PhoneResult,
    fields: dict[str, FieldResult],
    consent: ConsentReading,
    kept: pd.Series,
    options: NormalizeOptions,
) -> pd.DataFrame:
    """One row per contact-to-be: each kept row, and under ``split`` each further number."""
    said = consent.consent.notna()
    entries = pd.DataFrame(
        {
            "phone": _as_written_where_same(phone.phone[kept].astype(object), phone.raw[kept]),
            **{name: result.values[kept] for name, result in fields.items()},
            "rows": _singletons(frame.loc[kept, ROW_COLUMN].astype(int)),
            "files": _shared_singletons(frame.loc[kept, FILE_COLUMN]),
            "phone_raw": phone.raw[kept],
            "phone_rule": phone.rule[kept],
            "phone_kind": phone.kind[kept],
            "consent": consent.consent[kept],
            "consent_file": frame[FILE_COLUMN].astype(object).where(said, None)[kept],
            "consent_row": frame[ROW_COLUMN].astype("Int64").where(said)[kept],
            "consent_column": consent.column[kept],
            "consent_value": consent.value[kept],
        },
        copy=False,  # fresh columns: not copied into one block of a million rows by 17
    )
    entries["gender"] = entries["gender"].astype("Int64")
    if options.other_phones == "split":
        entries = _with_further_numbers(entries, phone.others[kept])
    return entries[list(CONTACT_COLUMNS)]


def _as_written_where_same(phones: pd.Series, raw: pd.Series) -> pd.Series:
    """The E.164 phones, each the very text the source wrote where it wrote exactly that: an
    export in E.164 (most shops and CRMs write it) then holds one string per number, not two."""
    same = (phones.to_numpy(dtype=object) == raw.to_numpy(dtype=object)).astype(bool)
    return phones.where(~same, raw)


def _singletons(values: pd.Series) -> pd.Series:
    return pd.Series(list(zip(values.tolist(), strict=True)), index=values.index, dtype=object)


def _shared_singletons(values: pd.Series) -> pd.Series:
    """``_singletons`` of a column with few distinct values (the file each row came from):
    one tuple per value, shared by its rows -- a million rows of one file hold one tuple."""
    cells = values.to_numpy() if values.dtype == object else values.array  # Arrow's: no objects
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    tuples = np.empty(len(distinct), dtype=object)
    tuples[:] = [(value,) for value in distinct.tolist()]
    return pd.Series(tuples[codes], index=values.index, dtype=object)


def _with_further_numbers(entries: pd.DataFrame, others: pd.Series) -> pd.DataFrame:
    """Each row's further numbers as entries of their own, right after the row's own."""
    further = others.explode().dropna()
    extra = entries.loc[further.index].assign(
        phone=further.to_numpy(), phone_raw=None, phone_rule=SPLIT_RULE, phone_kind=None
    )
    return pd.concat([entries, extra]).sort_index(kind="stable")
