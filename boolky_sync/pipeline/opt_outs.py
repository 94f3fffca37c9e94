"""What a run adds to the account's suppression list, and what it holds back for it.

An opt-out in the CRM is an opt-out everywhere: a row whose consent says no is
held back by normalize, and a run that writes puts its number on the list of
the Boolky it writes to (``suppression``), so every other pipeline and import
into that account obeys it too, and a mirror takes the contact out of its
managed groups -- without the delete guard counting it. A dry run lists nothing
but plans as if it had, so its preview is the run that would follow. Contacts
found deleted on Boolky go on the list the same way (``record_remote_deletions``).
"""

from __future__ import annotations

import logging

import pandas as pd

from boolky_sync.normalize.consent import HELD_BACK_COLUMNS, REASON_NO
from boolky_sync.normalize.stage import Normalized
from boolky_sync.suppression import Entry, SuppressionList, record_remote_deletions
from boolky_sync.sync.model import Plan

log = logging.getLogger("boolky_sync")


def said_no(normalized: Normalized | None) -> frozenset[str]:
    """The phones of the contacts held back because their consent says no (not those
    held back for want of a yes under ``consent = "require"``: silence is no opt-out).
    None for a run that read no source (a retry)."""
    said = _said_no(normalized)
    return frozenset(said["phone"].dropna())


def list_opt_outs(
    suppression: SuppressionList, normalized: Normalized | None, pipeline: str
) -> None:
    """Put the numbers whose consent says no on the list, each with its file and row."""
    said = _said_no(normalized)
    if said.empty:
        return
    entries = [
        Entry(
            phone,
            f"consent says no ({column}: {value})",
            "consent",
            file=file,
            row=int(row),
            pipeline=pipeline,
        )
        for phone, row, file, column, value in said[
            ["phone", "row", "file", "column", "value"]
        ].itertuples(index=False)
    ]
    added = suppression.add_many(entries)
    if added.added:
        log.warning(
            "%d numbers whose consent says no were put on this Boolky's suppression list "
            "(boolky-sync suppress list shows them); no pipeline or import adds them again",
            len(added.added),
        )


def _said_no(normalized: Normalized | None) -> pd.DataFrame:
    if normalized is None:
        return pd.DataFrame({c: [] for c in HELD_BACK_COLUMNS})
    held_back = normalized.held_back
    return held_back[held_back["reason"] == REASON_NO]


def list_deletions(suppression: SuppressionList, plan: Plan, pipeline: str) -> None:
    """A run that writes believed Boolky's answer: the contacts it lacks were deleted
    there, and go on the account's suppression list for every other pipeline too."""
    listed = record_remote_deletions(
        suppression, plan.gone or [], pipeline, plan.options.remote_deletions
    )
    if listed.added:
        log.warning(
            "%d contacts deleted on Boolky were put on its suppression list "
            "(boolky-sync suppress list shows them); no pipeline or import adds them again",
            len(listed.added),
        )
