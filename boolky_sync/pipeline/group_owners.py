"""One owner per managed group: which pipeline file manages which group on which Boolky.

Two mirrors managing one group fight over it for ever: one removes the
contacts only the other's source has, the other puts them back, both exit 0.
So every run that writes records its managed groups in the state folder
(``managed_groups.sqlite``), keyed by the Boolky it writes to
(``targets.target_identity``) and the group's key (its case-folded name),
with the pipeline's name, file and ledger. A second file claiming a group
already claimed on that Boolky is refused -- by ``validate`` and by ``run``
and ``plan``, as a ``ConfigError`` (exit 2) naming the other pipeline and its
file -- unless both say ``[sync] shared_group = true``: then they share it by
the rule in ``sync.plan.shared``, and a sharing run reads the others' ledgers
(``sharing_ledgers``).

A pipeline file saying ``dry_run = true`` never writes, so it neither claims
nor is refused: a diff report may look at another pipeline's group.

A claim is released by the file that made it: each writing run replaces its
file's claims with the groups it manages now. A claim whose file is gone, or
no longer lists the group under ``managed_groups``, is stale and released as
soon as another pipeline meets it; a file that cannot be read keeps its claim.
Only pipelines sharing a state folder see each other's claims. A file moved
or renamed takes its claims along (``move_claims``, called when it takes its
name over: ``name_owners``).
"""

from __future__ import annotations

import sqlite3
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from boolky_sync.errors import ConfigError
from boolky_sync.normalize.groups import group_key
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.sqlite_file import Layout, SqliteFile
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.plan.shared import Held, held_in

REGISTRY = "managed_groups.sqlite"

_LAYOUT = Layout(
    table="claims",
    version=1,
    schema="""
CREATE TABLE IF NOT EXISTS claims (
    target TEXT NOT NULL,
    group_key TEXT NOT NULL,
    group_name TEXT NOT NULL,
    file TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    shared INTEGER NOT NULL,
    ledger TEXT NOT NULL,
    claimed TEXT NOT NULL,
    PRIMARY KEY (target, group_key, file)
);
""",
)
_COLUMNS = "group_key, group_name, file, pipeline, shared, ledger, claimed"


@dataclass(frozen=True)
class Claim:
    """A pipeline file's claim on one managed group of one Boolky."""

    key: str
    group: str
    file: str
    pipeline: str
    shared: bool
    ledger: str
    claimed: str


@dataclass(frozen=True)
class Owners:
    """What the registry says about a pipeline's managed groups on one Boolky."""

    others: list[Claim]
    """Live claims of other files on the same groups, oldest first."""
    conflicts: list[Claim]
    """Those of them this pipeline may not share (not both ``shared_group = true``)."""
    earlier: list[Claim]
    """Those claimed before this pipeline claimed the group: their fields win."""

    def refusal(self, pipeline: Pipeline) -> str | None:
        """The one-line reason the pipeline may not run, or ``None``."""
        if not self.conflicts:
            return None
        other = self.conflicts[0]
        return (
            f"group {other.group!r} is already managed by pipeline {other.pipeline} "
            f"({other.file}) on this Boolky: two pipelines managing one group undo each "
            "other's work every run"
        )


REFUSAL_FIX = (
    "remove the group from managed_groups in one of the two files, or say "
    "shared_group = true under [sync] in both to share it"
)


class GroupRegistry(SqliteFile):
    """The claims of every pipeline keeping its state in one folder."""

    def __init__(self, state_dir: Path) -> None:
        super().__init__(state_dir / REGISTRY, what="managed-group registry", layout=_LAYOUT)

    def settle(
        self, pipeline: Pipeline, target: str, ledger: Path | None, *, claim: bool
    ) -> Owners:
        """Release the stale claims met, find the other claims on the pipeline's groups
        and, with ``claim`` and no conflict, make the pipeline's claims its groups now
        (``ledger`` is where its contacts of this Boolky are), all in one transaction."""
        mine = str(pipeline.path.resolve())
        groups = {group_key(name): name for name in pipeline.sync.managed_groups}
        shared = pipeline.sync.shared_group
        with self._write() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM claims WHERE target = ? AND file != ? ORDER BY claimed",
                (target, mine),
            ).fetchall()
            others = []
            for row in rows:
                found = _live(Claim(row[0], row[1], row[2], row[3], bool(row[4]), *row[5:]))
                if found is None:
                    db.execute(
                        "DELETE FROM claims WHERE target = ? AND group_key = ? AND file = ?",
                        (target, row[0], row[2]),
                    )
                elif found.key in groups:
                    others.append(found)
            conflicts = [c for c in others if not (shared and c.shared)]
            if claim and not conflicts:
                _claim(db, target, pipeline, groups, str(ledger))
            since = "SELECT group_key, claimed FROM claims WHERE target = ? AND file = ?"
            first = dict(db.execute(since, (target, mine)).fetchall())
        earlier = [c for c in others if c.claimed < first.get(c.key, "~")]
        return Owners(others, conflicts, earlier)

    def move(self, old: str, new: str) -> None:
        """The file ``old`` is now ``new`` (moved or renamed): its claims are the moved
        file's, each keeping the date it was first made (``earlier`` is decided by it)."""
        with self._write() as db:
            db.execute("UPDATE OR IGNORE claims SET file = ? WHERE file = ?", (new, old))
            db.execute("DELETE FROM claims WHERE file = ?", (old,))


def move_claims(state_dir: Path, old: Path, new: Path) -> None:
    """``GroupRegistry.move`` in ``state_dir``, if it has a registry."""
    if (state_dir / REGISTRY).is_file():
        with GroupRegistry(state_dir) as owners:
            owners.move(str(old.resolve()), str(new.resolve()))


def _claim(
    db: sqlite3.Connection, target: str, pipeline: Pipeline, groups: dict[str, str], ledger: str
) -> None:
    """The pipeline's claims become its groups now; a claim kept keeps its first date."""
    mine = str(pipeline.path.resolve())
    held = db.execute(
        "SELECT group_key FROM claims WHERE target = ? AND file = ?", (target, mine)
    ).fetchall()
    db.executemany(
        "DELETE FROM claims WHERE target = ? AND group_key = ? AND file = ?",
        [(target, key, mine) for (key,) in held if key not in groups],
    )
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    db.executemany(
        """INSERT INTO claims (target, group_key, group_name, file, pipeline, shared, ledger,
        claimed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target, group_key, file) DO UPDATE
        SET group_name = excluded.group_name, pipeline = excluded.pipeline,
        shared = excluded.shared, ledger = excluded.ledger""",
        [
            (target, key, name, mine, pipeline.name, int(pipeline.sync.shared_group), ledger, now)
            for key, name in groups.items()
        ],
    )


def group_owners(
    pipeline: Pipeline, target: str, ledger: Path | None = None, *, claim: bool
) -> Owners:
    """``GroupRegistry.settle`` in the pipeline's state folder. A pipeline that never
    writes (``dry_run = true`` in its file: a diff report of another's group) neither
    claims nor is refused; one managing no group, or only looking where no registry is
    yet, needs none."""
    claims = claim and bool(pipeline.sync.managed_groups)
    if pipeline.dry_run or (not claims and not (pipeline.state_dir / REGISTRY).exists()):
        return Owners([], [], [])
    with GroupRegistry(pipeline.state_dir) as owners:
        return owners.settle(pipeline, target, ledger, claim=claim)


def _live(claim: Claim) -> Claim | None:
    """The claim as its file says now (its ``shared_group`` too), or ``None`` when stale."""
    path = Path(claim.file)
    if not path.is_file():
        return None
    try:
        sync: Any = tomllib.loads(path.read_text(encoding="utf-8")).get("sync", {})
        managed = sync.get("managed_groups", [])
        keys = {group_key(name) for name in managed if isinstance(name, str)}
        shared = sync.get("shared_group", False) is True
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError, TypeError):
        return claim  # unreadable now: it keeps its claim until it can be read
    if claim.key not in keys:
        return None
    return Claim(
        claim.key, claim.group, claim.file, claim.pipeline, shared, claim.ledger, claim.claimed
    )


@dataclass(frozen=True)
class Sharing:
    """What a run sharing its managed groups needs of the others (``sync.plan.shared``)."""

    shared: frozenset[str] = frozenset()
    """Keys of this pipeline's groups another pipeline shares."""
    others: Held = field(default_factory=dict)
    """Contacts the other sharing pipelines' ledgers hold in those groups."""
    first: Held = field(default_factory=dict)
    """The same, of the pipelines that claimed a group before this one."""


def checked_owners(pipeline: Pipeline, target: str, ledger: Path, *, claim: bool) -> Sharing:
    """Refuse a pipeline managing a group another file manages on ``target``
    (``ConfigError``, naming it); else claim its groups (``claim``) and read the ledgers
    of the pipelines it shares them with."""
    owners = group_owners(pipeline, target, ledger, claim=claim)
    refusal = owners.refusal(pipeline)
    if refusal is not None:
        raise ConfigError(
            f"{pipeline.path}: sync.managed_groups: {refusal} — {REFUSAL_FIX}",
            path=str(pipeline.path),
            key="sync.managed_groups",
        )
    if not owners.others:
        return Sharing()
    return Sharing(
        frozenset(c.key for c in owners.others),
        _held(owners.others),
        _held(owners.earlier),
    )


def _held(claims: list[Claim]) -> dict[str, frozenset[str]]:
    """Phone → keys of the claimed groups the claimants' ledgers hold it in."""
    held: dict[str, frozenset[str]] = {}
    for ledger, keys in _by_ledger(claims).items():
        if not Path(ledger).is_file():
            continue  # it has written nothing yet (and looking must not make it)
        with Ledger(ledger) as theirs:
            for phone, groups in held_in(theirs.entries(), keys).items():
                held[phone] = held.get(phone, frozenset()) | groups
    return held


def _by_ledger(claims: list[Claim]) -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for claim in claims:
        found[claim.ledger] = found.get(claim.ledger, frozenset()) | {claim.key}
    return found
