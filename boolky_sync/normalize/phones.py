"""Every row's phone number in E.164, with how it was read, or why it could not be.

Boolky keys contacts on the phone number, so this is where a row becomes a
contact or a reject. A row can hold several numbers (phone columns with type
labels, several numbers in one cell); the one kept is the first that is valid
and can take an SMS, looking at mobile-labelled columns first, then unlabelled,
then the rest; fax and pager numbers are never kept. The row's other valid
numbers go to ``others`` for the pipeline to drop or split.

Rows are never looped over. The cleanup runs once per distinct cell
(``phone_forms``) into a table of forms, the parsing once per distinct
(text, region) pair (``phone_reading``) into a table of readings, and every
number found is an entry of a third table that holds only integers: its row,
column, label rank, place in the cell, and which form and reading it has. The
choice is a sort of that table; text is looked up only for what is reported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from boolky_sync.extract.mapping import PhoneColumn
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.phone_content import as_layout_writes
from boolky_sync.normalize.phone_forms import MASKED, read_cells
from boolky_sync.normalize.phone_reading import NOT_MOBILE, read_all
from boolky_sync.normalize.workers import worker_count

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
    dropped", "Excel float repaired + country code without +" ...; "" when no
    number could be read). ``kind``: phonenumbers' number type in lower case ("mobile",
    "fixed_line_or_mobile" ...) or None. ``reason``: None, or the reject code
    (``phone_missing``, ``phone_invalid``, ``phone_mangled``, ``phone_masked``,
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
    numbers, forms, labels = _numbers(frame, phones)
    readings = _read(numbers, forms, _as_regions(regions, frame.index), options)
    order = _preference_order(numbers, readings)
    # from here on only what the result is made of: fewer columns to sort and look up
    numbers = {
        name: numbers[name][order] for name in ("pos", "col", "rank", "label", "form", "key")
    }
    forms = {name: forms[name] for name in ("raw", "cleanup", "extension", "excel")}
    first = np.diff(numbers["pos"], prepend=-1) != 0
    columns = {
        "column": np.array([p.column for p in phones] or [""], dtype=object),
        "fallback": np.array([p.fallback for p in phones] or [False], dtype=bool),
    }
    lookups = {"form": forms, "key": readings, "label": labels, "col": columns}
    looked_up = partial(_looked_up, numbers, lookups)
    rows = _Rows(len(frame), _missing_detail(phones))
    _fill_chosen(rows, looked_up(first), options)
    _fill_others(rows, numbers, readings, first, options)
    _note_rest(rows, numbers, readings, first, looked_up)
    return rows.result(frame.index)


# -- the numbers: every number of every phone column -----------------------------------------


def _numbers(frame: pd.DataFrame, phones: Sequence[PhoneColumn]) -> tuple[Table, Table, Table]:
    """One entry per number found (row, column, label, place in the cell, form), the forms
    of the distinct cells (a repeated cell is cleaned once), and the distinct labels."""
    columns = [_column_cells(frame, column, phone) for column, phone in enumerate(phones)]
    offsets = np.cumsum([0, *(len(names) for _, names in columns)])
    for (cells, _), offset in zip(columns, offsets, strict=False):
        cells["label"] += offset
    labels = {"label": np.concatenate([names for _, names in columns] or [_CELLS["cell"]])}
    cells = {
        name: np.concatenate([c[name] for c, _ in columns] or [empty])
        for name, empty in _CELLS.items()
    }
    codes, distinct = pd.factorize(cells.pop("cell"))
    forms = read_cells(distinct)
    counts = np.bincount(forms.pop("cell"), minlength=len(distinct))
    per_cell = counts[codes]
    take = np.repeat(np.arange(len(codes)), per_cell)
    within = np.arange(len(take)) - np.repeat(np.cumsum(per_cell) - per_cell, per_cell)
    numbers = {name: values[take] for name, values in cells.items()}
    numbers["part"] = within
    numbers["form"] = (np.cumsum(counts) - counts)[codes][take] + within
    forms["excel"], forms["bare"] = forms["excel"].astype(bool), forms["bare"].astype(bool)
    return numbers, forms, labels


_CELLS: Table = {
    "pos": np.array([], dtype=np.int64),
    "col": np.array([], dtype=np.int64),
    "rank": np.array([], dtype=np.int8),
    "label": np.array([], dtype=np.int64),
    "cell": np.array([], dtype=object),
}
"""The cells' columns, empty: what a frame without phone columns has."""


def _column_cells(frame: pd.DataFrame, column: int, phone: PhoneColumn) -> tuple[Table, Array]:
    """The column's filled cells with their labels (codes into the distinct labels returned)."""
    cells = as_layout_writes(frame[phone.column].fillna(""), phone)
    filled = np.flatnonzero(cells != "")
    codes, labels = (
        np.zeros(len(filled), dtype=np.int64),
        np.array([phone.label or ""], dtype=object),
    )
    if phone.label_column:
        own = frame[phone.label_column].fillna("").to_numpy(dtype=object)[filled]
        own[own == ""] = phone.label or ""
        codes, labels = pd.factorize(own)
    ranks = np.fromiter(map(label_rank, labels), dtype=np.int8, count=len(labels))
    found: Table = {
        "pos": filled.astype(np.int64),
        "col": np.full(len(filled), column, dtype=np.int64),
        "rank": ranks[codes],
        "label": codes,
        "cell": cells[filled],
    }
    return found, np.asarray(labels, dtype=object)


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


# -- the readings: each distinct (text, region, bare) read once -------------------------------


def _read(numbers: Table, forms: Table, regions: Array, options: NormalizeOptions) -> Table:
    """The readings, and each number's ``key`` into them (added to ``numbers``).

    After the readings of the distinct pairs come those of numbers that are
    not read: a text without digits (they were all in an extension), a skipped
    fax or pager, and each mangled form.
    """
    readable, key_codes, pairs = _pairs(numbers, forms, regions)
    read = len(pairs[0])
    mangled = np.flatnonzero(forms["mangled"] != "")
    readings = {
        name: np.asarray(values + [None] * (len(mangled) + 2), dtype=object)
        for name, values in read_all(
            *pairs, options.default_region, workers=worker_count(options.workers)
        ).items()
    }
    readings["rule"][read:] = ""
    why = forms["mangled"][mangled]
    reasons = np.where(why == MASKED, "phone_masked", "phone_mangled").tolist()
    readings["reason"][read:] = ["phone_invalid", None, *reasons]
    readings["why"][read:] = ["is not a phone number", "", *why]
    readings["not_mobile"] = np.fromiter((kind in NOT_MOBILE for kind in readings["kind"]), bool)
    readings["number"] = pd.factorize(readings["e164"])[0]  # -1: no valid number
    form_key = np.full(len(forms["text"]), read, dtype=np.int64)
    form_key[mangled] = np.arange(len(mangled)) + read + 2
    key = form_key[numbers["form"]]
    key[readable] = key_codes
    key[numbers["rank"] == SKIPPED] = read + 1
    numbers["key"] = key
    return readings


def _pairs(
    numbers: Table, forms: Table, regions: Array
) -> tuple[Array, Array, tuple[list[str], list[str | None], list[bool]]]:
    """The numbers to read, the pair each reads as, and the distinct pairs (text, region, bare).

    A number written with "+" reads the same in every region, and "bare"
    matters only for one without "+" or a leading 0: their pairs leave those
    out, so more rows share one reading.
    """
    form = numbers["form"]
    form_texts, texts = pd.factorize(forms["text"])
    plus = np.fromiter((t[:1] == "+" for t in texts), dtype=bool, count=len(texts))
    zero = np.fromiter((t[:1] == "0" for t in texts), dtype=bool, count=len(texts))
    row_regions, distinct_regions = pd.factorize(regions)
    readable = np.flatnonzero((forms["text"][form] != "") & (numbers["rank"] != SKIPPED))
    text_codes = form_texts[form[readable]]
    region_codes = np.where(plus[text_codes], -1, row_regions[numbers["pos"][readable]])
    bare = forms["bare"][form[readable]] & ~(plus | zero)[text_codes]
    width = 2 * (len(distinct_regions) + 1)
    key_codes, keys = pd.factorize(text_codes * width + (region_codes + 1) * 2 + bare)
    names = np.array([None, *distinct_regions], dtype=object)
    pairs = (
        np.asarray(texts, dtype=object)[keys // width].tolist(),
        names[keys % width // 2].tolist(),
        (keys % 2).astype(bool).tolist(),
    )
    return readable, key_codes, pairs


# -- choosing and reporting ------------------------------------------------------------------


def _preference_order(numbers: Table, readings: Table) -> Array:
    """By row; valid first, possibly mobile first, then by label, column and place in the cell."""
    key = numbers["key"]
    invalid, not_mobile = readings["number"][key] < 0, readings["not_mobile"][key]
    return np.lexsort(
        (numbers["part"], numbers["col"], numbers["rank"], not_mobile, invalid, numbers["pos"])
    )


def _looked_up(numbers: Table, lookups: dict[str, Table], where: Array) -> Table:
    """The numbers at ``where``, with the columns of the tables their codes point into.

    ``lookups`` maps a column of codes ("form") to the table it indexes; that
    table's columns replace it.
    """
    at = {name: values[where] for name, values in numbers.items()}
    for column, table in lookups.items():
        codes = at[column]
        at |= {name: values[codes] for name, values in table.items()}
    return at


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
    valid = chosen["number"] >= 0
    rows.raw[pos], rows.phone[pos], rows.kind[pos] = raw, e164, kind
    rows.rule[pos[valid]] = _joined_rule(chosen["cleanup"][valid], chosen["rule"][valid])
    rows.reason[pos] = chosen["reason"]
    rows.detail[pos[valid]] = ""
    rows.detail[pos[~valid]] = raw[~valid] + " " + chosen["why"][~valid]
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
    fallback = valid & chosen["fallback"]
    rows.note(pos[fallback], "phone_fallback: " + chosen["column"][fallback])
    excel = valid & chosen["excel"]
    rows.note(pos[excel], "phone_repaired: Excel float " + raw[excel])


def _joined_rule(cleanup: Array, rule: Array) -> Array:
    joined = rule.copy()
    cleaned = cleanup != ""
    joined[cleaned] = cleanup[cleaned] + " + " + rule[cleaned]
    return joined


def _not_mobile_said(e164: Array, kind: Array) -> Array:
    words = np.array([k.replace("_", " ") for k in kind], dtype=object)
    said: Array = e164 + " is a " + words + " number"
    return said


def _missing_detail(phones: Sequence[PhoneColumn]) -> str:
    """Names the columns looked in; Outlook has 18 of them, so the first three and a count."""
    names = [phone.column for phone in phones]
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return f"no phone number in {', '.join(names[:3])}{more}" if names else "no phone column"


def _fill_others(
    rows: _Rows, numbers: Table, readings: Table, first: Array, options: NormalizeOptions
) -> None:
    """Each row's further valid numbers, deduplicated; under ``reject`` only possible mobiles."""
    pos, number = numbers["pos"], readings["number"][numbers["key"]]
    kept = np.full(len(rows.phone), -1, dtype=np.int64)
    kept[pos[first]] = number[first]
    further = (number >= 0) & (number != kept[pos])
    seen = pd.Series(pos[further] * len(readings["number"]) + number[further]).duplicated()
    further[np.flatnonzero(further)[seen.to_numpy()]] = False
    key = numbers["key"]
    if options.non_mobile == "reject":
        not_mobile = further & readings["not_mobile"][key]
        said = _not_mobile_said(
            readings["e164"][key[not_mobile]], readings["kind"][key[not_mobile]]
        )
        rows.note(pos[not_mobile], "other_phone_not_mobile: " + said)
        further &= ~not_mobile
    starts = np.flatnonzero(np.diff(pos[further], prepend=-1))  # the table is sorted by row
    where = pos[further][starts]
    groups = [tuple(group) for group in np.split(readings["e164"][key[further]], starts[1:])]
    rows.others[where] = pd.Series(groups, dtype=object).to_numpy()  # not a 2-d array of them
    if options.other_phones == "drop":
        dropped = np.array([", ".join(numbers) for numbers in rows.others[where]], dtype=object)
        rows.note(where, "other_phones_dropped: " + dropped)


def _note_rest(
    rows: _Rows, numbers: Table, readings: Table, first: Array, looked_up: Callable[[Array], Table]
) -> None:
    """Numbers neither kept nor among ``others``: skipped fax and pager, unreadable ones."""
    skipped = numbers["rank"] == SKIPPED
    failed = ~first & ~skipped & (readings["reason"][numbers["key"]] != None)  # noqa: E711
    rest = looked_up(skipped | failed)
    pos, raw, reason = rest["pos"], rest["raw"], rest["reason"]
    skip = rest["rank"] == SKIPPED
    rows.note(pos[skip], "phone_skipped: " + raw[skip] + " (" + rest["label"][skip] + ")")
    said = raw[~skip] + " " + rest["why"][~skip]
    rows.note(pos[~skip], "other_" + reason[~skip] + ": " + said)
