"""``undo RUN_ID``: take back what one run wrote, shown as a plan first.

The run is found in the journals as ``runs`` finds it (``--state``, ``--pipeline``,
or ``./.boolky-sync``); an import's undo needs nothing else, a pipeline run's needs
its pipeline file (``--pipeline``). Like ``import``, it asks before writing when a
person is at the terminal and, without one, writes only with ``--yes``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boolky_sync.cli.options import target_option
from boolky_sync.cli.runs_cmd import _journal_options, _journals
from boolky_sync.errors import InputError

if TYPE_CHECKING:
    from boolky_sync.pipeline.config import Pipeline
    from boolky_sync.report.model import RunReport


@click.command()
@click.argument("run_id", metavar="RUN_ID")
@click.option("--dry-run", is_flag=True, help="Show what the undo would write; change nothing.")
@click.option("--yes", is_flag=True, help="Write without asking (needed without a terminal).")
@click.option(
    "--allow-mass-delete",
    is_flag=True,
    help="Let the undo remove or delete more than the safety guard allows (this once).",
)
@_journal_options
@target_option
@click.pass_context
def undo(
    ctx: click.Context,
    run_id: str,
    dry_run: bool,
    yes: bool,
    allow_mass_delete: bool,
    pipeline_file: Path | None,
    state_dir: Path | None,
    base_url: str | None,
    as_json: bool,
) -> None:
    """Undo run RUN_ID: delete the contacts it created, put back the fields and groups it
    changed, re-create what it deleted, delete the groups it created once empty.

    Only what landed is undone, and only where a contact is still as the run left it:
    one changed since is left as it is and named. The undo is a run of its own: undo
    it to redo. An import's run needs nothing more; a pipeline's needs --pipeline FILE.
    """
    if not (dry_run or yes or sys.stdin.isatty()):
        raise InputError(
            "undo writes to Boolky and there is no terminal to ask: "
            "add --yes to undo, or --dry-run to look first"
        )
    from boolky_sync.cli.run_view import finish
    from boolky_sync.cli.signals import stop_on_signals
    from boolky_sync.pipeline.run_history import find_run
    from boolky_sync.pipeline.undo_run import undo as undo_run

    entry = find_run(_journals(pipeline_file, state_dir), run_id)
    pipeline = _pipeline_of(entry["pipeline"], pipeline_file, state_dir)
    with stop_on_signals() as stop:
        outcome = undo_run(
            pipeline,
            entry,
            dry_run=dry_run,
            base_url=base_url,
            allow_mass_delete=allow_mass_delete,
            confirm=None if yes else _ask,
            stop=stop,
        )
    if dry_run and not as_json and outcome.plan is not None:
        show_plan(outcome.report)
    finish(ctx, outcome, as_json=as_json)


def _pipeline_of(name: str, pipeline_file: Path | None, state_dir: Path | None) -> Pipeline:
    if pipeline_file is not None:
        from boolky_sync.pipeline.pipeline_file import load_pipeline

        return load_pipeline(pipeline_file)
    if name != "import":
        raise InputError(f"the run is pipeline {name}'s: give its file with --pipeline to undo it")
    from boolky_sync.pipeline.schema import STATE_FOLDER
    from boolky_sync.pipeline.undo_run import import_of

    return import_of(state_dir if state_dir is not None else Path(STATE_FOLDER))


def show_plan(report: RunReport) -> None:
    """The undo's plan and what it leaves alone, on stderr."""
    from rich.console import Console

    from boolky_sync.cli.import_cmd import preview_plan

    if report.plan is None:
        return
    console = Console(stderr=True)
    for note in report.plan.notes:
        console.print(note, soft_wrap=True, highlight=False, markup=False)
    preview_plan(report.plan)


def _ask(report: RunReport) -> bool:
    show_plan(report)
    return click.confirm(f"Undo these changes on {report.target}?", default=False, err=True)
