"""Verify: fetch Boolky again, plan again, and call whatever is left the drift.

After a clean apply the drift is nothing. When it is not, each kind is named
(missing, mismatched, extra, duplicated) and, where the API cannot express a
change, the reason is said, so the report explains rather than just counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from boolky_sync.api import Account
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import make_plan


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)
    """Phones the source wants that Boolky does not hold."""
    mismatched: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    """Phone → field → [on Boolky, wanted]; a missing group shows as field ``groups``."""
    extra: list[str] = field(default_factory=list)
    """Phones a mirror should have removed or deleted and did not."""
    duplicated: dict[str, list[int]] = field(default_factory=dict)
    """Wanted phones that several Boolky contacts hold, and any phone of which this
    pipeline made several copies."""
    explanations: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.mismatched) + len(self.extra) + len(self.duplicated)

    def counts(self) -> dict[str, int]:
        return {
            "missing": len(self.missing),
            "mismatched": len(self.mismatched),
            "extra": len(self.extra),
            "duplicated": len(self.duplicated),
            "total": self.total,
        }


def drift_of(
    desired: pd.DataFrame,
    carried: frozenset[str],
    account: Account,
    ledger: pd.DataFrame,
    options: SyncOptions,
    owned: pd.DataFrame | None = None,
    settle: Callable[[Plan], object] | None = None,
    left_out: frozenset[str] = frozenset(),
    remote: pd.DataFrame | None = None,
) -> Drift:
    """What still differs between ``desired`` and ``account`` under ``options``
    (``ledger`` and ``owned`` as ``make_plan`` takes them); ``settle`` changes the plan
    as the run's own plan was (see the pipeline runner). The phones a ``--limit`` run
    ``left_out`` are not drift: that run was never meant to write them. ``remote`` is
    ``remote_frame(account)`` when the caller has it already."""
    # The guards protect decisions; measuring what is left must not trip them.
    unguarded = replace(options, allow_mass_delete=True)
    plan = make_plan(
        desired, carried, account, ledger, unguarded, owned, remote, fingerprinted=False
    )
    if settle is not None:
        settle(plan)
    wanted = set(desired["phone"]) | set(plan.extra_copies)
    drift = Drift(
        missing=sorted(c.record.phone for c in plan.creates if c.record.phone not in left_out),
        mismatched={
            u.record.phone: _fields(u.changes, u.add_groups)
            for u in plan.updates
            if u.record.phone not in left_out
        },
        extra=sorted(
            ({r.phone for r in plan.removals} | {d.phone for d in plan.deletes}) - left_out
        ),
        duplicated={p: ids for p, ids in plan.remote_duplicates.items() if p in wanted},
    )
    drift.explanations = _explain(plan, drift)
    return drift


def _fields(
    changes: dict[str, tuple[Any, Any]], add_groups: tuple[str, ...]
) -> dict[str, list[Any]]:
    found = {name: [before, after] for name, (before, after) in changes.items()}
    if add_groups:
        found["groups"] = [None, list(add_groups)]
    return found


def _explain(plan: Plan, drift: Drift) -> list[str]:
    """One sentence per kind of drift: why it may be there and where to look."""
    notes = []
    if drift.missing:
        notes.append(
            f"{len(drift.missing)} contacts the source wants are not on Boolky: Boolky refused "
            "them (see the failed changes for its reason), or the run was limited or stopped "
            "before them"
        )
    clears = [p for p, f in drift.mismatched.items() if any(v[1] is None for v in f.values())]
    if clears and plan.options.update_strategy == "readd":
        notes.append(
            f"{len(clears)} contacts still hold a value the source has emptied: Boolky keeps a "
            'field when a contact is added again; update_strategy = "replace" can clear it'
        )
    if len(drift.mismatched) > len(clears) or (clears and plan.options.update_strategy != "readd"):
        notes.append(
            f"{len(drift.mismatched)} contacts did not take their update; see the failed "
            "changes for Boolky's reason (a refused re-add calls for "
            'update_strategy = "replace")'
        )
    if drift.extra:
        notes.append(
            f"{len(drift.extra)} contacts the mirror should have removed or deleted are still "
            "there: see the failed changes for Boolky's reason, or the run was limited or stopped"
        )
    own = [p for p in drift.duplicated if p in plan.extra_copies]
    if own:
        notes.append(
            f"{len(own)} phones are held by several copies this pipeline made; the next run "
            "deletes the extra ones (see the failed changes if it did not)"
        )
    if len(drift.duplicated) > len(own):
        notes.append(
            f"{len(drift.duplicated) - len(own)} wanted phones are held by several Boolky "
            "contacts; remove the extra copies in Boolky (this pipeline's copy, else the "
            "oldest, is the one kept in step)"
        )
    return notes
