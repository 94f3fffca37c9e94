"""Rebuild a pipeline's lost ledger from its source, Boolky and its run journal.

``boolky-sync ledger rebuild`` calls ``rebuild_ledger``; what is adopted, and
why, is ``sync.ledger_rebuild.adoption``'s. The source is read as a run reads
it, Boolky once; the pipeline's lock is held throughout, so no run writes
the ledger meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from boolky_sync.normalize import normalize
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.pipeline.lock import pipeline_lock
from boolky_sync.pipeline.source_files import read_pipeline_source
from boolky_sync.pipeline.targets import ledger_for, open_target, target_identity
from boolky_sync.sync.journal import Journal
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.ledger_rebuild import Adoption, adoption


@dataclass(frozen=True)
class Rebuild:
    ledger: Path
    adoption: Adoption
    written: bool
    """Whether the entries were written (not a dry run, nothing to adopt, or refused)."""


def rebuild_ledger(
    pipeline: Pipeline,
    *,
    base_url: str | None = None,
    dry_run: bool = False,
    confirm: Callable[[Adoption], bool] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Rebuild:
    """Adopt into the pipeline's ledger (for the Boolky ``base_url`` names, else its
    target) what it lost; ``confirm`` sees the adoption first and may refuse it."""
    with pipeline_lock(pipeline):
        extracted = read_pipeline_source(pipeline)
        desired = normalize(extracted.table, extracted.mapping, pipeline.normalize).contacts
        path = ledger_for(pipeline, base_url)
        with (
            Journal(pipeline.journal_path) as journal,
            open_target(pipeline, base_url, transport) as (client, _),
        ):
            written = journal.written_contacts(pipeline.name, target_identity(pipeline, base_url))
            account = client.get_contacts()
        held = _phones(path)
        found = adoption(desired, account, held, written, pipeline.sync.managed_groups)
        if dry_run or not found.entries or (confirm is not None and not confirm(found)):
            return Rebuild(path, found, written=False)
        with Ledger(path) as ledger:
            ledger.record_written(found.entries)
    return Rebuild(path, found, written=True)


def _phones(path: Path) -> list[str]:
    """The phones the ledger holds now; a missing ledger is not made by merely looking."""
    if not path.exists():
        return []
    with Ledger(path) as ledger:
        return [entry.phone for entry in ledger.entries()]
