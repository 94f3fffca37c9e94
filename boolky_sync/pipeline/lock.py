"""One run per pipeline at a time.

Two runs of one pipeline writing at once would each plan against a Boolky the
other is changing, and share one ledger: the second gives up at once, saying
why, and does nothing (exit 6). Holding the lock, a run starts to use the state
of its name, so the pipeline's file claims the name there
(``name_owners.claim_name``): a second file of that name is refused (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from filelock import FileLock, Timeout

from boolky_sync.errors import LockedError
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.pipeline.name_owners import claim_name
from boolky_sync.storage import storage_errors


@contextmanager
def pipeline_lock(pipeline: Pipeline) -> Iterator[None]:
    """One run per pipeline at a time: a second run gives up at once, saying why; and one
    pipeline file per name (``claim_name``)."""
    lock = FileLock(pipeline.lock_path, timeout=0)
    try:
        with storage_errors("cannot take the run's lock", pipeline.lock_path):
            pipeline.lock_path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
    except Timeout:
        raise LockedError(
            f"another run of pipeline {pipeline.name!r} is in progress "
            f"(lock {pipeline.lock_path}); this run did nothing"
        ) from None
    try:
        claim_name(pipeline)
        yield
    finally:
        lock.release()
