"""Check a pipeline without running it: the file, then its source read as a run would.

A file can be well formed and still fail at 2 a.m. because the export moved,
its sheet was renamed or the mapping names a column that is gone. So
``validate_pipeline`` loads the file (``load_pipeline``), then reads the source
through the runner's own ``read_pipeline_source`` and normalizes it, to show
the mapping and how many rows would be refused. It builds no client and starts
no sandbox: nothing here can reach Boolky.

A source that cannot be read is an error of the pipeline file too, and is
reported as one: the key that leads to it (``source.path``, ``source.sheet``,
``source.mapping.phone`` ...) and its line, followed by extract's own message.
The key is the one the error carries (``InputError.key``, relative to
``[source]``); an error that names none is about the files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from boolky_sync.errors import InputError
from boolky_sync.extract import Extracted
from boolky_sync.normalize import Normalized, normalize
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.problems import PipelineFileError, Problem
from boolky_sync.pipeline.runner import read_pipeline_source
from boolky_sync.pipeline.toml_positions import KeyPath, dotted, key_lines, line_of


@dataclass(frozen=True)
class Validation:
    """A pipeline that loads, and what reading its source found."""

    pipeline: Pipeline
    extracted: Extracted
    """The source as a run reads it: all files as one table, and the column mapping."""
    normalized: Normalized
    """The contacts and rejects the run would start from (before Boolky is asked anything)."""


def validate_pipeline(path: str | Path) -> Validation:
    """Load ``path`` and read its source; ``PipelineFileError`` names the key at fault."""
    pipeline = load_pipeline(path)
    try:
        extracted = read_pipeline_source(pipeline)
        normalized = normalize(extracted.table, extracted.mapping, pipeline.normalize)
    except InputError as error:
        raise _as_file_error(error, pipeline, str(path)) from error
    return Validation(pipeline, extracted, normalized)


def _as_file_error(error: InputError, pipeline: Pipeline, shown: str) -> PipelineFileError:
    """The source's error, pinned to the pipeline file's key (and line) that leads to it."""
    key = _key_for(error, pipeline)
    try:
        lines = key_lines(pipeline.path.read_text(encoding="utf-8"))
    except OSError:
        lines = {}
    return PipelineFileError([Problem(shown, dotted(key), line_of(lines, key), str(error), "")])


def _key_for(error: InputError, pipeline: Pipeline) -> KeyPath:
    if error.key is None or (error.key == "sheet" and pipeline.source.sheet is None):
        # No key, or a sheet the file did not choose: the path is what to check.
        return ("source", "path")
    return ("source", *error.key.split("."))
