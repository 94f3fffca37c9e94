"""An API key is checked once, before it is used: keys as people really store them.

A key read with ``$(cat key)`` from a file written on Windows ends in ``\\r``;
one pasted from a web page may carry a space or a non-breaking one. Sent as
is, the first is refused by Boolky as a wrong key and printed back in the
error, the second makes httpx refuse the header with a traceback. So the
characters around the key that no key holds (spaces, tabs, line ends) are
removed with a warning that says so, and any other control or non-ASCII
character is refused with a message that names it and its position -- never
the key or any part of it. Every key read is registered with the redaction
(as given and as used) before anything can print it.
"""

from __future__ import annotations

import json
import logging
import os

from boolky_sync.api.defaults import API_KEY_ENV
from boolky_sync.errors import InputError
from boolky_sync.redaction import register_secret

log = logging.getLogger(__name__)

_AROUND = " \t\r\n\x0b\x0c"
"""What is removed from either end: ASCII whitespace and line ends."""
_CONTROL_NAMES = {"\n": "LF, a line end", "\r": "CR, a line end", "\t": "a tab", "\0": "NUL"}


def key_from_env(name: str = API_KEY_ENV) -> str | None:
    """The key in the environment variable ``name``, checked; ``None`` when unset or blank."""
    return checked_key(os.environ.get(name), name)


def checked_key(value: str | None, name: str = API_KEY_ENV) -> str | None:
    """``value`` with whitespace around it removed (and a warning), or ``InputError``.

    ``name`` says where the key came from (the variable) in the messages.
    Empty after stripping is no key: ``None``, for the caller to say how to set one.
    """
    if value is None:
        return None
    key = value.strip(_AROUND)
    if not key:
        return None
    register_secret(value)  # and so its stripped form, the key
    leading = len(value) - len(value.lstrip(_AROUND))
    for position, char in enumerate(key, start=leading + 1):
        if ord(char) > 127:
            raise InputError(
                f"{name} holds a non-ASCII character at position {position} "
                "(keys from the Boolky dashboard are ASCII): copy it again"
            )
        if ord(char) < 32 or ord(char) == 127:
            what = _CONTROL_NAMES.get(char, f"U+{ord(char):04X}")
            raise InputError(
                f"{name} holds a control character ({what}) at position {position}: "
                "a key is one line of letters, digits and signs; copy it again"
            )
    if leading:
        log.warning(
            "%s began with %s; it was removed — check how the key is stored",
            name,
            _described(value[:leading]),
        )
    trailing = value[leading + len(key) :]
    if trailing:
        log.warning(
            "%s ended in %s; it was removed — check how the key is stored",
            name,
            _described(trailing),
        )
    return key


def _described(chars: str) -> str:
    """What was around a key, shown with escapes (``a line end (\\r\\n)``), never the key."""
    if set(chars) <= {"\r", "\n"}:
        kind = "a line end"
    elif set(chars) == {" "}:
        return "a space" if len(chars) == 1 else f"{len(chars)} spaces"
    else:
        kind = "whitespace"
    return f"{kind} ({json.dumps(chars)[1:-1]})"
