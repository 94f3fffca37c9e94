"""``retry``: finish what one run left undone, from its journal, without the source.

The run is found in its pipeline's journal (a pipeline file's, or -- for an
``import``, which has no file -- in a state folder); its writes that did not
land (``sync.retry.leftovers``) are planned against Boolky as it is now and
applied by the same runner as any run (``run_pipeline(..., retry=...)``), so
the retry is a run of its own in the journal (its options say ``retry_of``),
with its report, guards and verify.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from boolky_sync.errors import InputError
from boolky_sync.pipeline.adhoc import import_pipeline
from boolky_sync.pipeline.config import Pipeline, Target
from boolky_sync.pipeline.schema import SANDBOX_STATE
from boolky_sync.sync.journal import Journal
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.retry import Leftovers, leftovers

IMPORT = "import"
"""The pipeline name ``import`` runs under: the one a state folder alone can retry."""


def failed_writes(pipeline: Pipeline, run_id: int) -> Leftovers:
    """What run ``run_id`` of ``pipeline`` left undone; ``InputError`` for a run its
    journal does not hold, or one that wrote nothing (a dry run)."""
    if not pipeline.journal_path.is_file():
        raise InputError(f"{pipeline.name} has no run journal yet: it never ran")
    with Journal(pipeline.journal_path) as journal:
        run = _run_of(journal, run_id, pipeline.name)
        if run["dry_run"]:
            raise InputError(f"run {run_id} was a dry run: it wrote nothing to retry")
        return leftovers(run_id, journal.changes(run_id), journal.outcomes(run_id))


def import_in(state_dir: Path, run_id: int, name: str) -> Pipeline:
    """The pipeline run ``run_id`` of ``state_dir`` ran as, if an ``import`` (no file):
    its sandbox and journal there, its sync options as the journal recorded them."""
    if name != IMPORT:
        raise InputError(
            f"run {run_id} is a run of pipeline {name}: give its file with "
            "--pipeline FILE (a retry needs its target and key)"
        )
    folder = state_dir.absolute()
    with Journal(folder / f"{IMPORT}.journal.sqlite") as journal:
        run = _run_of(journal, run_id, IMPORT)
    known = {f.name for f in fields(SyncOptions)}
    sync = SyncOptions.from_dict({k: v for k, v in run["options"].items() if k in known})
    made = import_pipeline(folder / IMPORT, sync=sync)
    return replace(
        made,
        sync=sync,
        state_dir=folder,
        target=Target(kind="sandbox", state=folder / SANDBOX_STATE),
        source=replace(made.source, paths=(), remembered_in=folder),
    )


def _run_of(journal: Journal, run_id: int, name: str) -> dict[str, Any]:
    for run in journal.runs():
        if run["id"] == run_id and run["pipeline"] == name:
            return run
    raise InputError(f"no run {run_id} of {name} in its journal: list them with boolky-sync runs")
