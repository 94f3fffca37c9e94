"""The one redaction: every text bound for a log, a report or the journal passes here.

A key leaks in the form the text it lands in gives it: as typed in a log
line, JSON-escaped in ``summary.json`` or a journal column (a carriage return
becomes backslash and r), URL-encoded in an address someone pasted it into.
So the key checker (``boolky_sync.api.api_key``) registers every key it reads, and
``redact`` replaces each of its forms -- as given and stripped -- with ``***``.
The registry is process-wide because the places that write (a log handler, a
report writer, the journal) never see the client that holds the key; it keeps
the last ``KEPT`` keys only, so a scheduler that runs a pipeline's built-in
sandbox (a fresh key each run) for months does not grow it.

``RedactingFilter`` puts ``redact`` on a logging handler: the message, its
arguments and any traceback are redacted before a formatter sees them.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "***"
KEPT = 32
"""How many keys are remembered; the oldest is forgotten first."""
SHORTEST = 8
"""Shorter keys are not hidden: no Boolky key is that short, and hiding a sandbox's
``demo`` would turn the pipeline called demo into ``***`` everywhere."""

_lock = threading.Lock()
_keys: dict[str, None] = {}
"""The registered keys, oldest first (a dict keeps order and holds each once)."""
_forms: tuple[str, ...] = ()
"""Every form of every key, longest first; replaced whole, never changed in place,
so a thread reading it while another registers a key sees one consistent tuple."""


def register_secret(secret: str) -> None:
    """Remember ``secret`` so that ``redact`` hides it, in all its forms, from now on."""
    global _forms
    if len(secret.strip()) < SHORTEST:
        return
    with _lock:
        _keys.pop(secret, None)
        _keys[secret] = None
        while len(_keys) > KEPT:
            del _keys[next(iter(_keys))]
        forms = {form for key in _keys for form in escaped_forms(key)}
        _forms = tuple(sorted(forms, key=len, reverse=True))


def forget_secrets() -> None:
    """Forget every registered key (for tests: one test's key is not another's secret)."""
    global _forms
    with _lock:
        _keys.clear()
        _forms = ()


def escaped_forms(secret: str) -> set[str]:
    """``secret`` -- as given and stripped of the whitespace around it -- as text may carry
    it: as is, JSON-escaped, Python-escaped, URL-encoded."""
    forms: set[str] = set()
    for variant in {secret, secret.strip()} - {""}:
        forms |= {
            variant,
            json.dumps(variant)[1:-1],
            json.dumps(variant, ensure_ascii=False)[1:-1],
            repr(variant)[1:-1],
            quote(variant, safe=""),
            quote(variant),
            quote_plus(variant),
        }
    return forms


def redact(text: str) -> str:
    """``text`` with every form of every registered key replaced by ``***``."""
    for form in _forms:
        if form in text:
            text = text.replace(form, MASK)
    return text


def redact_data(value: Any) -> Any:
    """``value`` (JSON-like: dicts, lists, strings, numbers) with every string redacted."""
    if not _forms:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_data(k): redact_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_data(item) for item in value]
    return value


class RedactingFilter(logging.Filter):
    """A handler's filter that redacts each record before any formatter formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _forms:
            return True
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
