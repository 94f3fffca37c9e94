"""The line layer of vCard: folded lines to content lines, raw values to text.

vCard files from phones and mail programs break the RFCs in well-known ways:
2.1 quoted-printable values continued by a trailing ``=`` instead of a folded
line, ``CHARSET=`` values inside a file written in another encoding, CR CR LF
line ends (iOS), bare 2.1 parameters (``TEL;CELL;PREF:``), quoted 4.0
parameters holding ``:`` or ``,``. This module turns all of them into plain
``ContentLine`` records and text, so the card reader only deals with meaning.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Collection, Iterator
from functools import lru_cache
from typing import NamedTuple

from boolky_sync.extract.text_decoding import LEGACY_ENCODINGS, WESTERN

_LINE_BREAK = re.compile(r"\r*\n|\r")
_QUOTED_PARAM = re.compile(r'(?:[^;"]|"[^"]*")+')
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_BINARY_ENCODINGS = frozenset({"BASE64", "B"})
_NOT_TYPES = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})

Params = tuple[tuple[str, tuple[str, ...]], ...]


class ContentLine(NamedTuple):
    """One unfolded property: ``[group.]NAME[;params]:value``, value still escaped and encoded.

    ``params`` keeps every parameter in file order as (NAME, values); a bare
    2.1 parameter such as ``CELL`` has the name ``""``. ``encoding`` is
    ``QUOTED-PRINTABLE``, ``BASE64``/``B`` or ``""``.
    """

    line: int
    group: str
    name: str
    params: Params
    encoding: str
    value: str

    def param(self, name: str) -> list[str]:
        """Every value given for one parameter, however often it is repeated."""
        return [value for key, values in self.params if key == name for value in values]

    @property
    def is_binary(self) -> bool:
        return self.encoding in _BINARY_ENCODINGS

    @property
    def types(self) -> list[str]:
        """TYPE values and bare 2.1 types, lower-case, in file order; ``PREF=1`` reads as "pref"."""
        return list(_types(self.params))


def content_lines(text: str, names: Collection[str]) -> Iterator[ContentLine]:
    """Unfold the text and parse each logical line whose property is one of ``names``.

    Other properties (pictures, keys, vendor extensions) end here, so the card
    reader never holds a picture's base64 text.
    """
    start = 0
    logical: list[str] = []
    for number, physical in enumerate(_physical_lines(text), start=1):
        if logical and _continues(logical, physical):
            continue
        if logical:
            parsed = parse_line("".join(logical), start, names)
            if parsed is not None:
                yield parsed
        logical = [physical]
        start = number
    if logical:
        parsed = parse_line("".join(logical), start, names)
        if parsed is not None:
            yield parsed


def _physical_lines(text: str) -> list[str]:
    """Lines as a person counts them: LF, CRLF, CR, and iOS's CR CR LF each end one line."""
    unix = text.replace("\r\n", "\n")
    if "\r" in unix:
        return _LINE_BREAK.split(text)
    return unix.split("\n")


def _continues(logical: list[str], physical: str) -> bool:
    """Append ``physical`` to the logical line if it continues it, as a fold or a QP soft break.

    A quoted-printable value ending in ``=`` goes on in the next line whatever
    that line starts with (2.1 writers do not indent it); otherwise a line
    starting with a space or tab is a fold, and that one character goes.
    """
    last = logical[-1]
    if last.endswith("=") and _is_quoted_printable(logical[0]):
        logical[-1] = last[:-1]
        logical.append(physical)
        return True
    if physical[:1] in (" ", "\t"):
        logical.append(physical[1:])
        return True
    return False


def _is_quoted_printable(first_physical: str) -> bool:
    head, colon, _ = first_physical.partition(":")
    return bool(colon) and "QUOTED-PRINTABLE" in head.upper()


def parse_line(text: str, line: int, names: Collection[str]) -> ContentLine | None:
    """Split ``[group.]NAME[;params]:value``; ``None`` for other names, blank or nameless lines."""
    colon = _value_colon(text)
    if colon <= 0:
        return None
    head = _head(text[:colon])
    if head is None or head[1] not in names:
        return None
    return ContentLine(line, *head, text[colon + 1 :])


def _value_colon(text: str) -> int:
    """Index of the ``:`` that starts the value: the first one outside a quoted parameter."""
    colon = text.find(":")
    quote = text.find('"')
    if quote < 0 or colon < quote:
        return colon
    inside = False
    for index in range(quote, len(text)):
        char = text[index]
        if char == '"':
            inside = not inside
        elif char == ":" and not inside:
            return index
    return -1


@lru_cache(maxsize=4096)
def _head(text: str) -> tuple[str, str, Params, str] | None:
    """Group, name, parameters and encoding of ``[group.]NAME[;params]``.

    Cached: a file repeats the same few heads (``TEL;TYPE=CELL``) thousands of times.
    """
    parts = _QUOTED_PARAM.findall(text) if '"' in text else text.split(";")
    group, _, name = parts[0].strip().rpartition(".")
    if not name:
        return None
    params = tuple(_param(part) for part in parts[1:] if part.strip())
    return group.lower(), name.upper(), params, _encoding(params)


def _param(part: str) -> tuple[str, tuple[str, ...]]:
    key, equals, value = part.partition("=")
    if not equals:
        return "", (part.strip().strip('"'),)
    values = tuple(v.strip().strip('"') for v in value.split(","))
    return key.strip().upper(), values


def _encoding(params: Params) -> str:
    """``ENCODING=`` or, in 2.1, a bare ``QUOTED-PRINTABLE`` / ``BASE64`` parameter."""
    for key, values in params:
        if key in ("ENCODING", ""):
            for value in values:
                upper = value.upper()
                if upper == "QUOTED-PRINTABLE" or upper in _BINARY_ENCODINGS:
                    return upper
    return ""


@lru_cache(maxsize=1024)
def _types(params: Params) -> tuple[str, ...]:
    found: list[str] = []
    for key, values in params:
        if key == "PREF":
            words = ["pref"] if values == ("1",) else []
        elif key in ("TYPE", ""):
            words = [v.lower() for v in values if v and v.upper() not in _NOT_TYPES]
        else:
            continue
        found.extend(word for word in words if word not in found)
    return tuple(found)


def value_text(prop: ContentLine, file_encoding: str) -> tuple[str, bool]:
    """The value as text, quoted-printable and ``CHARSET=`` undone, escapes still in place.

    The flag says whether bytes had to be replaced because the declared
    charset did not explain them (a note for the user, not an error).
    """
    charset = _known_charset(prop.param("CHARSET"))
    if prop.encoding == "QUOTED-PRINTABLE":
        source = file_encoding if file_encoding in LEGACY_ENCODINGS else "utf-8"
        raw = binascii.a2b_qp(prop.value.encode(source, errors="replace"))
        text, replaced = _decode_bytes(raw, charset)
        return text.replace("\r\n", "\n"), replaced
    if charset and file_encoding in LEGACY_ENCODINGS and charset != file_encoding:
        # The file fell back to an 8-bit encoding, but this line says what its bytes are.
        return _decode_bytes(prop.value.encode(file_encoding, errors="replace"), charset)
    return prop.value, False


def _known_charset(declared: list[str]) -> str | None:
    """The codec ``CHARSET=`` names; "us-ascii" counts as none: Outlook puts it on 8-bit text."""
    for name in declared:
        try:
            found = codecs.lookup(name).name
        except (LookupError, ValueError):
            continue
        return None if found == "ascii" else found
    return None


def _decode_bytes(raw: bytes, charset: str | None) -> tuple[str, bool]:
    """Decode with the declared charset, else UTF-8, else cp1252 (Outlook declares none).

    The flag says whether bytes were replaced by U+FFFD. A ``CHARSET=`` naming
    a codec that is no text charset (``base64``, ``idna``) counts as none.
    """
    if charset is not None:
        for errors in ("strict", "replace"):
            text = _decoded_or_none(raw, charset, errors)
            if text is not None:
                return text, errors == "replace"
    text = _decoded_or_none(raw, "utf-8", "strict")
    if text is not None:
        return text, False
    text = raw.decode(WESTERN, errors="replace")
    return text, "\ufffd" in text


def _decoded_or_none(raw: bytes, charset: str, errors: str) -> str | None:
    try:
        return raw.decode(charset, errors)
    except (UnicodeError, LookupError):
        return None


def unescape(text: str) -> str:
    r"""Undo backslash escapes: ``\n`` is a line break; ``\,`` ``\;`` ``\:`` ``\\`` the sign."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def split_escaped(text: str, separator: str) -> list[str]:
    """Split at separators that are not escaped with a backslash; the parts keep their escapes."""
    if "\\" not in text:
        return text.split(separator)
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
