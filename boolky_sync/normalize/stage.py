"""The normalize stage: a source table in, Boolky's contacts and the refused rows out.

Each field normalizer works on whole columns and knows one field; this module
decides which source columns feed which normalizer, refuses rows that cannot
become a contact, lays the kept rows out as entries (``entries``: a row's
further numbers too, when the pipeline asks), merges rows that share a phone,
holds back the contacts whose consent does not allow them (``consent``), and
counts what happened. It accounts for every row: each input row ends in exactly
one place, a contact (perhaps merged into another row's contact), a held-back
contact or a reject, and ``Stats`` says so in numbers::

    rows + split == contacts + merged + sum(rejected.values()) + no_consent

where ``split`` counts the extra contacts a row's further numbers gave
(``other_phones = "split"``; 0 under ``"drop"``) and ``merged`` counts the rows
(and split numbers) that went into a contact another row speaks for, whether
that contact is sent or held back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from boolky_sync.errors import InputError
from boolky_sync.extract.mapping import ColumnMapping
from boolky_sync.extract.presets import PRESETS
from boolky_sync.extract.table import SourceTable
from boolky_sync.normalize.birthdays import date_order_for, normalize_birthdays
from boolky_sync.normalize.cache import using_cache
from boolky_sync.normalize.consent import (
    held_back_frame,
    hold_back,
    read_consent,
)
from boolky_sync.normalize.countries import region_for
from boolky_sync.normalize.dedupe import RECORD_ID, merge_duplicates
from boolky_sync.normalize.emails import normalize_emails
from boolky_sync.normalize.entries import entries_of
from boolky_sync.normalize.gender import normalize_gender
from boolky_sync.normalize.groups import normalize_groups
from boolky_sync.normalize.names import normalize_names
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.phone_content import international_by_content
from boolky_sync.normalize.phone_rows import read_phones
from boolky_sync.normalize.rejects import (
    refuse_cut_rows,
    rejects_frame,
    verdicts,
    warnings_frame,
)
from boolky_sync.normalize.result import FieldResult


@dataclass(frozen=True)
class Stats:
    """What normalize did, in counts;
    ``rows + split == contacts + merged + rejected + no_consent``."""

    rows: int
    """Input rows."""
    contacts: int
    """Contacts out, one per phone."""
    merged: int
    """Rows (and split numbers) whose phone another row's contact already holds."""
    split: int
    """Extra numbers made contacts of their own under ``other_phones = "split"``."""
    rejected: dict[str, int]
    """Refused rows per reason code."""
    warnings: dict[str, int]
    """Notes on kept rows per note code."""
    no_consent: int = 0
    """Contacts held back for their consent (``Normalized.held_back``): not sent, not refused."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "contacts": self.contacts,
            "merged": self.merged,
            "split": self.split,
            "rejected": dict(self.rejected),
            "warnings": dict(self.warnings),
            "no_consent": self.no_consent,
        }


@dataclass(frozen=True)
class Normalized:
    """The stage's output: the desired contacts and the account of every source row.

    ``contacts``: one row per E.164 ``phone`` with ``name``, ``gender`` (Int64:
    1, 2 or <NA>), ``mail``, ``birthday`` ("DD-MM-YYYY"), ``groups`` (tuple of
    names), ``rows``/``files`` (aligned tuples: where it came from), and how the
    phone was read (``phone_raw``, ``phone_rule``, ``phone_kind``); None where
    unknown; ``record_id``, the source's own id of the record (``[source.mapping] id``),
    text or None. ``rejects``: ``file``, ``row``, ``phone`` (as written), ``reason``,
    ``detail``, then the row's original values. ``warnings``: one row per note on a kept row
    (``file``, ``row``, ``field``, ``code``, ``detail``). ``merges``: per merged
    phone, its ``rows``/``files`` and the row that won (``kept``, ``kept_file``).
    ``carried``: the contact fields the source speaks for; a sync must never
    blank the others on Boolky. Each contact also carries its consent and where
    it was read (``consent``: "yes"/"no"/None, ``consent_file``, ``consent_row``,
    ``consent_column``, ``consent_value``), for the ledger's provenance.
    ``held_back``: the contacts not sent for want of consent, one row each
    (``consent.HELD_BACK_COLUMNS``: ``phone`` E.164, ``row`` and ``file`` of the row
    that said no, the consent ``column`` and its ``value``, ``reason``
    "consent_no" or "consent_missing"); the suppression list takes its phones.
    """

    contacts: pd.DataFrame
    rejects: pd.DataFrame
    warnings: pd.DataFrame
    merges: pd.DataFrame
    carried: frozenset[str]
    stats: Stats
    held_back: pd.DataFrame


def normalize(
    table: SourceTable,
    mapping: ColumnMapping,
    options: NormalizeOptions | None = None,
    cache: Path | None = None,
) -> Normalized:
    """Boolky's contacts from a source table read with ``mapping``, under ``options``.

    ``cache``: the file readings of earlier runs are kept in (``cache.CACHE_FILE`` in a
    pipeline's state folder), which changes nothing in the result, only its cost; None reads
    every value.
    """
    with using_cache(cache):
        return _normalize(table, mapping, options or NormalizeOptions())


def _normalize(table: SourceTable, mapping: ColumnMapping, options: NormalizeOptions) -> Normalized:
    if not mapping.phones:
        raise InputError(
            f"{table.path}: no phone column is mapped; map one in the pipeline file",
            path=table.path,
            key="mapping.phone",
        )
    frame = table.frame.reset_index(drop=True)
    regions = _regions(frame, mapping, options)
    phones, decided = international_by_content(frame, mapping.phones, regions.values.to_numpy())
    table.notes += [note for note in decided if note not in table.notes]  # the run's notes
    phone = read_phones(frame, phones, regions.values, options)
    fields = _fields(frame, mapping, options)
    consent = read_consent(frame, mapping.columns_for("consent"))
    reason, detail = verdicts(
        phone.reason, phone.detail, fields["name"], _name_columns(mapping), options.name_fallback
    )
    refuse_cut_rows(frame, table.cut_rows, reason, detail)
    kept = reason.isna()
    notes = {
        "country": regions.notes,
        "phone": phone.notes,
        **{name: result.notes for name, result in fields.items()},
        "consent": consent.notes,
    }
    if options.name_fallback is not None:
        notes["name"] = _noted(notes["name"], fields["name"].values.isna(), _fallback_note(options))
    entries = entries_of(frame, phone, fields, consent, kept, options)
    table.notes += _shared_phones(entries, options)
    contacts, merges = merge_duplicates(entries, options.merge_rule)
    reasons = hold_back(contacts, options.consent)
    held_back = held_back_frame(contacts, reasons)
    contacts = contacts[reasons.isna().to_numpy()].reset_index(drop=True)
    contacts["name"] = contacts["name"].where(contacts["name"].notna(), options.name_fallback)
    warnings = warnings_frame(frame, notes, kept)
    rejects = rejects_frame(frame, reason, detail, phone.raw)
    stats = Stats(
        rows=len(frame),
        contacts=len(contacts),
        merged=len(entries) - len(contacts) - len(held_back),
        split=len(entries) - int(kept.sum()),
        rejected=_counts(rejects["reason"]),
        warnings=_counts(warnings["code"]),
        no_consent=len(held_back),
    )
    return Normalized(
        contacts, rejects, warnings, merges, carried(mapping, options), stats, held_back
    )


def carried(mapping: ColumnMapping, options: NormalizeOptions) -> frozenset[str]:
    """Fields the source speaks for: name always, the rest only when a column feeds them.

    Groups count as carried when the pipeline adds static groups even without a
    group column: the pipeline then speaks for those memberships.
    """
    fed = {
        "gender": bool(mapping.columns_for("gender")),
        "mail": bool(mapping.columns_for("email")),
        "birthday": bool(mapping.columns_for("birthday")),
        "groups": bool(mapping.columns_for("groups") or options.static_groups),
    }
    return frozenset({"name", *(name for name, yes in fed.items() if yes)})


def _fields(
    frame: pd.DataFrame, mapping: ColumnMapping, options: NormalizeOptions
) -> dict[str, FieldResult]:
    """Every contact field but the phone, each from its mapped columns, as its layout writes."""
    group_columns = _columns(frame, mapping, "groups") or [_blank(frame)]
    layout = PRESETS.get(mapping.preset or "")
    separators = layout.separators if layout else ()
    date_order = date_order_for(options.date_order, layout.date_order if layout else None)
    return {
        "name": _names(frame, mapping),
        "gender": _first_known(
            frame,
            _columns(frame, mapping, "gender"),
            partial(normalize_gender, extra=options.gender_spellings),
        ),
        "mail": _first_known(
            frame,
            _columns(frame, mapping, "email"),
            partial(normalize_emails, separators=separators),
        ),
        "birthday": _first_known(
            frame,
            _columns(frame, mapping, "birthday"),
            partial(normalize_birthdays, date_order=date_order),
        ),
        "groups": normalize_groups(group_columns, options, separators),
        RECORD_ID: _first_known(frame, _columns(frame, mapping, "id"), _record_ids),
    }


def _record_ids(cells: pd.Series) -> FieldResult:
    """A record id is text as the source writes it, without the spaces around it."""
    ids = cells.str.strip()
    return FieldResult(ids.where(ids.ne(""), None), pd.Series("", index=cells.index, dtype=object))


def _shared_phones(entries: pd.DataFrame, options: NormalizeOptions) -> list[str]:
    """The note for phones that several record ids hold: each becomes one contact (the
    merge rule picks its record id), so a person learns two records were joined."""
    ids = entries[[RECORD_ID, "phone"]].dropna()
    if ids.empty:
        return []
    counts = ids.drop_duplicates().groupby("phone", sort=False).size()
    shared = counts.index[counts.to_numpy() > 1].tolist()
    if not shared:
        return []
    more = ", ..." if len(shared) > 3 else ""
    return [
        f"{len(shared)} phones are held by several record ids ({', '.join(shared[:3])}{more}); "
        f"each became one contact, merged by the merge rule ({options.merge_rule})"
    ]


def _columns(frame: pd.DataFrame, mapping: ColumnMapping, field: str) -> list[pd.Series]:
    return [frame[c] for c in mapping.columns_for(field)]


def _blank(frame: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=frame.index, dtype=object)


def _unknown(frame: pd.DataFrame) -> FieldResult:
    nothing = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return FieldResult(nothing, _blank(frame))


def _first_known(
    frame: pd.DataFrame,
    columns: list[pd.Series],
    read: Callable[[pd.Series], FieldResult],
) -> FieldResult:
    """Per row, the first of several columns that yields a value (two e-mail columns, say).

    Each column is read only where the ones before gave nothing. A row keeps the
    notes of the column its value came from; a row without a value keeps the
    first note any column gave it (an invalid address in the only column).
    """
    values = np.full(len(frame), None, dtype=object)
    notes = np.full(len(frame), "", dtype=object)
    for column in columns:
        todo = pd.isna(values) & (column.to_numpy(dtype=object) != "")
        if not todo.any():
            continue
        result = read(column[todo])
        at = np.flatnonzero(todo)
        found = result.values.notna().to_numpy()
        took = at[found]
        values[took] = result.values.to_numpy(dtype=object)[found]
        said = result.notes.to_numpy(dtype=object)
        notes[took] = said[found]
        quiet = ~found & (notes[at] == "")
        notes[at[quiet]] = said[quiet]
    return FieldResult(
        pd.Series(values, index=frame.index, dtype=object),
        pd.Series(notes, index=frame.index, dtype=object),
    )


def _regions(frame: pd.DataFrame, mapping: ColumnMapping, options: NormalizeOptions) -> FieldResult:
    """Per row, the region its national numbers are read in: its country, else the default."""
    found = _first_known(frame, _columns(frame, mapping, "country"), _region_of)
    if options.default_region:
        found.values[found.values.isna()] = options.default_region
    return found


def _region_of(countries: pd.Series) -> FieldResult:
    regions = region_for(countries)
    unknown = regions.isna()
    notes = pd.Series("", index=countries.index, dtype=object)
    notes[unknown] = "country_unknown: '" + countries[unknown] + "' is no country we know"
    return FieldResult(regions, notes)


def _name_columns(mapping: ColumnMapping) -> list[str]:
    return [
        c
        for f in ("name", "first_name", "middle_name", "last_name")
        for c in mapping.columns_for(f)
    ]


def _names(frame: pd.DataFrame, mapping: ColumnMapping) -> FieldResult:
    parts = [
        _first_filled(frame, mapping.columns_for(f))
        for f in ("name", "first_name", "middle_name", "last_name")
    ]
    if all(part is None for part in parts):
        return _unknown(frame)
    return normalize_names(*parts)


def _first_filled(frame: pd.DataFrame, columns: list[str]) -> pd.Series | None:
    """Per row, the first non-empty cell of ``columns``; None when no column is mapped."""
    if not columns:
        return None
    filled = frame[columns[0]]
    for column in columns[1:]:
        filled = filled.where(filled.ne(""), frame[column])
    return filled


def _fallback_note(options: NormalizeOptions) -> str:
    return f"name_fallback: no name; sent as {options.name_fallback!r}"


def _noted(notes: pd.Series, where: pd.Series, note: str) -> pd.Series:
    """``notes`` with ``note`` added on the rows ``where`` is true."""
    joined = notes.where(notes.eq(""), notes + "; ") + note
    return notes.where(~where, joined)


def _counts(codes: pd.Series) -> dict[str, int]:
    return {str(code): int(n) for code, n in codes.value_counts(sort=True).items()}
