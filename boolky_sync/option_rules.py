"""The rules an option dataclass checks its own values against.

``SyncOptions``, ``NormalizeOptions`` and ``Target`` are built from a pipeline
file, from the command line and from Python. Each checks its values in
``__post_init__`` with these rules, so a range or a list of choices is written
once, beside the field. The error keeps what is wrong apart from how to fix
it: the pipeline loader shows both at the file's key and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import Any

from boolky_sync.errors import ConfigError


class OptionError(ConfigError, ValueError):
    """An option outside its rule: which option, what is wrong, and how to put it right."""

    def __init__(self, option: str, what: str, fix: str) -> None:
        super().__init__(f"{option}: {what} — {fix}")
        self.option = option
        self.what = what
        self.fix = fix


def one_of(option: str, value: Any, allowed: Collection[str]) -> None:
    """``value`` must be one of ``allowed``; a slip gets the closest one suggested."""
    if value in allowed:
        return
    listing = ", ".join(f'"{a}"' for a in allowed)
    close = closest(value, allowed) if isinstance(value, str) else None
    hint = f' (did you mean "{close}"?)' if close else ""
    raise OptionError(option, f"{shown(value)} is not allowed", f"use one of {listing}{hint}")


def whole_number(option: str, value: int, low: int, high: int | None = None, *, like: int) -> None:
    """``value`` must be from ``low`` to ``high`` (both included), or ``low`` or more."""
    if value >= low and (high is None or value <= high):
        return
    span = f"from {low} to {high}" if high is not None else f"{low} or more"
    raise OptionError(option, f"{value} is out of range", f"use a number {span}, like {like}")


def number(
    option: str, value: float, low: float, high: float | None = None, *, like: float
) -> None:
    """``value`` must be from ``low`` to ``high``; with no ``high``, more than ``low``."""
    too_low = value <= low if high is None else value < low
    if not too_low and (high is None or value <= high):
        return
    span = f"from {low} to {high}" if high is not None else f"more than {low}"
    raise OptionError(option, f"{value} is out of range", f"use a number {span}, like {like}")


def shown(value: Any) -> str:
    """A value as a short phrase for a message (long text is cut)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{short}"'
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"{type(value).__name__} {value}"


def closest(word: str, options: Collection[str]) -> str | None:
    """The option ``word`` is most likely a slip for (any case), if one is close enough."""
    lowered = {option.lower(): option for option in options}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None
