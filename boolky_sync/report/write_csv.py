"""changes.csv, rejects.csv and held_back.csv: every change, every refused row and every
contact held back for its consent, for a spreadsheet.

The HTML page stops at a few thousand rows; these files hold them all. They
are written for Excel first, since that is where most people open a CSV:
UTF-8 with a byte order mark (without it Excel reads "Müller" as "MÃ¼ller"),
CRLF line ends, and every text cell passed through ``safe_cells`` so a name
like ``=HYPERLINK(...)`` is shown, never run.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from boolky_sync.report.folder import open_private
from boolky_sync.report.safe_cells import neutralise_frame
from boolky_sync.report.tables import ReportTables

CHANGES_FILE = "changes.csv"
REJECTS_FILE = "rejects.csv"
HELD_BACK_FILE = "held_back.csv"


def write_csv(tables: ReportTables, folder: Path) -> list[Path]:
    """Write changes.csv and rejects.csv into ``folder``, and held_back.csv when a contact
    was held back; returns their paths."""
    written = [
        write_table(tables.changes, folder / CHANGES_FILE),
        write_table(tables.rejects, folder / REJECTS_FILE),
    ]
    if not tables.held_back.empty:
        written.append(write_table(tables.held_back, folder / HELD_BACK_FILE))
    return written


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """``frame`` as an Excel-friendly, formula-safe CSV file readable by its owner only."""
    with open_private(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as out:
        neutralise_frame(frame).to_csv(out, index=False, lineterminator="\r\n")
    return path
