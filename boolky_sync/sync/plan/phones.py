"""The phone index: Boolky's phones as codes, and the source's and the ledger's among them.

Every phone of the three tables (desired, Boolky, ledger) is looked up once;
matching a million source contacts to a million remote ones is then array
indexing, and everything else in the plan asks this index where a
phone is, how many remote contacts hold it and whose it is.

Whose it is goes by contact id, not by phone: a remote contact is this
pipeline's only if the ledger recorded its id for that phone (``owned``). A
ledger phone held on Boolky by a contact the ledger never wrote was made again
by hand -- staff deleted the pipeline's contact and typed the number in anew --
and is left alone; several copies of a phone that are all the pipeline's are its
own duplicates, of which the newest is the one compared (and kept).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from boolky_sync.first_rows import first_of_each
from boolky_sync.sync.plan.codes import Flags, Ints


class PhoneIndex:
    """Boolky's phones as codes, and where the source's and the ledger's phones are among them.

    ``remote`` is each remote row's code (-1 for a phone that cannot be read),
    ``desired`` and ``ledger`` the code of each of their rows (-1 for a phone
    Boolky does not hold). Arrays indexed by code say which remote row holds
    the phone first (its oldest contact), how many remote contacts hold it,
    and whether the source or the ledger has it.
    """

    def __init__(
        self,
        desired: pd.DataFrame,
        remote: pd.DataFrame,
        ledger: pd.DataFrame,
        owned: pd.DataFrame | None = None,
    ) -> None:
        owned = ledger if owned is None else owned
        self.remote, (self.desired, self.ledger, owned_codes), count = _coded(
            remote["phone"], [desired["phone"], ledger["phone"], owned["phone"]]
        )

        readable = np.flatnonzero(self.remote >= 0)
        self.copies: Ints = np.bincount(self.remote[readable], minlength=count).astype(np.int64)
        self.first: Ints = readable[first_of_each(self.remote[readable], count)]  # each is held
        self.primary: Flags = np.zeros(len(remote), bool)
        """Remote rows that are the oldest contact of a readable phone: the ones compared."""
        self.primary[self.first] = True
        on_boolky = self.desired >= 0
        self.match: Ints = np.full(len(desired), -1, np.int64)
        """The remote row of each desired contact, -1 where Boolky lacks it."""
        self.match[on_boolky] = self.first[self.desired[on_boolky]]

        self.wanted: Flags = np.zeros(count, bool)
        self.wanted[self.desired[on_boolky]] = True
        state = ledger["state"].to_numpy(object)
        held = self.ledger >= 0
        self.in_ok: Flags = np.zeros(count, bool)
        """Confirmed in the ledger: written by this pipeline, Boolky said so."""
        self.in_ok[self.ledger[held & (state == "ok")]] = True
        self.mine: Flags = np.zeros(count, bool)
        """In the ledger and not merely pending: this pipeline's to remove."""
        self.mine[self.ledger[held & (state != "pending")]] = True
        self.ledger_row: Ints = np.full(count, -1, np.int64)
        self.ledger_row[self.ledger[held]] = np.flatnonzero(held)
        self._ledger = ledger
        self.stale: list[tuple[int, int]] = []
        """(old row, new row) of phones an interrupted update left twice on Boolky."""
        replacing = np.flatnonzero(held & (state == "replacing"))
        if len(replacing):
            self._find_stale(remote, ledger, replacing)
        self.ours: Flags = np.zeros(len(remote), bool)
        """Remote contacts that are this pipeline's, the mirror's to remove."""
        self.foreign: Flags = np.zeros(len(remote), bool)
        """Remote contacts with a phone the ledger holds but an id it never wrote: made by hand."""
        self.taken: Flags = np.zeros(count, bool)
        """Ledger phones Boolky holds only in contacts made by hand: the source's row for
        one is neither created (Boolky has the phone) nor written (it is not ours)."""
        self._own(remote, owned, owned_codes)

    def _own(self, remote: pd.DataFrame, owned: pd.DataFrame, codes: Ints) -> None:
        """Which remote contacts are this pipeline's, by the ids the ledger wrote per phone.

        A phone whose confirmed entry has ids is judged by id; the newest of its
        own copies becomes the one compared. Any other ledger phone (pending,
        replacing, or an entry whose answer had no id) is judged as before, by
        phone: its compared copy is the pipeline's.
        """
        index = pd.Index(remote["id"].to_numpy(np.int64))
        rows = index.get_indexer(owned["contact_id"].to_numpy(np.int64, na_value=-1))
        proven = (rows >= 0) & (codes >= 0)
        proven[proven] = self.remote[rows[proven]] == codes[proven]
        by_id = np.zeros(len(remote), bool)
        by_id[rows[proven]] = True
        checked: Flags = np.zeros(len(self.copies), bool)
        checked[codes[codes >= 0]] = True
        checked &= self.in_ok
        known = self.remote >= 0
        judged = np.zeros(len(remote), bool)
        judged[known] = checked[self.remote[known]]
        mine = np.zeros(len(remote), bool)
        mine[known] = self.mine[self.remote[known]]
        self.ours = np.where(judged, by_id, mine & self.primary)
        self.foreign = judged & ~by_id
        newest = np.full(len(self.copies), -1, np.int64)
        at = np.flatnonzero(judged & by_id)
        np.maximum.at(newest, self.remote[at], at)  # rows are in id order
        self.taken = checked & (newest < 0)
        moved = np.flatnonzero((newest >= 0) & (newest != self.first))
        if len(moved):
            self.primary[self.first[moved]] = False
            self.primary[newest[moved]] = True
            self.first[moved] = newest[moved]
            on_boolky = self.desired >= 0
            self.match[on_boolky] = self.first[self.desired[on_boolky]]

    @property
    def extra(self) -> Flags:
        """This pipeline's own copies of a phone beside the one compared: to clean up."""
        return self.ours & ~self.primary

    def _find_stale(self, remote: pd.DataFrame, ledger: pd.DataFrame, replacing: Ints) -> None:
        """Ledger contacts still ``replacing`` whose old copy (the id the ledger names) is on
        Boolky beside a newer copy that a re-add of this pipeline made: one with the name
        the ledger says was being written, in every group the old copy is in (a re-add
        sends them all). The run died before deleting the old copy. The newer copy is the
        one compared; the old one is to be deleted. A newer copy that is not provably this
        pipeline's (someone's duplicate) leaves things as they are."""
        ids = remote["id"].to_numpy(np.int64)
        named = ledger["contact_id"].to_numpy(np.int64, na_value=-1)[replacing]
        rows = pd.Index(ids).get_indexer(named)
        codes = self.ledger[replacing]
        doubled = (rows >= 0) & (self.copies[codes] > 1)
        if not doubled.any():
            return
        copies: dict[int, list[int]] = {}
        for row in np.flatnonzero(np.isin(self.remote, codes[doubled])):
            copies.setdefault(int(self.remote[row]), []).append(int(row))
        names = remote["name"].to_numpy(object)
        groups = remote["group_ids"].to_numpy(object)
        writing = ledger["name"].to_numpy(object)[replacing]
        for code, old, name in zip(codes[doubled], rows[doubled], writing[doubled], strict=True):
            ours = [
                row
                for row in copies[int(code)]
                if ids[row] > ids[old]
                and names[row] == name
                and set(groups[row]) >= set(groups[old])
            ]
            if not ours:
                continue
            newest = ours[-1]  # rows are in id order
            self.primary[self.first[code]] = False
            self.primary[newest] = True
            self.first[code] = newest
            self.stale.append((int(old), newest))
        on_boolky = self.desired >= 0
        self.match[on_boolky] = self.first[self.desired[on_boolky]]

    def confirmed(self, phones: pd.Series) -> Flags:
        """Which of ``phones`` the ledger holds as confirmed (Boolky may no longer hold them)."""
        if not len(phones):
            return np.zeros(0, bool)
        ok = pd.Index(self._ledger.loc[self._ledger["state"] == "ok", "phone"].astype("str"))
        return np.asarray(ok.get_indexer(pd.Index(phones.astype("str"))) >= 0, np.bool_)

    def duplicates(self, remote: pd.DataFrame) -> dict[str, list[int]]:
        """Phones held by more than one remote contact, with their ids (oldest first)."""
        if not len(self.copies) or self.copies.max() < 2:
            return {}
        shared = np.flatnonzero((self.remote >= 0) & (self.copies[np.maximum(self.remote, 0)] > 1))
        found: dict[str, list[int]] = {}
        for phone, contact_id in zip(
            remote["phone"].to_numpy(object)[shared], remote["id"].to_numpy()[shared], strict=True
        ):
            found.setdefault(str(phone), []).append(int(contact_id))
        return dict(sorted(found.items()))


def _coded(remote: pd.Series, others: list[pd.Series]) -> tuple[Ints, list[Ints], int]:
    """Boolky's phones as codes (0 for the first phone met, -1 for a missing one), each of
    ``others`` as the codes of its phones among them (-1 for a phone Boolky does not hold),
    and how many distinct phones Boolky holds.

    One dictionary encoding of the columns one after the other (Arrow keeps one table and
    one dictionary across a chunked array's chunks): Boolky's phones come first, so theirs
    are the first codes, and each phone of the four tables is hashed once. In Arrow: pandas
    would make each of a million phones a Python text, and its table, first. The columns
    are not joined into one array, and the codes are written into one array chunk by
    chunk: at a million contacts each copy would be 20-60 MiB more at the plan's peak.
    """
    columns = [remote, *others]
    ends = np.cumsum([len(c) for c in columns])
    texts = pa.chunked_array([_texts(c) for c in columns])
    encoded = pc.dictionary_encode(texts)
    del texts
    every = np.empty(int(ends[-1]), np.int64)
    at = 0
    for chunk in encoded.chunks:
        every[at : at + len(chunk)] = chunk.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        at += len(chunk)
    del encoded
    on_boolky, *found = np.split(every, ends[:-1])
    count = int(on_boolky.max()) + 1 if len(on_boolky) else 0
    for codes in found:
        codes[codes >= count] = -1
    return on_boolky, found, count


def _texts(phones: pd.Series) -> pa.Array:
    """``phones`` in Arrow, missing ones null; a column that holds other things than text
    beside its phones (a number Boolky or a file sent as one) has them as their text."""
    try:
        found = pa.array(phones, from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        found = pa.array(phones.astype("string"), from_pandas=True)
    return found.cast(pa.string())
