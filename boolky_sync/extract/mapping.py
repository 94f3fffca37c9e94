"""Which source column holds which contact field, and how that was decided.

The mapping is data, not code: presets, header synonyms, content sniffing and
the pipeline file all produce a ``ColumnMapping``, and ``inspect`` shows it so
a person can correct a wrong guess with an explicit mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CANONICAL_FIELDS = (
    "name",
    "first_name",
    "middle_name",
    "last_name",
    "phone",
    "email",
    "gender",
    "birthday",
    "groups",
    "country",
    "id",
    "consent",
)

How = Literal["preset", "synonym", "content", "explicit", "remembered"]
"""``explicit``: the pipeline file or ``--map``; ``remembered``: what ``import`` kept for the
same header from an earlier, confirmed import."""


@dataclass(frozen=True)
class PhoneColumn:
    """A column of phone numbers and what kind of phone it holds.

    The kind is either fixed by the column (Outlook's "Mobile Phone" → ``label``
    "mobile") or written per row in a sibling column (Google's "Phone 1 - Type"
    → ``label_column``). Labels are lower-case words as the source says them
    ("mobile", "cell", "home", "work", "fax", ...); normalize decides which
    count as mobile. ``separators`` are what the layout writes between several
    numbers in one cell beyond the usual ``;``, ``,`` and ``/`` (Google's ``" ::: "``).
    ``international``: the layout writes the country code without ``+`` (Brevo's
    ``33612345678``), so digits alone are read as ``+<digits>``. ``fallback``: the
    column is read only for rows whose earlier phone columns hold no number (Shopify's
    "Default Address Phone" after "Phone"), and a row that takes it is noted.
    """

    column: str
    label: str | None = None
    label_column: str | None = None
    separators: tuple[str, ...] = field(default=(), compare=False)
    international: bool = field(default=False, compare=False)
    fallback: bool = field(default=False, compare=False)


@dataclass
class FieldMapping:
    field: str
    columns: list[str]
    how: How


@dataclass
class ColumnMapping:
    """Canonical field → source column(s), plus the phone columns with their kinds."""

    fields: dict[str, FieldMapping] = field(default_factory=dict)
    phones: list[PhoneColumn] = field(default_factory=list)
    preset: str | None = None

    def columns_for(self, name: str) -> list[str]:
        mapped = self.fields.get(name)
        return list(mapped.columns) if mapped else []

    def as_dict(self) -> dict[str, list[str]]:
        """The form ``inspect --json`` prints: field → source column names."""
        return {name: list(m.columns) for name, m in self.fields.items()}
