"""On which line of a TOML file each key is written, so an error can point at it.

``tomllib`` reads a document into plain dicts and keeps no positions, yet a
person fixing a pipeline file needs the line. This scanner walks the text the
way TOML lays it out — table headers, arrays of tables, dotted and quoted keys,
inline tables, arrays, the four kinds of string, comments — and records the line
on which each key path first appears. Array elements are paths too
(``("normalize", "static_groups", 1)``), so a bad element is found on its own
line in a multi-line array.

It only ever runs on text ``tomllib`` has accepted, so it skips values instead
of checking them; a stray character costs at most a line number, never an
exception (``key_lines`` returns what it found up to there).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
import tomllib

KeyPath = tuple[str | int, ...]
"""A key's place in the document: table and key names, and indexes into arrays."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}\n#]*")
"""A number, boolean or date: everything up to what may follow a value."""


def key_lines(text: str) -> dict[KeyPath, int]:
    """Every key path of the document (prefixes included) → its 1-based line."""
    scanner = _Scanner(text)
    # On text tomllib refused, or a case this scanner misreads, keep what was found.
    with contextlib.suppress(IndexError, ValueError, tomllib.TOMLDecodeError):
        scanner.scan()
    return scanner.lines


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of ``path``, else of its nearest written parent (where a missing key belongs)."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def dotted(path: KeyPath) -> str:
    """A key path as a person writes it: ``sync.batch_size``, ``group_map."VIP"``, ``path[1]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        name = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
        text += f".{name}" if text else name
    return text


class _Scanner:
    """One pass over the text; ``lines`` fills as keys are met."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[KeyPath, int] = {}
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self._array_tables: dict[KeyPath, int] = {}
        """Path of each array of tables → how many of its tables have been seen."""

    def scan(self) -> None:
        table: KeyPath = ()
        while True:
            self._skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return
            if self.text.startswith("[[", self.pos):
                table = self._header(array=True)
            elif self._char() == "[":
                table = self._header(array=False)
            else:
                self._pair(table)

    def _line(self) -> int:
        return bisect.bisect_right(self._line_starts, self.pos)

    def _char(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _record(self, path: KeyPath, line: int) -> None:
        self.lines.setdefault(path, line)

    def _header(self, *, array: bool) -> KeyPath:
        """``[a.b]`` or ``[[a.b]]``: the path of the table the following pairs go in."""
        line = self._line()
        self.pos += 2 if array else 1
        names = self._key()
        self.pos += 2 if array else 1
        path: KeyPath = ()
        for number, name in enumerate(names, start=1):
            path += (name,)
            self._record(path, line)
            if array and number == len(names):
                index = self._array_tables.get(path, 0)
                self._array_tables[path] = index + 1
                path += (index,)
            elif path in self._array_tables:
                path += (self._array_tables[path] - 1,)
            self._record(path, line)
        return path

    def _pair(self, table: KeyPath) -> None:
        """``key = value``, the key perhaps dotted."""
        line = self._line()
        names = self._key()
        for end in range(1, len(names) + 1):
            self._record(table + names[:end], line)
        self._skip_blank(newlines=False)
        self.pos += 1  # "="
        self._skip_blank(newlines=False)
        self._value(table + names)

    def _key(self) -> tuple[str, ...]:
        names: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            names.append(self._simple_key())
            self._skip_blank(newlines=False)
            if self._char() != ".":
                return tuple(names)
            self.pos += 1

    def _simple_key(self) -> str:
        if self._char() in ("'", '"'):
            start = self.pos
            self._skip_string()
            decoded = tomllib.loads(f"k = {self.text[start : self.pos]}")["k"]
            return str(decoded)
        match = _BARE_KEY.match(self.text, self.pos)
        if match is None:
            raise ValueError(f"no key at offset {self.pos}")
        self.pos = match.end()
        return match.group()

    def _value(self, path: KeyPath) -> None:
        char = self._char()
        if char == "{":
            self._inline_table(path)
        elif char == "[":
            self._array(path)
        elif char in ("'", '"'):
            self._skip_string()
        else:
            match = _SCALAR.match(self.text, self.pos)
            self.pos = match.end() if match else self.pos + 1

    def _inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        while True:
            self._skip_blank(newlines=True)
            if self._char() in ("}", ""):
                self.pos += 1
                return
            if self._char() == ",":
                self.pos += 1
                continue
            self._pair(path)

    def _array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self._skip_blank(newlines=True)
            if self._char() in ("]", ""):
                self.pos += 1
                return
            if self._char() == ",":
                self.pos += 1
                continue
            self._record((*path, index), self._line())
            self._value((*path, index))
            index += 1

    def _skip_string(self) -> None:
        """Past one string of any of TOML's four kinds."""
        text, start = self.text, self.pos
        quote = text[start]
        triple = text.startswith(quote * 3, start)
        i = start + (3 if triple else 1)
        while i < len(text):
            if text[i] == "\\" and quote == '"':
                i += 2
                continue
            if triple and text.startswith(quote * 3, i):
                end = i + 3
                while end < len(text) and text[end] == quote and end - i < 5:
                    end += 1  # up to two quotes may end the content itself
                self.pos = end
                return
            if not triple and text[i] == quote:
                self.pos = i + 1
                return
            i += 1
        self.pos = len(text)

    def _skip_blank(self, *, newlines: bool) -> None:
        """Past spaces, tabs and comments, and line ends too when ``newlines``."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            elif char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return
