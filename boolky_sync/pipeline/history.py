"""One contact's history: every run's action on its phone, read back from the journals.

"Why did you text me?" is answered per phone: what each run set out to write to it
(its fields before and after, the groups it joined or left, created, deleted),
whether Boolky took it or refused it and why, whether the run refused the row or
held it back (the lists in the run's report folder: ``rejects.csv``,
``suppressed.csv``), an undo of it, where its consent came from when each
pipeline last wrote it (the ledger's provenance), and the suppression list's entries for the
phone -- where a consent column or an opt-out put it there, and when. The
journals are found as ``runs`` finds them (``run_history``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from boolky_sync.pipeline.run_history import JOURNAL_SUFFIX, Journals
from boolky_sync.suppression import SuppressionList, suppression_path
from boolky_sync.sync.changes import Change
from boolky_sync.sync.journal import Journal, Outcome
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import CONTACT_FIELDS

REPORT_LISTS = {
    "rejects.csv": "refused",
    "suppressed.csv": "held back",
    "held_back.csv": "held back for its consent",
}
"""The report's lists that name a row by phone, and what being on one means."""


def contact_history(journals: Journals, phone: str, state_dir: Path | None) -> dict[str, Any]:
    """Every run that planned a write to ``phone`` (E.164) or listed it in its report,
    oldest first, and the suppression entries of the phone in ``state_dir``."""
    runs: list[dict[str, Any]] = []
    targets: set[str] = set()
    for path in journals.files:
        with Journal(path) as journal:
            rows = {
                r["id"]: r
                for r in journal.runs()
                if journals.pipeline is None or r["pipeline"] == journals.pipeline
            }
            changes: dict[int, list[Change]] = {}
            for run_id, change in journal.changes_of(phone):
                changes.setdefault(run_id, []).append(change)
            for run_id, row in rows.items():
                listed = _listed(row["report"], phone)
                if run_id not in changes and not listed:
                    continue
                outcomes = [o for o in journal.outcomes(run_id) if o.phone == phone]
                targets.add(str(row["options"].get("target") or ""))
                runs.append(_run(row, changes.get(run_id, []), outcomes, listed))
    runs.sort(key=lambda r: (r["started"], r["run_id"]))
    return {
        "phone": phone,
        "runs": runs,
        "consent": _consent(journals, phone),
        "suppression": _suppression(state_dir, targets, phone),
    }


def record_phone(journals: Journals, record_id: str) -> str | None:
    """The phone a source record id was last written under, by the ledgers of the
    journals' pipelines (``[source.mapping] id``), or None when no ledger knows it."""
    for ledger_path in _ledgers(journals):
        with Ledger(ledger_path) as ledger:
            records = ledger.records()
        found = records.loc[records["record_id"] == record_id.strip(), "phone"]
        if len(found):
            return str(found.iloc[0])
    return None


def _ledgers(journals: Journals) -> list[Path]:
    """Every ledger of the journals' pipelines (one per Boolky a pipeline ran against)."""
    found = []
    for path in journals.files:
        name = path.name.removesuffix(JOURNAL_SUFFIX)
        found += sorted(path.parent.glob(f"{name}.*ledger.sqlite"))
    return found


def _consent(journals: Journals, phone: str) -> list[dict[str, Any]]:
    """Where each pipeline's ledger says the phone's consent came from when it last wrote
    it (file, row, column, value, run): why a number was texted."""
    found = []
    for ledger_path in _ledgers(journals):
        with Ledger(ledger_path) as ledger:
            provenance = ledger.consent_of(phone)
        if provenance is not None:
            name = ledger_path.name.split(".", 1)[0]
            found.append({"pipeline": name, **provenance})
    return found


def _run(
    row: dict[str, Any],
    changes: list[Change],
    outcomes: list[Outcome],
    listed: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "run_id": row["id"],
        "pipeline": row["pipeline"],
        "started": row["started"],
        "dry_run": row["dry_run"],
        "undo_of": row["options"].get("undo_of"),
        "writes": [_write(c, outcomes) for c in changes],
        "listed": listed,
        "report": row["report"],
    }


def _write(change: Change, outcomes: list[Outcome]) -> dict[str, Any]:
    """One planned write: what it changed, and whether it landed (``None``: never sent,
    as in a dry run, a run stopped first, or one cut off by ``--limit``)."""
    before, after = change.before or {}, change.after or {}
    if change.op == "move":  # a link between the record's old and new number, not a write
        return {
            "op": "move",
            "record_id": after.get("record_id"),
            "moved_from": before.get("phone"),
            "moved_to": after.get("phone"),
        }
    fields = {
        f: [before.get(f), after.get(f)]
        for f in CONTACT_FIELDS
        if change.op in ("create", "update") and before.get(f) != after.get(f)
    }
    was, now = set(before.get("groups", [])), set(after.get("groups", []))
    outcome = next(
        (o for o in reversed(outcomes) if o.op == change.op and o.group == change.group), None
    )
    return {
        "op": change.op,
        "group": change.group,
        "fields": fields,
        "groups_added": sorted(now - was) if change.after is not None else [],
        "groups_removed": sorted(was - now) if change.after is not None else [],
        "landed": None if outcome is None else outcome.ok,
        "message_key": None if outcome is None else outcome.message_key,
        "detail": None if outcome is None else outcome.detail,
    }


def _listed(report: str | None, phone: str) -> list[dict[str, Any]]:
    """The rows of the run's report lists that hold ``phone``: refused, or held back."""
    found: list[dict[str, Any]] = []
    if report is None:
        return found
    for name, what in REPORT_LISTS.items():
        path = Path(report) / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as rows:
            for row in csv.DictReader(rows):
                if row.get("phone") == phone:
                    reason = row.get("reason") or row.get("held_back") or ""
                    detail = row.get("detail") or (
                        f"{row['column']}: {row['value']}" if row.get("column") else None
                    )
                    found.append({"list": what, "reason": reason, "detail": detail})
    return found


def _suppression(state_dir: Path | None, targets: set[str], phone: str) -> list[dict[str, Any]]:
    """The phone's entries on the suppression lists of the Boolkys its runs wrote to,
    open and taken off: where each came from (a consent column, an opt-out, a deletion)."""
    if state_dir is None or not suppression_path(state_dir).is_file():
        return []
    found = []
    for target in sorted(t for t in targets if t):
        with SuppressionList(state_dir, target) as listing:
            entries = listing.entries() + listing.entries(history=True)
        found += [{"target": target, **e.as_dict()} for e in entries if e.phone == phone]
    return found
