"""Pipelines: the file that says what to sync where, its checks, and the run of it.

``load_pipeline`` reads a file into a ``Pipeline``, ``validate_pipeline``
checks it without reaching Boolky, and ``run`` / ``plan`` run it. The names are
imported on first use (PEP 562), so importing the package costs nothing: the
runner brings pandas with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boolky_sync.lazy_import import lazy_names

if TYPE_CHECKING:
    from boolky_sync.pipeline.config import Pipeline
    from boolky_sync.pipeline.outcome import RunOutcome
    from boolky_sync.pipeline.pipeline_file import load_pipeline
    from boolky_sync.pipeline.problems import PipelineFileError
    from boolky_sync.pipeline.runner import Hooks, RunOptions, plan, run, run_pipeline
    from boolky_sync.pipeline.validate import validate_pipeline

_HOME = {
    "boolky_sync.pipeline.config": ["Pipeline"],
    "boolky_sync.pipeline.outcome": ["RunOutcome"],
    "boolky_sync.pipeline.pipeline_file": ["load_pipeline"],
    "boolky_sync.pipeline.problems": ["PipelineFileError"],
    "boolky_sync.pipeline.runner": ["Hooks", "RunOptions", "plan", "run", "run_pipeline"],
    "boolky_sync.pipeline.validate": ["validate_pipeline"],
}
"""Where each name of the package lives."""

__all__ = [
    "Hooks",
    "Pipeline",
    "PipelineFileError",
    "RunOptions",
    "RunOutcome",
    "load_pipeline",
    "plan",
    "run",
    "run_pipeline",
    "validate_pipeline",
]


if not TYPE_CHECKING:  # hidden from type checkers: a misspelt name fails there
    __getattr__, __dir__ = lazy_names(__name__, _HOME)
