"""The safety guard: a mirror that would remove too much is stopped before anything is sent.

It runs after planning, on the whole plan, and before apply: so a stopped run
still has the plan, and its report lists every change the guard blocked for a
person to check. Kept apart from the planning so it can be run on any plan, a
saved one too, with the options of the run that is about to apply it.
"""

from __future__ import annotations

import pandas as pd

from boolky_sync.errors import SafetyError
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions

HOW_TO_PROCEED = (
    "nothing was done. The report lists every blocked change: check them, and if they "
    "are meant, run again with --allow-mass-delete (for that one run)"
)


def check_guard(plan: Plan, desired: pd.DataFrame, options: SyncOptions) -> None:
    """Raise ``SafetyError`` for a mirror that removes too much, or has nothing to mirror from.

    The plan is marked ``blocked`` with the same words first, so the report
    shows its removals and deletions as blocked.
    """
    reason = _verdict(plan, desired, options)
    if reason is not None:
        plan.blocked = reason
        raise SafetyError(reason)


def _verdict(plan: Plan, desired: pd.DataFrame, options: SyncOptions) -> str | None:
    """Why the guard stops ``plan``, or None when it may be applied.

    Only a mirror removes contacts, so other modes pass; ``allow_mass_delete``
    lets everything pass. The limit is ``max_delete_fraction`` of the contacts
    in scope, counting a contact once however many groups it leaves. Removals and
    deletions of listed phones (``Plan.suppressed``, ``Plan.opted_out``) honour an
    opt-out: they are never counted, however many, and the message names them apart;
    those of the old numbers of moved records (``Plan.moves``) are a renumbering, not
    counted either.
    """
    if options.mode != "mirror" or options.allow_mass_delete:
        return None
    if desired.empty:
        return (
            "the source yields no valid contact, and a mirror would remove everything this "
            f"pipeline put on Boolky; {HOW_TO_PROCEED}"
        )
    # An old copy of a contact that stays is no loss, nor the old number of a record
    # that moved (the record stays, under its new number): neither counts.
    held = frozenset(plan.suppressed) | frozenset(plan.opted_out)
    moved = held | {m.old_phone for m in plan.moves}
    deletes = [d for d in plan.deletes if d.replaced_by is None and d.phone not in moved]
    removals = [r for r in plan.removals if r.phone not in moved]
    touched = len(deletes) + len({r.contact_id for r in removals})
    if touched and touched > options.max_delete_fraction * max(plan.in_scope, 1):
        return (
            f"the plan removes or deletes {touched} of {plan.in_scope} contacts in scope "
            f"({len(deletes)} deletions, {len(removals)} group removals), over the "
            f"limit of {options.max_delete_fraction:.0%}{_opted_out(plan, held)}; "
            f"{HOW_TO_PROCEED}"
        )
    return None


def _opted_out(plan: Plan, held: frozenset[str]) -> str:
    """The removals the suppression list asks for, named apart from the counted ones."""
    ids = {d.contact_id for d in plan.deletes if d.phone in held}
    ids |= {r.contact_id for r in plan.removals if r.phone in held}
    if not ids:
        return ""
    return f" (not counting {len(ids)} contacts on the suppression list, which always leave)"
