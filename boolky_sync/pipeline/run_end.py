"""What the end of every run that wrote a report does: note it in the journal, and alert.

``boolky-sync runs`` lists runs from the journal, so the journal must hold each
run that wrote a report -- one the source stopped before Boolky was asked
anything as well as one that finished -- with where the report went. And a
change in the pipeline's health is told where ``[alerts]`` says
(``pipeline/alerts.py``). Both come after the report is written, so both know
its folder; neither may change how the run ended: a journal or an alert that
fails is a warning, in the log and in the report's notes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from boolky_sync.errors import EXIT_STORAGE
from boolky_sync.pipeline.alerts import notify
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.report.model import RunReport
from boolky_sync.report.write_json import SUMMARY_FILE, write_summary_json
from boolky_sync.sync.journal import Journal
from boolky_sync.unexpected import as_boolky_error

log = logging.getLogger(__name__)


def after_run(pipeline: Pipeline, report: RunReport, folder: Path | None) -> None:
    """Alert if the pipeline's health changed, then journal the run's end (never raises)."""
    warnings = notify(pipeline, report, folder)
    summary = report.summary()
    if warnings:
        summary["notes"] = [*summary["notes"], *warnings]
        if folder is not None and (folder / SUMMARY_FILE).is_file():
            _rewrite_summary(summary, folder)
    if report.run_id is None and (folder is None or report.exit_code == EXIT_STORAGE):
        return  # it did nothing a person could look up, or its state folder took nothing
    try:
        with Journal(pipeline.journal_path) as journal:
            _journal(journal, pipeline, report, folder, summary)
    except Exception as failed:  # the run is over: its journal must not change how it ended
        log.warning("the run could not be noted in the journal: %s", as_boolky_error(failed))


def _journal(
    journal: Journal,
    pipeline: Pipeline,
    report: RunReport,
    folder: Path | None,
    summary: dict[str, Any],
) -> None:
    where = None if folder is None else str(folder)
    # A run a person declined at the prompt wrote nothing, as a dry run does.
    dry_run = report.dry_run or report.confirmed is False
    if report.run_id is not None:
        journal.end_run(report.run_id, dry_run=dry_run, report=where, summary=summary)
        return
    report.run_id = journal.record_run(
        pipeline.name,
        started=report.started.isoformat(timespec="milliseconds"),
        dry_run=dry_run,
        options=pipeline.sync.to_dict(),
        exit_code=report.exit_code,
        summary=summary,
        report=where,
    )


def _rewrite_summary(summary: dict[str, Any], folder: Path) -> None:
    try:
        write_summary_json(summary, folder)
    except Exception as failed:
        log.warning("the alert warning could not be added to the report: %s", failed)
