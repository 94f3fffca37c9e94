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

The validator costs tens of microseconds an address, and most cells hold an
address it would return as it is, or with only the spaces around it, a
display name, a ``mailto:`` or the domain's case taken off: those are settled on the whole
column at once (pyarrow), and only the doubtful rest goes to the validator.
``tests/normalize/test_email_fast_path.py`` proves, on a corpus of valid and
invalid addresses, that both ways give the same answer.
"""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
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
_PLAIN_CELL = (
    r"^(?i:mailto:)?(?P<local>[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\.)+[A-Za-z]{2,})$"
)
"""A plain address but for a ``mailto:`` (no ``?query``) and the domain's case: the
validator returns it with the domain lower-cased."""
_WRAPPED = r"^(?:[A-Za-z0-9 .'_-]*(?:<(?P<angle>[^<>]*)>|\((?P<round>[^()]*)\))$)?"
"""Spaces or tabs around a cell, and the display name of ``Ann <…>`` or Outlook's
``Ann (…)``: ASCII words without ``@`` or separators, so the address is the only token."""
_MAYBE_PLAIN = r"[A-Z \t<(]|^(?i:mailto:)"
"""What a cell has if its plain form may differ from it; the rest are left to ``_settled``."""


def normalize_emails(values: pd.Series, separators: tuple[str, ...] = ()) -> FieldResult:
    """Per row the checked address, or None (noted when the cell held something).

    ``separators`` are the layout's own between several addresses of one cell
    (Google's ``" ::: "``): the first valid address is kept, the cell noted.
    """
    cells = _plain_forms(values, separators)
    return read_distinct(cells, partial(_read_email, separators=separators), _settled)


def _plain_forms(values: pd.Series, separators: tuple[str, ...]) -> pd.Series:
    """``values`` with each cell that holds one address in plain form but for spaces, a
    display name, ``mailto:`` or the domain's case replaced by the address the validator
    makes of it, where that address is then settled; the rest as they are.

    Only where the result is settled: a doubtful one must reach the validator as the
    cell was, since its note quotes the cell. A cell holding a layout separator is
    left alone too (it may be several addresses).
    """
    cells = pa.array(values.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    maybe = np.flatnonzero(pc.match_substring_regex(cells, _MAYBE_PLAIN).fill_null(False))
    if not maybe.size:
        return values
    cells = cells.take(pa.array(maybe))
    parts = pc.extract_regex(pc.utf8_trim(cells, " \t"), _WRAPPED + "(?P<rest>.*)$")
    inner = parts.field("rest")  # a group that took no part is "", not null
    for wrapped in (parts.field("round"), parts.field("angle")):
        inner = pc.if_else(pc.not_equal(wrapped, ""), wrapped, inner)
    address = pc.extract_regex(inner, _PLAIN_CELL)
    local, domain = address.field("local"), pc.utf8_lower(address.field("domain"))
    at = pa.scalar("@", pa.large_string())
    plain = pd.Series(pc.binary_join_element_wise(local, domain, at), dtype="string[pyarrow]")
    use = _settled(plain).fillna(False).to_numpy(dtype=bool)
    for separator in separators:
        use &= ~pc.match_substring(cells, separator).fill_null(False).to_numpy(zero_copy_only=False)
    out = values.copy()
    out.iloc[maybe[use]] = plain[use].astype(object).to_numpy()
    return out


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
