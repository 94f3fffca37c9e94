"""Which column holds which contact field, decided in the order a person would trust.

A mapping written in the pipeline file (or given with ``--map``) wins; then the
mapping an earlier import remembered for the same header; then the layout of a known export
(a preset); then what the headers say (``synonyms``); last, for phones and
e-mails only, what the values look like. Each field is decided by the first
source that names a column for it, and records which source that was, so
``inspect`` can show it and a person can overrule a wrong guess. A column serves
one field only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from boolky_sync.errors import InputError
from boolky_sync.extract.mapping import (
    CANONICAL_FIELDS,
    ColumnMapping,
    FieldMapping,
    How,
    PhoneColumn,
)
from boolky_sync.extract.preset_layout import Preset
from boolky_sync.extract.presets import detect_preset, preset_named
from boolky_sync.extract.synonyms import ambiguous_name, field_for_header, phone_column_for
from boolky_sync.extract.table import SourceTable

SAMPLE_ROWS = 1000
"""Rows looked at to judge a column by its values; enough to see a pattern, fast on 1M rows."""
CONTENT_SHARE = 0.6
"""Share of a column's non-empty values that must look like phones (or e-mails)."""

_EXTENSION = r"\s*(?:x|ext\.?|extension|durchwahl|dw\.?|poste|#)\s*\d{1,6}\s*$"
_PHONE_SHAPE = r"\(?\+?[\d\s().\-/]+"
_DATE = r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}"
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_LAST_RESORT_LABELS = frozenset({"fax", "pager", "telex", "isdn", "tty"})

Explicit = Mapping[str, Sequence[str] | str]


@dataclass
class _Found:
    """Columns one source names: field → columns, and the phone columns with their kinds."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    phones: list[PhoneColumn] = field(default_factory=list)


@dataclass
class _Draft:
    """The mapping as it is being decided, source by source."""

    fields: dict[str, FieldMapping] = field(default_factory=dict)
    phones: list[PhoneColumn] = field(default_factory=list)
    decided: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    def take(self, found: _Found, how: How) -> None:
        """Accept what a source names for fields still open, on columns still free."""
        for name, columns in found.fields.items():
            if name in self.decided:
                continue
            free = [c for c in columns if c not in self.used]
            # An empty list a person chose unmaps the field; columns taken already don't.
            if not free and (columns or how not in ("explicit", "remembered")):
                continue
            self.decided.add(name)
            if name == "phone":
                self._take_phones([p for p in found.phones if p.column in free], how)
            elif free:
                self.fields[name] = FieldMapping(name, free, how)
                self.used.update(free)

    def _take_phones(self, phones: list[PhoneColumn], how: How) -> None:
        # A person's order is kept as given; guessed columns put mobiles first.
        chosen = how in ("explicit", "remembered")
        self.phones = phones if chosen else sorted(phones, key=_phone_rank)
        columns = [p.column for p in self.phones]
        if columns:
            self.fields["phone"] = FieldMapping("phone", columns, how)
        self.used.update(columns)
        self.used.update(p.label_column for p in self.phones if p.label_column)

    def free(self, columns: Iterable[str]) -> list[str]:
        return [c for c in columns if c not in self.used]

    def mapping(self, preset: str | None) -> ColumnMapping:
        ordered = {n: self.fields[n] for n in CANONICAL_FIELDS if n in self.fields}
        return ColumnMapping(fields=ordered, phones=list(self.phones), preset=preset)


def map_columns(
    table: SourceTable,
    *,
    preset: str | None = None,
    explicit: Explicit | None = None,
    remembered: Explicit | None = None,
) -> ColumnMapping:
    """Decide which source column holds which canonical field, and say how.

    ``preset`` forces a layout instead of recognising one; ``explicit`` (from the
    pipeline file or ``--map``) maps canonical fields to column names and wins over
    guessing; an empty list there keeps a field unmapped. ``remembered`` is the same
    kind of mapping, kept from an earlier import: it yields to ``explicit`` field by
    field and wins over the guesses.
    """
    columns = table.columns
    chosen = preset_named(preset, table.path, columns) if preset else detect_preset(columns)
    draft = _Draft()
    known = {p.column: p for p in chosen.phone_columns(columns)} if chosen else {}
    if explicit:
        draft.take(_explicit(table, explicit, known), "explicit")
    if remembered:
        draft.take(_explicit(table, remembered, known), "remembered")
    if chosen:
        draft.take(_from_preset(chosen, columns), "preset")
    draft.take(_from_headers(draft.free(columns), set(draft.fields)), "synonym")
    open_fields = {"phone", "email"} - draft.decided
    if open_fields:
        draft.take(_from_content(table.frame, draft.free(columns), open_fields), "content")
    if not draft.phones:
        raise InputError(
            f"{_name(table)}: no column that could hold phone numbers; columns are: "
            f'{_listing(columns)}; map one explicitly (mapping.phone = "...") or use --preset',
            path=table.path,
            key="mapping.phone",
        )
    return draft.mapping(chosen.name if chosen else None)


def _phone_rank(phone: PhoneColumn) -> int:
    """Mobiles first, then phones of unknown kind, then landlines, then fax and pagers."""
    if phone.label == "mobile":
        return 0
    if phone.label is None:
        return 1
    return 3 if phone.label in _LAST_RESORT_LABELS else 2


def _explicit(table: SourceTable, explicit: Explicit, known: dict[str, PhoneColumn]) -> _Found:
    """The pipeline file's mapping, checked; a phone keeps the kind its layout or header gives."""
    unknown = [name for name in explicit if name not in CANONICAL_FIELDS]
    if unknown:
        raise InputError(
            f"{_name(table)}: the mapping names unknown field(s) {', '.join(map(repr, unknown))}; "
            f"fields are: {', '.join(CANONICAL_FIELDS)}",
            path=table.path,
            key=f"mapping.{unknown[0]}",
        )
    found = _Found()
    owner: dict[str, str] = {}
    for name, named in explicit.items():
        wanted = [named] if isinstance(named, str) else list(named)
        found.fields[name] = [_column_named(table, name, c) for c in wanted]
        for column in found.fields[name]:
            if owner.setdefault(column, name) != name:
                raise InputError(
                    f"{_name(table)}: the mapping takes column {column!r} for both "
                    f"{owner[column]} and {name}; a column can hold one field only",
                    path=table.path,
                    column=column,
                    key=f"mapping.{name}",
                )
    found.phones = [
        known.get(c) or phone_column_for(c) or PhoneColumn(c) for c in found.fields.get("phone", [])
    ]
    return found


def _column_named(table: SourceTable, name: str, wanted: str) -> str:
    """The column a person named, forgiving case and surrounding spaces."""
    columns = table.columns
    if wanted in columns:
        return wanted
    loose = [c for c in columns if c.strip().casefold() == wanted.strip().casefold()]
    if len(loose) == 1:
        return loose[0]
    raise InputError(
        f"{_name(table)}: the mapping takes {name} from column {wanted!r}, which the file "
        f"does not have; columns are: {_listing(columns)}",
        path=table.path,
        column=wanted,
        key=f"mapping.{name}",
    )


def _from_preset(preset: Preset, columns: list[str]) -> _Found:
    found = _Found()
    for name in preset.fields:
        if hits := preset.columns_for(name, columns):
            found.fields[name] = hits
    found.phones = preset.phone_columns(columns)
    if found.phones:
        found.fields["phone"] = [p.column for p in found.phones]
    return found


def _from_headers(columns: list[str], mapped: set[str]) -> _Found:
    """Fields named by the headers' words; "Name" and its kin by what stands beside them."""
    found = _Found()
    ambiguous: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for column in columns:
        if phone := phone_column_for(column):
            found.phones.append(phone)
        elif rule := ambiguous_name(column):
            ambiguous.append((column, rule))
        elif name := field_for_header(column):
            found.fields.setdefault(name, []).append(column)
    present = mapped | found.fields.keys()
    for column, rules in ambiguous:
        fields = (field for partner, field in rules if partner in present and field not in present)
        found.fields.setdefault(next(fields, "name"), []).append(column)
    if found.phones:
        found.fields["phone"] = [p.column for p in found.phones]
    return found


def _from_content(frame: pd.DataFrame, columns: list[str], wanted: set[str]) -> _Found:
    """Phone and e-mail columns recognised by their values, for headers that say nothing."""
    found = _Found()
    if not columns:
        return found
    sample = _sample(frame)[columns]
    if "phone" in wanted:
        found.phones = [PhoneColumn(c) for c in columns if looks_like_phones(sample[c])]
        if found.phones:
            found.fields["phone"] = [p.column for p in found.phones]
    if "email" in wanted:
        phone_columns = found.fields.get("phone", [])
        emails = [c for c in columns if c not in phone_columns and _looks_like_emails(sample[c])]
        if emails:
            found.fields["email"] = emails
    return found


def _sample(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows spread over the whole file, in file order, the same ones every run."""
    if len(frame) <= SAMPLE_ROWS:
        return frame
    return frame.sample(n=SAMPLE_ROWS, random_state=0).sort_index()


def _values(column: pd.Series) -> pd.Series:
    text = column.astype(str).str.strip()
    return text[text != ""]


def looks_like_phones(column: pd.Series) -> bool:
    """Most values have 7–15 digits in a phone's shape, and they are not dates or a counter."""
    text = _values(column)
    if text.empty or _looks_like_ids(text):
        return False
    bare = text.str.replace(_EXTENSION, "", regex=True, case=False)
    digits = bare.str.count(r"\d")
    phone_like = (
        bare.str.fullmatch(_PHONE_SHAPE) & digits.between(7, 15) & ~text.str.fullmatch(_DATE)
    )
    return bool(phone_like.mean() >= CONTENT_SHARE)


def _looks_like_ids(text: pd.Series) -> bool:
    """Plain numbers counting up or down, as record ids and customer numbers do."""
    if len(text) < 3 or not text.str.fullmatch(r"[1-9]\d{0,17}").all():
        return False
    numbers = pd.to_numeric(text)
    return bool(
        numbers.is_unique and (numbers.is_monotonic_increasing or numbers.is_monotonic_decreasing)
    )


def _looks_like_emails(column: pd.Series) -> bool:
    text = _values(column)
    return not text.empty and bool(text.str.fullmatch(_EMAIL).mean() >= CONTENT_SHARE)


def _name(table: SourceTable) -> str:
    """The file as error messages name it, like the readers do."""
    return Path(table.path).name


def _listing(columns: list[str], limit: int = 40) -> str:
    """Column names for a message, cut short when a file has very many."""
    shown = ", ".join(repr(c) for c in columns[:limit])
    more = len(columns) - limit
    return f"{shown} and {more} more" if more > 0 else shown
