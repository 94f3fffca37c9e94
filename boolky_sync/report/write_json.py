"""summary.json: the run's figures for a machine (a monitor, a CI step, ``jq``).

It is exactly ``RunReport.summary()`` -- the same dict ``--json`` prints -- so
a script can rely on either. Written readable by its owner only: the sources
and notes can name people's files and numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from boolky_sync.report.folder import write_private

SUMMARY_FILE = "summary.json"


def write_summary_json(summary: dict[str, Any], folder: Path) -> Path:
    """Write ``summary`` (``RunReport.summary()``) to ``folder/summary.json``."""
    body = orjson.dumps(summary, default=str, option=orjson.OPT_INDENT_2) + b"\n"
    return write_private(folder / SUMMARY_FILE, body)
