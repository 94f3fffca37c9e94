"""Run a pipeline end to end: lock, extract, normalize, plan, apply, verify, report.

This is the Python API a scheduler calls (``run``, ``plan``); the CLI is a thin
layer over it. Each stage is timed and its result kept in a ``RunReport``. A
run stopped by any exception -- a safety guard, a refused key, Boolky out of
reach, a full disk (``StorageError``), a bug (``InternalError``) -- still
writes its report, saying why, and returns it in a ``RunOutcome`` rather than
raising (``reporting`` finds the report a place when its folder cannot take
it). A run that cannot take the lock did nothing and writes no report. Only a
``BaseException`` that is not an ``Exception`` (``KeyboardInterrupt``,
``SystemExit``) escapes the run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import httpx
import pandas as pd

from boolky_sync.api import BoolkyClient
from boolky_sync.api.early import EarlyAnswer
from boolky_sync.errors import BoolkyError, InputError, LockedError, SafetyError, StoppedError
from boolky_sync.extract import Extracted
from boolky_sync.extract.table import SourceTable, cut_row_note, cut_row_refusal
from boolky_sync.gc_pace import freeze_survivors, rare_collections
from boolky_sync.memory_release import give_back
from boolky_sync.normalize import normalize
from boolky_sync.normalize.cache import CACHE_FILE
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.pipeline.group_owners import checked_owners
from boolky_sync.pipeline.lock import pipeline_lock
from boolky_sync.pipeline.opt_outs import list_deletions, list_opt_outs, said_no
from boolky_sync.pipeline.outcome import (
    RunOutcome,
    applied_until_stopped,
    close_run,
    restate_stop,
    stopped_by,
)
from boolky_sync.pipeline.ownership import lost_ledger, settle_plan, settle_shared
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.progress import Progress, stage_bar
from boolky_sync.pipeline.reporting import write_run_report
from boolky_sync.pipeline.run_end import after_run
from boolky_sync.pipeline.run_target import RunTarget
from boolky_sync.pipeline.source_files import read_pipeline_source, refuses_cut_source
from boolky_sync.pipeline.targets import ledger_for, target_identity
from boolky_sync.report.model import RunReport
from boolky_sync.report.write import load_writers
from boolky_sync.stop import StopRequest
from boolky_sync.suppression import SuppressionList, obeyed
from boolky_sync.sync.apply import ApplyResult
from boolky_sync.sync.changes import planned_changes
from boolky_sync.sync.consent_provenance import book_consent
from boolky_sync.sync.journal import Holding, Journal
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import CONTACT_FIELDS, Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import check_guard
from boolky_sync.sync.plan.moves import records_of
from boolky_sync.sync.retry import Leftovers, add_leftover_removals, retry_options
from boolky_sync.sync.run import apply_and_verify, check_fresh, plan_sync, restore_held
from boolky_sync.unexpected import as_boolky_error

log = logging.getLogger(__name__)


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
    trust_empty_remote: bool = False
    """Believe a getContacts missing most of the ledger's contacts (``check_present``)."""


@dataclass(frozen=True)
class Hooks:
    """Where a caller looks in on a run: progress bars, the mapping, a last word before writing."""

    progress: Progress | None = None
    """Called as each long stage begins (``progress.STAGES``: reading ... verifying) with its
    title and size; returns the callback that advances that stage's bar."""
    extracted: Callable[[Extracted], None] | None = None
    """Sees the source and its column mapping as soon as they are read."""
    confirm: Callable[[RunReport], bool] | None = None
    """Sees the run's report -- the source's figures, the plan, the target -- before
    anything is written; if it says no, nothing is written and the run ends not confirmed."""
    stop: StopRequest | None = None
    """Set it to stop the run (the CLI does on SIGINT and SIGTERM): no new batch starts,
    the ones in flight finish, the report is written, it ends ``Interrupted``/``Terminated``."""


def run(
    pipeline: str | Path | Pipeline,
    *,
    dry_run: bool = False,
    limit: int | None = None,
    base_url: str | None = None,
    allow_mass_delete: bool = False,
    trust_empty_remote: bool = False,
    client: BoolkyClient | None = None,
    transport: httpx.BaseTransport | None = None,
    hooks: Hooks | None = None,
) -> RunOutcome:
    """Run a pipeline (its file, or a loaded ``Pipeline``) once, as ``boolky-sync run`` does.

    What stopped the run is in the outcome, not raised: call
    ``raise_for_status()`` for an exception. ``client`` is a ``BoolkyClient``
    you made and close yourself (a proxy, another key, a test sandbox); it
    replaces the pipeline's target. ``transport`` is handed to the client the
    run builds for the pipeline's own target. A file that does not load raises
    its ``ConfigError`` at once: nothing ran.
    """
    loaded = pipeline if isinstance(pipeline, Pipeline) else load_pipeline(pipeline)
    options = RunOptions(
        dry_run=dry_run,
        allow_mass_delete=allow_mass_delete,
        limit=limit,
        base_url=base_url,
        trust_empty_remote=trust_empty_remote,
    )
    return run_pipeline(loaded, options, hooks, client=client, transport=transport)


def plan(
    pipeline: str | Path | Pipeline,
    *,
    base_url: str | None = None,
    allow_mass_delete: bool = False,
    trust_empty_remote: bool = False,
    client: BoolkyClient | None = None,
    transport: httpx.BaseTransport | None = None,
) -> RunOutcome:
    """Plan a pipeline against Boolky and write nothing to it: a dry run, report included.

    ``outcome.plan`` is the plan, naming its pipeline file, so ``Plan.save``
    writes what ``boolky-sync apply`` applies later.
    """
    loaded = pipeline if isinstance(pipeline, Pipeline) else load_pipeline(pipeline)
    outcome = run(
        loaded,
        dry_run=True,
        base_url=base_url,
        allow_mass_delete=allow_mass_delete,
        trust_empty_remote=trust_empty_remote,
        client=client,
        transport=transport,
    )
    if outcome.plan is not None:
        outcome.plan.pipeline = str(loaded.path.resolve())
    return outcome


@rare_collections()
def run_pipeline(
    pipeline: Pipeline,
    options: RunOptions | None = None,
    hooks: Hooks | None = None,
    *,
    client: BoolkyClient | None = None,
    transport: httpx.BaseTransport | None = None,
    retry: Leftovers | None = None,
) -> RunOutcome:
    """Run ``pipeline`` once with every option ``run`` has, a saved plan among them;
    with ``retry``, on the writes an earlier run left undone instead of its source."""
    options = options or RunOptions()
    if client is not None and options.base_url is not None:
        raise InputError("give base_url or client, not both: the client says where Boolky is")
    dry_run = options.dry_run or pipeline.dry_run
    report = RunReport(
        pipeline=pipeline.name,
        started=datetime.now(UTC),
        dry_run=dry_run,
        sources=[str(p) for p in pipeline.source.paths] if retry is None else [],
        limit=options.limit,
    )
    error: BoolkyError | None = None
    try:
        with (
            pipeline_lock(pipeline),
            RunTarget(pipeline, options.base_url, client, transport) as boolky,
        ):
            _run(pipeline, options, report, hooks or Hooks(), boolky, retry)
    except Exception as stopped:  # any of them, a bug too, ends in a report
        error = as_boolky_error(stopped)
        report.exit_code = error.exit_code
        report.error = str(error)
        if isinstance(error, LockedError):
            return RunOutcome(report, None, error)  # it did nothing: no report, no log line
        log.error("%s", error)
    report.finished = datetime.now(UTC)
    folder, error = write_run_report(report, pipeline, error)
    after_run(pipeline, report, folder)  # its place in the journal, and any alert
    return RunOutcome(report, folder, error)


def _run(
    pipeline: Pipeline,
    options: RunOptions,
    report: RunReport,
    hooks: Hooks,
    boolky: RunTarget,
    retry: Leftovers | None,
) -> None:
    where = boolky.where
    ledger_path, identity = ledger_for(pipeline, where), target_identity(pipeline, where)
    sharing = checked_owners(pipeline, identity, ledger_path, claim=not report.dry_run)
    missing = not ledger_path.exists()
    sync_options = replace(pipeline.sync, allow_mass_delete=options.allow_mass_delete)
    if retry is None:  # Boolky answers the plan's read while the source is normalized
        send = boolky.send_read if options.saved_plan is None else None
        desired, carried = _read_source(pipeline, report, hooks, send)
    else:  # the journal's states, every field: an update's ``after`` holds them all
        desired, carried = retry.desired, frozenset((*CONTACT_FIELDS, "groups"))
        sync_options = retry_options(sync_options)
    bar = hooks.progress
    with (
        Journal(pipeline.journal_path) as journal,
        Ledger(ledger_path) as ledger,
        SuppressionList(pipeline.state_dir, identity) as suppression,
    ):
        opened, target = boolky.opened()  # after the state files, as it always was
        report.target = target
        run_id = journal.start_run(
            pipeline.name,
            dry_run=report.dry_run,
            options={**sync_options.to_dict(), "target": identity}
            | ({} if retry is None else {"retry_of": retry.run_id}),
        )
        report.run_id = run_id
        holding = Holding(journal, run_id, identity)
        lost = lost_ledger(journal, ledger, pipeline.name, identity, missing=missing)
        applying, holds = False, []
        with (
            opened.reporting_calls_to(lambda info: journal.record_call(run_id, info)) as client,
            client.stopping_on(hooks.stop),
        ):
            try:
                with _stage(report, "plan"), stage_bar(bar, "planning", len(desired)):
                    # what an earlier replace deleted goes back first; then Boolky is read again
                    if not report.dry_run and restore_held(client, holding):
                        boolky.drop_early()
                    held = obeyed(suppression, sync_options.remote_deletions)
                    held |= said_no(report.normalized)
                    report.plan = _plan(
                        options,
                        desired,
                        carried,
                        client,
                        ledger,
                        sync_options,
                        held,
                        retry,
                        boolky.early,
                        fingerprinted=report.dry_run,
                    )
                    if options.saved_plan is None:  # a saved plan was settled when made
                        holds = settle_plan(report.plan, pipeline, lost, sharing)
                _say_plan(report.plan)
                check_guard(report.plan, desired, report.plan.options)  # after the report has it
                if not report.dry_run and hooks.confirm and not report.plan.is_empty:
                    report.confirmed = hooks.confirm(report)
                _stop_if_asked(hooks.stop, report)
                if not report.dry_run and report.confirmed is not False:
                    applying = True

                    def kept(applied: ApplyResult) -> None:
                        """What the run keeps of its writes, done while Boolky answers verify's
                        read, as are the report's writers loaded (openpyxl takes a tenth of a
                        second). A run whose verify fails has kept its writes all the same."""
                        report.applied = applied
                        book_consent(ledger, desired, applied, run_id)
                        ledger.set_records(*records_of(desired))  # where each record now lives
                        settle_shared(ledger, desired, carried, sharing, holds)
                        load_writers(pipeline.report.formats)

                    list_deletions(suppression, report.plan, pipeline.name)
                    list_opt_outs(suppression, report.normalized, pipeline.name)
                    journal.record_changes(
                        run_id, planned_changes(report.plan, report.plan.before or {})
                    )
                    with _stage(report, "apply"), ExitStack() as verify_bar:
                        advance = bar("applying", report.plan.changes) if bar else None
                        result = apply_and_verify(
                            report.plan,
                            desired,
                            carried,
                            client,
                            ledger,
                            limit=options.limit,
                            record=lambda outcomes: journal.record_outcomes(run_id, outcomes),
                            progress=advance,
                            stop=hooks.stop,
                            holding=holding,
                            settle=lambda plan: settle_plan(plan, pipeline, lost, sharing),
                            verifying=lambda: verify_bar.enter_context(
                                stage_bar(bar, "verifying", len(desired))
                            ),
                            meanwhile=kept,
                        )
                    report.drift = result.drift
            except BaseException as error:
                # The report and the journal say what really happened: how the run was
                # stopped, and the changes that had landed before it was.
                if applying and report.plan is not None and report.applied is None:
                    report.applied = applied_until_stopped(report.plan, journal.outcomes(run_id))
                    book_consent(ledger, desired, report.applied, run_id)
                if isinstance(error, StoppedError):  # how far it got: "after N of M writes"
                    error = restate_stop(error, report, options.limit)
                    report.exit_code, report.error = stopped_by(error)
                    raise error from None
                report.exit_code, report.error = stopped_by(error)
                raise
            finally:
                close_run(journal, run_id, report)


def _read_source(
    pipeline: Pipeline,
    report: RunReport,
    hooks: Hooks,
    extracted_ok: Callable[[Extracted], None] | None = None,
) -> tuple[pd.DataFrame, frozenset[str]]:
    """Extract and normalize: the contacts the source wants, and the fields it carries;
    ``extracted_ok`` is told of the source once it is read and the caller's hook took it."""
    bar = hooks.progress
    with _stage(report, "extract"), stage_bar(bar, "reading", len(pipeline.source.paths)):
        extracted = read_pipeline_source(pipeline)
    _stop_if_asked(hooks.stop, report)
    if hooks.extracted is not None:
        hooks.extracted(extracted)
    if extracted_ok is not None:
        extracted_ok(extracted)
    with _stage(report, "normalize"), stage_bar(bar, "normalizing", extracted.table.rows):
        cache = pipeline.state_dir / CACHE_FILE if pipeline.normalize.cache else None
        report.normalized = normalize(extracted.table, extracted.mapping, pipeline.normalize, cache)
    _check_source(extracted.table, pipeline, report)
    _stop_if_asked(hooks.stop, report)
    return report.normalized.contacts, report.normalized.carried


def _stop_if_asked(stop: StopRequest | None, report: RunReport) -> None:
    """Between stages: a stop asked before any write ends the run there, with its report."""
    if stop is not None and stop.requested:
        raise restate_stop(stop.error(), report, None)


def _check_source(table: SourceTable, pipeline: Pipeline, report: RunReport) -> None:
    """Refuse in a mirror, and warn elsewhere, a source still being written or empty."""
    report.source_notes = list(table.notes)
    for file_name, line in table.cut_rows.items():  # an export still being written
        if refuses_cut_source(pipeline):
            raise SafetyError(cut_row_refusal(file_name, line))
        log.warning("%s", cut_row_note(file_name, line))
    if table.rows == 0:
        log.warning("the source has a header but no rows: there is nothing to sync")


def _plan(
    options: RunOptions,
    desired: pd.DataFrame,
    carried: frozenset[str],
    client: BoolkyClient,
    ledger: Ledger,
    sync_options: SyncOptions,
    suppressed: frozenset[str],
    retry: Leftovers | None,
    early: EarlyAnswer | None,
    *,
    fingerprinted: bool,
) -> Plan:
    """The saved plan if Boolky is as it was when the plan was made, else a new one
    (holding back the ``suppressed`` phones; a saved plan held its own back when made;
    a retry's plan gets the removals and deletions that run left undone), on the
    ``early`` read if the run sent one; ``fingerprinted`` for a plan that may be saved
    (a dry run's)."""
    if options.saved_plan is not None:
        try:
            check_fresh(options.saved_plan, client)
            return options.saved_plan
        except SafetyError:
            if not options.replan:
                raise
            log.warning("Boolky changed since the plan was made; planning again (--replan)")
    trust = options.trust_empty_remote
    return plan_sync(
        desired,
        carried,
        client,
        ledger,
        sync_options,
        trust_empty_remote=trust,
        suppressed=suppressed,
        then=None if retry is None else partial(add_leftover_removals, left=retry),
        early=early,
        fingerprinted=fingerprinted,
    )


@contextmanager
def _stage(report: RunReport, name: str) -> Iterator[None]:
    """Times a stage; what it freed goes back to the system before the next one starts, and
    what it left alive is kept out of the cycle collector's walks (``freeze_survivors``)."""
    log.info("%s ...", name)
    started = time.perf_counter()
    try:
        yield
    finally:
        give_back()
        freeze_survivors()
        report.durations[name] = time.perf_counter() - started


def _say_plan(plan: Plan) -> None:
    counts = plan.counts()
    log.info(
        "plan: %(create)d to create, %(update)d to update, %(remove)d group removals, "
        "%(delete)d to delete, %(move)d moved, %(create_groups)d groups to create, "
        "%(unchanged)d unchanged",
        counts,
    )
    for note in plan.notes:
        log.warning("%s", note)
