"""A pipeline file's problems, and the typed reading of its tables that finds them.

A person fixing a pipeline file wants every mistake at once, each with its
place and its remedy, not one per attempt. So a ``Table``'s getters do not
raise: a value of the wrong type, out of range or not among the allowed ones
becomes a ``Problem`` (file, dotted key, line, what, how to fix) on the
``Reader``, and the getter returns the default so reading goes on. The caller
raises ``PipelineFileError`` once the whole file has been read. This module
knows TOML values and nothing of what a pipeline means (``load`` does).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boolky_sync.errors import ConfigError
from boolky_sync.option_rules import closest, shown
from boolky_sync.pipeline.toml_positions import KeyPath, dotted, line_of


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a pipeline file, where it is, and how to put it right."""

    file: str
    key: str
    """Dotted key (``sync.batch_size``); empty for a TOML syntax error."""
    line: int | None
    what: str
    fix: str
    column: int | None = None

    def __str__(self) -> str:
        """``file: key (line N): what — fix``, leaving out the parts there are none of."""
        where = f"line {self.line}" if self.line else ""
        if self.column:
            where += f", column {self.column}"
        if self.key:
            where = f"{self.key} ({where})" if where else self.key
        fix = f" — {self.fix}" if self.fix else ""
        return ": ".join(part for part in (self.file, where, self.what + fix) if part)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "key": self.key,
            "line": self.line,
            "column": self.column,
            "what": self.what,
            "fix": self.fix,
            "message": str(self),
        }


class PipelineFileError(ConfigError):
    """A pipeline file that does not validate: the first problem as message, all in ``problems``."""

    def __init__(self, problems: list[Problem]) -> None:
        # In file order; a problem with no line (a missing table) is often the echo of
        # one with a line (the table's name misspelt), so it comes last.
        ordered = sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0))
        first = ordered[0]
        super().__init__(str(first), path=first.file, key=first.key or None)
        self.problems = ordered


@dataclass
class Reader:
    """The file being read: where keys are, where paths start, and the problems so far."""

    file: str
    """The file as the user named it, for messages."""
    folder: Path
    """The file's folder: every relative path in the file starts here."""
    lines: dict[KeyPath, int]
    homes: Mapping[str, str] = field(default_factory=dict)
    """Known key → the table it belongs in ("" the top), to say "move it to [sync]"."""
    advice: Mapping[str, str] = field(default_factory=dict)
    """Key → what to do instead, for keys people expect but the file must not have."""
    left_alone: frozenset[str] = frozenset()
    """Keys (lower case) ``check_keys`` leaves to a check of their own (credentials)."""
    problems: list[Problem] = field(default_factory=list)

    def problem(self, path: KeyPath, what: str, fix: str) -> None:
        self.problems.append(Problem(self.file, dotted(path), line_of(self.lines, path), what, fix))

    def table(self, path: KeyPath, data: Any, known: Collection[str] | None = None) -> Table | None:
        """``data`` as a table at ``path``, its keys checked against ``known`` when given."""
        if data is None:
            return None
        if not isinstance(data, dict):
            name = dotted(path)
            self.problem(path, f"must be a table, not {shown(data)}", f"write it as [{name}]")
            return None
        table = Table(self, path, data)
        table.check_keys(known)
        return table


@dataclass
class Table:
    """One table of the file, with getters that note a problem and return the default."""

    reader: Reader
    path: KeyPath
    data: dict[str, Any]

    def at(self, key: str | int) -> KeyPath:
        return (*self.path, key)

    def problem(self, key: str | int, what: str, fix: str) -> None:
        self.reader.problem(self.at(key), what, fix)

    def check_keys(self, known: Collection[str] | None) -> None:
        """Every key must be ``known`` (when given), but those ``left_alone``."""
        if known is None:
            return
        for key in self.data:
            if key not in known and key.lower() not in self.reader.left_alone:
                self.problem(key, "unknown key", self._unknown_key_fix(key, known))

    def _unknown_key_fix(self, key: str, known: Collection[str]) -> str:
        """Advice for the key, or did you mean ..., or its table, or the keys there are."""
        if key in self.reader.advice:
            return self.reader.advice[key]
        close = closest(key, known)
        if close:
            return f'did you mean "{close}"?'
        home = self.reader.homes.get(key)
        if home == "" and self.path:
            return "it belongs at the top of the file, before the first [table]: move it there"
        if home:
            return f"it belongs in [{home}]: move it there"
        where = f"in [{dotted(self.path)}]" if self.path else "at the top"
        return f"the keys {where} are: {', '.join(known)}"

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def subtable(self, key: str, known: Collection[str] | None = None) -> Table | None:
        return self.reader.table(self.at(key), self.data.get(key), known)

    def typed(self, key: str, kind: type | tuple[type, ...], expected: str, example: str) -> Any:
        """The value if it is of ``kind`` (a bool is never a number), else None and a problem."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, kind) and not (isinstance(value, bool) and bool not in _kinds(kind)):
            return value
        fix = _type_fix(key, value, example, _kinds(kind))
        self.problem(key, f"must be {expected}, not {shown(value)}", fix)
        return None

    def text(self, key: str, default: str | None = None, *, example: str = '"..."') -> str | None:
        value = self.typed(key, str, "text in quotes", f"{key} = {example}")
        if value is not None and not value.strip():
            self.problem(key, "is empty", f"give a value, like {key} = {example}, or leave it out")
            return default
        return default if value is None else str(value)

    def choice(self, key: str, default: str) -> str:
        """A text in quotes; which texts are allowed is the option dataclass's rule."""
        value = self.typed(key, str, "text in quotes", f'{key} = "{default}"')
        return default if value is None else str(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.typed(key, bool, "true or false", f"{key} = {str(default).lower()}")
        return default if value is None else bool(value)

    def integer(self, key: str, default: int) -> int:
        """A whole number; its range is the option dataclass's rule."""
        value = self.typed(key, int, "a whole number", f"{key} = {default}")
        return default if value is None else int(value)

    def number(self, key: str, default: float) -> float:
        """A number, whole or not; its range is the option dataclass's rule."""
        value = self.typed(key, (int, float), "a number", f"{key} = {default}")
        return default if value is None else float(value)

    def texts(self, key: str, default: tuple[str, ...], *, example: str) -> tuple[str, ...]:
        """A list of non-empty strings; each bad element is a problem at its own index."""
        value = self.typed(key, list, "a list", f"{key} = {example}")
        if value is None:
            return default
        good: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                good.append(item)
                continue
            what = "is empty" if isinstance(item, str) else f"must be text, not {shown(item)}"
            self.reader.problem((*self.at(key), index), what, f"write {key} = {example}")
        return tuple(good)

    def path_value(self, key: str, default: Path) -> Path:
        """A path from the file, relative to the file's folder; ``default`` likewise."""
        value = self.text(key, example='"folder/name"')
        return self.reader.folder / Path(value).expanduser() if value else default


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _type_fix(key: str, value: Any, example: str, kinds: tuple[type, ...]) -> str:
    """How to write the value: the common slip (quotes round a number) named exactly."""
    unquoted = value.strip() if isinstance(value, str) else ""
    number = int in kinds and re.fullmatch(r"-?\d+(\.\d+)?", unquoted)
    if number or (bool in kinds and unquoted in ("true", "false")):
        return f"write {key} = {unquoted}, without quotes"
    return f"write it like {example}"
