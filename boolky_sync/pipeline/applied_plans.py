"""Plans already applied: ``apply PLAN`` a second time says so instead of failing obscurely.

A plan file is made to be applied once. Applied again, Boolky has changed since
it was made (the first apply changed it), so the freshness check refuses it
with "Boolky changed since the plan was made" -- true, but not what happened.
So each ``apply`` that went to its end records the plan (a digest of its
content, never the content: it holds names and numbers) with when and by which
run in the pipeline's state folder (``applied_plans.sqlite``), and the next
``apply`` of the same plan is refused naming them (exit 2: nothing was done).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from boolky_sync.pipeline.config import Pipeline
from boolky_sync.sqlite_file import Layout, SqliteFile
from boolky_sync.sync.journal import Journal
from boolky_sync.sync.model import Plan

REGISTRY = "applied_plans.sqlite"

_LAYOUT = Layout(
    table="applied",
    version=1,
    schema="""
CREATE TABLE IF NOT EXISTS applied (
    digest TEXT PRIMARY KEY,
    applied TEXT NOT NULL,
    run INTEGER
);
""",
)


class AppliedPlans(SqliteFile):
    """The plans applied by the pipelines of one state folder."""

    def __init__(self, state_dir: Path) -> None:
        super().__init__(state_dir / REGISTRY, what="applied-plan registry", layout=_LAYOUT)

    def find(self, plan: Plan) -> tuple[str, int | None] | None:
        rows = self._read("SELECT applied, run FROM applied WHERE digest = ?", (_digest(plan),))
        return (str(rows[0][0]), rows[0][1]) if rows else None

    def record(self, plan: Plan, run: int | None) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO applied (digest, applied, run) VALUES (?, ?, ?)",
                (_digest(plan), now, run),
            )


def already_applied(pipeline: Pipeline, plan: Plan) -> str | None:
    """Why ``plan`` may not be applied again (when, by which run), or ``None``."""
    if not (pipeline.state_dir / REGISTRY).is_file():
        return None
    with AppliedPlans(pipeline.state_dir) as plans:
        found = plans.find(plan)
    if found is None:
        return None
    when, run = found
    shown = datetime.fromisoformat(when).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"this plan was already applied at {shown}" + (f" (run {run})" if run else "")


def record_applied(pipeline: Pipeline, plan: Plan) -> None:
    """Remember that ``plan`` was applied, by the pipeline's newest run in its journal."""
    run = None
    if pipeline.journal_path.is_file():
        with Journal(pipeline.journal_path) as journal:
            mine = [r["id"] for r in journal.runs() if r["pipeline"] == pipeline.name]
        run = mine[-1] if mine else None
    with AppliedPlans(pipeline.state_dir) as plans:
        plans.record(plan, run)


def _digest(plan: Plan) -> str:
    """The plan by its content (its file's bytes, as ``Plan.to_json`` makes them)."""
    return hashlib.sha256(plan.to_json().encode()).hexdigest()
