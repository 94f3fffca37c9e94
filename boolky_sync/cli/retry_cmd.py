"""``retry``: send again, against Boolky as it is now, the writes one run left undone."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boolky_sync.cli.options import json_option, target_option
from boolky_sync.errors import InputError

if TYPE_CHECKING:
    from boolky_sync.pipeline.config import Pipeline
    from boolky_sync.report.model import RunReport


@click.command()
@click.argument("run_id", metavar="RUN_ID")
@click.option("--dry-run", is_flag=True, help="Show the plan of the retry; change nothing.")
@click.option("--yes", is_flag=True, help="Write without asking (needed without a terminal).")
@click.option(
    "--pipeline",
    "pipeline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The pipeline file whose run RUN_ID is.",
)
@click.option(
    "--state",
    "state_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The state folder of an import's run [default: .boolky-sync].",
)
@target_option
@json_option
@click.pass_context
def retry(
    ctx: click.Context,
    run_id: str,
    dry_run: bool,
    yes: bool,
    pipeline_file: Path | None,
    state_dir: Path | None,
    base_url: str | None,
    as_json: bool,
) -> None:
    """Retry the writes of run RUN_ID that failed or were never sent.

    Only those contacts are planned again, against Boolky as it is now, from what
    the run's journal says each was to become: the source is not read. The retry
    is a run of its own, with its report; a mirror's retry removes nothing but
    what the run failed to remove. A run with nothing left undone says so (exit 0).
    """
    from boolky_sync.cli.run_view import finish, progress_bars
    from boolky_sync.cli.signals import stop_on_signals
    from boolky_sync.pipeline.retry import failed_writes
    from boolky_sync.pipeline.runner import Hooks, RunOptions, run_pipeline

    pipeline, number = _pipeline_of(run_id, pipeline_file, state_dir)
    left = failed_writes(pipeline, number)
    if left.count == 0:
        message = f"run {number} had no failed writes"
        click.echo(json.dumps({"run_id": number, "failed_writes": 0}) if as_json else message)
        return
    if not (dry_run or yes or sys.stdin.isatty()):
        raise InputError(
            "retry writes to Boolky and there is no terminal to ask: "
            "add --yes to retry, or --dry-run to look first"
        )
    with progress_bars() as progress, stop_on_signals() as stop:
        hooks = Hooks(progress=progress, confirm=None if yes else _ask, stop=stop)
        options = RunOptions(dry_run=dry_run, base_url=base_url)
        outcome = run_pipeline(pipeline, options, hooks, retry=left)
    finish(ctx, outcome, as_json=as_json)


def _pipeline_of(
    run_id: str, pipeline_file: Path | None, state_dir: Path | None
) -> tuple[Pipeline, int]:
    """The pipeline the run belongs to, and its number: the file's, or an import's."""
    if pipeline_file is not None and state_dir is not None:
        raise click.UsageError("give --pipeline or --state, not both")
    if pipeline_file is not None:
        from boolky_sync.pipeline.pipeline_file import load_pipeline

        if not run_id.isdigit():
            raise InputError(
                f"{run_id!r} is not a run id: give the number `boolky-sync runs` shows"
            )
        return load_pipeline(pipeline_file), int(run_id)
    from boolky_sync.pipeline.retry import import_in
    from boolky_sync.pipeline.run_history import find_run, in_state_folder
    from boolky_sync.pipeline.schema import STATE_FOLDER

    folder = state_dir if state_dir is not None else Path(STATE_FOLDER)
    if not folder.is_dir():
        raise InputError(f"no state folder {folder}: give the folder a pipeline keeps state in")
    entry = find_run(in_state_folder(folder), run_id)
    return import_in(folder, entry["id"], entry["pipeline"]), int(entry["id"])


def _ask(report: RunReport) -> bool:
    """The first changes, then the question; Enter means no."""
    from boolky_sync.cli.import_cmd import preview_plan

    if report.plan is not None:
        preview_plan(report.plan)
    return click.confirm(f"Write these changes to {report.target}?", default=False, err=True)
