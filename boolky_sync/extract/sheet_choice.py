"""Which sheet of a workbook holds the contacts, and where its data ends.

Workbooks people bring often start with an instructions or cover sheet, keep a
summary beside the list, and end the list with a ``Total : 7 clients`` line.
Taking the first sheet read the cover as an empty table, and a footer line as
a contact without a phone. Each sheet is scored from the rows already read
(never read twice): a phone column, told by its header words or by its
values the way the column guess tells one, wins; then the most data rows.
The choice is written as a note saying which sheet and why, so ``inspect``
and the run's notes show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from boolky_sync.extract.guess import looks_like_phones
from boolky_sync.extract.synonyms import phone_column_for

CHOSEN_PREFIX = "read sheet "
"""How the note naming the chosen sheet begins; ``inspect`` finds the reason by it."""
_FOOTER_WORDS = re.compile(
    r"\s*(?:grand\s+)?(?:total|totals|sum|summe|gesamt|gesamtsumme|somme|totale|totaal|"
    r"count|anzahl|nombre|número|numero)\b",
    re.IGNORECASE,
)
_PHONE_CELL = re.compile(r"\(?\+?[\d\s().\-/]+")
Cell = TypeVar("Cell")


@dataclass(frozen=True)
class SheetScore:
    """One sheet as the choice sees it: a phone column or not, and its data rows."""

    name: str
    visible: bool
    has_phone: bool
    data_rows: int

    @property
    def key(self) -> tuple[bool, bool, int]:
        return (self.has_phone, self.visible, self.data_rows)


def score_sheet(
    name: str,
    visible: bool,
    header: Sequence[str],
    sample: Sequence[Sequence[str]],
    data_rows: int,
) -> SheetScore:
    """Score a sheet by its header texts, a sample of its data rows as text, and their count."""
    by_header = any(phone_column_for(title) for title in header if title.strip())
    return SheetScore(name, visible, by_header or _phone_by_content(sample), data_rows)


def _phone_by_content(rows: Sequence[Sequence[str]]) -> bool:
    sample = [row for row in rows if any(cell.strip() for cell in row)]
    width = max((len(row) for row in sample), default=0)
    return any(
        looks_like_phones(pd.Series([row[i] if i < len(row) else "" for row in sample]))
        for i in range(width)
    )


def choice_note(chosen: SheetScore, others: Sequence[SheetScore], empty: Sequence[str]) -> str:
    """Which sheet was read and why, and why each other one was not."""
    why = "it has a phone column" if chosen.has_phone else "no sheet has a phone column"
    note = f"{CHOSEN_PREFIX}{chosen.name!r}: {why} and {_rows(chosen.data_rows)}"
    skipped = [f"{o.name!r} ({_not_chosen(o, chosen)})" for o in others]
    skipped += [f"{name!r} (empty)" for name in empty]
    return f"{note}; skipped {', '.join(skipped)}" if skipped else note


def _not_chosen(other: SheetScore, chosen: SheetScore) -> str:
    if chosen.has_phone and not other.has_phone:
        return "no phone column"
    if chosen.visible and not other.visible:
        return f"hidden, {_rows(other.data_rows)}"
    return _rows(other.data_rows)


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def chosen_reason(notes: Sequence[str], sheet: str | None) -> str | None:
    """Why the sheet was read, from the reader's note (None when no choice was made)."""
    if sheet is None:
        return None
    start = f"{CHOSEN_PREFIX}{sheet!r}: "
    return next((n.removeprefix(start) for n in notes if n.startswith(start)), None)


def footer_start(rows: Sequence[Sequence[Cell]], text: Callable[[Cell], str]) -> int:
    """Index where trailing footer rows begin (``len(rows)`` when there are none).

    A footer row has no phone-like cell and either starts with a total word
    (``Total``, ``Summe``, ``Gesamt``…) or is a single cell holding a figure
    (``7 clients``, ``Exported 2024-05-01``). Blank rows between them count
    with them; a row with a phone never does, nor do rows with no
    contact row above them.
    """
    end = len(rows)
    for index in range(len(rows) - 1, -1, -1):
        cells = [text(c).strip() for c in rows[index]]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if not _is_footer(filled):
            break
        end = index
    return end if end > 0 else len(rows)


def _is_footer(filled: list[str]) -> bool:
    if any(_PHONE_CELL.fullmatch(c) and 7 <= sum(ch.isdigit() for ch in c) <= 15 for c in filled):
        return False
    lone_figure = len(filled) == 1 and any(ch.isdigit() for ch in filled[0])
    return bool(_FOOTER_WORDS.match(filled[0])) or lone_figure


def footer_note(rows: Sequence[Sequence[Cell]], text: Callable[[Cell], str]) -> str:
    """``dropped 1 footer row: 'Total : 7 clients'``, for the rows dropped."""
    shown = [" ".join(t for c in row if (t := text(c).strip())) for row in rows]
    shown = [s for s in shown if s]
    return f"dropped {len(shown)} footer {'row' if len(shown) == 1 else 'rows'}: " + ", ".join(
        repr(s) for s in shown
    )
