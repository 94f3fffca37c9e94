"""Several rows with one phone become one contact, and the merge is recorded.

Boolky keys a contact by its phone, so two source rows with one number would
overwrite each other in an order nobody chose. Here the pipeline's merge rule
decides which row speaks for the contact: ``most_complete`` (the row with the
most known fields; ties go to the earlier row), ``first`` or ``last``. An empty
field means "unknown", never "delete", so the winner's empty fields are filled
from the other rows in the rule's order; groups are united, and the source rows
of every contact are kept so a person can trace each merge back to the file.
A contact's consent is the one exception to the rule: a "no" on any of its
rows wins (then a "yes"), with the cell it was read from, so an opt-out is
never overridden by a more complete row.

Only phones that occur more than once need this work: the rest pass through.
"""

from __future__ import annotations

from itertools import chain, pairwise
from operator import itemgetter

import numpy as np
import pandas as pd

from boolky_sync.normalize.consent import CONSENT_FIELDS
from boolky_sync.normalize.consent_values import NO, YES
from boolky_sync.normalize.groups import group_key
from boolky_sync.normalize.options import MergeRule

VALUE_FIELDS = ("name", "gender", "mail", "birthday")
"""The contact fields a merge fills from the other rows when the winner lacks them."""
RECORD_ID = "record_id"
"""The source's own id of the contact (``[source.mapping] id``): the merge rule picks it
as it picks the fields, but it does not count towards ``most_complete``."""
TRACE_FIELDS = ("rows", "files")
"""Where a contact came from: source row numbers and, aligned with them, their files."""
MERGES_COLUMNS = ("phone", "rows", "files", "kept", "kept_file")


def merge_duplicates(contacts: pd.DataFrame, rule: MergeRule) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One contact per phone, and a record of which rows became which contact.

    ``contacts`` has a ``phone`` column, the ``VALUE_FIELDS``, ``groups`` (tuples
    of names) and ``rows``/``files`` (tuples, aligned); any other column (how the
    phone was read, say) is taken from the winning row. The result has the same
    columns, one row per phone, in the order each phone first occurs. The record
    has one row per merged phone: all its ``rows``/``files`` and the row that won.
    """
    contacts = contacts.reset_index(drop=True)
    every, _ = pd.factorize(contacts["phone"])
    repeated = (np.bincount(every) > 1)[every]
    if not repeated.any():
        return contacts, _no_merges()
    twins = contacts[repeated].reset_index(drop=True)
    codes = np.unique(every[repeated], return_inverse=True)[1]
    merged, record = _merge(twins, codes, int(codes.max()) + 1, rule)
    first_seen = np.unique(codes, return_index=True)[1]
    at = np.concatenate([np.flatnonzero(~repeated), np.flatnonzero(repeated)[first_seen]])
    together = pd.concat([contacts[~repeated], merged], ignore_index=True)
    return together.iloc[np.argsort(at, kind="stable")].reset_index(drop=True), record


def _merge(
    twins: pd.DataFrame, codes: np.ndarray, phones: int, rule: MergeRule
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per phone code ``0 .. phones-1`` (each occurring at least twice), and the record."""
    order = _by_priority(twins, rule)
    ranked = codes[order]
    winners = order[np.unique(ranked, return_index=True)[1]]
    merged = twins.iloc[winners].reset_index(drop=True)
    known = twins[list(VALUE_FIELDS)].iloc[order].groupby(ranked).first()
    for field in VALUE_FIELDS:
        merged[field] = known[field].reset_index(drop=True)
    if RECORD_ID in twins:
        ids = twins[RECORD_ID].iloc[order].groupby(ranked).first()
        merged[RECORD_ID] = ids.reset_index(drop=True).astype(object).where(ids.notna(), None)
    merged["groups"] = _united_groups(codes, twins["groups"], phones)
    if "consent" in twins:
        speakers = _consent_speakers(twins["consent"], order, ranked)
        for field in CONSENT_FIELDS:
            merged[field] = twins[field].iloc[speakers].reset_index(drop=True)
    for field, gathered in zip(TRACE_FIELDS, _gathered(codes, twins, phones), strict=True):
        merged[field] = gathered
    record = merged[["phone", *TRACE_FIELDS]].assign(
        kept=twins["rows"].iloc[winners].map(itemgetter(0)).to_numpy(),
        kept_file=twins["files"].iloc[winners].map(itemgetter(0)).to_numpy(),
    )
    return merged, record


def _by_priority(twins: pd.DataFrame, rule: MergeRule) -> np.ndarray:
    """Positions of the rows in the order they speak for their contact: the winner first."""
    if rule == "first":
        return np.arange(len(twins))
    if rule == "last":
        return np.arange(len(twins))[::-1]
    known = twins[list(VALUE_FIELDS)].notna().sum(axis=1).to_numpy()
    return np.argsort(-known, kind="stable")


def _consent_speakers(consent: pd.Series, order: np.ndarray, ranked: np.ndarray) -> np.ndarray:
    """Per phone code, the position of the row whose consent the contact takes: its first
    "no" in the rule's order, else its first "yes", else its winner."""
    said = consent.to_numpy(dtype=object)[order]
    rank = np.select([said == NO, said == YES], [0, 1], 2)
    by_code = np.lexsort((rank, ranked))
    return order[by_code[np.unique(ranked[by_code], return_index=True)[1]]]


def _united_groups(codes: np.ndarray, groups: pd.Series, phones: int) -> pd.Series:
    """Per phone, every group of its rows once, sorted by key as a row's own groups are.

    Names that differ only in case or spacing are one group (``group_key``); the
    earliest row's spelling is kept. The few distinct names are keyed once; the
    rest is integer work.
    """
    owner, names = _flattened(codes, groups)
    name_codes, distinct = pd.factorize(names)
    keys = [group_key(name) for name in distinct]
    rank_of = {key: rank for rank, key in enumerate(sorted(set(keys)))}
    ranks = np.array([rank_of[key] for key in keys], dtype=np.int64)[name_codes]
    _, first = np.unique(owner * max(len(rank_of), 1) + ranks, return_index=True)
    return _per_owner(_bounds(owner[first], phones), names[first])


def _gathered(codes: np.ndarray, twins: pd.DataFrame, phones: int) -> list[pd.Series]:
    """Per phone, the ``TRACE_FIELDS`` tuples of its rows joined, in row order. The tuples of a
    row are aligned (a row number per file), so the order is found once for all of them."""
    owner, first = _flattened(codes, twins[TRACE_FIELDS[0]])
    order = np.argsort(owner, kind="stable")
    bounds = _bounds(owner[order], phones)
    columns = [first, *(_items(twins[f]) for f in TRACE_FIELDS[1:])]
    return [_per_owner(bounds, column[order]) for column in columns]


def _flattened(codes: np.ndarray, items: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Every item of every row's tuple, with the code of the row it came from."""
    lengths = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
    return np.repeat(codes, lengths), _items(items)


def _items(items: pd.Series) -> np.ndarray:
    """Every item of every row's tuple, in order, as one object array."""
    listed = list(chain.from_iterable(items))
    flat = np.empty(len(listed), dtype=object)
    flat[:] = listed
    return flat


def _bounds(owners: np.ndarray, phones: int) -> list[int]:
    """Where each owner ``0 .. phones-1`` starts in ``owners`` (sorted), and where they end."""
    bounds: list[int] = np.searchsorted(owners, np.arange(phones + 1)).tolist()
    return bounds


def _per_owner(bounds: list[int], values: np.ndarray) -> pd.Series:
    """Tuples of ``values`` per owner: owner ``i``'s are ``values[bounds[i]:bounds[i + 1]]``."""
    listed = values.tolist()
    return pd.Series([tuple(listed[start:end]) for start, end in pairwise(bounds)], dtype=object)


def _no_merges() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in MERGES_COLUMNS})
