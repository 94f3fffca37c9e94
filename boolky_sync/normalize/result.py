"""What each field normalizer returns, so the orchestrator can treat them alike.

A field normalizer works on whole columns: it takes the source values of every
row at once and returns, index-aligned, the value Boolky should get (or
missing) and a note per row saying what was changed or dropped, so a person
can check a doubtful row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class FieldResult:
    """``values``: the normalized value per row (``None`` where unknown or dropped).

    ``notes``: per row, ``""`` or one or more ``"code: detail"`` texts joined by
    ``"; "`` (for example ``"email_invalid: 'ann@' has no domain"``).
    """

    values: pd.Series
    notes: pd.Series
