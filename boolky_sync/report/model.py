"""Everything one run found, did, refused and left different — what the report shows.

The pipeline runner fills a ``RunReport`` stage by stage; the writers
(summary.json, HTML, CSV, XLSX) only read it. ``summary()`` is the one place
the run's figures are computed, so the terminal, ``--json`` and every file
agree with each other -- and the one place its texts pass the redaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from boolky_sync.normalize import Normalized
from boolky_sync.redaction import redact_data
from boolky_sync.sync.apply import ApplyResult
from boolky_sync.sync.model import Plan
from boolky_sync.sync.verify import Drift

SUMMARY_VERSION = 1


@dataclass
class RunReport:
    pipeline: str
    """The pipeline's name (its file's stem), or "import" for a file import."""
    started: datetime
    dry_run: bool
    sources: list[str] = field(default_factory=list)
    """The source files read, as given."""
    limit: int | None = None
    """The run's ``--limit``: it sends only the first N planned changes."""
    confirmed: bool | None = None
    """The answer of the person asked before writing (``False``: nothing was written);
    ``None`` when nobody was asked."""
    target: str = ""
    """Where Boolky was: the sandbox, or the base URL (never the key)."""
    source_notes: list[str] = field(default_factory=list)
    """What reading the source noticed: the encoding guessed, a file cut mid-row, no rows."""
    normalized: Normalized | None = None
    plan: Plan | None = None
    applied: ApplyResult | None = None
    drift: Drift | None = None
    call_stats: dict[str, Any] = field(default_factory=dict)
    """``Journal.call_stats`` of the run: calls, write_calls, retries, by_endpoint."""
    durations: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: extract, normalize, plan, apply, verify."""
    finished: datetime | None = None
    exit_code: int = 0
    error: str | None = None
    """The one-line error that stopped the run, if one did."""
    run_id: int | None = None
    """The run's id in the journal, once it has one (``boolky-sync runs show ID``)."""

    def summary(self) -> dict[str, Any]:
        """The content of summary.json and of ``--json``; counts for every stage.

        Every text in it is redacted: an error or a note may quote what Boolky or
        a person wrote, and the HTML, CSV and XLSX show this same dict."""
        stats = self.normalized.stats.as_dict() if self.normalized else {}
        plan = self.plan.counts() if self.plan else {}
        applied = self.applied
        summary = {
            "version": SUMMARY_VERSION,
            "pipeline": self.pipeline,
            "started": self.started.isoformat(timespec="seconds"),
            "finished": self.finished.isoformat(timespec="seconds") if self.finished else None,
            "dry_run": self.dry_run,
            "confirmed": self.confirmed,
            "limited": self.limited,
            "sources": self.sources,
            "target": self.target,
            "rows": stats.get("rows", 0),
            "contacts": stats.get("contacts", 0),
            "merged": stats.get("merged", 0),
            "split": stats.get("split", 0),
            "no_consent": stats.get("no_consent", 0),
            "rejected": stats.get("rejected", {}),
            "warnings": stats.get("warnings", {}),
            "plan": plan,
            "remote_duplicates": len(self.plan.remote_duplicates) if self.plan else 0,
            "respected_deletions": len(self.plan.respected_deletions) if self.plan else 0,
            "suppressed": len(self.plan.suppressed) if self.plan else 0,
            "extra_copies": sum(map(len, self.plan.extra_copies.values())) if self.plan else 0,
            "made_by_hand": sum(map(len, self.plan.made_by_hand.values())) if self.plan else 0,
            "notes": list(self.plan.notes) if self.plan else [],
            "source_notes": list(self.source_notes),
            "blocked": self.blocked,
            "guard": self.plan.blocked if self.plan else None,
            "applied": {
                "ok": applied.ok if applied else 0,
                "failed": applied.failed if applied else 0,
                "skipped": applied.skipped if applied else 0,
            },
            "outcomes": self.outcomes(),
            "calls": self.call_stats.get("calls", 0),
            "write_calls": self.call_stats.get("write_calls", 0),
            "retries": self.call_stats.get("retries", 0),
            "drift": self.drift.counts()["total"] if self.drift else None,
            "drift_detail": self.drift.counts() if self.drift else None,
            "drift_explanations": list(self.drift.explanations) if self.drift else [],
            "durations": {k: round(v, 3) for k, v in self.durations.items()},
            "exit_code": self.exit_code,
            "error": self.error,
        }
        redacted: dict[str, Any] = redact_data(summary)
        return redacted

    @property
    def limited(self) -> dict[str, int] | None:
        """``{"to": N, "of": M}`` when ``limit`` left out some of the plan's M changes."""
        if self.limit is None or self.plan is None or self.limit >= self.plan.changes:
            return None
        return {"to": self.limit, "of": self.plan.changes}

    @property
    def blocked(self) -> int:
        """The removals and deletions the safety guard stopped (0 when it let the plan pass)."""
        if self.plan is None or self.plan.blocked is None:
            return 0
        return len(self.plan.removals) + len(self.plan.deletes)

    def outcomes(self) -> dict[str, int]:
        """What became of the contacts, one figure per bar of the report's chart.

        ``created``, ``updated``, ``removed`` (from a group) and ``deleted`` count
        the changes Boolky took -- or, when nothing was applied (a dry run, or a
        run stopped before apply), the planned ones, so a dry run still shows
        what it would do. ``failed`` counts refused changes, ``rejected`` the
        source rows normalize refused, ``unchanged`` the contacts already right.
        """
        plan = self.plan.counts() if self.plan else {}
        done: dict[str, int]
        if self.applied is None:
            done = {op: plan.get(op, 0) for op in ("create", "update", "remove", "delete")}
        else:
            done = Counter(o.op for o in self.applied.outcomes if o.ok)
        rejected = self.normalized.stats.rejected if self.normalized else {}
        return {
            "created": done.get("create", 0),
            "updated": done.get("update", 0),
            "removed": done.get("remove", 0),
            "deleted": done.get("delete", 0),
            "failed": self.applied.failed if self.applied else 0,
            "rejected": sum(rejected.values()),
            "unchanged": plan.get("unchanged", 0),
        }
