"""After apply: the ledger learns where the consent of each contact written came from.

A person must be able to show why a number was texted (GDPR Art. 7: the sender
proves consent), so every contact a run created or updated on Boolky gets its
consent and the cell it was read from booked in the ledger with the run's id
(``Ledger.record_consent``). Normalize carries that provenance on the desired
contacts as whole columns; here the written phones pick their rows in one go.
"""

from __future__ import annotations

import pandas as pd

from boolky_sync.sync.apply import ApplyResult
from boolky_sync.sync.ledger import CONSENT_PROVENANCE, Ledger

WRITES = frozenset({"create", "update"})
"""The outcomes that put a contact's fields on Boolky."""


def book_consent(
    ledger: Ledger, desired: pd.DataFrame, applied: ApplyResult | None, run: int
) -> None:
    """Record the consent provenance of every contact ``applied`` wrote, for run ``run``."""
    if applied is None:
        return
    written = {o.phone for o in applied.outcomes if o.ok and o.op in WRITES}
    if not written or not set(CONSENT_PROVENANCE) <= set(desired.columns):
        return
    ledger.record_consent(desired[desired["phone"].isin(written)], run)
