"""Read a pipeline file and check all of it before anything runs.

A pipeline that runs from cron must fail at its first line, not halfway through
a sync: so every key is checked here — unknown keys (with the closest known
one suggested), types, allowed values, ranges, that the source files exist —
and every problem names the file, the key and the line, and says how to fix
it. A name another pipeline file owns in the same state folder is refused
too (``name_owners``): the ledger, journal, lock and reports of that name are
that file's. ``load_pipeline`` raises ``PipelineFileError`` (a ``ConfigError``, exit
code 2) with the first problem in file order as its message and all of them in
``problems``; ``boolky-sync validate --json`` lists them all.

The layout, every key and its default, is README's "Pipeline file reference"
(``pipelines/*.toml`` are commented examples); the keys are ``schema``'s, and
each table is read by ``source_table`` or ``option_tables``. Every relative
path in the file, and every default folder, is relative to the folder the
pipeline file is in, never to the working directory, so cron and a person at
a shell read the same files.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from boolky_sync.api import API_KEY_ENV
from boolky_sync.option_rules import shown
from boolky_sync.pipeline.alerts_config import alerts_table
from boolky_sync.pipeline.config import Pipeline, ReportSettings
from boolky_sync.pipeline.name_owners import NAME_FIX, name_refusal
from boolky_sync.pipeline.option_tables import (
    normalize_table,
    report_table,
    state_table,
    sync_table,
    target_table,
)
from boolky_sync.pipeline.problems import PipelineFileError, Problem, Reader, Table
from boolky_sync.pipeline.schema import (
    FREE_TABLES,
    HOME_TABLE,
    KEY_ADVICE,
    KNOWN_KEYS,
    SECRET_KEYS,
)
from boolky_sync.pipeline.source_table import source_table
from boolky_sync.pipeline.toml_positions import KeyPath, key_lines, line_of

__all__ = ["load_pipeline"]

CREDENTIAL_ADVICE = (
    "put the key in the environment variable named by target.api_key_env "
    f"({API_KEY_ENV} unless set), never in the file"
)
NAME_IN_FOLDER = "{name}"
"""Written in ``[report] folder``, it stands for the pipeline's name."""
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def load_pipeline(path: str | Path) -> Pipeline:
    """The pipeline a file describes, fully checked; ``PipelineFileError`` if anything is wrong."""
    file = Path(path)
    text = _read_text(file)
    document = _parse(file, text)
    reader = Reader(
        str(file), file.resolve().parent, key_lines(text), HOME_TABLE, KEY_ADVICE, SECRET_KEYS
    )
    pipeline = _pipeline(reader, file, document)
    if reader.problems:
        raise PipelineFileError(reader.problems)
    refusal = name_refusal(pipeline)
    if refusal is not None:  # another file's state: refused before anything reads or writes it
        reader.problems.append(
            Problem(
                str(file), "name", line_of(reader.lines, ("name",)), f"{refusal}: {NAME_FIX}", ""
            )
        )
        raise PipelineFileError(reader.problems)
    return pipeline


def _read_text(file: Path) -> str:
    def fail(what: str, fix: str) -> PipelineFileError:
        return PipelineFileError([Problem(str(file), "", None, what, fix)])

    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail("no such pipeline file", "check the path (pipelines/*.toml)") from None
    except IsADirectoryError:
        raise fail("is a folder", "give the .toml file inside it") from None
    except UnicodeDecodeError as error:
        raise fail(f"is not UTF-8 text ({error.reason})", "save it as UTF-8") from None
    except OSError as error:
        raise fail(f"cannot be read ({error.strerror or error})", "check its permissions") from None


def _parse(file: Path, text: str) -> dict[str, Any]:
    """The document, or the syntax error at tomllib's line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        what = message[: found.start()].strip() if found else message
        line, column = (int(found[1]), int(found[2])) if found else (None, None)
        problem = Problem(
            str(file),
            "",
            line,
            f"not valid TOML: {what[:1].lower()}{what[1:]}",
            "fix the syntax there (strings need quotes, one key = value per line)",
            column,
        )
        raise PipelineFileError([problem]) from None


def _refuse_secrets(reader: Reader, value: Any, path: KeyPath = ()) -> None:
    """A credential anywhere in the file — even in a table of its own — is a problem."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_secrets(reader, item, (*path, index))
    if not isinstance(value, dict) or path in FREE_TABLES:
        return
    for key, item in value.items():
        if key.lower() in SECRET_KEYS:
            reader.problem(
                (*path, key), "a credential does not belong in the file", CREDENTIAL_ADVICE
            )
        else:
            _refuse_secrets(reader, item, (*path, key))


def _pipeline(reader: Reader, file: Path, document: dict[str, Any]) -> Pipeline:
    _refuse_secrets(reader, document)
    top = Table(reader, (), document)
    top.check_keys(KNOWN_KEYS[""])
    name = _name(top, file)
    state_dir = state_table(reader, top)
    normalize = normalize_table(top.subtable("normalize", KNOWN_KEYS["normalize"]))
    return Pipeline(
        name=name,
        path=file.resolve(),
        source=source_table(reader, top),
        normalize=normalize,
        sync=sync_table(top.subtable("sync", KNOWN_KEYS["sync"])),
        target=target_table(top.subtable("target", KNOWN_KEYS["target"]), state_dir),
        report=_named(
            report_table(reader, top.subtable("report", KNOWN_KEYS["report"]), name), name
        ),
        state_dir=state_dir,
        dry_run=top.boolean("dry_run", False),
        alerts=alerts_table(top.subtable("alerts", KNOWN_KEYS["alerts"])),
    )


def _named(report: ReportSettings, name: str) -> ReportSettings:
    """``{name}`` in ``[report] folder`` is the pipeline's name: a copy of the file that
    names itself anew (or by its file) then reports in a folder of its own."""
    folder = str(report.folder)
    if NAME_IN_FOLDER not in folder:
        return report
    return replace(report, folder=Path(folder.replace(NAME_IN_FOLDER, name)))


def _name(top: Table, file: Path) -> str:
    name = top.text("name", example='"nightly_crm_sync"')
    if name is None:
        return file.stem
    if not _NAME.fullmatch(name):
        top.problem(
            "name",
            f"{shown(name)} cannot name the pipeline's files",
            "use letters, digits, _ . and - (up to 64), starting with a letter or digit",
        )
        return file.stem
    return name
