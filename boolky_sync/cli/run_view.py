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
    from rich.console import Console

    from boolky_sync.pipeline.outcome import RunOutcome
    from boolky_sync.report.model import RunReport


RESTORE_HINT = 'remote_deletions = "restore" adds them back'
"""What a pipeline run says to do about contacts deleted on Boolky (``import`` has a flag)."""

HELD_BACK = (
    ("respected_deletions", "deleted on Boolky"),
    ("suppressed", "suppressed"),
    ("no_consent", "without consent"),
)
"""Summary keys counting contacts the source wants that the plan leaves out on purpose, and
the words for each; a key the summary does not hold is skipped."""

ACT_ON = (
    ("not_mobile", "number is not a mobile", "numbers are not mobiles", "an SMS may not arrive"),
    ("email_invalid", "e-mail address was dropped", "e-mail addresses were dropped", "not valid"),
    ("birthday_invalid", "birthday could not be read", "birthdays could not be read", "left empty"),
    (
        "birthday_ambiguous_order",
        "birthday was read day first",
        "birthdays were read day first",
        "the order was ambiguous",
    ),
)
"""Warning codes a person must act on: code, what one is, what several are, the consequence."""


def finish(
    ctx: click.Context, outcome: RunOutcome, *, as_json: bool, restore_hint: str = RESTORE_HINT
) -> None:
    """Show how the run ended and exit with its code.

    A run that could not take the lock did nothing and has nothing to show:
    it ends as any error of the command does, one line on stderr. A run stopped
    by a bug raises it after its summary with ``--debug``, for the traceback.
    ``restore_hint`` says how to add back contacts deleted on Boolky.
    """
    if isinstance(outcome.error, LockedError):
        raise outcome.error
    _show_result(outcome.report, outcome.report_dir, as_json=as_json, restore_hint=restore_hint)
    if isinstance(outcome.error, InternalError) and ctx.meta.get("boolky_sync.debug"):
        raise outcome.error
    ctx.exit(outcome.exit_code)


def _show_result(
    report: RunReport, folder: Path | None, *, as_json: bool, restore_hint: str
) -> None:
    """Print the run's summary on stdout: JSON for machines, a table for people."""
    from rich.console import Console

    summary = report.summary()
    if as_json:
        click.echo(
            json.dumps({**summary, "report": str(folder) if folder else None}, ensure_ascii=False)
        )
        return
    console = Console()
    mode = " · dry run" if report.dry_run else ""
    if summary.get("confirmed") is False:
        mode = " · not confirmed"
    print_table(console, f"boolky-sync · {report.pipeline}{mode}", summary_rows(summary))

    def say(text: str) -> None:
        # Never wrapped at the console's width: in a cron log a path cut in two cannot be
        # copied, nor found by a script looking for the "Report: " line.
        console.print(text, soft_wrap=True, highlight=False, markup=False)

    if summary.get("confirmed") is False:
        say("Nothing was written.")
    for line in notes(summary, restore_hint):
        say(line)
    if report.error:
        say(f"Stopped: {report.error}")
    if folder is not None:
        say(f"Report: {folder / 'report.html'}")


def print_table(console: Console, title: str, rows: Iterator[tuple[str, str]]) -> None:
    """A two-column table of labels and figures, as the summary and the import preview show."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_header=False)
    for label, value in rows:
        table.add_row(label, Text(value))  # reasons may quote the source: never markup
    console.print(table)


def summary_rows(summary: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The figures of a run; what was applied only when the run wrote."""
    from boolky_sync.report.times import local_and_utc

    yield "started", local_and_utc(summary["started"])
    yield from source_rows(summary)
    if not summary["dry_run"] and summary.get("confirmed") is not False:
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


def source_rows(summary: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """What the source held and what the plan would change: the figures before any write."""
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
                f"delete {plan['delete']}, "
                + (f"move {plan['move']}, " if plan.get("move") else "")
                + f"new groups {plan['create_groups']}, unchanged {plan['unchanged']}"
            ),
        )


def notes(summary: dict[str, Any], restore_hint: str, *, before_writing: bool = False) -> list[str]:
    """The lines under the table a person must read: rows without a country, contacts left
    out on purpose, warnings to act on, the drift explained, a limited run (``before_writing``:
    what it will send)."""
    lines = []
    no_region = summary["rejected"].get("phone_no_region", 0)
    if no_region:
        lines.append(f"No country for {_rows_text(no_region)}: pass --region (e.g. --region DE).")
    lines.extend(_held_back(summary, restore_hint))
    for code, one, several, consequence in ACT_ON:
        count = summary["warnings"].get(code, 0)
        if count:
            lines.append(f"Warning: {count} {one if count == 1 else several}: {consequence}.")
    if summary["drift"]:
        lines.extend(f"Drift: {text}." for text in summary["drift_explanations"])
    limited = summary.get("limited")
    if limited and before_writing:
        lines.append(
            f"Limited to {limited['to']} of {limited['of']} planned changes (--limit): "
            "only those are sent."
        )
    elif limited and not summary["dry_run"] and summary.get("confirmed") is not False:
        rest = limited["of"] - limited["to"]
        lines.append(
            f"Run limited to {limited['to']} of {limited['of']} planned changes (--limit); "
            f"the next run without --limit sends the other {rest}."
        )
    return lines


def _held_back(summary: dict[str, Any], restore_hint: str) -> list[str]:
    """ "1 contact left out: deleted on Boolky (...)" -- or, with an empty plan and nothing
    held back, that Boolky already matches the source."""
    counts = [(words, _count(summary.get(key))) for key, words in HELD_BACK]
    counts = [(words, n) for words, n in counts if n]
    hints = {"deleted on Boolky": f" ({restore_hint})"}
    if not counts:
        plan = summary["plan"]
        empty = plan and not any(v for k, v in plan.items() if k != "unchanged")
        if not empty:
            return []
        if summary.get("contacts") == 0 and summary["rejected"]:  # nothing to match: all refused
            return ["Nothing to write: every row was refused (the reasons are above)."]
        return ["Nothing to change: Boolky already matches the source."]
    total = sum(n for _, n in counts)
    if len(counts) == 1:
        ((words, _),) = counts
        said = f"{words}{hints.get(words, '')}"
    else:
        said = ", ".join(f"{n} {words}{hints.get(words, '')}" for words, n in counts)
    return [f"{total} contact{'' if total == 1 else 's'} left out: {said}."]


def _count(value: object) -> int:
    """A held-back figure as the summary holds it: a count, or counts by reason."""
    if isinstance(value, dict):
        return sum(value.values())
    return value if isinstance(value, int) else 0


def _rows_text(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
    """Progress bars on stderr, one per long stage of the run (``pipeline.progress.STAGES``),
    only when stderr is a terminal (never in cron or a pipe).

    The display runs only while a stage does: while it runs it takes stderr over (its
    redraws erase the line, a text without newline is read as markup), and what is shown
    between stages -- ``import``'s mapping, its preview and its ``[y/N]`` -- must reach
    the terminal as written. So a bar leaves when its stage is done, and the display
    stops with the last one."""
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

    def start(title: str, total: int) -> Callable[[int], None]:
        if not bars.live.is_started:
            bars.start()
        task = bars.add_task(title, total=total)
        bars.refresh()  # drawn at once: a stage shorter than the refresh interval is still seen

        def advance(done: int) -> None:
            bars.advance(task, done)
            if all(t.finished for t in bars.tasks):
                bars.refresh()  # the full bar is seen before it leaves
                for finished in bars.task_ids:
                    bars.remove_task(finished)
                bars.stop()

        return advance

    try:
        yield start
    finally:
        if bars.live.is_started:
            bars.stop()
