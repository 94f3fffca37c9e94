"""Alerts, once per change of a pipeline's health: failed, degraded, recovered.

A pipeline that fails every night for a week must page someone once, not seven
times, and say so again when it is well (the practice of Hightouch and Census).
So each run's health -- "failed" (any exit code but 0 and 1), "degraded" (more
of its source rows refused than ``[alerts] max_rejected_fraction``) or "ok" --
is compared with the last one told, kept in the state folder
(``<name>.alerts.json``), and only a change is told: the new status, or
"recovered" when a failed or degraded pipeline is ok again. The state moves on
only once an alert got through to at least one place, so a change told to no
one is told by the next run.

Every text of an alert passes the redaction: the API key and the mail password
(registered when read) appear in no alert, log line or state file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Literal

import orjson

from boolky_sync.pipeline.alerts_config import Alerts
from boolky_sync.pipeline.alerts_send import deliver
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.redaction import redact, redact_data
from boolky_sync.report.model import RunReport
from boolky_sync.sqlite_file import PRIVATE_MODE

log = logging.getLogger(__name__)

Health = Literal["ok", "failed", "degraded"]
Status = Literal["failed", "degraded", "recovered"]
WELL_ENDED = (0, 1)
"""Exit codes of a run that did its work (1: some rows failed or drift remains)."""


def notify(pipeline: Pipeline, report: RunReport, folder: Path | None) -> list[str]:
    """Tell ``[alerts]`` if this run changed the pipeline's health; the warnings of the
    deliveries that failed (logged too). Never raises: an alert never changes a run."""
    if not pipeline.alerts.wanted:
        return []
    try:
        return _notify(pipeline, report, folder)
    except Exception as failed:
        warning = f"alert not sent: {redact(str(failed)) or type(failed).__name__}"
        log.warning("%s", warning)
        return [warning]


def _notify(pipeline: Pipeline, report: RunReport, folder: Path | None) -> list[str]:
    summary = report.summary()
    now = health(summary, pipeline.alerts)
    path = state_path(pipeline)
    status = change(_told(path), now)
    if status is None:
        return []
    body = alert_body(pipeline.name, status, summary, folder)
    delivered, warnings = deliver(pipeline.alerts, body)
    for warning in warnings:
        log.warning("%s", warning)
    if delivered:
        log.info("alert sent: %s is %s", pipeline.name, status)
        try:
            _keep(path, now)
        except OSError as failed:  # told, but not remembered: the next run tells it again
            warnings.append(f"the alert state could not be kept in {path}: {failed.strerror}")
            log.warning("%s", warnings[-1])
    return warnings


def state_path(pipeline: Pipeline) -> Path:
    """Where the last health told is kept, beside the pipeline's journal."""
    return pipeline.state_dir / f"{pipeline.name}.alerts.json"


def health(summary: dict[str, Any], alerts: Alerts) -> Health:
    """A run's health from its summary: how it ended, and the share of rows refused."""
    if summary["exit_code"] not in WELL_ENDED:
        return "failed"
    rows, refused = summary["rows"], summary["outcomes"]["rejected"]
    limit = alerts.max_rejected_fraction
    if limit is not None and rows and refused / rows > limit:
        return "degraded"
    return "ok"


def change(told: Health, now: Health) -> Status | None:
    """What to tell, given the health last told and this run's: nothing if the same."""
    if now == told:
        return None
    return "recovered" if now == "ok" else now


def alert_body(
    pipeline: str, status: Status, summary: dict[str, Any], folder: Path | None
) -> dict[str, Any]:
    """The webhook's JSON body (the mail says the same in words), redacted."""
    body = {
        "pipeline": pipeline,
        "status": status,
        "exit_code": summary["exit_code"],
        "summary": summary_line(summary),
        "report": None if folder is None else str(folder),
    }
    redacted: dict[str, Any] = redact_data(body)
    return redacted


def summary_line(summary: dict[str, Any]) -> str:
    """The run in one line: what stopped it, if anything, then its figures."""
    done = summary["outcomes"]
    figures = (
        f"{summary['rows']} rows read, {done['rejected']} refused; {done['created']} created, "
        f"{done['updated']} updated, {done['removed']} removed from groups, "
        f"{done['deleted']} deleted, {done['failed']} failed"
    )
    if summary["dry_run"]:
        figures += " (dry run: nothing written)"
    error = summary.get("error")
    return f"{error}; {figures}" if error else figures


def _told(path: Path) -> Health:
    """The health last told; "ok" for a pipeline never alerted (or a state file unreadable)."""
    try:
        told = orjson.loads(path.read_bytes()).get("health")
    except (OSError, ValueError, AttributeError):
        return "ok"
    return told if told in ("ok", "failed", "degraded") else "ok"


def _keep(path: Path, now: Health) -> None:
    """Write the state whole or not at all: a new file put in place of the old."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        file.write(orjson.dumps({"health": now}) + b"\n")
        file.flush()
        os.fsync(file.fileno())
    part.replace(path)
