"""``plan`` and ``apply``: decide now, write later — after a person has read the plan."""

from __future__ import annotations

from pathlib import Path

import click

import boolky_sync
from boolky_sync.cli.options import (
    command_pipeline,
    json_option,
    limit_option,
    target_option,
    trust_empty_remote_option,
    workers_option,
)
from boolky_sync.cli.run_view import finish, progress_bars
from boolky_sync.cli.signals import stop_on_signals
from boolky_sync.errors import EXIT_OK, EXIT_PARTIAL, InputError
from boolky_sync.normalize.workers import Workers


@click.command()
@click.argument("pipeline", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The plan file to write (JSON, readable by you only: it holds names and numbers).",
)
@click.option(
    "--allow-mass-delete", is_flag=True, help="Let the plan remove more than max_delete_fraction."
)
@trust_empty_remote_option
@target_option
@workers_option(None)
@json_option
@click.pass_context
def plan(
    ctx: click.Context,
    pipeline: Path,
    output: Path,
    allow_mass_delete: bool,
    trust_empty_remote: bool,
    base_url: str | None,
    workers: Workers | None,
    as_json: bool,
) -> None:
    """Plan PIPELINE against Boolky and save the plan; nothing is written to Boolky.

    The diff report is written as for a dry run. Apply the plan later with
    'boolky-sync apply PLAN'; it is refused if Boolky changed meanwhile.
    """
    outcome = boolky_sync.plan(
        command_pipeline(pipeline, workers),
        base_url=base_url,
        allow_mass_delete=allow_mass_delete,
        trust_empty_remote=trust_empty_remote,
    )
    if outcome.plan is not None:
        outcome.plan.save(output)
        click.echo(f"plan written to {output}", err=True)
    finish(ctx, outcome, as_json=as_json)


@click.command()
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--pipeline",
    "pipeline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The pipeline the plan was made for (default: the one named in the plan).",
)
@click.option(
    "--replan",
    is_flag=True,
    help="If Boolky changed since the plan was made, plan again instead of refusing.",
)
@trust_empty_remote_option
@limit_option
@target_option
@json_option
@click.pass_context
def apply(
    ctx: click.Context,
    plan_file: Path,
    pipeline_file: Path | None,
    replan: bool,
    trust_empty_remote: bool,
    limit: int | None,
    base_url: str | None,
    as_json: bool,
) -> None:
    """Apply a PLAN saved by 'boolky-sync plan', then verify and report.

    A plan is applied once: applying it again is refused (exit 2), saying when
    and by which run it was applied; --replan plans again and applies that.
    """
    from boolky_sync.pipeline.applied_plans import already_applied, record_applied
    from boolky_sync.sync.model import Plan

    saved = Plan.load(plan_file)
    where = pipeline_file or (Path(saved.pipeline) if saved.pipeline else None)
    if where is None:
        raise InputError(f"{plan_file}: names no pipeline; give it with --pipeline")
    loaded = command_pipeline(where)
    applied = None if replan else already_applied(loaded, saved)
    if applied is not None:
        raise InputError(
            f"{plan_file}: {applied}; nothing was done: make a new plan with "
            "'boolky-sync plan', or pass --replan to plan again and apply that"
        )
    options = boolky_sync.RunOptions(
        limit=limit,
        base_url=base_url,
        saved_plan=saved,
        replan=replan,
        trust_empty_remote=trust_empty_remote,
        allow_mass_delete=saved.options.allow_mass_delete,
    )
    with progress_bars() as progress, stop_on_signals() as stop:
        hooks = boolky_sync.Hooks(progress=progress, stop=stop)
        outcome = boolky_sync.run_pipeline(loaded, options, hooks)
    if outcome.exit_code in (EXIT_OK, EXIT_PARTIAL) and not outcome.report.dry_run:
        record_applied(loaded, saved)  # it went to its end: its changes were sent
    finish(ctx, outcome, as_json=as_json)
