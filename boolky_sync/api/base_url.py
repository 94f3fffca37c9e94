"""A base URL names where Boolky is, and nothing else: no credential rides in it.

People paste a key where it does not belong -- ``https://KEY@host``,
``https://host/?api_key=KEY`` -- and a URL is shown everywhere: in the
report, the journal, log lines. Boolky's base URL has no user, no query and
no fragment, so any of them is refused before the URL is used or shown, and
the message says what is wrong without repeating the part that may be
secret. One rule for every way a URL comes in: the pipeline file's
``[target] base_url``, ``--base-url``, ``BOOLKY_BASE_URL``, ``run(base_url=)``
and ``BoolkyClient``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from boolky_sync.api.defaults import API_KEY_ENV, DEFAULT_BASE_URL
from boolky_sync.errors import InputError

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://(.*)", re.DOTALL)
_SHAPE = "https://host[:port][/path]"


def base_url_problem(url: str, key_env: str = API_KEY_ENV) -> tuple[str, str] | None:
    """What is wrong with ``url`` and how to fix it, or ``None`` when it can be used.

    Neither part repeats the URL beyond its scheme and host, and only once
    nothing that can hold a key is left in it.
    """
    if any(ord(c) <= 32 or ord(c) == 127 for c in url):
        return "holds a space or a control character", f"give only {_SHAPE}"
    matched = _SCHEME.fullmatch(url)
    rest = matched.group(2) if matched else url
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return (
            "carries a user name or password",
            f"give only {_SHAPE} and the key in {key_env}",
        )
    if "?" in rest or "#" in rest:
        part = "a query (?...)" if "?" in rest else "a fragment (#...)"
        return (
            f"carries {part}, and Boolky's base URL has none",
            f"give only {_SHAPE}; a key goes in {key_env}",
        )
    if matched is None:
        more = "/..." if authority != rest else ""
        return (
            "has no scheme, so it is not an http(s) address",
            f"write https://{authority}{more}",
        )
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return "is not an http(s) address", f"write it like {DEFAULT_BASE_URL}"
    if not parts.hostname:
        return "has no host", f"write it like {DEFAULT_BASE_URL}"
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when it is read
    except ValueError:
        return "has a port that is not a number from 0 to 65535", f"give only {_SHAPE}"
    return None


def checked_base_url(url: str, name: str = "the base URL", key_env: str = API_KEY_ENV) -> str:
    """``url`` if it can be used, else ``InputError`` (exit 2) naming ``name``."""
    problem = base_url_problem(url, key_env)
    if problem is not None:
        what, fix = problem
        raise InputError(f"{name} {what}; {fix}")
    return url
