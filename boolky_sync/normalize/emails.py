"""E-mail addresses checked for form, so Boolky is never sent one it may refuse.

A bad address must not cost the contact its SMS: it is dropped from the
contact and noted. Cells hold more than an address — ``mailto:`` links,
``Ann <ann@example.org>``, Outlook's ``Ann (ann@example.org)``, two addresses
for one person — so the address is picked out first, then checked by
email-validator without any network lookup (a nightly run must not depend on
DNS). Addresses with non-ASCII local parts (``josé@…``) are valid since
SMTPUTF8 and are kept; international domains come back in their Unicode form,
lower-cased, whatever form the cell had. The local part keeps its case: some
mail servers tell ``Ann`` from ``ann``.
"""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from boolky_sync.normalize.distinct import Reading, read_distinct
from boolky_sync.normalize.result import FieldResult

_SEPARATORS = re.compile(r"[\s,;<>()\[\]]+")
"""What stands between addresses and around them in a cell: spaces, list marks, brackets."""
_MAILTO = re.compile(r"^mailto:([^?]*)(\?.*)?$", re.IGNORECASE)
"""A ``mailto:`` link: the address, then maybe ``?subject=…`` to drop."""


PLAIN_ADDRESS = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+[a-z]{2,}"
"""The common address the validator accepts unchanged: ASCII dot-atoms, a lower-case domain
of letter-digit-hyphen labels (no ``--``, so no punycode), a TLD of letters."""
PLAIN_LENGTH = 64
"""Up to here no part of a plain address can break a length limit of the validator."""
_SPECIAL_USE = r"\.(?:{})$".format("|".join(map(re.escape, SPECIAL_USE_DOMAIN_NAMES)))


def normalize_emails(values: pd.Series, separators: tuple[str, ...] = ()) -> FieldResult:
    """Per row the checked address, or None (noted when the cell held something).

    ``separators`` are the layout's own between several addresses of one cell
    (Google's ``" ::: "``): the first valid address is kept, the cell noted.
    """
    return read_distinct(values, partial(_read_email, separators=separators), _settled)


def _settled(addresses: pd.Series) -> pd.Series:
    """Plain addresses, which the validator would return as they are — most of any list."""
    return (
        addresses.str.fullmatch(PLAIN_ADDRESS)
        & (addresses.str.len() <= PLAIN_LENGTH)
        & ~addresses.str.contains(_SPECIAL_USE)
    )


def _read_email(raw: str, separators: tuple[str, ...] = ()) -> Reading:
    candidates = _candidates(raw, separators)
    if not candidates:
        return None, ""
    checked = [(c, _checked(c)) for c in candidates]
    valid = [address for _, (address, _) in checked if address]
    if not valid:
        reason = checked[0][1][1]
        return None, f"email_invalid: {raw.strip()!r} {reason}"
    if len(candidates) > 1:
        return valid[0], f"email_several: kept {valid[0]!r} of {raw.strip()!r}"
    return valid[0], ""


def _candidates(raw: str, separators: tuple[str, ...]) -> list[str]:
    """The cell's would-be addresses in order; the whole cell if none has an ``@``."""
    parts = [raw]
    for separator in separators:
        parts = [piece for part in parts for piece in part.split(separator)]
    tokens = [_MAILTO.sub(r"\1", t) for part in parts for t in _SEPARATORS.split(part) if t]
    if not any(tokens):
        return []
    with_at = [t for t in dict.fromkeys(tokens) if "@" in t]
    return with_at or [raw.strip()]


def _checked(address: str) -> tuple[str | None, str]:
    """The address as Boolky should get it, or None and why not."""
    try:
        found = validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as error:
        return None, _reason(error)
    return f"{found.local_part}@{found.domain}", ""


def _reason(error: EmailNotValidError) -> str:
    """The library's sentence as a clause: ``there must be something after the @-sign``."""
    text = str(error).rstrip(".")
    return text[:1].lower() + text[1:]
