"""Where a run's report goes, even when its report folder cannot take it.

A run's report is how a person finds out what a night's run did, so a report
folder that is full, read-only or not a folder must not cost it: the report is
written to the state folder's fallback place instead (``<state folder>/
reports-fallback/<run folder>/``, with its own ``latest``), its error says so,
and the run's exit code says the report folder failed (74) -- unless something
had already stopped the run, whose error stays the run's error and gets the
report folder's as a note. Where neither place can be written, the run still
returns its summary (the CLI prints it) and the error says both causes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from boolky_sync.errors import BoolkyError, StorageError
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.report.model import RunReport
from boolky_sync.report.write import write_report
from boolky_sync.unexpected import as_boolky_error

log = logging.getLogger(__name__)

FALLBACK = "reports-fallback"
"""The folder in the state folder that takes reports the report folder could not."""


def fallback_folder(pipeline: Pipeline) -> Path:
    """Where the pipeline's reports go when its report folder cannot take them."""
    return pipeline.state_dir / FALLBACK


def write_run_report(
    report: RunReport, pipeline: Pipeline, error: BoolkyError | None
) -> tuple[Path | None, BoolkyError | None]:
    """Write ``report`` for ``pipeline``; returns its run folder (``None`` if none could be
    written) and the run's error -- ``error``, or the report folder's if it was the first."""
    formats = pipeline.report.formats
    try:
        return write_report(report, pipeline.report.folder, formats), error
    except StorageError as failed:
        first = failed
    except Exception as failed:  # a bug in a writer would recur in any folder
        broken = as_boolky_error(failed)
        log.error("the report could not be written: %s", broken)
        return None, _note(report, broken, error)
    fallback = fallback_folder(pipeline)
    before = report.exit_code, report.error
    moved = _storage(f"{first}; the report is in {fallback} instead", first)
    stopped = _note(report, moved, error)  # said in the report written there
    try:
        folder = write_report(report, fallback, formats)
    except Exception as again:
        report.exit_code, report.error = before
        lost = f"{first}; nor could it be written in {fallback}: {as_boolky_error(again)}"
        moved = _storage(lost, first)
        log.error("%s", moved)
        return None, _note(report, moved, error)
    log.error("%s", moved)
    return folder, stopped


def _storage(message: str, cause: StorageError) -> StorageError:
    error = StorageError(message, path=cause.path)
    error.__cause__ = cause
    return error


def _note(report: RunReport, new: BoolkyError, error: BoolkyError | None) -> BoolkyError:
    """The run's error after ``new``: the first cause is kept, a later one is noted."""
    if error is None:
        report.exit_code, report.error = new.exit_code, str(new)
        return new
    report.error = f"{report.error}; also: {new}"
    return error
