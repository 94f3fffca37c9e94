"""``import``: a spreadsheet someone dropped on you, into Boolky, without a pipeline file.

It shows the column mapping it guessed and, when a person is at the terminal,
everything they need to decide before it asks -- the rows read, the contacts,
the refused rows and why, the planned changes and where they would go -- then
asks, ``no`` being the default. Without a terminal it writes only with
``--yes``, so a script never imports by accident. The pipeline it
runs is ``pipeline.adhoc.import_pipeline``'s; the library and its data stack
are imported when the command runs, not for ``--help``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boolky_sync.cli.options import (
    check_base_url,
    json_option,
    limit_option,
    map_option,
    normalize_options,
    read_options,
    region_option,
    trust_empty_remote_option,
    update_strategy_option,
)
from boolky_sync.cli.run_view import finish, notes, print_table, progress_bars, source_rows
from boolky_sync.cli.signals import stop_on_signals
from boolky_sync.errors import InputError

if TYPE_CHECKING:
    from boolky_sync.extract import Extracted
    from boolky_sync.normalize.options import NormalizeOptions
    from boolky_sync.report.model import RunReport
    from boolky_sync.sync.model import Plan
    from boolky_sync.sync.options import RemoteDeletions, UpdateStrategy

PREVIEW_ROWS = 10


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@read_options
@map_option
@click.option(
    "--group",
    "groups",
    multiple=True,
    metavar="NAME",
    help="Put every imported contact in this group (repeatable).",
)
@region_option
@normalize_options
@update_strategy_option
@click.option(
    "--restore-deleted",
    is_flag=True,
    help="Add back the contacts of FILE that an earlier import wrote and someone deleted "
    "on Boolky (else they stay deleted, and the summary says how many were left out).",
)
@limit_option
@click.option("--dry-run", is_flag=True, help="Show the mapping and the plan; change nothing.")
@click.option("--yes", is_flag=True, help="Write without asking (needed without a terminal).")
@trust_empty_remote_option
@click.option(
    "--base-url",
    metavar="URL",
    callback=check_base_url,
    help="Import into the Boolky at URL (key from BOOLKY_API_KEY); default: the "
    "built-in sandbox, state in .boolky-sync/.",
)
@click.option(
    "--report-folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the report is written (default: reports, in the current folder).",
)
@json_option
@click.pass_context
def import_file(
    ctx: click.Context,
    file: Path,
    sheet: str | None,
    format_: str | None,
    preset: str | None,
    encoding: str | None,
    mapping: dict[str, list[str]],
    groups: tuple[str, ...],
    region: str | None,
    normalize: NormalizeOptions,
    update_strategy: UpdateStrategy,
    restore_deleted: bool,
    limit: int | None,
    dry_run: bool,
    yes: bool,
    trust_empty_remote: bool,
    base_url: str | None,
    report_folder: Path | None,
    as_json: bool,
) -> None:
    """Import FILE (CSV, Excel, vCard, JSON) into Boolky: create and update, never delete."""
    from boolky_sync.extract.read import check_file
    from boolky_sync.pipeline.runner import Hooks, RunOptions, run_pipeline

    check_file(file)  # a mistyped name is one line, before any state or report is made
    if not (dry_run or yes or sys.stdin.isatty()):
        raise InputError(
            "import writes to Boolky and there is no terminal to ask: "
            "add --yes to import, or --dry-run to look first"
        )
    from boolky_sync.cli.inspect_cmd import print_report
    from boolky_sync.pipeline.adhoc import import_pipeline
    from boolky_sync.sync.options import SyncOptions

    deletions: RemoteDeletions = "restore" if restore_deleted else "respect"
    pipeline = import_pipeline(
        file,
        format=format_,
        preset=preset,
        sheet=sheet,
        encoding=encoding,
        mapping=mapping,
        groups=groups,
        region=region,
        report_folder=report_folder,
        normalize=normalize,
        sync=SyncOptions(update_strategy=update_strategy, remote_deletions=deletions),
    )
    seen: list[Extracted] = []
    confirmed: list[bool] = []

    def extracted(found: Extracted) -> None:
        seen.append(found)
        if not as_json:
            print_report(found)

    def ask(report: RunReport) -> bool:
        confirmed.append(_ask(report))
        return confirmed[-1]

    with progress_bars() as progress, stop_on_signals() as stop:
        hooks = Hooks(
            progress=progress, extracted=extracted, confirm=None if yes else ask, stop=stop
        )
        options = RunOptions(
            dry_run=dry_run,
            limit=limit,
            base_url=base_url,
            trust_empty_remote=trust_empty_remote,
        )
        outcome = run_pipeline(pipeline, options, hooks)
    # Kept when the person said yes, or gave --map and was not asked (--yes, nothing to write).
    if seen and not dry_run and (confirmed[-1] if confirmed else bool(mapping)):
        _remember(pipeline.state_dir, seen[0])
    finish(ctx, outcome, as_json=as_json, restore_hint=RESTORE_HINT)


RESTORE_HINT = "use --restore-deleted"


def _remember(state_dir: Path, found: Extracted) -> None:
    """Keep the mapping a person confirmed or gave, for the next file with this header."""
    from boolky_sync.extract.remembered_mappings import remember

    remember(state_dir, found.table.columns, found.mapping)


def _ask(report: RunReport) -> bool:
    """Everything a person decides on, on stderr, then the question; Enter means no."""
    from rich.console import Console

    summary = report.summary()
    console = Console(stderr=True)
    print_table(console, "boolky-sync · import · before writing", source_rows(summary))
    for line in notes(summary, RESTORE_HINT, before_writing=True):
        console.print(line, soft_wrap=True, highlight=False, markup=False)
    if report.plan is not None:  # always: the run asks only about a plan
        preview_plan(report.plan)
    return click.confirm(f"Write these changes to {report.target}?", default=False, err=True)


def preview_plan(plan: Plan) -> None:
    """The first changes of a plan, so a person sees what the counts mean."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("change", "phone", "name", "detail", title="first planned changes")
    rows = [
        *(("create", c.record.phone, c.record.name, ", ".join(c.groups)) for c in plan.creates),
        *(
            (
                "update",
                u.record.phone,
                u.record.name,
                "; ".join(f"{k}: {b} → {a}" for k, (b, a) in u.changes.items())
                + (f" +groups {', '.join(u.add_groups)}" if u.add_groups else ""),
            )
            for u in plan.updates
        ),
        *(("remove", r.phone, r.name, f"from {r.group}") for r in plan.removals),
        *(("delete", d.phone, d.name, d.reason) for d in plan.deletes),
        *(("delete group", "", g, "if empty") for g in plan.delete_groups),
    ]
    for row in rows[:PREVIEW_ROWS]:
        table.add_row(*(Text(str(v)) for v in row))  # contact data: never markup
    console = Console(stderr=True)
    console.print(table)
    if len(rows) > PREVIEW_ROWS:
        console.print(f"... and {len(rows) - PREVIEW_ROWS} more")
