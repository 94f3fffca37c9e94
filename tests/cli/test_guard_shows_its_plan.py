"""When a safety guard stops a mirror, the report shows what it stopped (issue 10, points 3, 4).

Over HTTP against a sandbox, through the command line: a mirror of forty
contacts whose source then loses ten trips the mass-delete guard, and the dry
run, the real run and ``plan -o`` each exit 4 with every blocked removal in
changes.csv, summary.json and report.html. A source cut off mid-row is refused
by a mirror before Boolky is asked anything, and read (its cut row refused)
by an upsert. A source with a header and no rows is an empty source.
"""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.errors import EXIT_OK, EXIT_SAFETY
from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.model import Plan
from tests.cli.workspace import (
    api_env,
    invoke,
    remote_phones,
    summary_of,
    uk_mobiles,
    write_pipeline,
    writes,
)

PEOPLE = [(f"Person {n}", phone) for n, phone in enumerate(uk_mobiles(40))]
CUT_LINE = 41
"""The line of the last row of a file of forty rows under its header."""


def write_source(path: Path, people: list[tuple[str, str]], cut: str | None = None) -> Path:
    """``Name,Phone,City`` rows; ``cut``, when given, is a last line without its line end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [f"{name},{phone},Leeds\n" for name, phone in people]
    path.write_text("".join(["Name,Phone,City\n", *rows, cut or ""]), encoding="utf-8")
    return path


def pipeline_for(root: Path, mode: str) -> Path:
    return write_pipeline(
        root,
        mode,
        f"""
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "{mode}"
        managed_groups = ["CRM"]
        """,
    )


@pytest.fixture
def mirrored(tmp_path: Path, box: Sandbox) -> Path:
    """Forty contacts mirrored into CRM; the call log starts afresh. Returns the pipeline."""
    pipeline = pipeline_for(tmp_path, "mirror")
    write_source(tmp_path / "data" / "crm.csv", PEOPLE)
    assert run(pipeline, box).exit_code == EXIT_OK
    box.calls.reset()
    return pipeline


def run(pipeline: Path, box: Sandbox, *args: str) -> Any:
    return invoke("run", pipeline, "--base-url", box.url, "--json", *args, env=api_env())


def memberships(box: Sandbox) -> list[tuple[int, str, str, tuple[int, ...]]]:
    """(id, phone, name, group ids) of every contact on the sandbox, read from its store."""
    return sorted(
        (c["id"], c["phone"], c["name"], tuple(sorted(c["groupIds"])))
        for c in box.store.get_contacts()["contacts"]
    )


def changes_csv(folder: Path) -> list[dict[str, str]]:
    with (folder / "changes.csv").open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


class ChangesTable(HTMLParser):
    """The rows of report.html's full changes table (the last table of ``#changes``),
    as header → cell, and the text of the guard's notice."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.notice: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.section = dict(attrs).get("id") or self.section
        elif self.section == "changes" and tag == "table":
            self.tables.append([])
        elif self.section == "changes" and tag == "tr":
            self.tables[-1].append([])
        elif self.section == "changes" and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if self.section == "guard":
            self.notice.append(data)

    def rows(self) -> list[dict[str, str]]:
        head, *body = self.tables[-1]
        return [dict(zip(head, row, strict=True)) for row in body]


def assert_blocked_removals_reported(
    folder: Path, phones: list[str], reason: str, *, listed: int | None = None
) -> None:
    """changes.csv, summary.json and report.html each list ``phones`` as blocked removals."""
    listed = len(phones) if listed is None else listed
    rows = changes_csv(folder)
    blocked = [r for r in rows if r["outcome"] == "blocked by guard"]
    assert sorted(r["phone"] for r in blocked) == sorted(phones)
    assert {r["op"] for r in blocked} <= {"remove", "delete"}
    assert all(r["outcome"] == "planned" for r in rows if r not in blocked)

    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["blocked"] == listed
    assert summary["exit_code"] == EXIT_SAFETY
    assert reason in summary["guard"] and summary["guard"] == summary["error"]
    assert "--allow-mass-delete" in summary["error"]

    page = ChangesTable((folder / "report.html").read_text(encoding="utf-8"))
    shown = {r["phone"]: r["outcome"] for r in page.rows() if r["op"] in ("remove", "delete")}
    assert shown == dict.fromkeys(phones, "blocked by guard")
    notice = " ".join("".join(page.notice).split())
    assert "Stopped by the safety guard" in notice and reason in notice
    assert f"{listed} removals and deletions were blocked" in notice
    assert "--allow-mass-delete" in notice


# -- the mass-delete guard ------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "real-run"])
def test_a_tripped_guard_lists_every_blocked_removal(
    tmp_path: Path, box: Sandbox, mirrored: Path, dry_run: bool
) -> None:
    write_source(tmp_path / "data" / "crm.csv", PEOPLE[:30])
    before = memberships(box)

    result = run(mirrored, box, *(["--dry-run"] if dry_run else []))

    assert result.exit_code == EXIT_SAFETY, result.output
    assert "10 of 40 contacts in scope" in result.stderr
    summary = summary_of(result)
    assert summary["plan"]["remove"] == 10 and summary["blocked"] == 10
    gone = [phone for _, phone in PEOPLE[30:]]
    assert_blocked_removals_reported(Path(summary["report"]), gone, "10 of 40 contacts in scope")
    assert writes(box) == 0
    assert memberships(box) == before


def test_plan_with_a_tripped_guard_saves_the_plan_marked_blocked(
    tmp_path: Path, box: Sandbox, mirrored: Path
) -> None:
    write_source(tmp_path / "data" / "crm.csv", PEOPLE[:30])
    saved = tmp_path / "plan.json"

    made = invoke("plan", mirrored, "-o", saved, "--base-url", box.url, "--json", env=api_env())

    assert made.exit_code == EXIT_SAFETY, made.output
    report = Path(summary_of(made)["report"])
    gone = [phone for _, phone in PEOPLE[30:]]
    assert_blocked_removals_reported(report, gone, "10 of 40 contacts in scope")
    plan = Plan.load(saved)
    assert plan.blocked is not None and "10 of 40" in plan.blocked
    assert sorted(r.phone for r in plan.removals) == sorted(gone)

    applied = invoke("apply", saved, "--base-url", box.url, "--json", env=api_env())
    assert applied.exit_code == EXIT_SAFETY, applied.output  # the guard stops it again
    assert_blocked_removals_reported(
        Path(summary_of(applied)["report"]), gone, "10 of 40 contacts in scope"
    )
    assert writes(box) == 0


def test_allowed_explicitly_the_same_removals_are_made(
    tmp_path: Path, box: Sandbox, mirrored: Path
) -> None:
    write_source(tmp_path / "data" / "crm.csv", PEOPLE[:30])
    result = run(mirrored, box, "--allow-mass-delete")
    assert result.exit_code == EXIT_OK, result.output
    summary = summary_of(result)
    assert (summary["blocked"], summary["guard"], summary["applied"]["ok"]) == (0, None, 10)
    assert {r["outcome"] for r in changes_csv(Path(summary["report"]))} == {"ok"}


# -- a source cut off mid-row ---------------------------------------------------------


def test_a_mirror_refuses_a_source_cut_mid_row(
    tmp_path: Path, box: Sandbox, mirrored: Path
) -> None:
    *whole, (name, phone) = PEOPLE
    write_source(tmp_path / "data" / "crm.csv", whole, cut=f"{name},{phone[:8]}")
    before = memberships(box)
    message = (
        f"crm.csv ends in the middle of a row at line {CUT_LINE} — was it still being "
        "written? Nothing was changed; run again when the export is complete"
    )

    for args in ([], ["--dry-run"], ["--allow-mass-delete"]):
        result = run(mirrored, box, *args)
        assert result.exit_code == EXIT_SAFETY, result.output
        assert message in result.stderr
        summary = summary_of(result)
        assert summary["error"] == message
        assert summary["rejected"] == {"row_truncated": 1}
        assert summary["plan"] == {}  # refused before Boolky was asked anything
    made = invoke("plan", mirrored, "-o", tmp_path / "p.json", "--base-url", box.url)
    assert made.exit_code == EXIT_SAFETY and message in made.output
    assert not (tmp_path / "p.json").exists()

    assert box.calls.count() == 0  # not even getContacts
    assert box.calls.count("deleteContacts") == 0
    assert memberships(box) == before

    checked = invoke("validate", mirrored)  # validate warns, in the same words
    assert checked.exit_code == EXIT_OK, checked.output
    assert f"crm.csv ends in the middle of a row at line {CUT_LINE}" in checked.output


def test_an_upsert_reads_a_source_cut_mid_row_and_refuses_the_cut_row(
    tmp_path: Path, box: Sandbox
) -> None:
    *whole, (name, phone) = PEOPLE
    write_source(tmp_path / "data" / "crm.csv", whole, cut=f"{name},{phone[:8]}")

    result = run(pipeline_for(tmp_path, "upsert"), box)

    assert result.exit_code == EXIT_OK, result.output
    note = f"crm.csv ends in the middle of a row at line {CUT_LINE} — was it still being written?"
    assert note in result.stderr  # logged as a warning
    summary = summary_of(result)
    assert any(n.startswith(note) for n in summary["source_notes"])
    assert summary["applied"]["ok"] == 39
    folder = Path(summary["report"])
    with (folder / "rejects.csv").open(encoding="utf-8-sig", newline="") as file:
        (refused,) = csv.DictReader(file)
    assert (refused["row"], refused["reason"], refused["Phone"]) == (
        str(CUT_LINE),
        "The file ends in the middle of this row (row_truncated)",
        phone[:8],
    )
    assert note in (folder / "report.html").read_text(encoding="utf-8")
    assert sorted(remote_phones(box)) == sorted(p for _, p in whole)


# -- a source with a header and no rows -----------------------------------------------


def test_a_header_only_source_stops_a_mirror_showing_what_it_would_remove(
    tmp_path: Path, box: Sandbox, mirrored: Path
) -> None:
    write_source(tmp_path / "data" / "crm.csv", [])
    before = memberships(box)

    result = run(mirrored, box)

    assert result.exit_code == EXIT_SAFETY, result.output
    summary = summary_of(result)
    assert "crm.csv has a header but no rows" in summary["source_notes"]
    everyone = [phone for _, phone in PEOPLE]
    assert_blocked_removals_reported(Path(summary["report"]), everyone, "no valid contact")
    assert writes(box) == 0
    assert memberships(box) == before


def test_a_header_only_source_leaves_an_upsert_nothing_to_do(tmp_path: Path, box: Sandbox) -> None:
    write_source(tmp_path / "data" / "crm.csv", [])

    result = run(pipeline_for(tmp_path, "upsert"), box)

    assert result.exit_code == EXIT_OK, result.output
    assert "the source has a header but no rows" in result.stderr
    summary = summary_of(result)
    assert summary["source_notes"] == ["crm.csv has a header but no rows"]
    assert (summary["rows"], summary["blocked"], summary["applied"]["ok"]) == (0, 0, 0)
    assert writes(box) == 0
