"""changes.csv, rejects.csv (each list of ``tables.LISTINGS`` with a file): every row, for a
spreadsheet; a list shown only when it holds rows (held_back.csv, suppressed.csv) has a
file only then.

The HTML page stops at a few thousand rows; these files hold them all. They
are written for Excel first, since that is where most people open a CSV:
UTF-8 with a byte order mark (without it Excel reads "Müller" as "MÃ¼ller"),
CRLF line ends, and every text cell passed through ``safe_cells`` so a name
like ``=HYPERLINK(...)`` is shown, never run.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd

from boolky_sync.report.folder import open_private
from boolky_sync.report.safe_cells import neutralise_frame
from boolky_sync.report.tables import LISTINGS, ReportTables

CHANGES_FILE = "changes.csv"
CHUNK = 50_000
"""Rows made into text at once: bounds the memory of a million-row file."""


def write_csv(tables: ReportTables, folder: Path) -> list[Path]:
    """Write changes.csv and the lists' files (rejects.csv) into ``folder``; returns their paths."""
    written = [write_table(tables.changes, folder / CHANGES_FILE)]
    for listing in LISTINGS:
        rows = tables.listing(listing)
        if listing.csv_file is not None and (listing.when_empty or len(rows)):
            written.append(write_table(rows, folder / listing.csv_file))
    return written


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """``frame`` as an Excel-friendly, formula-safe CSV file readable by its owner only.

    Each chunk of rows is made as one text and encoded at once: written through
    a text stream, every row would be encoded on its own.
    """
    safe = neutralise_frame(frame)
    with open_private(path) as out:
        out.write(codecs.BOM_UTF8)
        for start in range(0, max(len(safe), 1), CHUNK):
            rows = safe.iloc[start : start + CHUNK]
            text = rows.to_csv(index=False, header=start == 0, lineterminator="\r\n")
            out.write(text.encode("utf-8"))
    return path
