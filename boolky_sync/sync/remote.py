"""Boolky's contacts as one table keyed like the source, and the checks made on it.

Remote phones are normalised the same way as the source's before anything is
compared (most are E.164 already, so only the others are parsed), the state is
fingerprinted so a stale plan is recognised, and a ``getContacts`` answer that
looks cut short, or empty, is recognised before anything is planned from it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from boolky_sync.api.records import ALL_GROUP_ID, Account
from boolky_sync.errors import SafetyError
from boolky_sync.normalize.phone_reading import read_number

E164 = r"^\+[1-9]\d{6,14}$"
MIN_PRESENT_SHARE = 0.5
"""A getContacts answer holding fewer than this share of the contacts the ledger knows
this pipeline wrote (or none of them) is taken for a truncated or empty answer."""
_NON_DIGITS = re.compile(r"\D")


def remote_frame(account: Account) -> pd.DataFrame:
    """One row per remote contact, sorted by id (the oldest of several sharing a phone first).

    Columns: ``id``; ``phone_raw`` as Boolky holds it and ``phone`` in E.164 (missing
    where none can be read); ``name``, ``gender`` (Int64), ``mail``, ``birthday`` (text
    or None); ``group_ids`` (tuple, "All" left out) and ``group_set``, a number per
    distinct tuple, so group work is done once per set instead of once per contact.
    Built column by column: a million contacts take about a second.
    """
    contacts = account.contacts
    sets: dict[tuple[int, ...], int] = {}
    group_set = np.array([sets.setdefault(c.group_ids, len(sets)) for c in contacts], np.int64)
    stripped = np.empty(len(sets), dtype=object)
    stripped[:] = [tuple(g for g in ids if g != ALL_GROUP_ID) for ids in sets]
    frame = pd.DataFrame(
        {
            "id": np.array([c.id for c in contacts], np.int64),
            "phone_raw": pd.Series([c.phone for c in contacts], dtype=object),
            "name": pd.Series([c.name for c in contacts], dtype=object),
            "gender": _optional_ints([c.gender for c in contacts]),
            "mail": pd.Series([c.mail for c in contacts], dtype=object),
            "birthday": pd.Series([c.birthday for c in contacts], dtype=object),
            "group_ids": stripped[group_set],
            "group_set": group_set,
        }
    )
    frame["phone"] = remote_phones(frame["phone_raw"])
    if not frame["id"].is_monotonic_increasing:
        frame = frame.sort_values("id", kind="stable").reset_index(drop=True)
    return frame


def _optional_ints(values: list[int | None]) -> pd.arrays.IntegerArray:
    """Boolky's 1/2 genders, None (and a 0 no gender can be) as missing."""
    data = np.array([v or 0 for v in values], np.int64)
    return pd.arrays.IntegerArray(data, data == 0)


def remote_phones(raw: pd.Series) -> pd.Series:
    """E.164 (``str`` dtype) for every remote phone that has one; missing where none can be read.

    Most are E.164 already and pass one vectorised match (in Arrow, which is where
    a ``str`` column lives anyway); the others are read one distinct value at a time.
    """
    text = pc.utf8_trim_whitespace(pa.array(raw.to_numpy(object), pa.string(), from_pandas=True))
    ready = pc.fill_null(pc.match_substring_regex(text, E164), False)
    phones = pd.Series(pc.if_else(ready, text, pa.scalar(None, pa.string())), dtype="str")
    others = ~ready.to_numpy(zero_copy_only=False)
    if others.any():
        values = pd.Series(text.filter(pc.invert(ready)).to_pylist(), dtype=object)
        parsed = {value: _parse(value) for value in values.dropna().unique()}
        phones[others] = values.map(parsed).to_numpy(object)
    return phones


def _parse(value: str) -> str | None:
    """Read as normalize reads a number without a country: "+", "00", or a lost "+"."""
    text = "".join(value.split())
    digits = _NON_DIGITS.sub("", text)
    if not digits:
        return None
    return read_number(("+" if text.startswith("+") else "") + digits, None, True, None).e164


def fingerprint(remote: pd.DataFrame, groups: Iterable[tuple[int, str]]) -> str:
    """A digest of the remote state: a plan made from it is stale once it changes.

    Each column goes in whole (ids as bytes, texts joined with a separator that
    no field holds), so a million contacts take a fraction of a second.
    """
    digest = hashlib.sha256()
    digest.update(remote["id"].to_numpy(np.int64).tobytes())
    digest.update(remote["gender"].to_numpy(np.int64, na_value=0).tobytes())
    for column in ("phone_raw", "name", "mail", "birthday"):
        digest.update(_joined(remote[column]))
    # Group sets by their content, in a canonical order: the same memberships give the
    # same digest whatever order Boolky lists its contacts in.
    codes = remote["group_set"].to_numpy()
    found, first = np.unique(codes, return_index=True)
    labels = [",".join(map(str, sorted(ids))) for ids in remote["group_ids"].to_numpy()[first]]
    order = np.argsort(np.array(labels, dtype=object), kind="stable")
    rank = np.zeros(int(found.max()) + 1 if len(found) else 0, np.int64)
    rank[found[order]] = np.arange(len(found))
    digest.update("\x1e".join(labels[i] for i in order).encode())
    digest.update(rank[codes].tobytes())
    for group_id, name in sorted(groups):
        digest.update(f"{group_id}\x1f{name}\x1e".encode())
    return digest.hexdigest()


def _joined(values: pd.Series) -> bytes:
    """A text column (str or None, as ``remote_frame`` builds it) as one byte string."""
    texts = values.astype(object).fillna("\x00").tolist()
    return "\x1e".join(texts).encode("utf-8", "surrogatepass") + b"\x1d"


def check_complete(remote: pd.DataFrame, expected_ids: Iterable[int]) -> None:
    """Refuse an answer that looks cut off: ids known to exist, all beyond the last returned.

    Boolky documents no paging, so a large account may come back truncated. The
    telltale is a round number of contacts with known contacts (from the ledger,
    or just written) missing, every one of them newer than the newest returned.
    Planning deletes or creates from such a list would do harm, so the run stops.
    """
    count = len(remote)
    if count < 100 or count % 100:
        return
    newest = int(remote["id"].max())
    expected = np.asarray(
        expected_ids if isinstance(expected_ids, np.ndarray) else list(expected_ids), np.int64
    )
    beyond = expected > newest
    if not beyond.any():
        return  # nothing known is newer: whatever is missing was deleted, not cut off
    if not np.isin(expected[~beyond], remote["id"].to_numpy()).all():
        return  # older contacts are missing too: deletions, not a cut
    raise SafetyError(
        f"getContacts returned exactly {count} contacts, and {int(beyond.sum())} contacts "
        f"known to exist (ids above {newest}) are missing: the answer looks truncated. "
        "Nothing was planned from it; check the account size with Boolky"
    )


def check_present(
    remote: pd.DataFrame,
    ledger: pd.DataFrame,
    gone: frozenset[str] = frozenset(),
    *,
    trust_empty_remote: bool = False,
) -> tuple[str | None, list[str]]:
    """Refuse an answer missing most of the contacts this pipeline wrote (``SafetyError``).

    Boolky documents no paging and no way to tell "deleted" from "not listed", so
    an answer holding none of the contacts the ledger confirmed (state ``ok``), or
    fewer than ``MIN_PRESENT_SHARE`` of them, is far likelier an empty or cut
    answer than staff deleting them all -- and believing it would restore, or
    re-add, every one of them. A contact counts as there by its id or its phone
    (staff may have made it again by hand); those an earlier believed answer
    already lacked (``gone``) are not counted again, so deletions staff made on
    purpose are judged once, not every night. ``trust_empty_remote`` (the user
    has checked) lets an answer through.

    Returns the note for the plan (or None) and the confirmed phones this answer
    lacks, for the ledger to remember as ``gone`` once the answer is believed.
    """
    confirmed = ledger.loc[ledger["state"] == "ok", ["phone", "contact_id"]]
    ids = confirmed["contact_id"].to_numpy(np.int64, na_value=-1)
    confirmed = confirmed[ids > 0]
    ids = ids[ids > 0]
    if not len(ids):
        return None, []
    there = np.isin(ids, remote["id"].to_numpy(np.int64)) | confirmed["phone"].isin(
        remote["phone"]
    ).to_numpy(bool)
    lacking = confirmed.loc[~there, "phone"].tolist()
    counted = ~confirmed["phone"].isin(gone).to_numpy(bool)
    expected, present = int(counted.sum()), int((there & counted).sum())
    if not expected or (present and present >= MIN_PRESENT_SHARE * expected):
        return None, lacking
    held = (
        f"Boolky's contact list holds {present:,} of the {expected:,} contacts this "
        "pipeline wrote there (ledger)"
    )
    if trust_empty_remote:
        return f"{held}; believed as it is (--trust-empty-remote)", lacking
    share = f", fewer than {MIN_PRESENT_SHARE:.0%}" if present else ""
    raise SafetyError(
        f"{held}{share}: likely a truncated or empty answer, so nothing is planned; "
        "if they were really deleted on Boolky, run again with --trust-empty-remote"
    )
