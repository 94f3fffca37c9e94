"""summary.json: the run's figures for a machine (a monitor, a CI step, ``jq``).

It is exactly ``RunReport.summary()`` -- the same dict ``--json`` prints -- so
a script can rely on either. Written readable by its owner only: the sources
and notes can name people's files and numbers. Beside it, when a contact was
held back for its consent, held_back.json lists them (``Normalized.held_back``,
one object per contact), so a script sees who was not sent and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pandas as pd

from boolky_sync.report.folder import write_private

SUMMARY_FILE = "summary.json"
HELD_BACK_JSON = "held_back.json"


def write_summary_json(summary: dict[str, Any], folder: Path) -> Path:
    """Write ``summary`` (``RunReport.summary()``) to ``folder/summary.json``."""
    body = orjson.dumps(summary, default=str, option=orjson.OPT_INDENT_2) + b"\n"
    return write_private(folder / SUMMARY_FILE, body)


def write_held_back_json(held_back: pd.DataFrame, folder: Path) -> Path | None:
    """``folder/held_back.json`` when there is anything in ``held_back``; its path or None."""
    if held_back.empty:
        return None
    records = held_back.astype(object).where(held_back.notna(), None).to_dict("records")
    body = orjson.dumps(records, default=str, option=orjson.OPT_INDENT_2) + b"\n"
    return write_private(folder / HELD_BACK_JSON, body)
