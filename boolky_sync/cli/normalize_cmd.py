"""``normalize``: read and normalize a file as a pipeline would, and write the result out.

A person can check or clean a contact file without touching Boolky: which rows
become which contacts, which are refused and why. The CSVs are meant to be
opened in a spreadsheet, so they are written as UTF-8 with a byte-order mark
(Excel reads accented names right only then), and no cell can run as a formula:
a cell that starts with ``=``, ``@``, a tab or a carriage return, or with ``+``
or ``-`` followed by anything but digits, spaces and ``( ) . / -``, gets a
leading ``'``. So phones stay as they are (``+4915112345678``,
``+49 (0)171 96975140``), while ``+1+cmd|...`` or ``=HYPERLINK(...)`` cannot
do anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

import boolky_sync.normalize as stage
from boolky_sync.cli.options import json_option, read_options
from boolky_sync.errors import InputError
from boolky_sync.extract import extract
from boolky_sync.normalize import Normalized, NormalizeOptions
from boolky_sync.normalize.countries import region_for
from boolky_sync.normalize.options import DateOrder, MergeRule, NonMobilePolicy, OtherPhones
from boolky_sync.report.write_csv import write_table

CONTACTS_CSV_COLUMNS = (
    "phone",
    "name",
    "gender",
    "mail",
    "birthday",
    "groups",
    "rows",
    "phone_raw",
    "phone_rule",
    "phone_kind",
    "notes",
)

_DEFAULTS = NormalizeOptions()


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@read_options
@click.option(
    "--region",
    metavar="CC",
    help="Country of national numbers in rows that name none (ISO code like DE, or a name).",
)
@click.option(
    "--non-mobile",
    type=click.Choice(["accept", "warn", "reject"]),
    default=_DEFAULTS.non_mobile,
    show_default=True,
    help="What to do with a number known not to be a mobile (SMS to it fails).",
)
@click.option(
    "--other-phones",
    type=click.Choice(["drop", "split"]),
    default=_DEFAULTS.other_phones,
    show_default=True,
    help="A row's further numbers: drop them (noted) or make each a contact of its own.",
)
@click.option(
    "--merge",
    type=click.Choice(["most_complete", "first", "last"]),
    default=_DEFAULTS.merge_rule,
    show_default=True,
    help="Which of several rows with one phone speaks for the contact.",
)
@click.option(
    "--date-order",
    type=click.Choice(["auto", "DMY", "MDY", "YMD"]),
    default=_DEFAULTS.date_order,
    show_default=True,
    help="How to read birthdays like 03/04/1990 (auto: from the column when unambiguous).",
)
@click.option(
    "--name-fallback",
    metavar="TEXT",
    help="Name for rows without one (default: refuse them as name_missing).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the contacts to this CSV.",
)
@click.option(
    "--rejects",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the refused rows, with reason and original values, to this CSV.",
)
@json_option
def normalize(
    file: Path,
    region: str | None,
    preset: str | None,
    sheet: str | None,
    format_: str | None,
    encoding: str | None,
    non_mobile: str,
    other_phones: str,
    merge: str,
    date_order: str,
    name_fallback: str | None,
    output: Path | None,
    rejects: Path | None,
    as_json: bool,
) -> None:
    """Read FILE, normalize its contacts for Boolky, and say what became of every row."""
    options = NormalizeOptions(
        default_region=_region(region),
        non_mobile=cast(NonMobilePolicy, non_mobile),
        other_phones=cast(OtherPhones, other_phones),
        merge_rule=cast(MergeRule, merge),
        date_order=cast(DateOrder, date_order),
        name_fallback=name_fallback,
    )
    extracted = extract(file, format=format_, sheet=sheet, encoding=encoding, preset=preset)
    result = stage.normalize(extracted.table, extracted.mapping, options)
    if output:
        write_csv(contacts_table(result), output)
    if rejects:
        write_csv(rejects_table(result), rejects)
    if as_json:
        click.echo(json.dumps(result.stats.as_dict(), ensure_ascii=False))
        return
    print_summary(result, written=[p for p in (output, rejects) if p])


def _region(region: str | None) -> str | None:
    """The ISO code for ``--region``, from a code, a country name or a calling code."""
    if region is None:
        return None
    found = region_for(pd.Series([region], dtype=object)).iloc[0]
    if found is None or pd.isna(found):
        raise InputError(f"--region {region!r}: no country we know; give an ISO code like DE")
    return str(found)


def contacts_table(result: Normalized) -> pd.DataFrame:
    """The contacts as text cells: groups and rows ``;``-joined, notes of their rows."""
    contacts = result.contacts
    return pd.DataFrame(
        {
            "phone": contacts["phone"],
            "name": contacts["name"],
            "gender": contacts["gender"].astype("string").fillna(""),
            "mail": contacts["mail"],
            "birthday": contacts["birthday"],
            "groups": contacts["groups"].map(";".join),
            "rows": contacts["rows"].map(lambda rows: ";".join(map(str, rows))),
            "phone_raw": contacts["phone_raw"],
            "phone_rule": contacts["phone_rule"],
            "phone_kind": contacts["phone_kind"],
            "notes": _notes_of_rows(result),
        },
        columns=list(CONTACTS_CSV_COLUMNS),
    )


def _notes_of_rows(result: Normalized) -> pd.Series:
    """Per contact, the notes on its source rows, ``"code: detail"`` joined by ``"; "``."""
    warnings = result.warnings
    contacts = result.contacts
    if warnings.empty or contacts.empty:
        return pd.Series("", index=contacts.index, dtype=object)
    text = warnings["code"].where(
        warnings["detail"].eq(""), warnings["code"] + ": " + warnings["detail"]
    )
    per_row = text.groupby([warnings["file"], warnings["row"]], sort=False).agg("; ".join)
    sources = contacts[["rows", "files"]].explode(["rows", "files"])
    keys = pd.MultiIndex.from_arrays([sources["files"], sources["rows"].astype("int64")])
    found = pd.Series(per_row.reindex(keys).to_numpy(), index=sources.index).dropna()
    joined = found.groupby(level=0).agg("; ".join)
    return joined.reindex(contacts.index, fill_value="").astype(object)


def rejects_table(result: Normalized) -> pd.DataFrame:
    """The rejects without the file column: the command reads one file."""
    return result.rejects.drop(columns=["file"])


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` for a spreadsheet, as the reports are written (no cell runs)."""
    try:
        write_table(table, path)
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror or error})") from None


def print_summary(result: Normalized, written: list[Path]) -> None:
    """What became of the rows, as a short table a person reads at a glance."""
    stats = result.stats
    table = Table("", "count", title=f"{stats.rows} rows read")
    table.add_row("contacts", str(stats.contacts))
    table.add_row("merged into another row's contact", str(stats.merged))
    if stats.split:
        table.add_row("further numbers made contacts", str(stats.split))
    for reason, count in stats.rejected.items():
        table.add_row(f"refused: {reason}", str(count))
    for code, count in stats.warnings.items():
        table.add_row(f"noted: {code}", str(count))
    console = Console()
    console.print(table)
    for path in written:
        console.print(f"written: {path}", highlight=False, markup=False)
