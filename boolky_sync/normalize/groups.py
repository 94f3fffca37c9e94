"""The Boolky groups each contact belongs in, from tag, label, list and category columns.

A cell holds several labels (``Staff; VIP``, Google's ``* myContacts ::: VIP``,
Mailchimp's ``"Staff","VIP"``, a JSON list from a JSON source), some of them
the source's own bookkeeping rather than groups a person made: Google's system
labels start with ``* `` (``* myContacts``, ``* starred``) or, in the older
export, ``System Group:``, and are dropped. The pipeline's map renames or
drops labels before that, so it can keep a system label on purpose.

Boolky matches group names without regard to case (and people type ``VIP``,
``vip`` and ``Vip `` for one group), so labels are one group when their
``group_key`` is equal. The name shown for a group is the pipeline's own
spelling (a static group or a map target) if it has one, else the first
spelling in the source, read row by row — the same for every row, whatever
spelling that row had. Boolky allows 25 characters: longer names are cut at a
word break and noted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

import orjson
import pandas as pd

from boolky_sync.api.records import GROUP_NAME_MAX
from boolky_sync.normalize.distinct import Reading, join_notes, spread
from boolky_sync.normalize.names import shortened
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.result import FieldResult

"""Boolky's limit on a group name, in characters."""
SYSTEM_PREFIXES = ("* ", "system group:")
"""How Google marks the labels it makes itself (compared in lower case)."""

_QUOTES = "\"'“”„«»"
_QUOTED_LIST = re.compile(r'\s*"[^"]*"(?:\s*,\s*"[^"]*")*\s*')
"""Mailchimp's tags: ``"Staff","VIP"`` — quoted, so a comma inside a tag stays in it."""
_QUOTED = re.compile(r'"([^"]*)"')

Label = tuple[str, str, str]
"""One group of a cell: its key, its spelling, and the note if the spelling was cut."""


def group_key(name: str) -> str:
    """What makes two group names one group: case, spacing and Unicode form set aside."""
    return unicodedata.normalize("NFC", " ".join(name.split()).casefold())


def group_name_problem(name: str) -> str | None:
    """Why a name the pipeline gives (a static group, a map target) cannot be a group, if so."""
    tidy = " ".join(name.split())
    if not tidy:
        return "a group name cannot be empty"
    if len(tidy) > GROUP_NAME_MAX:
        return f"{tidy!r} is longer than Boolky's {GROUP_NAME_MAX} characters"
    return None


def normalize_groups(
    columns: list[pd.Series], options: NormalizeOptions, separators: tuple[str, ...] = ()
) -> FieldResult:
    """Per row, the tuple of its group names sorted by key (``()`` for none).

    ``columns`` are the source's group columns, sharing one index; there must be
    at least one (for a source without any, pass a column of ``""`` so the static
    groups still reach every row). ``separators``: the layout's own, split on as
    well as the pipeline's ``group_separators``.
    """
    if not columns:
        raise ValueError("normalize_groups needs a column (of '' when the source has none)")
    _check_pipeline_names(options)
    read = _label_reader(options, separators)
    factorized = [pd.factorize(column, use_na_sentinel=False) for column in columns]
    cells = [[read(cell) for cell in uniques] for _, uniques in factorized]
    codes, combos = pd.MultiIndex.from_arrays([c for c, _ in factorized]).factorize()
    rows = [[label for column, cell in enumerate(combo) for label in cells[column][cell]]
            for combo in combos]  # fmt: skip
    names = _display_names(options, (label for row in rows for label in row))
    statics = {group_key(g) for g in options.static_groups}
    return spread([_row_groups(row, statics, names) for row in rows], codes, columns[0].index)


def _pipeline_names(options: NormalizeOptions) -> list[str]:
    """The group names the pipeline file spells out: static groups, then map targets."""
    return [*options.static_groups, *(v for v in options.group_map.values() if v is not None)]


def _check_pipeline_names(options: NormalizeOptions) -> None:
    """Names the pipeline file gives are its author's to fix, not something to cut quietly."""
    problems = [p for p in map(group_name_problem, _pipeline_names(options)) if p]
    if problems:
        raise ValueError("; ".join(problems))


def _label_reader(
    options: NormalizeOptions, layout_separators: tuple[str, ...]
) -> Callable[[str], list[Label]]:
    """Reads one cell into its groups: split, mapped, system labels dropped, cut to length."""
    every = {*options.group_separators, *layout_separators}
    longest_first = sorted(every, key=len, reverse=True)
    separators = re.compile("|".join(map(re.escape, longest_first)))
    mapping = {group_key(k): v for k, v in options.group_map.items()}

    def read(cell: str) -> list[Label]:
        labels = []
        for part in _parts(cell, separators):
            spelling = _tidy(part)
            key = group_key(spelling)
            if key in mapping:
                target = mapping[key]
                if target is not None:
                    labels.append(_label(_tidy(target)))
            elif spelling and not key.startswith(SYSTEM_PREFIXES):
                labels.append(_label(spelling))
        return labels

    return read


def _parts(cell: str, separators: re.Pattern[str]) -> list[str]:
    """The cell's labels as written: a JSON list, a quoted list, or text split on separators."""
    text = cell.strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            found = orjson.loads(text)
        except orjson.JSONDecodeError:
            found = None
        if isinstance(found, list):
            return [str(item) for item in found if isinstance(item, str | int | float)]
    if _QUOTED_LIST.fullmatch(text):
        return _QUOTED.findall(text)
    return separators.split(text)


def _tidy(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()).strip(_QUOTES + " "))


def _label(spelling: str) -> Label:
    short = _tidy(shortened(spelling, GROUP_NAME_MAX))
    note = f"group_shortened: {spelling!r} cut to {short!r}" if short != spelling else ""
    return group_key(short), short, note


def _display_names(options: NormalizeOptions, labels: Iterable[Label]) -> dict[str, str]:
    """Key → the one spelling every row shows: the pipeline's, else the first in the source."""
    names: dict[str, str] = {}
    for name in _pipeline_names(options):
        names.setdefault(group_key(name), _tidy(name))
    for key, spelling, _ in labels:
        names.setdefault(key, spelling)
    return names


def _row_groups(labels: list[Label], statics: set[str], names: dict[str, str]) -> Reading:
    keys = sorted({key for key, _, _ in labels} | statics)
    notes = dict.fromkeys(note for _, _, note in labels)
    return tuple(names[key] for key in keys), join_notes(list(notes))
