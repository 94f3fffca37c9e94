"""Past runs, read back from the journals: what ``boolky-sync runs`` lists and shows.

A person asked "did last night's run work?" should not have to open report
folders one by one. Every run that wrote a report is in its pipeline's
journal (``<state folder>/<name>.journal.sqlite``, ``import``'s too), with its
summary, exit code and report folder, so the list is read from there: one
pipeline's journal, or every journal in a state folder. A run recorded before
the journal kept a field (its report folder, say) shows ``None`` there.

Ids are the journal's own; with several journals, ``NAME:ID`` names one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from boolky_sync.errors import InputError
from boolky_sync.report.write_json import SUMMARY_FILE
from boolky_sync.sync.journal import Journal

JOURNAL_SUFFIX = ".journal.sqlite"
COUNTS = ("created", "updated", "removed", "deleted", "failed", "rejected", "unchanged")
"""The figures a run lists (the report's chart's): planned ones for a dry run."""


@dataclass(frozen=True)
class Journals:
    """The journals to read: their files, and the one pipeline to keep (``None``: all)."""

    files: tuple[Path, ...]
    pipeline: str | None = None


def in_state_folder(folder: Path) -> Journals:
    """Every journal in a state folder (none, for a folder that holds none)."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is not a folder: give the state folder (.boolky-sync)")
    return Journals(tuple(sorted(folder.glob(f"*{JOURNAL_SUFFIX}"))))


def of_pipeline(journal: Path, name: str) -> Journals:
    """The journal of one pipeline (it may not be there yet: the pipeline never ran)."""
    return Journals((journal,) if journal.is_file() else (), name)


def past_runs(journals: Journals, limit: int | None = None) -> list[dict[str, Any]]:
    """The runs, newest first (at most ``limit``), each as ``run_entry`` gives it."""
    entries = [
        run_entry(row)
        for path in journals.files
        for row in _rows(path)
        if journals.pipeline is None or row["pipeline"] == journals.pipeline
    ]
    entries.sort(key=lambda entry: (entry["started"], entry["id"]), reverse=True)
    return entries if limit is None else entries[:limit]


def find_run(journals: Journals, wanted: str) -> dict[str, Any]:
    """The run ``wanted`` names (``ID`` or ``NAME:ID``), with its summary; ``InputError``
    if no run, or more than one, answers to it."""
    name, _, number = wanted.rpartition(":")
    if not number.isdigit():
        raise InputError(f"{wanted!r} is not a run id: give the number `boolky-sync runs` shows")
    found = [
        entry
        for entry in past_runs(journals)
        if entry["id"] == int(number) and (not name or entry["pipeline"] == name)
    ]
    if not found:
        raise InputError(f"no run {wanted} in the journals read: list them with boolky-sync runs")
    if len(found) > 1:
        names = ", ".join(f"{e['pipeline']}:{number}" for e in found)
        raise InputError(f"run {wanted} is in several journals: give one of {names}")
    return found[0]


def run_summary(entry: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A run's summary: its report's summary.json if the report is still there, else the
    journal's copy; and which of the two it is."""
    report = entry["report"]
    if report is not None:
        try:
            loaded: dict[str, Any] = orjson.loads((Path(report) / SUMMARY_FILE).read_bytes())
            return loaded, str(Path(report) / SUMMARY_FILE)
        except (OSError, ValueError):
            pass
    return entry["summary"] or {}, "the run journal"


def run_entry(row: dict[str, Any]) -> dict[str, Any]:
    """One run as ``runs --json`` shows it: times in UTC ISO 8601, ``None`` where unknown."""
    summary = row["summary"] or {}
    outcomes = summary.get("outcomes") or {}
    mode = "import" if row["pipeline"] == "import" else row["options"].get("mode")
    return {
        "id": row["id"],
        "pipeline": row["pipeline"],
        "started": row["started"],
        "finished": row["finished"],
        "mode": mode,
        "dry_run": row["dry_run"],
        "confirmed": summary.get("confirmed"),
        "counts": {name: outcomes.get(name) for name in COUNTS},
        "exit_code": row["exit_code"],
        "error": summary.get("error"),
        "report": row["report"],
        "summary": row["summary"],
    }


def _rows(path: Path) -> list[dict[str, Any]]:
    with Journal(path) as journal:
        return journal.runs()
