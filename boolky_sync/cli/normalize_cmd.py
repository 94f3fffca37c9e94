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
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boolky_sync.cli.options import (
    cache_dir_option,
    json_option,
    map_option,
    normalize_options,
    read_as_told,
    read_options,
    region_option,
)
from boolky_sync.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from boolky_sync.normalize import Normalized
    from boolky_sync.normalize.options import NormalizeOptions


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@read_options
@map_option
@region_option
@normalize_options
@cache_dir_option
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
    mapping: dict[str, list[str]],
    normalize: NormalizeOptions,
    cache_dir: Path | None,
    output: Path | None,
    rejects: Path | None,
    as_json: bool,
) -> None:
    """Read FILE, normalize its contacts for Boolky, and say what became of every row."""
    from boolky_sync.normalize import normalize as normalize_contacts
    from boolky_sync.normalize.cache import CACHE_FILE
    from boolky_sync.normalize.output import contacts_table, rejects_table

    options = replace(normalize, default_region=region)
    extracted = read_as_told(
        file, mapping, sheet=sheet, format_=format_, preset=preset, encoding=encoding
    )
    cache = cache_dir / CACHE_FILE if cache_dir is not None and options.cache else None
    result = normalize_contacts(extracted.table, extracted.mapping, options, cache)
    if output:
        write_csv(contacts_table(result), output)
    if rejects:
        write_csv(rejects_table(result), rejects)
    if as_json:
        click.echo(json.dumps(result.stats.as_dict(), ensure_ascii=False))
        return
    print_summary(result, written=[p for p in (output, rejects) if p])


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` for a spreadsheet, as the reports are written (no cell runs)."""
    from boolky_sync.report.write_csv import write_table

    try:
        write_table(table, path)
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror or error})") from None


def print_summary(result: Normalized, written: list[Path]) -> None:
    """What became of the rows, as a short table a person reads at a glance."""
    from rich.console import Console
    from rich.table import Table

    stats = result.stats
    table = Table("", "count", title=f"{stats.rows} rows read")
    table.add_row("contacts", str(stats.contacts))
    table.add_row("merged into another row's contact", str(stats.merged))
    if stats.split:
        table.add_row("further numbers made contacts", str(stats.split))
    if stats.no_consent:
        table.add_row("held back: no consent", str(stats.no_consent))
    for reason, count in stats.rejected.items():
        table.add_row(f"refused: {reason}", str(count))
    for code, count in stats.warnings.items():
        table.add_row(f"noted: {code}", str(count))
    console = Console()
    console.print(table)
    for path in written:
        console.print(f"written: {path}", highlight=False, markup=False)
