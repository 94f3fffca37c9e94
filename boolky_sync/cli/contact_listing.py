"""Which contacts ``contacts list`` shows, and how: a table, CSV or JSON.

A real account holds thousands of contacts, so the list can be narrowed --
``--search`` (in name, phone and e-mail, case-insensitive), ``--group``,
``--limit`` -- on whole columns at once. The table is sized for a terminal,
and drawn at its full width, nothing cut or wrapped, when stdout is a file
or a pipe. The built-in sandbox's account (the quick start's) is read from
its state file directly: nothing needs to be served to look at it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boolky_sync.errors import InputError

if TYPE_CHECKING:
    from rich.text import Text

    from boolky_sync.api import Account, Contact

LIST_FORMATS = ("table", "csv", "json")
FULL_WIDTH = 100_000
"""The console width of a table written to a file or a pipe: as wide as its content."""


def sandbox_account(state: Path) -> Account:
    """The account the built-in sandbox keeps in ``state``, read without serving it."""
    from boolky_sync.api.records import parse_account
    from boolky_sync.sandbox.store import Store

    if not state.is_file():
        raise InputError(
            f"{state}: no sandbox state here; the built-in sandbox makes it on its first run "
            "(boolky-sync run pipelines/demo.toml, or boolky-sync import FILE)",
            path=str(state),
        )
    with Store(state) as store:
        return parse_account(store.get_contacts())


def picked(
    account: Account, *, search: str | None, group: str | None, limit: int | None
) -> list[Contact]:
    """The contacts matching ``search`` and in ``group``, the first ``limit`` of them.

    A group that the account does not have is an error naming the groups it has:
    an empty list would look like an empty group.
    """
    from boolky_sync.backup import contacts_frame

    frame = contacts_frame(account)
    keep = frame["id"].notna()
    if search:
        haystack = frame["name"] + "\n" + frame["phone"] + "\n" + frame["mail"]
        keep &= haystack.str.contains(search, case=False, regex=False)
    if group is not None:
        wanted = {g.id for g in account.groups if g.name.casefold() == group.casefold()}
        if not wanted:
            names = ", ".join(sorted(g.name for g in account.groups)) or "none"
            raise InputError(f"no group named {group!r} in the account (its groups: {names})")
        members = frame["id"].map(_members(account, wanted)).astype(bool)
        keep &= members
    chosen = [c for c, kept in zip(account.contacts, keep.tolist(), strict=True) if kept]
    return chosen if limit is None else chosen[:limit]


def _members(account: Account, groups: set[int]) -> dict[int, bool]:
    return {c.id: not groups.isdisjoint(c.group_ids) for c in account.contacts}


def show(account: Account, contacts: list[Contact], output_format: str) -> None:
    """Print ``contacts`` in ``output_format`` on stdout."""
    if output_format == "json":
        click.echo(json.dumps([asdict(c) for c in contacts], ensure_ascii=False))
    elif output_format == "csv":
        _csv(account, contacts)
    else:
        print_contacts(account, contacts)


def _csv(account: Account, contacts: list[Contact]) -> None:
    """The columns of ``contacts export -o x.csv``, formula-safe, on stdout."""
    from boolky_sync.api import Account
    from boolky_sync.backup import contacts_frame
    from boolky_sync.report.safe_cells import neutralise_frame

    frame = contacts_frame(Account(contacts=contacts, groups=account.groups))
    click.echo(neutralise_frame(frame).to_csv(index=False, lineterminator="\n"), nl=False)


def print_contacts(account: Account, contacts: list[Contact] | None = None) -> None:
    """Print contacts as a table, naming their groups rather than numbering them."""
    from rich.console import Console
    from rich.table import Table

    from boolky_sync.api import ALL_GROUP_ID

    shown = account.contacts if contacts is None else contacts
    names = {g.id: g.name for g in account.groups}
    of = "" if len(shown) == len(account.contacts) else f" of {len(account.contacts)}"
    table = Table(
        "id",
        "name",
        "phone",
        "groups",
        "gender",
        "mail",
        "birthday",
        title=f"{len(shown)}{of} contacts",
    )
    for c in shown:
        groups_text = ", ".join(names.get(g, str(g)) for g in c.group_ids if g != ALL_GROUP_ID)
        phone = c.phone + (" (not valid)" if c.not_valid else "")
        table.add_row(
            str(c.id),
            cell(c.name),
            cell(phone),
            cell(groups_text),
            cell(c.gender),
            cell(c.mail),
            cell(c.birthday),
        )
    Console(width=None if sys.stdout.isatty() else FULL_WIDTH).print(table)


def cell(value: object) -> Text:
    """A cell as plain text: what Boolky holds is shown, never read as rich markup."""
    from rich.text import Text

    return Text("" if value is None else str(value))
