"""The safety guard: a mirror that would remove too much is stopped before anything is sent.

Kept apart from the planning so it can be run on any plan, a saved one too,
with the options of the run that is about to apply it.
"""

from __future__ import annotations

import pandas as pd

from boolky_sync.errors import SafetyError
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions


def check_guard(plan: Plan, desired: pd.DataFrame, options: SyncOptions) -> None:
    """Raise ``SafetyError`` for a mirror that removes too much, or has nothing to mirror from.

    Only a mirror removes contacts, so other modes pass; ``allow_mass_delete``
    lets everything pass. The limit is ``max_delete_fraction`` of the contacts
    in scope, counting a contact once however many groups it leaves.
    """
    if options.mode != "mirror" or options.allow_mass_delete:
        return
    if desired.empty:
        raise SafetyError(
            "the source yields no valid contact, and a mirror would remove everything this "
            "pipeline put on Boolky; nothing was done (use --allow-mass-delete if that is meant)"
        )
    # An old copy of a contact that stays is no loss: it does not count.
    deletes = [d for d in plan.deletes if d.replaced_by is None]
    touched = len(deletes) + len({r.contact_id for r in plan.removals})
    if touched and touched > options.max_delete_fraction * max(plan.in_scope, 1):
        raise SafetyError(
            f"the plan removes or deletes {touched} of {plan.in_scope} contacts in scope "
            f"({len(deletes)} deletions, {len(plan.removals)} group removals), over the "
            f"limit of {options.max_delete_fraction:.0%}; nothing was done "
            "(check the source, or use --allow-mass-delete)"
        )
