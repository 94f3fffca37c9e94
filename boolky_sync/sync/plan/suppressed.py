"""The suppression list in the plan: numbers that said no are held back from the source.

A suppressed phone is taken out of the desired contacts before anything else
is decided, so every rule downstream treats it as a number the source no
longer has: it is never created, never updated, never put in a group, and a
mirror takes this pipeline's contact with it out of the managed groups (or
deletes it, under ``delete_contacts``) as it does for any contact that left
the source. Those removals are the list's doing, not the source's: the plan
names the phones (``Plan.suppressed``), so the delete guard leaves them out of
its threshold and the report lists them.

One exception keeps the ledger's own word: a phone this pipeline wrote and
Boolky no longer holds is a deletion it already respects (``respected_deletions``)
under ``remote_deletions = "respect"``; it is counted there, not twice.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan.codes import Flags

SUPPRESSED_REASON = "on the suppression list"


def held_back(
    desired: pd.DataFrame,
    suppressed: frozenset[str],
    remote: pd.DataFrame,
    ledger: pd.DataFrame,
    options: SyncOptions,
) -> Flags:
    """Which desired rows the suppression list holds back (whole columns, one lookup each)."""
    if not suppressed or desired.empty:
        return np.zeros(len(desired), bool)
    held = desired["phone"].isin(list(suppressed)).to_numpy(bool, copy=True)
    if options.remote_deletions == "respect" and held.any():
        # only the listed rows are looked up again: a few among a million
        listed = desired["phone"][held]
        confirmed = ledger.loc[ledger["state"] == "ok", "phone"]
        own = listed.isin(confirmed) & ~listed.isin(remote["phone"])
        held[np.flatnonzero(held)[own.to_numpy(bool)]] = False
    return held


def mark_suppressed(plan: Plan, phones: list[str], suppressed: frozenset[str]) -> None:
    """Name the held-back phones in the plan, and the removals the list asks for: those of
    listed numbers, whether the source still has them or not (``Plan.opted_out``)."""
    plan.suppressed = sorted(phones)
    if suppressed:
        leaving = {d.phone for d in plan.deletes} | {r.phone for r in plan.removals}
        plan.opted_out = sorted(leaving & suppressed)
    if not phones and not plan.opted_out:
        return
    held = set(phones) | set(plan.opted_out)
    plan.deletes = [
        dataclasses.replace(d, reason=SUPPRESSED_REASON)
        if d.phone in held and d.replaced_by is None
        else d
        for d in plan.deletes
    ]
    if not phones:
        return
    mirror = plan.options.mode == "mirror"
    plan.notes.append(
        f"{len(phones)} numbers of the source are on the suppression list and are not "
        "written to Boolky"
        + ("; this pipeline's contacts among them leave its managed groups" if mirror else "")
    )
