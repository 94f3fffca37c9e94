"""Which rows are refused, and the tables a person reads to fix the source.

A refused row must be findable and fixable without the tool: so each reject
keeps the file, the row number as a person counts it, the phone as the source
wrote it, a reason code, a detail in words, and every original value of the
row under its own column name.
A row is refused for its phone first (nothing can be sent without one), then
for a missing name when the pipeline gives no substitute. The last row of a
file that ends in the middle of it is refused whatever it holds
(``row_truncated``): its last cell is cut short, a phone too. A kept row's notes
(a name whose case was fixed, an address dropped) become warnings, one per
note, so they can be filtered and counted by code.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN
from boolky_sync.normalize.result import FieldResult

NAME_MISSING = "name_missing"
ROW_TRUNCATED = "row_truncated"
REJECT_COLUMNS = ("file", "row", "phone", "reason", "detail")
"""The columns every reject has before the row's original values."""
WARNING_COLUMNS = ("file", "row", "field", "code", "detail")

_NOTE_BOUNDARY = re.compile(r"; (?=[a-z][a-z0-9_]*:)")
"""Where one ``code: detail`` note ends and the next begins (details may hold "; ")."""
_CODE = re.compile(r"([a-z][a-z0-9_]*):")
"""A note's code, at its start."""


def verdicts(
    phone_reason: pd.Series,
    phone_detail: pd.Series,
    names: FieldResult,
    name_columns: list[str],
    name_fallback: str | None,
) -> tuple[pd.Series, pd.Series]:
    """Per row, the reason it is refused (None if kept) and the detail that explains it."""
    reason = phone_reason.astype(object).where(phone_reason.notna(), None)
    detail = phone_detail.astype(object).where(reason.notna(), None)
    if name_fallback is None:
        nameless = reason.isna() & names.values.isna()
        reason[nameless] = NAME_MISSING
        detail[nameless] = _no_name(name_columns)
    return reason, detail


def refuse_cut_rows(
    frame: pd.DataFrame, cut_rows: dict[str, int], reason: pd.Series, detail: pd.Series
) -> None:
    """Refuse, in place, each file's row that the file ends in the middle of (``cut_rows``)."""
    for file_name, line in cut_rows.items():
        cut = (frame[FILE_COLUMN] == file_name) & (frame[ROW_COLUMN] == line)
        reason[cut] = ROW_TRUNCATED
        detail[cut] = "the file ends in the middle of this row; it was not read"


def _no_name(columns: list[str]) -> str:
    if not columns:
        return "no name column is mapped; map one or set a name fallback"
    return f"no name in {', '.join(map(repr, columns))}"


def rejects_frame(
    frame: pd.DataFrame, reason: pd.Series, detail: pd.Series, phone: pd.Series
) -> pd.DataFrame:
    """One row per refused row: where it is, its phone as written, why, then its original values.

    A source column named like one of ``REJECT_COLUMNS`` gets `` (source)``
    appended, so a file with its own "reason" column still reads unambiguously.
    """
    refused = reason.notna()
    source = [c for c in frame.columns if c not in (ROW_COLUMN, FILE_COLUMN)]
    fixed = pd.DataFrame(
        {
            "file": frame.loc[refused, FILE_COLUMN].astype(object),
            "row": frame.loc[refused, ROW_COLUMN].astype("int64"),
            "phone": phone[refused].fillna("").astype(object),
            "reason": reason[refused],
            "detail": detail[refused],
        }
    )
    original = frame.loc[refused, source].rename(
        columns={c: f"{c} (source)" for c in source if c in REJECT_COLUMNS}
    )
    return pd.concat([fixed, original], axis=1).reset_index(drop=True)


def warnings_frame(
    frame: pd.DataFrame, notes: dict[str, pd.Series], kept: pd.Series
) -> pd.DataFrame:
    """One row per note on a kept row, in row order, fields in the order of ``notes``.

    ``notes`` maps a contact field to its per-row note texts, indexed by row
    position in ``frame``. Each distinct text is split into its notes once.
    """
    noted = [
        pd.DataFrame({"at": text.index[wanted], "field": field, "text": text[wanted].to_numpy()})
        for field, text in notes.items()
        if (wanted := kept.to_numpy() & (text.to_numpy(dtype=object) != "")).any()
    ]
    if not noted:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in WARNING_COLUMNS})
    texts = pd.concat(noted, ignore_index=True)
    codes, distinct = pd.factorize(texts["text"])
    pieces = _pieces(distinct.tolist())
    # Each noted row becomes as many rows as its text holds notes, in their order; then the
    # rows go in row order (stable: a row's fields stay in the order of ``notes``).
    owner = pieces["text"].to_numpy()  # each piece's text, in text order
    many = np.bincount(owner, minlength=len(distinct))[codes]
    each = np.repeat(np.arange(len(codes)), many)
    nth = np.arange(len(each)) - np.repeat(np.cumsum(many) - many, many)
    piece = np.searchsorted(owner, codes)[each] + nth
    order = np.argsort(texts["at"].to_numpy()[each], kind="stable")
    each, piece = each[order], piece[order]
    at = texts["at"].to_numpy()[each]
    return pd.DataFrame(
        {
            "file": frame[FILE_COLUMN].to_numpy(dtype=object)[at],
            "row": frame[ROW_COLUMN].to_numpy()[at],
            "field": texts["field"].to_numpy(dtype=object)[each],
            "code": pieces["code"].to_numpy(dtype=object)[piece],
            "detail": pieces["detail"].to_numpy(dtype=object)[piece],
        }
    )


def _pieces(texts: list[str]) -> pd.DataFrame:
    """Per distinct note text (by position), its notes as ``code`` and ``detail``.

    A note without the ``code:`` form is all code: nothing is lost, it just reads
    plainly. Most texts hold one note, so only those with a "; " are split; the
    detail is what follows the colon without the spaces before it (``str.lstrip``
    strips what ``\\s`` matches).
    """
    owners, codes, details = [], [], []
    for position, text in enumerate(texts):
        for note in _NOTE_BOUNDARY.split(text) if "; " in text else (text,):
            owners.append(position)
            found = _CODE.match(note)
            codes.append(note if found is None else found[1])
            details.append("" if found is None else note[found.end() :].lstrip())
    return pd.DataFrame(
        {
            "text": np.array(owners, dtype=np.int64),
            "code": pd.Series(codes, dtype=object),
            "detail": pd.Series(details, dtype=object),
        }
    )
