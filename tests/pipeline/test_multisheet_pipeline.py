"""A whole pipeline on a workbook whose contacts are on its second sheet, down to summary.json.

Office workbooks people bring open on an instructions sheet; the contacts come
after it, with a ``Total : 3 clients`` line under them. ``boolky-sync run`` on
such a workbook, over HTTP to a sandbox on a free port: the three contacts reach
Boolky, the footer is neither a contact nor a refusal, and summary.json says
which sheet was read and why, and that the footer was dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from boolky_sync.errors import EXIT_OK
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    latest,
    remote_phones,
    summary_file,
    write_pipeline,
)

CLIENTS = [
    ("Ada Lovelace", "+44 7911 123456", "ada@example.org"),
    ("Alan Turing", "07400 123456", "alan@example.org"),
    ("Grace Hopper", "+1 201-555-0123", ""),
]


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def write_workbook(path: Path) -> Path:
    """An "Instructions" cover sheet first, then "Clients" with a total line under the rows."""
    book = Workbook()
    cover = book.active
    assert isinstance(cover, Worksheet)
    cover.title = "Instructions"
    for line in (
        ["How to fill in this workbook"],
        [],
        ["1. Put one client per row on the sheet 'Clients'."],
        ["2. Write mobiles with the country code, e.g. +44 7911 123456."],
        ["Column", "Meaning"],
        ["Name", "The client's full name"],
        ["Mobile", "Mobile phone"],
    ):
        cover.append(line)
    clients = book.create_sheet("Clients")
    clients.append(["Name", "Mobile", "Email"])
    for row in CLIENTS:
        clients.append(list(row))
    clients.append([])
    clients.append(["Total : 3 clients"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def test_a_pipeline_reads_the_contacts_sheet_and_says_why_in_summary_json(
    tmp_path: Path, box: Sandbox
) -> None:
    write_workbook(tmp_path / "data" / "clients.xlsx")
    pipeline = write_pipeline(
        tmp_path,
        "clients",
        f"""
        name = "clients"
        dry_run = false
        [source]
        path = "../data/clients.xlsx"
        [normalize]
        default_region = "GB"
        static_groups = ["Clients"]
        [sync]
        mode = "upsert"
        [target]
        kind = "api"
        base_url = "{box.url}"
        [report]
        folder = "../reports/clients"
        [state]
        folder = "../.boolky-sync"
        """,
    )

    result = invoke("run", pipeline, env=api_env())

    assert result.exit_code == EXIT_OK, result.output
    assert remote_phones(box) == {
        "+447911123456": "Ada Lovelace",
        "+447400123456": "Alan Turing",
        "+12015550123": "Grace Hopper",
    }
    summary = summary_file(latest(tmp_path / "reports" / "clients"))
    assert (summary["rows"], summary["contacts"], summary["rejected"]) == (3, 3, {})
    assert summary["plan"]["create"] == 3
    assert summary["source_notes"] == [
        "read sheet 'Clients': it has a phone column and 3 rows; "
        "skipped 'Instructions' (no phone column)",
        "dropped 1 footer row: 'Total : 3 clients'",
    ]
