"""Check a pipeline without running it: the file, then its source read as a run would.

A file can be well formed and still fail at 2 a.m. because the export moved,
its sheet was renamed or the mapping names a column that is gone. So
``validate_pipeline`` loads the file (``load_pipeline``), then reads the source
through the same ``read_pipeline_source`` a run uses and normalizes it, to show
the mapping and how many rows would be refused. It builds no client and starts
no sandbox: nothing here can reach Boolky.

A source that cannot be read is an error of the pipeline file too, and is
reported as one: the key that leads to it (``source.path``, ``source.sheet``,
``source.mapping.phone`` ...) and its line, followed by extract's own message.
The key is the one the error carries (``InputError.key``, relative to
``[source]``); an error that names none is about the files themselves.

So is a managed group another pipeline file already manages on the same
Boolky (``group_owners``: ``sync.managed_groups``, naming that file), and a
report or state folder a run could not write (full, read-only, a file
in its way): ``report.folder`` or ``state.folder``, found by writing a
temporary file there, or in the nearest parent that exists if the folder does
not yet (and removing it again).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from boolky_sync.errors import InputError
from boolky_sync.extract import Extracted
from boolky_sync.normalize import Normalized, normalize
from boolky_sync.pipeline.config import Pipeline
from boolky_sync.pipeline.group_owners import REFUSAL_FIX, group_owners
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.problems import PipelineFileError, Problem
from boolky_sync.pipeline.source_files import read_pipeline_source
from boolky_sync.pipeline.targets import target_identity
from boolky_sync.pipeline.toml_positions import KeyPath, dotted, key_lines, line_of
from boolky_sync.storage import in_words, unwritable


@dataclass(frozen=True)
class Validation:
    """A pipeline that loads, and what reading its source found."""

    pipeline: Pipeline
    extracted: Extracted
    """The source as a run reads it: all files as one table, and the column mapping."""
    normalized: Normalized
    """The contacts and rejects the run would start from (before Boolky is asked anything)."""


def validate_pipeline(path: str | Path) -> Validation:
    """Load ``path``, read its source and try its folders; ``PipelineFileError`` names the
    key at fault (every one, when the source and a folder both are)."""
    pipeline = load_pipeline(path)
    try:
        lines = key_lines(pipeline.path.read_text(encoding="utf-8"))
    except OSError:
        lines = {}
    folders = _folder_problems(pipeline, str(path), lines)
    folders = folders or _owner_problems(pipeline, str(path), lines)  # its registry is there
    try:
        extracted = read_pipeline_source(pipeline)
        normalized = normalize(extracted.table, extracted.mapping, pipeline.normalize)
    except InputError as error:
        key = _key_for(error, pipeline)
        source = Problem(str(path), dotted(key), line_of(lines, key), str(error), "")
        raise PipelineFileError([source, *folders]) from error
    if folders:
        raise PipelineFileError(folders)
    return Validation(pipeline, extracted, normalized)


def _folder_problems(pipeline: Pipeline, shown: str, lines: dict[KeyPath, int]) -> list[Problem]:
    """The report and state folders a run could not write in, each as its key's problem."""
    problems = []
    for key, folder in (
        (("report", "folder"), pipeline.report.folder),
        (("state", "folder"), pipeline.state_dir),
    ):
        found = unwritable(folder)
        if found is None:
            continue
        code, where = found
        what = in_words(code, where)
        if where != folder:
            what = f"{folder} cannot be created: {what}"
        fix = "make it writable, or choose another folder"
        problems.append(Problem(shown, dotted(key), line_of(lines, key), what, fix))
    return problems


def _owner_problems(pipeline: Pipeline, shown: str, lines: dict[KeyPath, int]) -> list[Problem]:
    """A managed group another pipeline file manages on the same Boolky (``group_owners``)."""
    owners = group_owners(pipeline, target_identity(pipeline, None), claim=False)
    refusal = owners.refusal(pipeline)
    if refusal is None:
        return []
    key = ("sync", "managed_groups")
    return [Problem(shown, dotted(key), line_of(lines, key), refusal, REFUSAL_FIX)]


def _key_for(error: InputError, pipeline: Pipeline) -> KeyPath:
    if error.key is None or (error.key == "sheet" and pipeline.source.sheet is None):
        # No key, or a sheet the file did not choose: the path is what to check.
        return ("source", "path")
    return ("source", *error.key.split("."))
