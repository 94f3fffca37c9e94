"""What a run settles about what it owns, beyond Boolky and its ledger.

Two things can make the plan alone wrong about ownership: a lost ledger (the
run journal still knows the contacts it forgot: ``sync.ledger_rebuild``) and
managed groups shared with other pipelines (their ledgers say what they still
hold: ``sync.plan.shared``). The runner asks here before planning, settles
the fresh plan here, and lets go here, after apply, of the shared-group
memberships its source no longer asks for.
"""

from __future__ import annotations

import pandas as pd

from boolky_sync.pipeline.config import Pipeline
from boolky_sync.pipeline.group_owners import Sharing
from boolky_sync.sync.journal import Journal
from boolky_sync.sync.ledger import Ledger, LedgerEntry
from boolky_sync.sync.ledger_rebuild import LostLedger, lost_entries, respect_lost
from boolky_sync.sync.model import Plan
from boolky_sync.sync.plan.shared import defer_to_others, released


def lost_ledger(
    journal: Journal, ledger: Ledger, pipeline: str, target: str, *, missing: bool
) -> LostLedger | None:
    """The contacts earlier runs wrote to ``target`` that the ledger no longer holds."""
    written = journal.written_contacts(pipeline, target)
    if not written:
        return None
    return lost_entries(written, ledger.frame()["phone"].tolist(), missing=missing)


def settle_plan(
    plan: Plan, pipeline: Pipeline, lost: LostLedger | None, sharing: Sharing
) -> list[LedgerEntry]:
    """Leave out of a fresh plan the contacts deleted on Boolky that a lost ledger forgot,
    saying how to rebuild it, and in shared groups what the sharing pipelines hold.
    Returns the contacts of shared groups the ledger is to hold without a write."""
    if lost is not None:
        respect_lost(plan, lost.lost)
        removes = plan.options.scope == "ledger"
        plan.notes.insert(0, lost.note(pipeline.name, str(pipeline.path), removes=removes))
    if not sharing.shared:
        return []
    return defer_to_others(plan, sharing.shared, sharing.others, sharing.first)


def settle_shared(
    ledger: Ledger,
    desired: pd.DataFrame,
    carried: frozenset[str],
    sharing: Sharing,
    holds: list[LedgerEntry],
) -> None:
    """After apply: the ledger holds the shared-group contacts the source wants (``holds``)
    and lets go of the memberships the source dropped, so the others may remove them."""
    if not sharing.shared:
        return
    ledger.record_written(holds)
    for phone, groups in released(ledger.entries(), desired, carried, sharing.shared).items():
        ledger.remove_groups(phone, groups)
