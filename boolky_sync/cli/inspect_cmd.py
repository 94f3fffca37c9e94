"""``inspect``: what boolky-sync sees in a file, before anything is sent anywhere.

A guessed mapping is only as good as a person's chance to check it, so this
shows what extract detected (format, encoding, delimiter, sheet, preset) and
which column it took for each field and why. ``--json`` prints the same as one
object for scripts and tests, in the same words: each line of the table is
labelled with its key in the JSON (``mapping``, ``how``, ``unmapped`` ...), and
``how`` says ``explicit``, ``remembered``, ``preset``, ``synonym`` or ``content``
in both, as the README does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from boolky_sync.cli.options import json_option, map_option, read_as_told, read_options

if TYPE_CHECKING:
    from boolky_sync.extract import Extracted, PhoneColumn, SourceTable


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@read_options
@map_option
@json_option
def inspect(
    file: Path,
    sheet: str | None,
    format_: str | None,
    preset: str | None,
    encoding: str | None,
    mapping: dict[str, list[str]],
    as_json: bool,
) -> None:
    """Show how FILE is read: format, rows, and which column holds which field."""
    extracted = read_as_told(
        file, mapping, sheet=sheet, format_=format_, preset=preset, encoding=encoding
    )
    if as_json:
        click.echo(json.dumps(describe(extracted), ensure_ascii=False))
        return
    print_report(extracted)


def describe(extracted: Extracted) -> dict[str, Any]:
    """What ``inspect --json`` prints: what was detected and the column mapping."""
    table, mapping = extracted.table, extracted.mapping
    return {
        "file": table.path,
        "format": table.format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "sheet": table.sheet,
        "sheet_reason": sheet_reason(table),
        "preset": mapping.preset,
        "rows": table.rows,
        "columns": table.columns,
        "mapping": mapping.as_dict(),
        "how": {name: m.how for name, m in mapping.fields.items()},
        "phones": [
            {"column": p.column, "label": p.label, "label_column": p.label_column}
            for p in mapping.phones
        ],
        "unmapped": unmapped_columns(extracted),
        "notes": list(table.notes),
    }


def unmapped_columns(extracted: Extracted) -> list[str]:
    """Columns no field takes, kind columns of phones included as taken."""
    taken = {c for m in extracted.mapping.fields.values() for c in m.columns}
    taken |= {p.label_column for p in extracted.mapping.phones if p.label_column}
    return [c for c in extracted.table.columns if c not in taken]


def sheet_reason(table: SourceTable) -> str | None:
    """Why this sheet was read: named, chosen (the reader's note says why), or the only one."""
    from boolky_sync.extract.sheet_choice import chosen_reason

    if table.sheet is None:
        return None
    return chosen_reason(table.notes, table.sheet) or "the only sheet with data"


def print_report(extracted: Extracted) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from boolky_sync.extract import PRESETS

    table, mapping = extracted.table, extracted.mapping
    console = Console()
    detected = [
        ("file", table.path),
        ("format", table.format),
        ("encoding", table.encoding),
        ("delimiter", _delimiter_text(table.delimiter)),
        ("sheet", _sheet_text(table)),
        (
            "preset",
            f"{mapping.preset} — {PRESETS[mapping.preset].title}" if mapping.preset else "none",
        ),
        ("rows", str(table.rows)),
    ]
    for label, value in detected:
        if value is not None:
            console.print(f"[bold]{label}:[/bold] {escape(value)}", highlight=False)
    fields = Table("field", "columns", "how", title="column mapping")
    phones = {p.column: p for p in mapping.phones}
    for name, mapped in mapping.fields.items():
        columns = [_phone_text(phones[c]) if c in phones else c for c in mapped.columns]
        # Column names are the file's own text: shown as they are, never read as markup.
        fields.add_row(name, Text("\n".join(columns)), mapped.how)
    console.print(fields)
    unused = unmapped_columns(extracted)
    if unused:
        console.print(f"[dim]unmapped: {escape(', '.join(unused))}[/dim]", highlight=False)
    for note in table.notes:
        console.print(f"note: {note}", highlight=False, markup=False)


def _sheet_text(table: SourceTable) -> str | None:
    reason = sheet_reason(table)
    return f"{table.sheet} ({reason})" if table.sheet is not None else None


def _phone_text(phone: PhoneColumn) -> str:
    if phone.label_column:
        return f"{phone.column} (kind in {phone.label_column!r})"
    return f"{phone.column} ({phone.label})" if phone.label else phone.column


def _delimiter_text(delimiter: str | None) -> str | None:
    names = {"\t": "tab", " ": "space"}
    return names.get(delimiter, repr(delimiter)) if delimiter else None
