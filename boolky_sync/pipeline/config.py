"""A pipeline file, as the runner uses it once it has been read and validated.

A pipeline file (TOML, in ``pipelines/``) says where the contacts come from,
how to normalize them, how to sync them, where Boolky is and where the report
goes. ``load_pipeline`` (in ``pipeline/pipeline_file.py``) turns the file
into a ``Pipeline`` or raises ``ConfigError`` naming the file, the key and the
line. Paths in the file are relative to the file's folder. ``Target`` checks
its own values, as ``SyncOptions`` and ``NormalizeOptions`` do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from boolky_sync.api import API_KEY_ENV
from boolky_sync.api.base_url import base_url_problem
from boolky_sync.api.defaults import MAX_ANSWER_MIB
from boolky_sync.extract.limits import ReadLimits
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.option_rules import OptionError, number, one_of, whole_number
from boolky_sync.pipeline.alerts_config import Alerts
from boolky_sync.report.write import FORMATS, ReportFormat
from boolky_sync.sync.options import SyncOptions

TargetKind = Literal["sandbox", "api"]
TARGET_KINDS: tuple[TargetKind, ...] = get_args(TargetKind)
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")


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
    remembered_in: Path | None = None
    """A state folder whose remembered mappings apply (``import``); a pipeline file has none."""
    limits: ReadLimits = field(default_factory=ReadLimits)
    """How large a file may be (``max_columns``, ``max_cell_kib``, ``max_cells``,
    ``max_inflated_mib``, ``max_compression_ratio``): beyond them it is refused unread."""


@dataclass(frozen=True)
class Target:
    kind: TargetKind = "sandbox"
    """``sandbox`` (a local Boolky in this process, state in ``state``) or ``api``."""
    state: Path | None = None
    """The sandbox's SQLite state file (kept between runs, so a second run sees the first)."""
    duplicate_policy: str = "upsert"
    """The sandbox's answer to a phone that already exists (for rehearsals)."""
    base_url: str | None = None
    api_key_env: str = API_KEY_ENV
    """The environment variable holding the key; the key itself is never in the file."""
    timeout: float = 30.0
    max_attempts: int = 5
    max_answer_mib: int = MAX_ANSWER_MIB
    """The most one answer from Boolky may be; a longer one is refused, not read on."""

    def __post_init__(self) -> None:
        """Refuse a value outside its rule with ``OptionError`` (a ``ValueError``)."""
        # Imported here: the sandbox package loads its web app, and only this rule needs it.
        from boolky_sync.sandbox.store import DUPLICATE_POLICIES

        one_of("kind", self.kind, TARGET_KINDS)
        one_of("duplicate_policy", self.duplicate_policy, DUPLICATE_POLICIES)
        if not (isinstance(self.api_key_env, str) and _ENV_NAME.fullmatch(self.api_key_env)):
            # The value is never repeated: it may be the key itself, put in the wrong place.
            raise OptionError(
                "api_key_env",
                "must be the name of an environment variable (capitals, digits and _), "
                f"like {API_KEY_ENV}",
                "put the key itself in that variable, never in the file",
            )
        if self.base_url is not None:
            # The value is never repeated: a key may have been pasted into it.
            problem = base_url_problem(self.base_url, self.api_key_env)
            if problem is not None:
                raise OptionError("base_url", *problem)
        number("timeout", self.timeout, 0, like=Target.timeout)
        whole_number("max_attempts", self.max_attempts, 1, like=Target.max_attempts)
        whole_number("max_answer_mib", self.max_answer_mib, 1, like=Target.max_answer_mib)


@dataclass(frozen=True)
class ReportSettings:
    folder: Path
    """One timestamped folder per run is made inside it, plus ``latest``."""
    formats: tuple[ReportFormat, ...] = FORMATS


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
    alerts: Alerts = field(default_factory=Alerts)
    """Where a change in the pipeline's health is told (``[alerts]``): nowhere by default."""

    @property
    def ledger_path(self) -> Path:
        return self.state_dir / f"{self.name}.ledger.sqlite"

    @property
    def journal_path(self) -> Path:
        return self.state_dir / f"{self.name}.journal.sqlite"

    @property
    def lock_path(self) -> Path:
        return self.state_dir / f"{self.name}.lock"
