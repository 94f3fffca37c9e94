"""Logging to stderr, for a person (default) or for a log collector (``json``).

Results go to stdout or files; everything said along the way goes here, so a
cron job can keep stdout for the summary and stderr for its log. Every line
passes the redaction first (``RedactingFilter``), whichever format it takes.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal

from boolky_sync.redaction import RedactingFilter

LogFormat = Literal["human", "json"]


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class _HumanFormatter(logging.Formatter):
    """``error: ...``, ``warning: ...``: one way for every line a person reads on stderr,
    the way the command's own errors start (``error:``); the level in lower case, the
    logger's name left to ``--log-format json``."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        return f"{line}\n{record.exc_text}" if record.exc_text else line


def configure_logging(verbose: int = 0, fmt: LogFormat = "human") -> None:
    """Send the project's log to stderr; ``verbose`` 0 warnings, 1 info, 2+ debug."""
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(_HumanFormatter())
    handler.addFilter(RedactingFilter())
    root = logging.getLogger("boolky_sync")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
