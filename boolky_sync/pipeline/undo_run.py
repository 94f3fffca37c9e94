"""``undo``: take back what one run wrote, as a run of its own.

The run's pipeline, ledger and Boolky are the ones it ran with (its journal names
the target; an import's is the state folder's). Boolky is read once, the inverse is
planned (``sync.undo``), guarded like any plan that removes (``check_guard``), shown,
confirmed, journaled with its changes -- so the undo can itself be undone -- and
applied by ``apply_plan``; the groups the run created go last, each only if empty.
Boolky is then read again and every contact the undo wrote checked against what it
was to become: what differs is the undo's drift. The report is a run's report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from boolky_sync.api import BoolkyClient
from boolky_sync.api.records import ALL_GROUP_ID
from boolky_sync.errors import BoolkyError, InputError, LockedError
from boolky_sync.pipeline.config import Pipeline, ReportSettings, Target
from boolky_sync.pipeline.lock import pipeline_lock
from boolky_sync.pipeline.outcome import RunOutcome, applied_until_stopped, close_run, stopped_by
from boolky_sync.pipeline.reporting import write_run_report
from boolky_sync.pipeline.run_end import after_run
from boolky_sync.pipeline.targets import client_for_run, ledger_for, target_identity
from boolky_sync.report.model import RunReport
from boolky_sync.stop import StopRequest
from boolky_sync.sync.apply import apply_plan
from boolky_sync.sync.changes import planned_changes, remote_state
from boolky_sync.sync.journal import Holding, Journal, Outcome
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import check_guard
from boolky_sync.sync.remote import remote_frame
from boolky_sync.sync.undo import inverse_plan
from boolky_sync.sync.verify import Drift
from boolky_sync.unexpected import as_boolky_error

log = logging.getLogger(__name__)

SANDBOX_PREFIX = "sandbox "
"""How a journal names the built-in sandbox as a run's target (``target_identity``)."""


def undone_pipeline(pipeline: Pipeline, entry: dict[str, Any]) -> tuple[Pipeline, str | None]:
    """``pipeline`` pointed at the Boolky run ``entry`` wrote to, and its base URL
    (``None``: the built-in sandbox whose state the journal names)."""
    with Journal(pipeline.journal_path) as journal:
        row = next((r for r in journal.runs() if r["id"] == entry["id"]), None)
    if row is None:
        raise InputError(f"no run {entry['id']} in {pipeline.journal_path}")
    target = str(row["options"].get("target") or "")
    report = entry.get("report")
    if report:  # the undo's report goes beside the run's
        pipeline = replace(pipeline, report=replace(pipeline.report, folder=Path(report).parent))
    if target.startswith(SANDBOX_PREFIX):
        state = Path(target.removeprefix(SANDBOX_PREFIX))
        return replace(pipeline, target=Target(kind="sandbox", state=state)), None
    return pipeline, target or None


def import_of(state_dir: Path) -> Pipeline:
    """The pipeline ``import`` runs, for a state folder: what its undo needs of it."""
    from boolky_sync.pipeline.adhoc import import_pipeline
    from boolky_sync.pipeline.schema import SANDBOX_STATE

    made = import_pipeline(state_dir / "import")
    return replace(
        made,
        state_dir=state_dir.absolute(),
        target=Target(kind="sandbox", state=state_dir.absolute() / SANDBOX_STATE),
        report=ReportSettings(folder=made.report.folder),
    )


def undo(
    pipeline: Pipeline,
    entry: dict[str, Any],
    *,
    dry_run: bool,
    base_url: str | None,
    allow_mass_delete: bool = False,
    confirm: Callable[[RunReport], bool] | None = None,
    stop: StopRequest | None = None,
) -> RunOutcome:
    """Undo run ``entry`` (``run_history.find_run``'s) of ``pipeline``; never raises for
    what stops it: the outcome holds the error, and the report says it."""
    if entry["dry_run"]:
        raise InputError(f"run {entry['id']} was a dry run: it wrote nothing to undo")
    pipeline, where = undone_pipeline(pipeline, entry)
    where = base_url or where
    report = RunReport(pipeline=pipeline.name, started=datetime.now(UTC), dry_run=dry_run)
    error: BoolkyError | None = None
    try:
        with pipeline_lock(pipeline):
            sync = replace(pipeline.sync, allow_mass_delete=allow_mass_delete)
            _undo(pipeline, int(entry["id"]), where, report, sync, confirm, stop)
    except Exception as stopped:
        error = as_boolky_error(stopped)
        report.exit_code, report.error = error.exit_code, str(error)
        if isinstance(error, LockedError):
            return RunOutcome(report, None, error)
        log.error("%s", error)
    report.finished = datetime.now(UTC)
    folder, error = write_run_report(report, pipeline, error)
    after_run(pipeline, report, folder)
    return RunOutcome(report, folder, error)


def _undo(
    pipeline: Pipeline,
    run_id: int,
    where: str | None,
    report: RunReport,
    sync: SyncOptions,
    confirm: Callable[[RunReport], bool] | None,
    stop: StopRequest | None,
) -> None:
    with (
        Journal(pipeline.journal_path) as journal,
        Ledger(ledger_for(pipeline, where)) as ledger,
        client_for_run(pipeline, where, None, None) as (opened, target),
    ):
        if not journal.changes(run_id):
            raise InputError(
                f"run {run_id} of {pipeline.name} wrote nothing the journal can undo "
                "(a run from before the journal kept its changes, or one that wrote nothing)"
            )
        report.target = target
        identity = target_identity(pipeline, where)
        undo_id = journal.start_run(
            pipeline.name, dry_run=report.dry_run, options={"undo_of": run_id, "target": identity}
        )
        report.run_id = undo_id
        try:
            with opened.reporting_calls_to(lambda i: journal.record_call(undo_id, i)) as client:
                ids = (run_id, undo_id, identity)
                _plan_and_apply(client, journal, ledger, ids, report, sync, confirm, stop)
        except BaseException as error:
            if report.plan is not None and report.applied is None and not report.dry_run:
                report.applied = applied_until_stopped(report.plan, journal.outcomes(undo_id))
            report.exit_code, report.error = stopped_by(error)
            raise
        finally:
            close_run(journal, undo_id, report)


def _plan_and_apply(
    client: BoolkyClient,
    journal: Journal,
    ledger: Ledger,
    ids: tuple[int, int, str],
    report: RunReport,
    sync: SyncOptions,
    confirm: Callable[[RunReport], bool] | None,
    stop: StopRequest | None,
) -> None:
    """``ids``: the undone run's, the undo's own, and the Boolky both write to."""
    run_id, undo_id, identity = ids
    pipeline_name = report.pipeline
    account = client.get_contacts()
    inverse = inverse_plan(run_id, journal.changes(run_id), journal.outcomes(run_id), account)
    plan = report.plan = inverse.plan
    plan.options = replace(  # the guard and the pace of the pipeline's own runs
        plan.options,
        allow_mass_delete=sync.allow_mass_delete,
        max_delete_fraction=sync.max_delete_fraction,
        batch_size=sync.batch_size,
        concurrency=sync.concurrency,
    )
    for phone, why in sorted(inverse.left.items()):
        plan.notes.append(f"{phone}: {why}")
    for note in plan.notes[1:]:
        log.warning("%s", note)
    if plan.deletes or plan.removals:  # the guard of any plan that takes contacts away
        check_guard(plan, remote_frame(account), plan.options)
    if report.dry_run or plan.is_empty:
        return
    if confirm is not None:
        report.confirmed = confirm(report)
        if not report.confirmed:
            return
    if stop is not None and stop.requested:
        raise stop.error()
    journal.record_changes(undo_id, planned_changes(plan, plan.before or {}))

    def record(found: list[Outcome]) -> None:
        journal.record_outcomes(undo_id, found)

    holding = Holding(journal, undo_id, identity)
    report.applied = apply_plan(plan, client, ledger, record=record, stop=stop, holding=holding)
    # A contact the run adopted (a hand-made one it updated) is no longer the pipeline's.
    kept = journal.written_contacts(pipeline_name, identity, before_run=run_id)
    put_back = {u.record.phone for u in plan.updates} | {r.phone for r in plan.removals}
    ledger.forget(sorted(put_back - set(kept)))
    _delete_empty_groups(client, plan, record)
    report.drift = _drift(client, plan)


def _delete_empty_groups(
    client: BoolkyClient, plan: Plan, record: Callable[[list[Outcome]], None]
) -> None:
    """The groups the undone run created, deleted now if no contact is left in them."""
    if not plan.delete_groups:
        return
    account = client.get_contacts()
    used = {i for c in account.contacts for i in c.group_ids}
    for group in account.groups:
        if group.name in plan.delete_groups and group.id not in used and group.id != ALL_GROUP_ID:
            client.delete_group(group.id)
            record([Outcome("delete_group", None, group.id, group.name, True)])


def _drift(client: BoolkyClient, plan: Plan) -> Drift:
    """What still differs from the undo's aim on the contacts it wrote, read from Boolky."""
    account = client.get_contacts()
    names = {g.id: g.name for g in account.groups}
    frame = remote_frame(account)
    by_id = {c.id: c for c in account.contacts}
    now: dict[str, dict[str, Any]] = {}
    for contact_id, phone in zip(frame["id"].tolist(), frame["phone"].tolist(), strict=True):
        now.setdefault(str(phone), remote_state(by_id[contact_id], names))
    drift = Drift()
    for create in plan.creates:
        if create.record.phone not in now:
            drift.missing.append(create.record.phone)
    drift.extra = [d.phone for d in plan.deletes if d.phone in now]
    for update in plan.updates:
        state = now.get(update.record.phone)
        if state is None:
            drift.missing.append(update.record.phone)
            continue
        wrong = {
            f: [state.get(f), new] for f, (_, new) in update.changes.items() if state.get(f) != new
        }
        if set(update.add_groups) - set(state["groups"]):
            wrong["groups"] = [state["groups"], sorted(update.add_groups)]
        if wrong:
            drift.mismatched[update.record.phone] = wrong
    for removal in plan.removals:
        state = now.get(removal.phone)
        if state is not None and removal.group in state["groups"]:
            drift.mismatched.setdefault(removal.phone, {})["groups"] = [state["groups"], []]
    return drift
