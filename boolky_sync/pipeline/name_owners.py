"""One pipeline file per name in a state folder: the state belongs to the file.

A pipeline's ledger, journal and lock are ``<state folder>/<name>.*`` and its
reports are named after it, so two files calling themselves one name in one
state folder share all of it: a copy of ``nightly_crm_sync.toml`` that keeps
``name = "nightly_crm_sync"`` would plan against the original's ledger and
remove every contact the original put on Boolky. So the state folder records
which file (its resolved path) owns each name (``pipeline_names.sqlite``): the
first run of a name claims it (``claim_name``, when the run takes its lock), and
another file claiming it is refused, at ``load_pipeline`` (so ``validate``,
``run``, ``plan``, ``apply`` and ``ledger`` all refuse it before anything is
written) and again when a run starts.

The owner's claim lapses, and the file that meets it takes the name over, when
the owner is gone (the file was moved or renamed: a note says so, and the state
follows it, its claims on managed groups with their dates too) or no longer
calls itself that name in this state folder. A file that cannot be read keeps
its claim. A pipeline file saying ``dry_run = true`` writes nothing to Boolky
and may share a name on purpose (the shipped ``dry_run_report.toml`` plans
against the nightly pipeline's ledger): it neither claims nor is refused.
``import`` has no pipeline file and claims none.
"""

from __future__ import annotations

import logging
import sqlite3
import tomllib
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from boolky_sync.errors import ConfigError
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.pipeline.schema import STATE_FOLDER
from boolky_sync.sqlite_file import Layout, SqliteFile

log = logging.getLogger(__name__)

REGISTRY = "pipeline_names.sqlite"

_LAYOUT = Layout(
    table="names",
    version=1,
    schema="""
CREATE TABLE IF NOT EXISTS names (
    name TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    claimed TEXT NOT NULL
);
""",
)

NAME_FIX = "give one of them its own name (or remove `name` to use the file's)"


class NameRegistry(SqliteFile):
    """Which pipeline file owns each name of one state folder."""

    def __init__(self, state_dir: Path) -> None:
        super().__init__(state_dir / REGISTRY, what="pipeline-name registry", layout=_LAYOUT)

    def settle(self, pipeline: Pipeline) -> str | None:
        """Claim the pipeline's name for its file unless another file holds it; returns the
        refusal, or ``None`` once the name is the file's (a lapsed claim taken over)."""
        mine = str(pipeline.path.resolve())
        with self._write() as db:
            row = db.execute("SELECT file FROM names WHERE name = ?", (pipeline.name,)).fetchone()
            if row is not None and row[0] != mine:
                refusal = _refusal(pipeline, Path(row[0]))
                if refusal is not None:
                    return refusal
            if row is None or row[0] != mine:
                now = datetime.now(UTC).isoformat(timespec="seconds")
                db.execute(
                    "INSERT INTO names (name, file, claimed) VALUES (?, ?, ?) ON CONFLICT (name)"
                    " DO UPDATE SET file = excluded.file, claimed = excluded.claimed",
                    (pipeline.name, mine, now),
                )
        if row is not None and row[0] != mine and not Path(row[0]).exists():
            # Here, not at the top: the registry of groups brings the sync package along,
            # and reading a pipeline file (``load_pipeline``) needs none of it.
            from boolky_sync.pipeline.group_owners import move_claims

            move_claims(pipeline.state_dir, Path(row[0]), pipeline.path)
            log.warning(
                "pipeline %s was %s and is now %s: its state (ledger, journal, lock, "
                "reports) follows the file",
                pipeline.name,
                shown(Path(row[0])),
                shown(pipeline.path),
            )
        return None


def name_refusal(pipeline: Pipeline) -> str | None:
    """Why another file's claim keeps ``pipeline`` from its name, or ``None``; only reads."""
    if not _claims(pipeline):
        return None
    owner = _owner_read_only(pipeline.state_dir / REGISTRY, pipeline.name)
    if owner is None or owner == str(pipeline.path.resolve()):
        return None
    return _refusal(pipeline, Path(owner))


def _owner_read_only(registry: Path, name: str) -> str | None:
    """The file the registry says owns ``name``, read without writing a byte (``validate``
    writes nothing); a registry that is not there or cannot be read says nothing here,
    and the run's ``claim_name`` opens it properly and says what is wrong with it."""
    if not registry.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{registry.resolve().as_uri()}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT file FROM names WHERE name = ?", (name,)).fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])


def claim_name(pipeline: Pipeline) -> None:
    """Record that the pipeline's file owns its name in its state folder (a run is
    starting); ``ConfigError`` (exit 2) if another pipeline file owns it."""
    if not _claims(pipeline):
        return
    registry = pipeline.state_dir / REGISTRY
    if _owner_read_only(registry, pipeline.name) == str(pipeline.path.resolve()):
        return  # claimed by an earlier run: nothing to write (a full disk is not met here)
    with NameRegistry(pipeline.state_dir) as names:
        refusal = names.settle(pipeline)
    if refusal is not None:
        raise ConfigError(f"{refusal}: {NAME_FIX}", path=str(pipeline.path), key="name")


def _claims(pipeline: Pipeline) -> bool:
    """Whether the pipeline claims its name: one that may write, from a pipeline file
    (``import``'s pipeline is its spreadsheet, not a file of its own)."""
    return not pipeline.dry_run and pipeline.path not in pipeline.source.paths


def _refusal(pipeline: Pipeline, owner: Path) -> str | None:
    """The conflict with the file ``owner`` if it still calls itself the pipeline's name
    in the same state folder (or cannot be read), else ``None``: its claim has lapsed."""
    if not owner.is_file():
        return None  # moved, renamed or removed: the name is free
    try:
        document: Any = tomllib.loads(owner.read_text(encoding="utf-8"))
        name = document.get("name", owner.stem)
        state: Any = document.get("state", {}).get("folder", STATE_FOLDER)
        folder = (owner.parent / Path(state).expanduser()).resolve()
        lapsed = (
            name != pipeline.name
            or folder != pipeline.state_dir.resolve()
            or document.get("dry_run") is True
        )
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError, TypeError):
        lapsed = False  # unreadable now: it keeps its claim until it can be read
    if lapsed:
        return None
    return (
        f"{shown(pipeline.path)} and {shown(owner)} both call themselves "
        f'"{pipeline.name}" in state folder {shown(pipeline.state_dir)}'
    )


def shown(path: Path) -> str:
    """``path`` as a person at this shell would type it: relative to the working folder
    when it is inside it, else in full."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)
