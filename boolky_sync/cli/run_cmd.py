"""``run``: a whole pipeline, as cron or a person starts it."""

from __future__ import annotations

from pathlib import Path

import click

import boolky_sync
from boolky_sync.cli.options import (
    command_pipeline,
    json_option,
    limit_option,
    no_cache_option,
    target_option,
    trust_empty_remote_option,
    workers_option,
)
from boolky_sync.cli.run_view import finish, progress_bars
from boolky_sync.cli.signals import stop_on_signals
from boolky_sync.normalize.workers import Workers


@click.command()
@click.argument("pipeline", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Plan and write the diff report; change nothing.")
@click.option(
    "--allow-mass-delete",
    is_flag=True,
    help="Let a mirror remove more than max_delete_fraction, or run from an empty source.",
)
@trust_empty_remote_option
@limit_option
@target_option
@no_cache_option
@workers_option(None)
@json_option
@click.pass_context
def run(
    ctx: click.Context,
    pipeline: Path,
    dry_run: bool,
    allow_mass_delete: bool,
    trust_empty_remote: bool,
    limit: int | None,
    base_url: str | None,
    no_cache: bool,
    workers: Workers | None,
    as_json: bool,
) -> None:
    """Run PIPELINE: read the source, normalize, plan, apply, verify and report.

    The summary goes to stdout (--json for machines), the log to stderr, the
    full report to the pipeline's report folder. The exit code says how it
    ended (see README, "Exit codes"). Ctrl-C or SIGTERM stops it after the
    batches in flight, with its report (exit 130 or 143); a second Ctrl-C at once.
    """
    loaded = command_pipeline(pipeline, workers, no_cache=no_cache)
    with progress_bars() as progress, stop_on_signals() as stop:
        outcome = boolky_sync.run(
            loaded,
            dry_run=dry_run,
            limit=limit,
            base_url=base_url,
            allow_mass_delete=allow_mass_delete,
            trust_empty_remote=trust_empty_remote,
            hooks=boolky_sync.Hooks(progress=progress, stop=stop),
        )
    finish(ctx, outcome, as_json=as_json)
