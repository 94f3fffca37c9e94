"""Why a row was refused, in words a person reads, with the code a script filters on.

Normalize refuses a row with a reason code (``phone_invalid``, ``name_missing``
...); a code alone sends the reader to the documentation. Every report shows
the words first and the code beside them -- "The number is not a valid phone
number (phone_invalid)" -- from this one table, so the HTML, CSV, XLSX and the
terminal say the same thing. A code not in the table (a newer reader's) is
shown as it is rather than hidden.
"""

from __future__ import annotations

import pandas as pd

REJECT_REASONS = {
    "phone_missing": "The row has no phone number",
    "phone_invalid": "The number is not a valid phone number",
    "phone_mangled": "Excel lost digits of the number (it was stored as a rounded number)",
    "phone_masked": "The number is masked (***), the full number is not in the file",
    "phone_no_region": "The number has no country code, and no country is known for the row",
    "phone_not_mobile": "The number is not a mobile number",
    "name_missing": "The row has no name",
    "row_truncated": "The file ends in the middle of this row",
}
"""Reason code → what it means, as a sentence without its full stop."""


def reason_words(code: str) -> str:
    """``code`` in words with the code beside it: "The row has no name (name_missing)"."""
    words = REJECT_REASONS.get(code)
    return f"{words} ({code})" if words else code


def reason_column(codes: pd.Series) -> pd.Series:
    """``reason_words`` of a whole column of codes, each distinct code worded once."""
    return codes.map(lambda code: reason_words(code) if isinstance(code, str) else "")
