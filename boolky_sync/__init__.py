"""boolky-sync: keep a Boolky contact list in step with the files contacts live in.

The library a scheduler calls, as the ``boolky-sync`` command does::

    import boolky_sync

    outcome = boolky_sync.run("pipelines/nightly_crm_sync.toml")
    outcome.raise_for_status()          # the BoolkyError that stopped it, if any
    print(outcome.summary["applied"])   # the figures summary.json holds

Importing the package is cheap: the errors are here at once, everything else
(pandas, httpx, the sandbox's web server) is imported on first use (PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boolky_sync import pipeline
from boolky_sync.errors import (
    ApiError,
    AuthError,
    BoolkyError,
    ConfigError,
    InputError,
    InternalError,
    Interrupted,
    LockedError,
    NetworkError,
    OutcomeUnknownError,
    ProtocolError,
    RateLimitedError,
    SafetyError,
    ServerError,
    StoppedError,
    StorageError,
    Terminated,
    UnavailableError,
)
from boolky_sync.lazy_import import lazy_names

if TYPE_CHECKING:
    from boolky_sync.api.client import BoolkyClient
    from boolky_sync.pipeline import (
        Hooks,
        Pipeline,
        PipelineFileError,
        RunOptions,
        RunOutcome,
        load_pipeline,
        plan,
        run,
        run_pipeline,
        validate_pipeline,
    )
    from boolky_sync.sandbox.server import run_sandbox

__version__ = "0.1.0"

_LAZY = {
    "boolky_sync.api.client": ["BoolkyClient"],
    "boolky_sync.sandbox.server": ["run_sandbox"],
    "boolky_sync.pipeline": pipeline.__all__,
}
"""The names imported on first use, and the module each comes from."""

__all__ = [
    "ApiError",
    "AuthError",
    "BoolkyClient",
    "BoolkyError",
    "ConfigError",
    "Hooks",
    "InputError",
    "InternalError",
    "Interrupted",
    "LockedError",
    "NetworkError",
    "OutcomeUnknownError",
    "Pipeline",
    "PipelineFileError",
    "ProtocolError",
    "RateLimitedError",
    "RunOptions",
    "RunOutcome",
    "SafetyError",
    "ServerError",
    "StoppedError",
    "StorageError",
    "Terminated",
    "UnavailableError",
    "__version__",
    "load_pipeline",
    "plan",
    "run",
    "run_pipeline",
    "run_sandbox",
    "validate_pipeline",
]


if not TYPE_CHECKING:  # hidden from type checkers: a misspelt name fails there
    __getattr__, __dir__ = lazy_names(__name__, _LAZY)
