"""Run a pipeline end to end: lock, extract, normalize, plan, apply, verify, report.

This is the Python API a scheduler calls (``run_pipeline``); the CLI is a thin
layer over it. Each stage is timed and its result kept in a ``RunReport``, and
the report is written whatever happens — a run stopped by a safety guard or a
refused key still leaves a report saying why.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
from filelock import FileLock, Timeout

from boolky_sync.api import BoolkyClient, RetryPolicy
from boolky_sync.errors import (
    EXIT_OK,
    EXIT_PARTIAL,
    BoolkyError,
    InputError,
    LockedError,
    SafetyError,
)
from boolky_sync.extract import Extracted, extract, read_source
from boolky_sync.extract.table import SourceTable
from boolky_sync.normalize import normalize
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.report.model import RunReport
from boolky_sync.report.write import write_report
from boolky_sync.sandbox import run_sandbox
from boolky_sync.sync.apply import ApplyResult
from boolky_sync.sync.journal import Journal, Outcome
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.run import apply_and_verify, check_fresh, plan_sync

log = logging.getLogger(__name__)

Progress = Callable[[str, int], Callable[[int], None]]
"""Given a stage's title and its size, returns the callback that advances it."""


@dataclass(frozen=True)
class RunOptions:
    """What a person may change for one run without editing the pipeline file."""

    dry_run: bool = False
    allow_mass_delete: bool = False
    limit: int | None = None
    base_url: str | None = None
    """Point the pipeline at another Boolky; the key comes from the pipeline's key variable."""
    saved_plan: Plan | None = None
    """Apply this plan (made earlier by ``plan``) instead of planning now."""
    replan: bool = False
    """If Boolky changed since ``saved_plan`` was made, plan again instead of refusing."""


@dataclass(frozen=True)
class Hooks:
    """Where a caller looks in on a run: progress bars, the mapping, a last word before writing."""

    progress: Progress | None = None
    extracted: Callable[[Extracted], None] | None = None
    """Sees the source and its column mapping as soon as they are read."""
    confirm: Callable[[Plan], bool] | None = None
    """Sees the plan before anything is written; if it says no, the run ends as a dry run."""


@dataclass
class RunOutcome:
    report: RunReport
    folder: Path | None
    """The report folder, when the pipeline writes reports."""


def run_pipeline(
    pipeline: Pipeline, options: RunOptions | None = None, hooks: Hooks | None = None
) -> RunOutcome:
    """Run ``pipeline`` once; the report says what happened, its ``exit_code`` how it ended."""
    options = options or RunOptions()
    dry_run = options.dry_run or pipeline.dry_run
    report = RunReport(
        pipeline=pipeline.name,
        started=datetime.now(UTC),
        dry_run=dry_run,
        sources=[str(p) for p in pipeline.source.paths],
    )
    try:
        with pipeline_lock(pipeline):
            _run(pipeline, options, report, hooks or Hooks())
    except LockedError:
        raise
    except BoolkyError as error:
        report.exit_code = error.exit_code
        report.error = str(error)
        log.error("%s", error)
    report.finished = datetime.now(UTC)
    folder = write_report(report, pipeline.report.folder, pipeline.report.formats)
    return RunOutcome(report, folder)


def _run(
    pipeline: Pipeline,
    options: RunOptions,
    report: RunReport,
    hooks: Hooks,
) -> None:
    with _stage(report, "extract"):
        extracted = read_pipeline_source(pipeline)
    if hooks.extracted is not None:
        hooks.extracted(extracted)
    with _stage(report, "normalize"):
        report.normalized = normalize(extracted.table, extracted.mapping, pipeline.normalize)
    desired, carried = report.normalized.contacts, report.normalized.carried
    sync_options = replace(pipeline.sync, allow_mass_delete=options.allow_mass_delete)

    with (
        Journal(pipeline.journal_path) as journal,
        Ledger(ledger_for(pipeline, options.base_url)) as ledger,
        boolky(pipeline, options.base_url) as (client_for, target),
    ):
        report.target = target
        run_id = journal.start_run(
            pipeline.name, dry_run=report.dry_run, options=sync_options.to_dict()
        )
        applying = False
        with client_for(lambda info: journal.record_call(run_id, info)) as client:
            try:
                with _stage(report, "plan"):
                    report.plan = _plan(options, desired, carried, client, ledger, sync_options)
                _say_plan(report.plan)
                if not report.dry_run and hooks.confirm and not report.plan.is_empty:
                    report.dry_run = not hooks.confirm(report.plan)
                if not report.dry_run:
                    applying = True
                    with _stage(report, "apply"):
                        advance = (
                            hooks.progress("applying", report.plan.changes)
                            if hooks.progress
                            else None
                        )
                        result = apply_and_verify(
                            report.plan,
                            desired,
                            carried,
                            client,
                            ledger,
                            limit=options.limit,
                            record=lambda outcomes: journal.record_outcomes(run_id, outcomes),
                            progress=advance,
                        )
                    report.applied, report.drift = result.applied, result.drift
            except BaseException as error:
                # The report and the journal say what really happened: how the run was
                # stopped, and the changes that had landed before it was.
                if applying and report.plan is not None and report.applied is None:
                    report.applied = _applied_until_stopped(report.plan, journal.outcomes(run_id))
                report.exit_code, report.error = _stopped_by(error)
                raise
            finally:
                report.call_stats = journal.call_stats(run_id)
                if report.error is None:
                    report.exit_code = _exit_code(report)
                journal.finish_run(run_id, exit_code=report.exit_code, summary=report.summary())


def _plan(
    options: RunOptions,
    desired: pd.DataFrame,
    carried: frozenset[str],
    client: BoolkyClient,
    ledger: Ledger,
    sync_options: SyncOptions,
) -> Plan:
    """The saved plan if Boolky is as it was when the plan was made, else a new one."""
    if options.saved_plan is not None:
        try:
            check_fresh(options.saved_plan, client)
            return options.saved_plan
        except SafetyError:
            if not options.replan:
                raise
            log.warning("Boolky changed since the plan was made; planning again (--replan)")
    return plan_sync(desired, carried, client, ledger, sync_options)


def read_pipeline_source(pipeline: Pipeline) -> Extracted:
    """Read every file of the source as one table, mapped by the first file's layout."""
    source = pipeline.source
    first, *others = source.paths
    extracted = extract(
        first,
        format=source.format,
        sheet=source.sheet,
        encoding=source.encoding,
        preset=source.preset,
        mapping=source.mapping or None,
    )
    if not others:
        return extracted
    tables = [extracted.table] + [
        read_source(p, format=source.format, sheet=source.sheet, encoding=source.encoding)
        for p in others
    ]
    for table in tables[1:]:
        if table.columns != extracted.table.columns:
            raise InputError(
                f"{Path(table.path).name}: its columns differ from {Path(first).name}'s; "
                "files of one source must share a layout (use one pipeline per layout)"
            )
    frame = pd.concat([t.frame for t in tables], ignore_index=True)
    merged = SourceTable(frame, extracted.table.format, str(first), notes=extracted.table.notes)
    return Extracted(merged, extracted.mapping)


@contextmanager
def pipeline_lock(pipeline: Pipeline) -> Iterator[None]:
    """One run per pipeline at a time: a second run gives up at once, saying why."""
    pipeline.lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(pipeline.lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise LockedError(
            f"another run of pipeline {pipeline.name!r} is in progress "
            f"(lock {pipeline.lock_path}); this run did nothing"
        ) from None
    try:
        yield
    finally:
        lock.release()


ClientFactory = Callable[[Callable[..., None]], BoolkyClient]


@contextmanager
def boolky(pipeline: Pipeline, base_url: str | None) -> Iterator[tuple[ClientFactory, str]]:
    """Where this run's Boolky is: the built-in sandbox, or an API base URL.

    Yields a client factory (taking the journal's ``on_call``) and a text for
    the report naming the target — never the key.
    """
    target = pipeline.target
    retry = RetryPolicy(max_attempts=target.max_attempts)
    url = _api_url(pipeline, base_url)
    if url is not None:
        key = os.environ.get(target.api_key_env)
        if not key:
            raise InputError(
                f"no Boolky API key: set {target.api_key_env} in the environment "
                f"(pipeline {pipeline.name!r} reads the key from it)"
            )

        def api_client(on_call: Callable[..., None]) -> BoolkyClient:
            return BoolkyClient(url, key, timeout=target.timeout, retry=retry, on_call=on_call)

        yield api_client, url
        return

    key = secrets.token_urlsafe(24)
    state = _sandbox_state(pipeline)
    state.parent.mkdir(parents=True, exist_ok=True)
    with run_sandbox(
        api_key=key,
        state=state,
        duplicate_policy=target.duplicate_policy,  # type: ignore[arg-type]
    ) as box:

        def sandbox_client(on_call: Callable[..., None]) -> BoolkyClient:
            return BoolkyClient(box.url, key, timeout=target.timeout, retry=retry, on_call=on_call)

        yield sandbox_client, f"built-in sandbox (state {state})"


def _api_url(pipeline: Pipeline, base_url: str | None) -> str | None:
    """The API a run talks to (``--base-url``, else the file's), or ``None`` for the sandbox."""
    target = pipeline.target
    return base_url or (target.base_url if target.kind == "api" else None)


def _sandbox_state(pipeline: Pipeline) -> Path:
    return pipeline.target.state or pipeline.state_dir / "sandbox.sqlite"


def target_identity(pipeline: Pipeline, base_url: str | None) -> str:
    """Which Boolky a run writes to, as text without a secret: the API's address (without
    any user or password in it), or the built-in sandbox's state file."""
    url = _api_url(pipeline, base_url)
    if url is None:
        return f"sandbox {_sandbox_state(pipeline).resolve()}"
    parts = urlsplit(url.strip().rstrip("/"))
    netloc = parts.netloc.rpartition("@")[2].lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, "", ""))


def ledger_for(pipeline: Pipeline, base_url: str | None) -> Path:
    """The pipeline's ledger for the Boolky this run writes to: one ledger per Boolky.

    The ledger says which contacts this pipeline put on *one* account. Read
    against another -- a pipeline tried on the sandbox, then pointed at the
    real account with ``--base-url`` or a changed ``[target]`` -- every contact
    it lists would look deleted there (and so never be created), and a mirror
    would take for its own contacts it never wrote. So the first Boolky a
    pipeline runs against keeps ``<name>.ledger.sqlite`` (its name is written
    beside it, in ``<name>.ledger.sqlite.target``), and any other gets a ledger
    of its own, ``<name>.<host or sandbox>-<hash>.ledger.sqlite``. A ledger
    made before the name was written down belongs to the file's own target.
    """
    default = pipeline.ledger_path
    marker = default.with_name(default.name + ".target")
    where = target_identity(pipeline, base_url)
    if marker.is_file():
        owner = marker.read_text(encoding="utf-8").strip()
    else:
        owner = where if not default.exists() else target_identity(pipeline, None)
        default.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(owner + "\n", encoding="utf-8")
    if owner == where:
        return default
    parts = urlsplit(where)
    place = parts.netloc if parts.netloc else "sandbox"
    digest = hashlib.sha256(where.encode()).hexdigest()[:8]
    name = f"{pipeline.name}.{_UNSAFE.sub('_', place)}-{digest}.ledger.sqlite"
    log.info("this Boolky (%s) has a ledger of its own: %s", where, name)
    return default.with_name(name)


_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


@contextmanager
def _stage(report: RunReport, name: str) -> Iterator[None]:
    log.info("%s ...", name)
    started = time.perf_counter()
    try:
        yield
    finally:
        report.durations[name] = time.perf_counter() - started


def _say_plan(plan: Plan) -> None:
    counts = plan.counts()
    log.info(
        "plan: %(create)d to create, %(update)d to update, %(remove)d group removals, "
        "%(delete)d to delete, %(create_groups)d groups to create, %(unchanged)d unchanged",
        counts,
    )
    for note in plan.notes:
        log.warning("%s", note)


def _applied_until_stopped(plan: Plan, outcomes: list[Outcome]) -> ApplyResult:
    """What an apply stopped midway had done, from the outcomes the journal holds.

    The changes it never reached count as skipped, so planned = done + failed +
    skipped still holds and the report does not show the plan as if nothing, or
    everything, had been sent.
    """
    applied = ApplyResult(outcomes=outcomes)
    applied.skipped = max(0, plan.changes - applied.ok - applied.failed)
    return applied


def _stopped_by(error: BaseException) -> tuple[int, str]:
    """The exit code and the one line a run stopped by ``error`` reports."""
    if isinstance(error, BoolkyError):
        return error.exit_code, str(error)
    # Not a message of ours: its text is not shown, it could hold anything.
    return EXIT_PARTIAL, f"stopped by an unexpected {type(error).__name__}"


def _exit_code(report: RunReport) -> int:
    if report.applied is None:
        return EXIT_OK
    if report.applied.failed or (report.drift is not None and report.drift.total):
        return EXIT_PARTIAL
    return EXIT_OK
