"""``history PHONE|RECORD_ID``: every run's action on one contact, oldest first.

A source record id the pipelines' ledgers know (``[source.mapping] id``) stands for the
phone it was last written under; anything else is read as ``suppress`` reads a typed
number (the project's phone rules, a national number in ``--region``). The journals
are those ``runs`` reads. A phone no run touched is no error: the answer is that no run
touched it (exit 0).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from boolky_sync.cli.options import region_option
from boolky_sync.cli.runs_cmd import UNKNOWN, _journal_options, _journals, _when
from boolky_sync.errors import InputError


@click.command()
@click.argument("phone", metavar="PHONE|RECORD_ID")
@region_option
@_journal_options
def history(
    phone: str,
    region: str | None,
    pipeline_file: Path | None,
    state_dir: Path | None,
    as_json: bool,
) -> None:
    """Show what every run did to the contact with PHONE (or the source's RECORD_ID),
    oldest first: fields before and after, groups joined and left, whether Boolky took
    it, rows refused or held back, moves to and from another number, undos, where its
    consent came from, the suppression list's entries, and each run's report.
    """
    from boolky_sync.pipeline.history import contact_history, record_phone
    from boolky_sync.pipeline.schema import STATE_FOLDER
    from boolky_sync.suppression_input import read_typed

    journals = _journals(pipeline_file, state_dir)
    number = record_phone(journals, phone)
    if number is None:
        read = read_typed((phone,), region)
        number = read.phones[0]
        if number is None:
            raise InputError(
                f"cannot read {phone!r} as a phone number ({read.refused[0]}), "
                "and no ledger knows it as a record id"
            )
    if pipeline_file is not None:
        from boolky_sync.pipeline.pipeline_file import load_pipeline

        folder: Path | None = load_pipeline(pipeline_file).state_dir
    else:
        folder = state_dir if state_dir is not None else Path(STATE_FOLDER)
    found = contact_history(journals, number, folder)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False))
        return
    if not found["runs"] and not found["suppression"]:
        click.echo(f"no run touched {number}")
        return
    for run in found["runs"]:
        _show_run(run)
    for given in found["consent"]:
        click.echo(f"consent ({given['pipeline']}, run {given['run']}): {_consent(given)}")
    for entry in found["suppression"]:
        taken_off = f", taken off {_when(entry['removed'])}" if entry["removed"] else ""
        where = [entry["file"] and f"{entry['file']} row {entry['row']}", entry["pipeline"]]
        origin = ", ".join([entry["source"], *(w for w in where if w)])
        click.echo(
            f"suppression list: {entry['reason']} ({origin}), "
            f"added {_when(entry['added'])}{taken_off}"
        )


def _consent(given: dict[str, Any]) -> str:
    """Where the ledger says a written contact's consent came from, or that it had none."""
    if given["column"] is None:
        return "the source had no consent column (sent: no one said no)"
    return (
        f"{given['consent'] or 'no answer'}, read from {given['file']} row {given['row']}, "
        f"column {given['column']} = {given['value']!r}"
    )


def _show_run(run: dict[str, Any]) -> None:
    undo = f", undo of run {run['undo_of']}" if run["undo_of"] is not None else ""
    dry = ", dry run" if run["dry_run"] else ""
    click.echo(f"run {run['run_id']} of {run['pipeline']}, {_when(run['started'])}{dry}{undo}")
    for write in run["writes"]:
        if write["op"] == "move":
            click.echo(
                f"  record {write['record_id']} moved from {write['moved_from']} "
                f"to {write['moved_to']}"
            )
        else:
            click.echo(f"  {_what(write)}: {_landed(write)}")
    for row in run["listed"]:
        detail = f" ({row['detail']})" if row.get("detail") else ""
        click.echo(f"  {row['list']}: {row['reason']}{detail}")
    click.echo(f"  report: {run['report'] or UNKNOWN}")


def _what(write: dict[str, Any]) -> str:
    parts = [
        f"{name} {new!r}" if old is None else f"{name} {old!r} → {new!r}"
        for name, (old, new) in write["fields"].items()
    ]
    if write["groups_added"]:
        parts.append("+groups " + ", ".join(write["groups_added"]))
    if write["groups_removed"]:
        parts.append("-groups " + ", ".join(write["groups_removed"]))
    done = {"create": "created", "update": "updated", "remove": "removed", "delete": "deleted"}
    head = done.get(write["op"], write["op"])
    return f"{head} " + "; ".join(parts) if parts else head


def _landed(write: dict[str, Any]) -> str:
    if write["landed"] is None:
        return "not sent"
    if write["landed"]:
        return "landed"
    return f"failed: {write['message_key'] or ''} {write['detail'] or ''}".rstrip()
