"""``ledger rebuild``: make a lost ledger whole again, so the mirror works again.

A run whose ledger is lost says so and names this command. It shows what it
would adopt (how many, and why) and asks when a person is at the terminal;
without a terminal it writes only with ``--yes``, as ``import`` does, so a
script never adopts by accident. The library does the work
(``pipeline.ledger_rebuild.rebuild_ledger``); it is imported when the command
runs, not for ``--help``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boolky_sync.cli.options import target_option
from boolky_sync.errors import InputError

if TYPE_CHECKING:
    from boolky_sync.sync.ledger_rebuild import Adoption


@click.group()
def ledger() -> None:
    """Look after a pipeline's ledger: the contacts it wrote to Boolky."""


@ledger.command()
@click.argument("pipeline", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be adopted; write nothing.")
@click.option("--yes", is_flag=True, help="Adopt without asking (needed without a terminal).")
@target_option
def rebuild(pipeline: Path, dry_run: bool, yes: bool, base_url: str | None) -> None:
    """Rebuild PIPELINE's ledger from its source, Boolky and its run journal.

    Adopts the contacts of the managed groups (with none: of the whole
    account) whose phone is in the source, and those the run journal says the
    pipeline wrote, with Boolky's ids, fields and groups. Boolky is only read.
    """
    from boolky_sync.pipeline.ledger_rebuild import rebuild_ledger
    from boolky_sync.pipeline.pipeline_file import load_pipeline

    if not (dry_run or yes or sys.stdin.isatty()):
        raise InputError(
            "ledger rebuild writes the ledger and there is no terminal to ask: "
            "add --yes to adopt, or --dry-run to look first"
        )
    loaded = load_pipeline(pipeline)
    done = rebuild_ledger(loaded, base_url=base_url, dry_run=dry_run, confirm=None if yes else _ask)
    found = done.adoption
    if not found.entries:
        click.echo(f"nothing to adopt: the ledger ({done.ledger}) holds {found.kept} of them")
    elif done.written:
        click.echo(f"adopted {len(found.entries)} contacts into the ledger {done.ledger}")
    elif dry_run:
        click.echo(f"dry run: {_described(found)}; nothing was written")
    else:
        click.echo("nothing was written")


def _described(found: Adoption) -> str:
    return (
        f"{len(found.entries)} contacts to adopt ({found.from_source} in the managed groups "
        f"and the source, {found.from_journal} more the run journal says this pipeline wrote, "
        f"{found.deleted} written before and deleted on Boolky since, kept as deleted); "
        f"{found.kept} already in the ledger"
    )


def _ask(found: Adoption) -> bool:
    click.echo(_described(found), err=True)
    return click.confirm("Write them into the ledger?", default=False, err=True)
