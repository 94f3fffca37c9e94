"""Normalize: the extracted table in, the contacts Boolky should hold and the refused rows out.

This stage knows Boolky's record rules (E.164 phones, names of 1–50
characters, gender 1/2, ``DD-MM-YYYY`` birthdays, groups of 1–25 characters)
and nothing of HTTP. ``normalize`` runs the field normalizers over whole
columns, refuses what cannot be sent with a reason code, merges rows that
share a phone and returns a ``Normalized``: contacts, rejects, warnings,
merges, the fields the source carries, and counts that add up.

The names below are imported on first use: the option types in ``options``
are read by the command line's ``--help``, which must not load pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boolky_sync.lazy_import import lazy_names

if TYPE_CHECKING:
    from boolky_sync.normalize.entries import CONTACT_COLUMNS
    from boolky_sync.normalize.options import NormalizeOptions
    from boolky_sync.normalize.stage import Normalized, Stats, carried, normalize
else:
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            "boolky_sync.normalize.options": ["NormalizeOptions"],
            "boolky_sync.normalize.entries": ["CONTACT_COLUMNS"],
            "boolky_sync.normalize.stage": [
                "Normalized",
                "Stats",
                "carried",
                "normalize",
            ],
        },
    )

__all__ = ["CONTACT_COLUMNS", "NormalizeOptions", "Normalized", "Stats", "carried", "normalize"]
