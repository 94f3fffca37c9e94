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

import numpy as np
import pandas as pd

from boolky_sync.first_rows import first_of_each
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
    counts = np.bincount(every)
    shared = counts > 1  # per phone code: several rows hold it
    repeated = shared[every]
    if not repeated.any():
        return contacts, _no_merges()
    twin_at = np.flatnonzero(repeated)
    twins = contacts.iloc[twin_at].reset_index(drop=True)
    merged = np.flatnonzero(shared)
    codes = (np.cumsum(shared) - 1)[every[twin_at]]  # 0 .. len(merged) - 1, in their order
    winners, fields, record = _merge(twins, codes, len(merged), rule)
    # One row per phone, where it first occurs: the row itself, or its phone's winner with
    # the merged fields (phone codes count in order of first occurrence, and so do twins').
    take = first_of_each(every, len(counts))
    take[merged] = twin_at[winners]
    together = {
        name: _taken(contacts[name], take, merged, fields.get(name)) for name in contacts.columns
    }
    return pd.DataFrame(together, copy=False), record


def _taken(
    column: pd.Series, take: np.ndarray, merged: np.ndarray, values: pd.Series | None
) -> pd.Series:
    """``column`` at the rows ``take``, with the merged ``values`` (if any) at ``merged``."""
    taken = column.array.take(take)  # a new array: ours to write
    if values is not None:
        taken[merged] = values.array
    return pd.Series(taken, dtype=column.dtype, copy=False)


def _merge(
    twins: pd.DataFrame, codes: np.ndarray, phones: int, rule: MergeRule
) -> tuple[np.ndarray, dict[str, pd.Series], pd.DataFrame]:
    """Per phone code ``0 .. phones-1`` (each occurring at least twice): the position of the row
    that speaks for it, the fields merged from all its rows (by code), and the record."""
    order = _by_priority(twins, rule)
    ranked = codes[order]
    winners = order[first_of_each(ranked, phones)]
    fields = {field: _first_known(twins[field], order, ranked, phones) for field in VALUE_FIELDS}
    if RECORD_ID in twins:
        ids = _first_known(twins[RECORD_ID], order, ranked, phones)
        fields[RECORD_ID] = ids.astype(object).where(ids.notna(), None)
    fields["groups"] = _united_groups(codes, twins["groups"], phones)
    if "consent" in twins:
        speakers = _consent_speakers(twins["consent"], order, ranked, phones)
        for field in CONSENT_FIELDS:
            fields[field] = twins[field].iloc[speakers].reset_index(drop=True)
    gathered, kept = _gathered(codes, twins, phones, winners)
    fields |= dict(zip(TRACE_FIELDS, gathered, strict=True))
    record = pd.DataFrame(
        {
            "phone": twins["phone"].iloc[winners].reset_index(drop=True),
            **{field: fields[field] for field in TRACE_FIELDS},
        }
    ).assign(kept=kept[0], kept_file=kept[1])
    return winners, fields, record


def _by_priority(twins: pd.DataFrame, rule: MergeRule) -> np.ndarray:
    """Positions of the rows in the order they speak for their contact: the winner first."""
    if rule == "first":
        return np.arange(len(twins))
    if rule == "last":
        return np.arange(len(twins))[::-1]
    known = twins[list(VALUE_FIELDS)].notna().sum(axis=1).to_numpy()
    return np.argsort(-known, kind="stable")


def _first_known(
    values: pd.Series, order: np.ndarray, ranked: np.ndarray, phones: int
) -> pd.Series:
    """Per phone code, the first known value of its rows in the rule's ``order``, missing
    where none is known: ``groupby(ranked).first()``, without its cost on object columns."""
    ordered = values.array.take(order)
    known = np.flatnonzero(~pd.isna(ordered))
    first = first_of_each(ranked[known], phones)
    found = first < len(known)
    picks = np.full(phones, -1, dtype=np.int64)
    picks[found] = known[first[found]]
    if values.dtype == object:  # missing is None, as groupby gives it
        out = np.full(phones, None, dtype=object)
        out[found] = np.asarray(ordered, dtype=object)[picks[found]]
        return pd.Series(out, dtype=object)
    return pd.Series(ordered.take(picks, allow_fill=True), dtype=values.dtype)


def _consent_speakers(
    consent: pd.Series, order: np.ndarray, ranked: np.ndarray, phones: int
) -> np.ndarray:
    """Per phone code, the position of the row whose consent the contact takes: its first
    "no" in the rule's order, else its first "yes", else its winner."""
    said = consent.to_numpy(dtype=object)[order]
    rank = np.select([said == NO, said == YES], [0, 1], 2)
    speakers: np.ndarray = order[first_of_each(ranked, phones, by=rank)]
    return speakers


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


def _gathered(
    codes: np.ndarray, twins: pd.DataFrame, phones: int, winners: np.ndarray
) -> tuple[list[pd.Series], list[np.ndarray]]:
    """Per phone, the ``TRACE_FIELDS`` tuples of its rows joined, in row order, and the first
    item of each winner's (the row and file that won). The tuples of a row are aligned (a row
    number per file), so the order is found once for all of them."""
    lengths = _lengths(twins[TRACE_FIELDS[0]])
    owner = np.repeat(codes, lengths)
    order = np.argsort(owner, kind="stable")
    bounds = _bounds(owner[order], phones)
    starts = (np.cumsum(lengths) - lengths)[winners]
    gathered, kept = [], []
    for field in TRACE_FIELDS:
        items = _items(twins[field])
        gathered.append(_per_owner(bounds, items[order]))
        kept.append(pd.Series(items[starts], dtype=object).infer_objects().to_numpy())
    return gathered, kept


def _flattened(codes: np.ndarray, items: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Every item of every row's tuple, with the code of the row it came from."""
    return np.repeat(codes, _lengths(items)), _items(items)


def _lengths(items: pd.Series) -> np.ndarray:
    """How many items each row's tuple holds."""
    return np.fromiter(map(len, items), dtype=np.int64, count=len(items))


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
    """Tuples of ``values`` per owner: owner ``i``'s are ``values[bounds[i]:bounds[i + 1]]``.
    Where every value is one (the one file, the one group), owners of as many share a tuple."""
    if len(values) and (values == values[0]).all():
        sizes, size_of = np.unique(np.diff(bounds), return_inverse=True)
        shared = np.empty(len(sizes), dtype=object)
        shared[:] = [(values[0],) * size for size in sizes.tolist()]
        return pd.Series(shared[size_of], dtype=object)
    listed = values.tolist()
    return pd.Series([tuple(listed[start:end]) for start, end in pairwise(bounds)], dtype=object)


def _no_merges() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in MERGES_COLUMNS})
