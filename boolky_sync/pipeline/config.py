"""A pipeline file, as the runner uses it once it has been read and validated.

A pipeline file (TOML, in ``pipelines/``) says where the contacts come from,
how to normalize them, how to sync them, where Boolky is and where the report
goes. ``load_pipeline`` (in ``pipeline/load.py``) turns the file into a
``Pipeline`` or raises ``ConfigError`` naming the file, the key and the line.
Paths in the file are relative to the file's folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.sync.options import SyncOptions


@dataclass(frozen=True)
class Source:
    paths: tuple[Path, ...]
    """The files (a glob in the file is expanded, sorted) — several are read as one source."""
    format: str | None = None
    preset: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    mapping: dict[str, list[str]] = field(default_factory=dict)
    """Explicit column mapping: canonical field → source column(s); wins over guessing."""


@dataclass(frozen=True)
class Target:
    kind: str = "sandbox"
    """``sandbox`` (a local Boolky in this process, state in ``state``) or ``api``."""
    state: Path | None = None
    """The sandbox's SQLite state file (kept between runs, so a second run sees the first)."""
    duplicate_policy: str = "upsert"
    """The sandbox's answer to a phone that already exists (for rehearsals)."""
    base_url: str | None = None
    api_key_env: str = "BOOLKY_API_KEY"
    """The environment variable holding the key; the key itself is never in the file."""
    timeout: float = 30.0
    max_attempts: int = 5


@dataclass(frozen=True)
class ReportSettings:
    folder: Path
    """One timestamped folder per run is made inside it, plus ``latest``."""
    formats: tuple[str, ...] = ("json", "html", "csv", "xlsx")


@dataclass(frozen=True)
class Pipeline:
    name: str
    path: Path
    source: Source
    normalize: NormalizeOptions
    sync: SyncOptions
    target: Target
    report: ReportSettings
    state_dir: Path
    """Where the ledger, the run journal and the lock live (``<folder>/<name>.*``)."""
    dry_run: bool = False
    """The file's ``dry_run = true``: this pipeline only ever plans and reports, whatever
    the command line says (a pipeline meant for diff reports can never write by mistake)."""

    @property
    def ledger_path(self) -> Path:
        return self.state_dir / f"{self.name}.ledger.sqlite"

    @property
    def journal_path(self) -> Path:
        return self.state_dir / f"{self.name}.journal.sqlite"

    @property
    def lock_path(self) -> Path:
        return self.state_dir / f"{self.name}.lock"
