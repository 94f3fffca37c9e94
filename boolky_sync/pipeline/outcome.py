"""How a run ended, as a value a caller can keep, show or raise.

A run does not raise what stopped it: the error goes into the report (and the
exit code) so a report can say why, and the caller decides. A scheduler that
wants an exception asks for one with ``raise_for_status``, as httpx's
``Response.raise_for_status`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boolky_sync.errors import EXIT_OK, EXIT_PARTIAL, BoolkyError, StoppedError
from boolky_sync.report.model import RunReport
from boolky_sync.sync.apply import ApplyResult
from boolky_sync.sync.journal import Journal, Outcome
from boolky_sync.sync.model import Plan
from boolky_sync.unexpected import as_boolky_error


@dataclass
class RunOutcome:
    """One run's report, the folder it was written to, and the error that stopped the run."""

    report: RunReport
    report_dir: Path | None
    """The run's report folder; ``None`` when the run wrote none (it could not take the lock)."""
    error: BoolkyError | None = None
    """The error that stopped the run, if one did; ``raise_for_status`` raises it."""

    @property
    def exit_code(self) -> int:
        """The CLI's exit code for this run (README, "Exit codes"): 0 when it succeeded."""
        return self.report.exit_code

    @property
    def summary(self) -> dict[str, Any]:
        """The run's figures, the same dict ``summary.json`` holds."""
        return self.report.summary()

    @property
    def plan(self) -> Plan | None:
        """The plan the run made (or applied); ``None`` when it stopped before planning."""
        return self.report.plan

    def raise_for_status(self) -> RunOutcome:
        """Raise the ``BoolkyError`` that says why the run did not succeed; else return self.

        A run stopped by an error raises that error (``LockedError``,
        ``SafetyError``, ``AuthError`` ...). A run that went to its end with
        failed changes or drift raises a ``BoolkyError`` (exit code 1) saying how many.
        """
        if self.exit_code == EXIT_OK:
            return self
        if self.error is not None:
            raise self.error
        summary = self.summary
        where = f"; report: {self.report_dir}" if self.report_dir else ""
        raise BoolkyError(
            f"pipeline {self.report.pipeline!r}: {summary['applied']['failed']} changes failed, "
            f"drift {summary['drift'] or 0}{where}"
        )


def exit_code_of(report: RunReport) -> int:
    """The exit code of a run that went to its end: 1 if a change failed or drift remained."""
    if report.applied is None:
        return EXIT_OK
    if report.applied.failed or (report.drift is not None and report.drift.total):
        return EXIT_PARTIAL
    return EXIT_OK


def stopped_by(error: BaseException) -> tuple[int, str]:
    """The exit code and the one line a run stopped by ``error`` reports."""
    if isinstance(error, Exception):
        stopped = as_boolky_error(error)
        return stopped.exit_code, str(stopped)
    # Not a message of ours: its text is not shown, it could hold anything.
    return EXIT_PARTIAL, f"stopped by an unexpected {type(error).__name__}"


def applied_until_stopped(plan: Plan, outcomes: list[Outcome]) -> ApplyResult:
    """What an apply stopped midway had done, from the outcomes the journal holds.

    The changes it never reached count as skipped, so planned = done + failed +
    skipped still holds and the report does not show the plan as if nothing, or
    everything, had been sent.
    """
    applied = ApplyResult(outcomes=outcomes)
    applied.skipped = max(0, plan.changes - applied.ok - applied.failed)
    return applied


def close_run(journal: Journal, run_id: int, report: RunReport) -> None:
    """The journal's record of a run as it ended, however it ended: its calls' figures,
    its exit code (from its result, unless an error already set it) and its summary."""
    report.call_stats = journal.call_stats(run_id)
    if report.error is None:
        report.exit_code = exit_code_of(report)
    journal.finish_run(run_id, exit_code=report.exit_code, summary=report.summary())


def restate_stop(error: StoppedError, report: RunReport, limit: int | None) -> StoppedError:
    """The stop's error saying how far the run got, as the report and the terminal show it:
    "stopped by SIGTERM after 10,200 of 50,000 writes; run it again to finish"."""
    name = error.signal_name
    if report.applied is None or report.plan is None:
        done = f"stopped by {name} before writing anything"
    else:
        planned = report.plan.changes if limit is None else min(report.plan.changes, limit)
        done = f"stopped by {name} after {report.applied.ok:,} of {max(0, planned):,} writes"
    return type(error)(f"{done}; run it again to finish")
