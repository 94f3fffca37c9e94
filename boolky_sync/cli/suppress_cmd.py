"""``suppress``: the numbers never written to Boolky -- add, import, list, remove, export.

The list is one Boolky account's (``boolky_sync.suppression``), so every command
names the account as ``import`` does: ``--base-url`` for a real Boolky, else
the built-in sandbox of the state folder (``--state``, default ``.boolky-sync``).
Numbers are read by normalize's phone reader with one region rule, so a number
typed here is the number a source row becomes. Nothing here talks to Boolky
or reads the API key; the library is imported when a command runs, not for
``--help``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from boolky_sync.cli.options import map_option, read_options, region_option
from boolky_sync.errors import EXIT_OK, EXIT_PARTIAL, InputError

if TYPE_CHECKING:
    from boolky_sync.suppression import Listed, SuppressionList
    from boolky_sync.suppression_input import ReadNumbers

F = TypeVar("F", bound=Callable[..., Any])

COMMAND_REASON = "added by hand (suppress add)"


def account_options(f: F) -> F:
    """``--base-url`` and ``--state``: whose suppression list, as ``import`` names its Boolky."""
    from boolky_sync.cli.options import check_base_url

    f = click.option(
        "--state",
        "state",
        type=click.Path(file_okay=False, path_type=Path),
        default=".boolky-sync",
        show_default=True,
        help="The state folder (a pipeline's state_dir): the list lives there, beside the "
        "ledgers, and the built-in sandbox's account too.",
    )(f)
    return click.option(
        "--base-url",
        metavar="URL",
        callback=check_base_url,
        help="The list of the Boolky at URL (as run and import get it); default: the "
        "built-in sandbox of the state folder. The key is never needed nor read.",
    )(f)


@click.group()
def suppress() -> None:
    """The suppression list: numbers no pipeline or import ever writes to Boolky.

    One list per Boolky account, in the state folder. Every run holds its
    numbers back; a mirror takes them out of its managed groups.
    """


@suppress.command()
@click.argument("phones", nargs=-1, required=True, metavar="PHONE...")
@click.option("--reason", default=COMMAND_REASON, show_default=True, help="Why (kept with it).")
@region_option
@account_options
def add(
    phones: tuple[str, ...], reason: str, region: str | None, state: Path, base_url: str | None
) -> None:
    """Put PHONE... on the suppression list (a number that cannot be read: nothing is added)."""
    from boolky_sync.suppression import Entry
    from boolky_sync.suppression_input import read_typed

    found = _all_read(read_typed(phones, region), phones)
    with _opened(state, base_url) as suppression:
        done = suppression.add_many(Entry(phone, reason, "command") for phone in found)
        click.echo(
            f"added {len(done.added)} numbers to the suppression list of {suppression.target}"
            f" ({len(done.already)} already on it)"
        )


@suppress.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@read_options
@map_option
@region_option
@click.option("--reason", metavar="TEXT", help="Why (default: the file's name).")
@account_options
@click.pass_context
def import_list(
    ctx: click.Context,
    file: Path,
    sheet: str | None,
    format_: str | None,
    preset: str | None,
    encoding: str | None,
    mapping: dict[str, list[str]],
    region: str | None,
    reason: str | None,
    state: Path,
    base_url: str | None,
) -> None:
    """Put every number of FILE (an opt-out export, a STOP list) on the suppression list.

    FILE is read as import reads it (CSV, Excel, vCard, JSON); its phone column is
    the one guessed or given with --map phone=COLUMN. A row whose number cannot be
    read is refused and named; the others are added (exit 1 when rows were refused).
    """
    from boolky_sync.extract import extract
    from boolky_sync.suppression import Entry
    from boolky_sync.suppression_input import read_rows

    found = extract(
        file,
        format=format_,
        sheet=sheet,
        encoding=encoding,
        preset=preset,
        mapping=mapping or None,
        remembered_in=state,
    )
    if not found.mapping.phones:
        raise InputError(f"{file}: no phone column found; name it with --map phone=COLUMN")
    read = read_rows(found, region)
    why = reason or f"opt-out list {file.name}"
    entries = [
        Entry(phone, why, "file", file=str(file.absolute()), row=row)
        for phone, row in zip(read.phones, read.rows, strict=True)
        if phone is not None
    ]
    with _opened(state, base_url) as suppression:
        done = suppression.add_many(entries)
        refused = [i for i, phone in enumerate(read.phones) if phone is None]
        click.echo(
            f"{file}: {len(read.phones)} rows: {len(done.added)} added, {len(done.already)} "
            f"already there, {len(refused)} refused (suppression list of {suppression.target})"
        )
    for i in refused:
        written = f" {read.raw[i]!r}" if read.raw[i] else ""
        click.echo(f"  row {read.rows[i]}: refused{written}: {read.refused[i]}")
    ctx.exit(EXIT_PARTIAL if refused else EXIT_OK)


@suppress.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, with the removed entries.")
@account_options
def list_entries(as_json: bool, state: Path, base_url: str | None) -> None:
    """Show the numbers on the suppression list, why and since when."""
    with _opened(state, base_url) as suppression:
        entries, history = suppression.entries(), suppression.entries(history=True)
        target = suppression.target
    if as_json:
        body = {
            "target": target,
            "entries": [e.as_dict() for e in entries],
            "history": [e.as_dict() for e in history],
        }
        click.echo(json.dumps(body, ensure_ascii=False))
        return
    if not entries:
        click.echo(f"the suppression list of {target} is empty")
        return
    click.echo(f"{len(entries)} entries on the suppression list of {target}:")
    for entry in entries:
        click.echo(f"{entry.phone}  {entry.added}  {entry.reason}  ({_origin(entry)})")


@suppress.command()
@click.argument("phone")
@click.option("--reason", required=True, metavar="TEXT", help="Why it may be texted again.")
@click.option("--yes", is_flag=True, help="Confirm: the number may be written to Boolky again.")
@region_option
@account_options
def remove(
    phone: str, reason: str, yes: bool, region: str | None, state: Path, base_url: str | None
) -> None:
    """Take PHONE off the suppression list (a person subscribed again); kept as history."""
    from boolky_sync.suppression_input import read_typed

    (number,) = _all_read(read_typed((phone,), region), (phone,))
    if not yes:
        raise InputError(
            f"suppress remove lets {number} be written to Boolky again: add --yes to confirm"
        )
    with _opened(state, base_url) as suppression:
        if not suppression.remove(number, reason):
            raise InputError(f"{number} is not on the suppression list of {suppression.target}")
        click.echo(f"took {number} off the suppression list of {suppression.target}: {reason}")


@suppress.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@account_options
def export(file: Path, state: Path, base_url: str | None) -> None:
    """Write the suppression list to FILE as CSV (readable by its owner only)."""
    import pandas as pd

    from boolky_sync.report.write_csv import write_table
    from boolky_sync.storage import storage_errors

    with _opened(state, base_url) as suppression:
        entries = suppression.entries()
    rows = [e.as_dict() for e in entries]
    columns = ["phone", "reason", "source", "file", "row", "pipeline", "added"]
    frame = pd.DataFrame(rows, columns=[*columns, "removed", "removed_reason"])[columns]
    frame["row"] = frame["row"].astype("Int64")  # a whole number, or empty
    try:
        with storage_errors("cannot write the export", file):
            file.parent.mkdir(parents=True, exist_ok=True)
            write_table(frame, file)
    except OSError as exc:  # a folder where the file should be, a path through a file
        raise InputError(f"cannot write {file}: {exc.strerror}") from None
    click.echo(f"wrote {len(entries)} entries to {file}")


def _origin(entry: Listed) -> str:
    where = f"{entry.file} row {entry.row}" if entry.file else ""
    by = f"pipeline {entry.pipeline}" if entry.pipeline else ""
    return ", ".join(p for p in (entry.source, where, by) if p)


def _all_read(read: ReadNumbers, typed: tuple[str, ...]) -> list[str]:
    """The numbers as E.164, or an error line per unreadable one and ``InputError``."""
    bad = [(text, why) for text, why in zip(typed, read.refused, strict=True) if why]
    for text, why in bad:
        click.echo(f"error: cannot read {text!r} as a phone number ({why})", err=True)
    if bad:
        raise InputError(f"nothing was changed: numbers that cannot be read: {len(bad)}")
    return [p for p in read.phones if p is not None]


def _opened(state: Path, base_url: str | None) -> SuppressionList:
    """The list of the Boolky ``base_url`` names, or of the state folder's sandbox."""
    from dataclasses import replace

    from boolky_sync.pipeline.adhoc import import_pipeline
    from boolky_sync.pipeline.config import Target
    from boolky_sync.pipeline.schema import SANDBOX_STATE
    from boolky_sync.pipeline.targets import target_identity
    from boolky_sync.suppression import SuppressionList

    folder = state.absolute()
    # An import's pipeline in this state folder: the same account a run or import sees.
    account = replace(
        import_pipeline(folder),
        state_dir=folder,
        target=Target(kind="sandbox", state=folder / SANDBOX_STATE),
    )
    return SuppressionList(folder, target_identity(account, base_url))
