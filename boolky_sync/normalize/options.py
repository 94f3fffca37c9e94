"""The choices normalize leaves to the pipeline file, with the defaults a new user gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NonMobilePolicy = Literal["accept", "warn", "reject"]
OtherPhones = Literal["drop", "split"]
MergeRule = Literal["most_complete", "first", "last"]
DateOrder = Literal["auto", "DMY", "MDY", "YMD"]


@dataclass(frozen=True)
class NormalizeOptions:
    default_region: str | None = None
    """ISO 3166 code used for national numbers when the row names no country."""
    non_mobile: NonMobilePolicy = "warn"
    """What to do with a number the library knows is not a mobile (SMS to it fails)."""
    other_phones: OtherPhones = "drop"
    """A row's further numbers: ``drop`` (noted) or ``split`` (each becomes a contact)."""
    gender_spellings: dict[str, int] = field(default_factory=dict)
    """Extra words → 1 (male) or 2 (female), on top of the built-in six languages."""
    group_separators: tuple[str, ...] = (" ::: ", ";", ",", "|")
    group_map: dict[str, str | None] = field(default_factory=dict)
    """Source group value → Boolky group name, or None to drop it."""
    static_groups: tuple[str, ...] = ()
    """Groups every contact of the pipeline is put in."""
    merge_rule: MergeRule = "most_complete"
    name_fallback: str | None = None
    """None rejects a row without a name (``name_missing``); a string is used instead."""
    date_order: DateOrder = "auto"
