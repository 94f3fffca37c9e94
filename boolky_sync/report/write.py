"""Write a run's reconciliation report: one private folder per run, then ``latest``.

This is the one entry point the pipeline calls. It builds the tables once,
hands them to the writer of each chosen format, and moves ``latest`` only
after every file is complete, so ``latest`` never shows a half-written report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, get_args

from boolky_sync.errors import ConfigError
from boolky_sync.report.folder import make_run_folder, point_latest
from boolky_sync.report.model import RunReport
from boolky_sync.report.tables import ReportTables, build_tables
from boolky_sync.report.write_csv import write_csv
from boolky_sync.report.write_html import write_html
from boolky_sync.report.write_json import write_summary_json
from boolky_sync.report.write_xlsx import write_xlsx

ReportFormat = Literal["json", "html", "csv", "xlsx"]
FORMATS: tuple[ReportFormat, ...] = get_args(ReportFormat)
"""Every format a report can be written in; a pipeline file's ``report.formats`` picks."""


def write_report(report: RunReport, folder: Path, formats: Sequence[str] = FORMATS) -> Path:
    """Write ``report`` into a new run folder under ``folder``; returns the run folder.

    ``folder`` is the pipeline's report folder (made if missing); the run's
    folder inside it is ``<YYYYmmdd-HHMMSS>-<pipeline>`` and ``folder/latest``
    shows it afterwards. Raises ``ConfigError`` for a format it does not know,
    before writing anything.
    """
    chosen = check_formats(formats)
    run = make_run_folder(Path(folder), report.pipeline, report.started)
    tables = build_tables(report)
    for name in chosen:
        _write(name, tables, run, csv_written="csv" in chosen)
    point_latest(Path(folder), run)
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


def _write(name: str, tables: ReportTables, run: Path, *, csv_written: bool) -> None:
    if name == "json":
        write_summary_json(tables.summary, run)
    elif name == "html":
        write_html(tables, run, csv_written=csv_written)
    elif name == "csv":
        write_csv(tables, run)
    else:
        write_xlsx(tables, run)
