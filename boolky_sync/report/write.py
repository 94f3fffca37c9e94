"""Write a run's reconciliation report: one private folder per run, then ``latest``.

This is the one entry point the pipeline calls. It builds the tables once,
hands them to the writer of each chosen format, and moves ``latest`` only
after every file is complete, so ``latest`` never shows a half-written report.

A report folder that fills up or is read-only raises ``StorageError`` naming
it; the run folder begun is taken away again, so a half-written report is
never left to be mistaken for a whole one (and its space is given back).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Literal, get_args

from boolky_sync.errors import ConfigError
from boolky_sync.report.folder import make_run_folder, point_latest
from boolky_sync.report.model import RunReport
from boolky_sync.report.tables import ReportTables, build_tables
from boolky_sync.report.write_csv import write_csv
from boolky_sync.report.write_html import write_html
from boolky_sync.report.write_json import write_held_back_json, write_summary_json
from boolky_sync.storage import storage_errors

ReportFormat = Literal["json", "html", "csv", "xlsx"]
FORMATS: tuple[ReportFormat, ...] = get_args(ReportFormat)
"""Every format a report can be written in; a pipeline file's ``report.formats`` picks."""


def write_report(report: RunReport, folder: Path, formats: Sequence[str] = FORMATS) -> Path:
    """Write ``report`` into a new run folder under ``folder``; returns the run folder.

    ``folder`` is the pipeline's report folder (made if missing); the run's
    folder inside it is ``<YYYYmmdd-HHMMSS>-<pipeline>`` and ``folder/latest``
    shows it afterwards. Raises ``ConfigError`` for a format it does not know,
    before writing anything, and ``StorageError`` when the folder cannot take
    the report (nothing of it is left behind then).
    """
    chosen = check_formats(formats)
    tables = build_tables(report)
    root = Path(folder)
    with storage_errors("cannot write the report", root):
        run = make_run_folder(root, report.pipeline, report.started)
        try:
            for name in chosen:
                _write(name, tables, run, csv_written="csv" in chosen)
            point_latest(root, run)
        except BaseException:
            shutil.rmtree(run, ignore_errors=True)
            raise
    return run


def check_formats(formats: Sequence[str]) -> list[str]:
    """The formats asked for, each once, in the order given; an unknown one is an error."""
    if isinstance(formats, str):
        formats = [formats]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ConfigError(
            f"unknown report format {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(formats))


def load_writers(formats: Sequence[str]) -> None:
    """Import the writers of ``formats`` now, not when the report is written: openpyxl takes
    a tenth of a second to import, which a run would rather spend where it waits anyway
    (the pipeline runner does it while Boolky answers verify's read)."""
    if "xlsx" in formats:
        import_module("boolky_sync.report.write_xlsx")


def _write(name: str, tables: ReportTables, run: Path, *, csv_written: bool) -> None:
    if name == "json":
        write_summary_json(tables.summary, run)
        write_held_back_json(tables.held_back, run)
    elif name == "html":
        write_html(tables, run, csv_written=csv_written)
    elif name == "csv":
        write_csv(tables, run)
    else:  # imported here, not at the top: a run starts without openpyxl (``load_writers``)
        from boolky_sync.report.write_xlsx import write_xlsx

        write_xlsx(tables, run)
