"""The sync settings of a pipeline (DESIGN.md, "Sync semantics"), with their defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

from boolky_sync.option_rules import number, one_of, whole_number

Mode = Literal["insert", "upsert", "mirror"]
Scope = Literal["ledger", "account"]
RemoteDeletions = Literal["respect", "restore"]
UpdateStrategy = Literal["readd", "replace"]

MAX_CONCURRENCY = 16
"""More write calls in flight than this only earns rate limits."""


@dataclass(frozen=True)
class SyncOptions:
    mode: Mode = "upsert"
    """insert: only create; upsert: create and update; mirror: also remove what left."""
    scope: Scope = "ledger"
    """What a mirror may remove: only this pipeline's ledger contacts, or (``account``,
    asked for explicitly) every remote contact missing from the source."""
    managed_groups: tuple[str, ...] = ()
    """Groups this pipeline maintains; a mirror removes its contacts from these."""
    delete_contacts: bool = False
    """A mirror deletes a contact outright when it then belongs to no other group."""
    shared_group: bool = False
    """The managed groups may be managed by other pipelines too, if they say so as well
    (``sync.plan.shared`` says who wins); else a second claimant is refused."""
    max_delete_fraction: float = 0.10
    """Deletions + removals above this share of the contacts in scope stop the run."""
    allow_mass_delete: bool = False
    empty_clears: bool = False
    """An empty cell in a carried column clears the field on Boolky (else: unknown)."""
    remote_deletions: RemoteDeletions = "respect"
    update_strategy: UpdateStrategy = "readd"
    batch_size: int = 500
    concurrency: int = 2
    """Write calls in flight at once."""

    def __post_init__(self) -> None:
        """Refuse a value outside its range with ``OptionError`` (a ``ValueError``)."""
        one_of("mode", self.mode, get_args(Mode))
        one_of("scope", self.scope, get_args(Scope))
        one_of("remote_deletions", self.remote_deletions, get_args(RemoteDeletions))
        one_of("update_strategy", self.update_strategy, get_args(UpdateStrategy))
        fraction = self.max_delete_fraction
        number("max_delete_fraction", fraction, 0, 1, like=SyncOptions.max_delete_fraction)
        whole_number("batch_size", self.batch_size, 1, like=SyncOptions.batch_size)
        concurrency = self.concurrency
        whole_number("concurrency", concurrency, 1, MAX_CONCURRENCY, like=SyncOptions.concurrency)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["managed_groups"] = list(self.managed_groups)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SyncOptions:
        data = dict(data)
        data["managed_groups"] = tuple(data.get("managed_groups", ()))
        return cls(**data)
