"""``runs`` and ``runs show``: the past runs of a pipeline, read from its journal.

A thin layer over ``pipeline.run_history``: which journals to read (a
pipeline file's, every one in a state folder, or by default those in
``./.boolky-sync``, where ``import`` and the shipped pipelines keep theirs),
then a table for a person -- local time with UTC beside -- or JSON in UTC.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from boolky_sync.errors import InputError

if TYPE_CHECKING:
    from boolky_sync.pipeline.run_history import Journals

UNKNOWN = "-"
"""What the table shows for a field the journal does not hold (an older journal's run)."""


def _journal_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        (
            click.option(
                "--pipeline",
                "pipeline_file",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Read this pipeline file's journal.",
            ),
            click.option(
                "--state",
                "state_dir",
                type=click.Path(file_okay=False, path_type=Path),
                help="Read every journal in this state folder [default: .boolky-sync].",
            ),
            click.option("--json", "as_json", is_flag=True, help="Print JSON (times in UTC)."),
        )
    ):
        command = option(command)
    return command


@click.group(invoke_without_command=True)
@_journal_options
@click.option(
    "--limit", type=click.IntRange(min=1), metavar="N", help="Show only the N newest runs."
)
@click.pass_context
def runs(
    ctx: click.Context,
    pipeline_file: Path | None,
    state_dir: Path | None,
    as_json: bool,
    limit: int | None,
) -> None:
    """List past runs, newest first: id, pipeline, start, mode, counts, exit code, report.

    Dry runs are listed too (their counts are the planned changes); "runs show ID"
    prints one run's summary.
    """
    if ctx.invoked_subcommand is not None:
        return
    from boolky_sync.pipeline.run_history import past_runs

    entries = past_runs(_journals(pipeline_file, state_dir), limit)
    if as_json:
        listed = [{k: v for k, v in entry.items() if k != "summary"} for entry in entries]
        click.echo(json.dumps(listed, ensure_ascii=False))
        return
    if not entries:
        click.echo("no runs yet")
        return
    _table(entries)


@runs.command()
@click.argument("run_id", metavar="ID")
@_journal_options
def show(run_id: str, pipeline_file: Path | None, state_dir: Path | None, as_json: bool) -> None:
    """Print the summary of run ID (NAME:ID where several journals have an ID).

    The summary is the report's summary.json while the report is there, else the
    copy the journal keeps.
    """
    from boolky_sync.pipeline.run_history import find_run, run_summary

    entry = find_run(_journals(pipeline_file, state_dir), run_id)
    summary, source = run_summary(entry)
    if as_json:
        shown = {k: v for k, v in entry.items() if k != "summary"}
        click.echo(json.dumps({**shown, "summary": summary}, ensure_ascii=False))
        return
    click.echo(f"run {entry['id']} of {entry['pipeline']}")
    for label, value in (
        ("started", _when(entry["started"])),
        ("finished", _when(entry["finished"])),
        ("mode", entry["mode"] or UNKNOWN),
        ("dry run", _dry(entry)),
        ("rows read", _known(summary.get("rows"))),
        ("contacts", _known(summary.get("contacts"))),
        ("changes", _counts(entry["counts"])),
        ("exit code", _known(entry["exit_code"])),
        ("error", _known(entry["error"])),
        ("report", _known(entry["report"])),
    ):
        click.echo(f"  {label:<10} {value}")
    for note in summary.get("notes") or []:
        click.echo(f"  note       {note}")
    click.echo(f"(summary from {source})")


def _journals(pipeline_file: Path | None, state_dir: Path | None) -> Journals:
    from boolky_sync.pipeline.run_history import in_state_folder, of_pipeline

    if pipeline_file is not None and state_dir is not None:
        raise click.UsageError("give --pipeline or --state, not both")
    if pipeline_file is not None:
        from boolky_sync.pipeline.pipeline_file import load_pipeline

        loaded = load_pipeline(pipeline_file)
        return of_pipeline(loaded.journal_path, loaded.name)
    from boolky_sync.pipeline.schema import STATE_FOLDER

    folder = state_dir if state_dir is not None else Path(STATE_FOLDER)
    if state_dir is not None and not folder.exists():
        raise InputError(f"no state folder {folder}: give the folder a pipeline keeps state in")
    return in_state_folder(folder)


def _table(entries: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "pipeline", "started", "mode", "dry run", "changes", "exit", "report")
    for entry in entries:
        table.add_row(
            str(entry["id"]),
            entry["pipeline"],
            _when(entry["started"]),
            entry["mode"] or UNKNOWN,
            _dry(entry),
            _counts(entry["counts"]) + (" (planned)" if entry["dry_run"] else ""),
            _known(entry["exit_code"]),
            _known(entry["report"]),
        )
    # Full width off a terminal: a cron log or a pipe gets whole paths, never wrapped.
    Console(width=None if sys.stdout.isatty() else 1000).print(table)


def _dry(entry: dict[str, Any]) -> str:
    """Whether the run wrote: a person's "no" at the prompt is said as such."""
    if entry.get("confirmed") is False:
        return "declined"
    return "yes" if entry["dry_run"] else "no"


def _when(stamp: str | None) -> str:
    """A UTC time from the journal in local time, with UTC beside."""
    if stamp is None:
        return UNKNOWN
    moment = datetime.fromisoformat(stamp)
    return f"{moment.astimezone():%Y-%m-%d %H:%M:%S} ({moment:%H:%M} UTC)"


def _counts(counts: dict[str, int | None]) -> str:
    if all(value is None for value in counts.values()):
        return UNKNOWN
    shown = [f"{name} {value}" for name, value in counts.items() if value]
    return ", ".join(shown) or "nothing"


def _known(value: object) -> str:
    return UNKNOWN if value is None else str(value)
