"""What a preset is: an export's layout as data, and how it is matched to a header row.

A program that exports contacts writes the same header every time, so a few of
its headers name the program, and the program's layout says what each column
holds (Outlook's "Mobile Phone" is a mobile, Google's "Phone 1 - Value" has its
kind in "Phone 1 - Label"). Headers are compared like ``synonyms.header_key``
does (no case, accents, spacing or punctuation), so Salesforce's report labels
("Mobile Phone") and its API names ("MobilePhone") are one spelling. ``{n}`` in
a header stands for any number: "Phone {n} - Value" is "Phone 1 - Value",
"Phone 2 - Value", ... The layouts themselves are in ``preset_table``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from boolky_sync.extract.mapping import PhoneColumn
from boolky_sync.extract.synonyms import header_key

_NUMBER = "{n}"

DateOrder = Literal["DMY", "MDY", "YMD"]
"""The order of day, month and year a layout writes its slash dates in."""


@dataclass(frozen=True)
class PhoneSlot:
    """A phone column of a layout: its header, and its kind or the header that holds it.

    ``international_digits``: the layout writes digits with the country code and
    without "+", so such digits are read as international, never nationally.
    ``fallback``: the layout's second choice, used when the columns before it are
    empty; a row that takes it is noted.
    """

    column: str
    label: str | None = None
    label_column: str | None = None
    international_digits: bool = False
    fallback: bool = False


@dataclass(frozen=True)
class Preset:
    """One export layout: how to recognise it and what its columns mean.

    ``signatures`` are alternative sets of headers; a file carrying every header
    of one set is of this layout, and a bigger set is a more specific match.
    ``fields`` lists, per canonical field, the headers that hold it, best first.
    ``separators``: what the layout writes between several values of one cell
    where that is not one of the separators every reader knows: normalize
    splits phones, e-mails and groups on them (the one list of them there is).
    ``date_order``: the order the layout writes ``a/b/yyyy`` dates in, where the
    program writes one whatever the computer's language (Outlook.com's M/D/YYYY);
    None where it follows the locale. It decides when the pipeline's
    ``date_order`` is left at ``auto``.
    """

    name: str
    title: str
    signatures: tuple[frozenset[str], ...]
    fields: Mapping[str, tuple[str, ...]]
    phones: tuple[PhoneSlot, ...]
    separators: tuple[str, ...] = ()
    date_order: DateOrder | None = None
    _signature_keys: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = tuple(frozenset(header_key(h) for h in sig) for sig in self.signatures)
        object.__setattr__(self, "_signature_keys", keys)

    def score(self, columns: list[str]) -> int:
        """How specifically the columns match: the largest signature present, 0 if none."""
        keys = {header_key(c) for c in columns}
        return max((len(sig) for sig in self._signature_keys if sig <= keys), default=0)

    def missing(self, columns: list[str]) -> list[str]:
        """The headers of the signature nearest to the columns that they lack (the
        first such signature on a tie), in the layout's spelling, sorted."""
        keys = {header_key(c) for c in columns}
        nearest = min(
            zip(self.signatures, self._signature_keys, strict=True),
            key=lambda sig: len(sig[1] - keys),
        )[0]
        return sorted(h for h in nearest if header_key(h) not in keys)

    def columns_for(self, name: str, columns: list[str]) -> list[str]:
        """The columns that hold a field in this layout, in the layout's order of preference."""
        found: list[str] = []
        for template in self.fields.get(name, ()):
            found += [c for c in _matching(template, columns) if c not in found]
        return found

    def phone_columns(self, columns: list[str]) -> list[PhoneColumn]:
        """The layout's phone columns present in the file, with their kinds."""
        keyed = {header_key(c): c for c in columns}
        phones: list[PhoneColumn] = []
        for slot in self.phones:
            for column in _matching(slot.column, columns):
                label_column = None
                if slot.label_column:
                    number = _number_in(slot.column, column)
                    label_column = keyed.get(header_key(slot.label_column.replace(_NUMBER, number)))
                phones.append(
                    PhoneColumn(
                        column,
                        slot.label,
                        label_column,
                        self.separators,
                        slot.international_digits,
                        slot.fallback,
                    )
                )
        return phones


@cache
def _template_pattern(template: str) -> re.Pattern[str]:
    parts = (re.escape(header_key(part)) for part in template.split(_NUMBER))
    return re.compile(r"(\d+)".join(parts))


def _matching(template: str, columns: list[str]) -> list[str]:
    """The columns a header template names, numbered ones in number order."""
    pattern = _template_pattern(template)
    hits = [(m, c) for c in columns if (m := pattern.fullmatch(header_key(c)))]
    return [c for m, c in sorted(hits, key=lambda hit: [int(g) for g in hit[0].groups()])]


def _number_in(template: str, column: str) -> str:
    match = _template_pattern(template).fullmatch(header_key(column))
    return match.group(1) if match and match.groups() else ""


def phone_slots(
    label: str | None, *columns: str, international_digits: bool = False
) -> tuple[PhoneSlot, ...]:
    """Phone columns of one kind: ``phone_slots("fax", "Business Fax", "Home Fax")``."""
    return tuple(PhoneSlot(c, label, international_digits=international_digits) for c in columns)
