"""``contacts`` and ``groups``: look at what a Boolky account holds."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boolky_sync.api import ALL_GROUP_ID
from boolky_sync.cli.options import base_url_option, json_option

if TYPE_CHECKING:
    from rich.text import Text

    from boolky_sync.api import Account


@click.group()
def contacts() -> None:
    """Read the contacts of a Boolky account."""


@click.group()
def groups() -> None:
    """Read the groups of a Boolky account."""


@contacts.command("list")
@base_url_option()
@json_option
def list_contacts(base_url: str, as_json: bool) -> None:
    """List every contact of the account, with its groups."""
    account = _read_account(base_url)
    if as_json:
        click.echo(json.dumps([asdict(c) for c in account.contacts], ensure_ascii=False))
        return
    print_contacts(account)


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
            str(group.id), _text(group.name), str(sizes.get(group.id, 0)), _text(group.position)
        )
    Console().print(table)


def _read_account(base_url: str) -> Account:
    from boolky_sync.api import BoolkyClient

    with BoolkyClient(base_url) as client:
        return client.get_contacts()


def print_contacts(account: Account) -> None:
    """Print contacts as a table, naming their groups rather than numbering them."""
    from rich.console import Console
    from rich.table import Table

    names = {g.id: g.name for g in account.groups}
    table = Table(
        "id",
        "name",
        "phone",
        "groups",
        "gender",
        "mail",
        "birthday",
        title=f"{len(account.contacts)} contacts",
    )
    for c in account.contacts:
        groups_text = ", ".join(names.get(g, str(g)) for g in c.group_ids if g != ALL_GROUP_ID)
        phone = c.phone + (" (not valid)" if c.not_valid else "")
        table.add_row(
            str(c.id),
            _text(c.name),
            _text(phone),
            _text(groups_text),
            _text(c.gender),
            _text(c.mail),
            _text(c.birthday),
        )
    Console().print(table)


def _group_sizes(account: Account) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for contact in account.contacts:
        for group_id in set(contact.group_ids) | {ALL_GROUP_ID}:
            sizes[group_id] = sizes.get(group_id, 0) + 1
    return sizes


def _text(value: object) -> Text:
    """A cell as plain text: what Boolky holds is shown, never read as rich markup."""
    from rich.text import Text

    return Text("" if value is None else str(value))
