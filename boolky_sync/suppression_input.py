"""Numbers for the suppression list, read the way a source's numbers are read.

A number typed after ``suppress add`` or found in an opt-out export must end
up as the very E.164 text a source row with that number becomes, or it would
hold back nothing: so both go through normalize's own phone reader
(``normalize_phones``) with one region rule (``countries``), on whole columns.
A row whose number cannot be read is refused with the reader's reason, never
guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from boolky_sync.extract import Extracted
from boolky_sync.extract.mapping import PhoneColumn
from boolky_sync.extract.table import ROW_COLUMN
from boolky_sync.normalize.countries import region_for
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.phones import normalize_phones

_TYPED = "PHONE"


@dataclass(frozen=True)
class ReadNumbers:
    """Per input (a typed number or a file's row): the E.164 phone, or why not.

    ``phones`` holds None where ``refused`` says why; ``rows`` are the file's own
    row numbers (1-based positions for typed numbers); ``raw`` what was written."""

    phones: list[str | None]
    refused: list[str | None]
    rows: list[int]
    raw: list[str]


def read_typed(numbers: tuple[str, ...], region: str | None) -> ReadNumbers:
    """Numbers as a person typed them, national ones read in ``region``."""
    frame = pd.DataFrame({_TYPED: pd.Series(numbers, dtype=object)})
    regions = pd.Series([region] * len(frame), dtype=object)
    return _read(frame, [PhoneColumn(_TYPED)], regions, region, list(range(1, len(frame) + 1)))


def read_rows(found: Extracted, region: str | None) -> ReadNumbers:
    """Every row of an extracted file by its mapped phone column(s): a row's country,
    where the file has one, else ``region``, says how a national number is read."""
    frame = found.table.frame.reset_index(drop=True)
    countries = [c for c in found.mapping.columns_for("country") if c in frame]
    regions = pd.Series([None] * len(frame), dtype=object)
    if countries:
        regions = region_for(frame[countries[0]].fillna("").astype(str)).astype(object)
    if region is not None:
        regions = regions.where(regions.notna(), region)
    rows = frame[ROW_COLUMN].astype(int).tolist() if ROW_COLUMN in frame else []
    rows = rows or list(range(2, len(frame) + 2))
    return _read(frame, found.mapping.phones, regions, region, rows)


def _read(
    frame: pd.DataFrame,
    phones: list[PhoneColumn],
    regions: pd.Series,
    region: str | None,
    rows: list[int],
) -> ReadNumbers:
    # A landline or a number of unknown kind opted out as well: nothing is refused for it.
    options = NormalizeOptions(default_region=region, non_mobile="accept")
    read = normalize_phones(frame, phones, regions.reset_index(drop=True), options)
    known = read.phone.notna()
    why = (read.reason.fillna("") + ": " + read.detail.fillna("")).where(~known, None)
    return ReadNumbers(
        phones=read.phone.where(known, None).tolist(),
        refused=why.tolist(),
        rows=rows,
        raw=read.raw.fillna("").astype(str).tolist(),
    )
