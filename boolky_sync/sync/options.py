"""The sync settings of a pipeline (DESIGN.md, "Sync semantics"), with their defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Mode = Literal["insert", "upsert", "mirror"]
Scope = Literal["ledger", "account"]
RemoteDeletions = Literal["respect", "restore"]
UpdateStrategy = Literal["readd", "replace"]


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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["managed_groups"] = list(self.managed_groups)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SyncOptions:
        data = dict(data)
        data["managed_groups"] = tuple(data.get("managed_groups", ()))
        return cls(**data)
