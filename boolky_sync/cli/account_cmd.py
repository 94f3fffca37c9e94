"""``contacts`` and ``groups``: look at what a Boolky account holds."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boolky_sync.api import ALL_GROUP_ID
from boolky_sync.cli.contact_listing import (
    FULL_WIDTH,
    LIST_FORMATS,
    cell,
    picked,
    print_contacts,
    sandbox_account,
    show,
)
from boolky_sync.cli.options import base_url_option, json_option
from boolky_sync.pipeline.schema import SANDBOX_STATE, STATE_FOLDER

if TYPE_CHECKING:
    from boolky_sync.api import Account

DEFAULT_SANDBOX_STATE = Path(STATE_FOLDER) / SANDBOX_STATE

__all__ = ["contacts", "groups", "print_contacts"]


@click.group()
def contacts() -> None:
    """Read the contacts of a Boolky account."""


@click.group()
def groups() -> None:
    """Read the groups of a Boolky account."""


@contacts.command("list")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Show the first N only.")
@click.option(
    "--search",
    metavar="TEXT",
    help="Only contacts whose name, phone or e-mail holds TEXT (case-insensitive).",
)
@click.option("--group", metavar="NAME", help="Only the contacts in the group NAME.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(LIST_FORMATS),
    default="table",
    show_default=True,
    help="table for people (full width when stdout is not a terminal), csv or json.",
)
@click.option(
    "--sandbox",
    "sandbox_state",
    is_flag=False,
    flag_value=str(DEFAULT_SANDBOX_STATE),
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="[STATE_FILE]",
    help="Read the built-in sandbox's account from its state file, no server needed "
    f"(default: {DEFAULT_SANDBOX_STATE}, the one run and import use from this folder).",
)
@base_url_option()
@json_option
@click.pass_context
def list_contacts(
    ctx: click.Context,
    limit: int | None,
    search: str | None,
    group: str | None,
    output_format: str,
    sandbox_state: Path | None,
    base_url: str,
    as_json: bool,
) -> None:
    """List the contacts of the account with their groups: all, or those a filter picks."""
    from click.core import ParameterSource

    if sandbox_state is not None:
        if ctx.get_parameter_source("base_url") != ParameterSource.DEFAULT:
            raise click.UsageError("give --sandbox or --base-url, not both")
        account = sandbox_account(sandbox_state)
    else:
        account = _read_account(base_url)
    chosen = picked(account, search=search, group=group, limit=limit)
    show(account, chosen, "json" if as_json else output_format)


@contacts.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write: .json (a backup the tool can restore), .csv or .xlsx.",
)
@base_url_option()
def export_contacts_cmd(output: Path, base_url: str) -> None:
    """Write every contact of the account to a file: a backup, or a list for people."""
    from boolky_sync.backup import export_contacts

    account = _read_account(base_url)
    written = export_contacts(account, output)
    click.echo(f"{len(account.contacts)} contacts written to {written}", err=True)


@groups.command("list")
@base_url_option()
@json_option
def list_groups(base_url: str, as_json: bool) -> None:
    """List every group of the account and how many contacts each holds."""
    from rich.console import Console
    from rich.table import Table

    account = _read_account(base_url)
    sizes = _group_sizes(account)
    if as_json:
        rows = [asdict(g) | {"contacts": sizes.get(g.id, 0)} for g in account.groups]
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("id", "name", "contacts", "position", title=f"{len(account.groups)} groups")
    for group in account.groups:
        table.add_row(
            str(group.id), cell(group.name), str(sizes.get(group.id, 0)), cell(group.position)
        )
    Console(width=None if sys.stdout.isatty() else FULL_WIDTH).print(table)


def _read_account(base_url: str) -> Account:
    from boolky_sync.api import BoolkyClient

    with BoolkyClient(base_url) as client:
        return client.get_contacts()


def _group_sizes(account: Account) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for contact in account.contacts:
        for group_id in set(contact.group_ids) | {ALL_GROUP_ID}:
            sizes[group_id] = sizes.get(group_id, 0) + 1
    return sizes
