"""Every row's phone number in E.164, with how it was read, or why it could not be.

Boolky keys contacts on the phone number, so this is where a row becomes a
contact or a reject. A row can hold several numbers (phone columns with type
labels, several numbers in one cell); the one kept is the first that is valid
and can take an SMS, looking at mobile-labelled columns first, then unlabelled,
then the rest; fax and pager numbers are never kept. The row's other valid
numbers go to ``others`` for the pipeline to drop or split.

Rows are never looped over: every number found becomes one entry of a table of
arrays (row position, column, label, form), the cleanup runs once per distinct
cell (``phone_forms``), the parsing once per distinct (text, region) pair
(``phone_reading``), and the choice is a sort of that table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from boolky_sync.extract.mapping import PhoneColumn
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.phone_forms import read_cells
from boolky_sync.normalize.phone_reading import NOT_MOBILE, read_all

Array = npt.NDArray[Any]
Table = dict[str, Array]
"""Columns of equal length, one entry per number found (or per row)."""

MOBILE_WORDS = (
    "mobil", "handy", "cell", "portable", "movil", "celular", "telemovel", "gsm", "natel",
    "iphone", "smartphone", "whatsapp", "mob",
)  # fmt: skip
"""Label text that marks a mobile (vCard "cell,voice", Google "* Mobile", "Firmenhandy")."""
SKIPPED_WORDS = ("fax", "pager", "beeper")
"""Label text of numbers that never take an SMS: skipped, and noted."""
PLAIN_WORDS = frozenset({"voice", "pref", "phone", "tel", "telephone", "telefon", "telefono"})
"""Label words that say nothing about the kind: such a label counts as none."""

MOBILE, UNLABELLED, LABELLED, SKIPPED = 0, 1, 2, 3
"""A number's rank by its label: the lower, the earlier it is considered."""


@dataclass
class PhoneResult:
    """Per row (index-aligned with the frame), the number kept and how it was read.

    ``phone``: E.164, or None when the row is refused. ``raw``: the chosen
    number as the source wrote it ("" when the row had none). ``rule``: how it
    was read ("international form", "default region DE + trunk prefix 0
    dropped", "Excel float repaired + international form" ...; "" when
    refused). ``kind``: phonenumbers' number type in lower case ("mobile",
    "fixed_line_or_mobile" ...) or None. ``reason``: None, or the reject code
    (``phone_missing``, ``phone_invalid``, ``phone_mangled``,
    ``phone_no_region``, ``phone_not_mobile``) with ``detail`` a sentence for a
    person. ``notes``: ``"code: detail"`` texts joined by ``"; "``.
    ``others``: the row's further valid numbers (E.164, in preference order)
    that pass the ``non_mobile`` policy; the caller drops or splits them.
    """

    phone: pd.Series
    raw: pd.Series
    rule: pd.Series
    kind: pd.Series
    reason: pd.Series
    detail: pd.Series
    notes: pd.Series
    others: pd.Series


def normalize_phones(
    frame: pd.DataFrame,
    phones: list[PhoneColumn],
    regions: pd.Series,
    options: NormalizeOptions,
) -> PhoneResult:
    """Choose and read each row's number; ``regions`` is the row's country or the default."""
    found = _candidates(frame, phones)
    found |= _read(found, _as_regions(regions, frame.index), options.default_region)
    order = _preference_order(found)
    table = {name: values[order] for name, values in found.items()}
    first = np.diff(table["pos"], prepend=-1) != 0
    rows = _Rows(len(frame), _missing_detail(phones))
    _fill_chosen(rows, {name: values[first] for name, values in table.items()}, options)
    _fill_others(rows, table, first, options)
    _note_rest(rows, table, first)
    return rows.result(frame.index)


# -- the candidates: every number of every phone column --------------------------------------


def _candidates(frame: pd.DataFrame, phones: Sequence[PhoneColumn]) -> Table:
    """One entry per number found: row position, column, place in the cell, label, form."""
    columns = [_column_cells(frame, column, phone) for column, phone in enumerate(phones)]
    cells = {
        name: np.concatenate([c[name] for c in columns] or [empty])
        for name, empty in _CELLS.items()
    }
    codes, distinct = pd.factorize(cells.pop("cell"))
    forms = read_cells(distinct)
    counts = np.bincount(forms.pop("cell"), minlength=len(distinct))
    per_cell = counts[codes]
    take = np.repeat(np.arange(len(codes)), per_cell)
    within = np.arange(len(take)) - np.repeat(np.cumsum(per_cell) - per_cell, per_cell)
    form_at = (np.cumsum(counts) - counts)[codes][take] + within
    table = {name: values[take] for name, values in cells.items()}
    table["part"] = within
    table |= {name: values[form_at] for name, values in forms.items()}
    table["excel"], table["bare"] = table["excel"].astype(bool), table["bare"].astype(bool)
    return table


_CELLS: Table = {
    "pos": np.array([], dtype=np.int64),
    "col": np.array([], dtype=np.int64),
    "rank": np.array([], dtype=np.int8),
    "label": np.array([], dtype=object),
    "cell": np.array([], dtype=object),
}
"""The cells' columns, empty: what a frame without phone columns has."""


def _column_cells(frame: pd.DataFrame, column: int, phone: PhoneColumn) -> Table:
    cells = frame[phone.column].fillna("").to_numpy(dtype=object)
    filled = np.flatnonzero(cells != "")
    labels = np.full(len(filled), phone.label or "", dtype=object)
    if phone.label_column:
        own = frame[phone.label_column].fillna("").to_numpy(dtype=object)[filled]
        labels[own != ""] = own[own != ""]
    codes, distinct = pd.factorize(labels)
    ranks = np.fromiter(map(label_rank, distinct), dtype=np.int8, count=len(distinct))
    return {
        "pos": filled.astype(np.int64),
        "col": np.full(len(filled), column, dtype=np.int64),
        "rank": ranks[codes],
        "label": labels,
        "cell": cells[filled],
    }


def label_rank(label: str) -> int:
    """Where a number with this label comes in the choice: mobile first, fax never."""
    bare = unicodedata.normalize("NFKD", label.casefold())
    text = "".join(c if c.isalnum() else " " for c in bare if not unicodedata.combining(c))
    if any(word in text for word in SKIPPED_WORDS):
        return SKIPPED
    if any(word in text for word in MOBILE_WORDS):
        return MOBILE
    return LABELLED if set(text.split()) - PLAIN_WORDS else UNLABELLED


def _as_regions(regions: pd.Series, index: pd.Index) -> Array:
    aligned = regions if regions.index.equals(index) else regions.reindex(index)
    values = aligned.to_numpy(dtype=object, copy=True)
    values[pd.isna(values)] = None
    return values


def _read(table: Table, regions: Array, default_region: str | None) -> Table:
    """Each number's ``e164``, ``kind``, ``rule``, ``reason``, ``why`` and ``not_mobile``.

    Each distinct (text, region, bare) is read once. A number written with "+"
    reads the same in every region, and "bare" matters only for one without
    "+" or a leading 0: such pairs leave those out, so more rows share one.
    """
    text = table["text"]
    readable = np.flatnonzero((text != "") & (table["rank"] != SKIPPED))
    text_codes, texts = pd.factorize(text[readable])
    plus = np.fromiter((t[0] == "+" for t in texts), dtype=bool, count=len(texts))
    zero = np.fromiter((t[0] == "0" for t in texts), dtype=bool, count=len(texts))
    region_codes, distinct_regions = pd.factorize(regions[table["pos"][readable]])
    region_codes[plus[text_codes]] = -1
    bare = table["bare"][readable] & ~(plus | zero)[text_codes]
    width = 2 * (len(distinct_regions) + 1)
    key_codes, keys = pd.factorize(text_codes * width + (region_codes + 1) * 2 + bare)
    names = np.array([None, *distinct_regions], dtype=object)
    readings = read_all(
        np.asarray(texts, dtype=object)[keys // width].tolist(),
        names[keys % width // 2].tolist(),
        (keys % 2).astype(bool).tolist(),
        default_region,
    )
    read: Table = {}
    for field, values in readings.items():
        read[field] = np.full(len(text), "" if field in ("rule", "why") else None, dtype=object)
        read[field][readable] = np.asarray(values, dtype=object)[key_codes]
    not_mobile = np.fromiter((kind in NOT_MOBILE for kind in readings["kind"]), dtype=bool)
    read["not_mobile"] = np.zeros(len(text), dtype=bool)
    read["not_mobile"][readable] = not_mobile[key_codes]
    mangled = table["mangled"] != ""
    read["reason"][mangled] = "phone_mangled"
    read["why"][mangled] = table["mangled"][mangled]
    empty = (text == "") & ~mangled  # the digits were all in an extension
    read["reason"][empty] = "phone_invalid"
    read["why"][empty] = "is not a phone number"
    return read


# -- choosing and reporting ------------------------------------------------------------------


def _preference_order(table: Table) -> Array:
    """By row; valid first, possibly mobile first, then by label, column and place in the cell."""
    invalid = table["e164"] == None  # noqa: E711 - elementwise on an object array
    keys = (table["part"], table["col"], table["rank"], table["not_mobile"], invalid, table["pos"])
    return np.lexsort(keys)


class _Rows:
    """The result's columns as arrays by row position, filled stage by stage."""

    def __init__(self, rows: int, missing: str) -> None:
        self.phone = np.full(rows, None, dtype=object)
        self.raw = np.full(rows, "", dtype=object)
        self.rule = np.full(rows, "", dtype=object)
        self.kind = np.full(rows, None, dtype=object)
        self.reason = np.full(rows, "phone_missing", dtype=object)
        self.detail = np.full(rows, missing, dtype=object)
        self.others = np.empty(rows, dtype=object)
        self.others.fill(())
        self.notes: list[pd.Series] = []

    def note(self, positions: Array, texts: Array) -> None:
        if len(positions):
            self.notes.append(pd.Series(texts, index=positions, dtype=object))

    def result(self, index: pd.Index) -> PhoneResult:
        notes = np.full(len(index), "", dtype=object)
        if self.notes:
            noted = pd.concat(self.notes)
            order = np.argsort(noted.index.to_numpy(), kind="stable")
            where, texts = noted.index.to_numpy()[order], noted.to_numpy(dtype=object)[order]
            starts = np.flatnonzero(np.diff(where, prepend=-1))
            joined = np.add.reduceat(texts + "; ", starts)  # str + str, row by row
            notes[where[starts]] = np.array([text[:-2] for text in joined], dtype=object)

        def series(values: Array) -> pd.Series:
            return pd.Series(values, index=index, dtype=object)

        return PhoneResult(
            phone=series(self.phone),
            raw=series(self.raw),
            rule=series(self.rule),
            kind=series(self.kind),
            reason=series(self.reason),
            detail=series(self.detail),
            notes=series(notes),
            others=series(self.others),
        )


def _fill_chosen(rows: _Rows, chosen: Table, options: NormalizeOptions) -> None:
    """Each row's first number in preference order: kept if valid, else the row's reason."""
    pos, e164, kind, raw = chosen["pos"], chosen["e164"], chosen["kind"], chosen["raw"]
    valid = e164 != None  # noqa: E711
    rows.raw[pos], rows.phone[pos], rows.kind[pos] = raw, e164, kind
    rows.rule[pos[valid]] = _joined_rule(chosen["cleanup"][valid], chosen["rule"][valid])
    rows.reason[pos[valid]] = None
    rows.detail[pos[valid]] = ""
    failed = ~valid
    rows.reason[pos[failed]] = chosen["reason"][failed]
    rows.detail[pos[failed]] = raw[failed] + " " + chosen["why"][failed]
    skipped = chosen["rank"] == SKIPPED
    rows.reason[pos[skipped]] = "phone_missing"
    rows.detail[pos[skipped]] = "only " + raw[skipped] + ", labelled " + chosen["label"][skipped]
    not_mobile = chosen["not_mobile"]
    said = _not_mobile_said(e164[not_mobile], kind[not_mobile])
    if options.non_mobile == "reject":
        where = pos[not_mobile]
        rows.phone[where], rows.reason[where], rows.detail[where] = None, "phone_not_mobile", said
    elif options.non_mobile == "warn":
        rows.note(pos[not_mobile], "not_mobile: " + said)
    extension = valid & (chosen["extension"] != "")
    rows.note(pos[extension], "extension_dropped: " + chosen["extension"][extension])
    excel = valid & chosen["excel"]
    rows.note(pos[excel], "phone_repaired: Excel float " + raw[excel])


def _joined_rule(cleanup: Array, rule: Array) -> Array:
    joined: Array = cleanup + " + " + rule
    joined[cleanup == ""] = rule[cleanup == ""]
    return joined


def _not_mobile_said(e164: Array, kind: Array) -> Array:
    words = np.array([k.replace("_", " ") for k in kind], dtype=object)
    said: Array = e164 + " is a " + words + " number"
    return said


def _missing_detail(phones: Sequence[PhoneColumn]) -> str:
    columns = ", ".join(phone.column for phone in phones)
    return f"no phone number in {columns}" if columns else "no phone column"


def _fill_others(rows: _Rows, table: Table, first: Array, options: NormalizeOptions) -> None:
    """Each row's further valid numbers, deduplicated; under ``reject`` only possible mobiles."""
    pos, e164 = table["pos"], table["e164"]
    kept = np.full(len(rows.phone), None, dtype=object)
    kept[pos[first]] = e164[first]
    further = (e164 != None) & (e164 != kept[pos])  # noqa: E711
    repeated = pd.DataFrame({"pos": pos[further], "e164": e164[further]}).duplicated()
    further[np.flatnonzero(further)[repeated.to_numpy()]] = False
    if options.non_mobile == "reject":
        not_mobile = further & table["not_mobile"]
        said = _not_mobile_said(e164[not_mobile], table["kind"][not_mobile])
        rows.note(pos[not_mobile], "other_phone_not_mobile: " + said)
        further &= ~not_mobile
    starts = np.flatnonzero(np.diff(pos[further], prepend=-1))  # the table is sorted by row
    where = pos[further][starts]
    groups = [tuple(group) for group in np.split(e164[further], starts[1:])]
    rows.others[where] = pd.Series(groups, dtype=object).to_numpy()  # not a 2-d array of them
    if options.other_phones == "drop":
        dropped = np.array([", ".join(numbers) for numbers in rows.others[where]], dtype=object)
        rows.note(where, "other_phones_dropped: " + dropped)


def _note_rest(rows: _Rows, table: Table, first: Array) -> None:
    """Numbers neither kept nor among ``others``: skipped fax and pager, unreadable ones."""
    pos, raw, reason = table["pos"], table["raw"], table["reason"]
    skipped = table["rank"] == SKIPPED
    rows.note(pos[skipped], "phone_skipped: " + raw[skipped] + " (" + table["label"][skipped] + ")")
    failed = ~first & ~skipped & (reason != None)  # noqa: E711
    said = raw[failed] + " " + table["why"][failed]
    rows.note(pos[failed], "other_" + reason[failed] + ": " + said)
