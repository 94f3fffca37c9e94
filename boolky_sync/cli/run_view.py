"""How a run's result looks on a terminal: a short table, the report path, what to do next."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from boolky_sync.errors import InternalError, LockedError

if TYPE_CHECKING:
    from boolky_sync.pipeline.outcome import RunOutcome
    from boolky_sync.report.model import RunReport


def finish(ctx: click.Context, outcome: RunOutcome, *, as_json: bool) -> None:
    """Show how the run ended and exit with its code.

    A run that could not take the lock did nothing and has nothing to show:
    it ends as any error of the command does, one line on stderr. A run stopped
    by a bug raises it after its summary with ``--debug``, for the traceback.
    """
    if isinstance(outcome.error, LockedError):
        raise outcome.error
    _show_result(outcome.report, outcome.report_dir, as_json=as_json)
    if isinstance(outcome.error, InternalError) and ctx.meta.get("boolky_sync.debug"):
        raise outcome.error
    ctx.exit(outcome.exit_code)


def _show_result(report: RunReport, folder: Path | None, *, as_json: bool) -> None:
    """Print the run's summary on stdout: JSON for machines, a table for people."""
    from rich.console import Console
    from rich.table import Table

    summary = report.summary()
    if as_json:
        click.echo(
            json.dumps({**summary, "report": str(folder) if folder else None}, ensure_ascii=False)
        )
        return
    console = Console()
    table = Table(
        title=f"boolky-sync · {report.pipeline}" + (" · dry run" if report.dry_run else ""),
        show_header=False,
    )
    for label, value in _rows(summary):
        table.add_row(label, value)
    console.print(table)

    def say(text: str) -> None:
        # Never wrapped at the console's width: in a cron log a path cut in two cannot be
        # copied, nor found by a script looking for the "Report: " line.
        console.print(text, soft_wrap=True, highlight=False, markup=False)

    if report.plan is not None and report.plan.is_empty:
        say("Nothing to change: Boolky already matches the source.")
    if report.error:
        say(f"Stopped: {report.error}")
    if folder is not None:
        say(f"Report: {folder / 'report.html'}")


def _rows(summary: dict[str, Any]) -> Iterator[tuple[str, str]]:
    rejected = summary["rejected"]
    yield "rows read", str(summary["rows"])
    yield "contacts", f"{summary['contacts']} (merged {summary['merged']})"
    if summary.get("no_consent"):
        yield "held back", f"{summary['no_consent']}: no consent (listed in the report)"
    yield (
        "rejected",
        (
            f"{sum(rejected.values())}: "
            + ", ".join(f"{k} {v}" for k, v in sorted(rejected.items()))
            if rejected
            else "0"
        ),
    )
    plan = summary["plan"]
    if plan:
        yield (
            "planned",
            (
                f"create {plan['create']}, update {plan['update']}, remove {plan['remove']}, "
                f"delete {plan['delete']}, new groups {plan['create_groups']}, "
                f"unchanged {plan['unchanged']}"
            ),
        )
    if not summary["dry_run"]:
        applied = summary["applied"]
        yield (
            "applied",
            f"ok {applied['ok']}, failed {applied['failed']}, skipped {applied['skipped']}",
        )
        yield (
            "calls",
            f"{summary['calls']} ({summary['write_calls']} writes, {summary['retries']} retries)",
        )
        if summary["drift"] is not None:
            yield "drift", str(summary["drift"])
    yield "exit code", str(summary["exit_code"])


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
    """Progress bars on stderr, only when stderr is a terminal (never in cron or a pipe)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bars:

        def start(title: str, total: int) -> Callable[[int], None]:
            task = bars.add_task(title, total=total)
            return lambda done: bars.advance(task, done)

        yield start
