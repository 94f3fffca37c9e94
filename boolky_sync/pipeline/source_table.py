"""The ``[source]`` table: which files to read, and how, checked before anything is read.

A path that matches nothing, a format or preset misspelt, an encoding Python
does not know: each is a problem at its key and line here, so a cron run never
starts on a source it cannot read. Paths and globs start at the pipeline
file's folder, never at the working directory.
"""

from __future__ import annotations

import codecs
import glob
from collections.abc import Callable, Collection
from pathlib import Path

from boolky_sync.extract import CANONICAL_FIELDS, PRESETS
from boolky_sync.extract.read import FORMAT_NAMES
from boolky_sync.option_rules import closest, shown
from boolky_sync.pipeline.config import Source
from boolky_sync.pipeline.option_tables import limits_table
from boolky_sync.pipeline.problems import Reader, Table
from boolky_sync.pipeline.schema import KNOWN_KEYS
from boolky_sync.pipeline.toml_positions import KeyPath


def source_table(reader: Reader, top: Table) -> Source:
    """The ``[source]`` table as a ``Source``; its problems go to ``reader``."""
    table = top.subtable("source", KNOWN_KEYS["source"])
    if table is None:
        if "source" not in top.data:
            reader.problem(
                ("source",),
                "no [source] table: the pipeline has nothing to read",
                'add [source] with path = "contacts.csv" (relative to this file)',
            )
        return Source(paths=())
    return Source(
        paths=_source_paths(table),
        format=_format(table),
        preset=_preset(table),
        sheet=table.text("sheet", example='"Contacts"'),
        encoding=_encoding(table),
        mapping=_mapping(table.subtable("mapping", CANONICAL_FIELDS)),
        limits=limits_table(table),
    )


def _source_paths(table: Table) -> tuple[Path, ...]:
    value = table.get("path")
    if value is None:
        table.problem(
            "path",
            "missing: the file to read is required",
            'add path = "contacts.csv" under [source] (relative to this file; a glob like '
            '"exports/*.csv" or a list of them works too)',
        )
        return ()
    patterns: list[tuple[KeyPath, str]]
    if isinstance(value, list):
        texts = table.texts("path", (), example='["a.csv", "b.csv"]')
        patterns = [((*table.at("path"), i), t) for i, t in enumerate(texts)]
        if not value:
            table.problem("path", "is an empty list", 'name at least one file: path = ["a.csv"]')
    else:
        text = table.text("path", example='"contacts.csv"')
        patterns = [(table.at("path"), text)] if text else []
    found: dict[Path, None] = {}
    for key, pattern in patterns:
        for match in _matching_files(table.reader, key, pattern):
            found.setdefault(match)
    return tuple(found)


def _matching_files(reader: Reader, key: KeyPath, pattern: str) -> list[Path]:
    """The files a path or glob names, relative to the pipeline file's folder, sorted."""
    written = Path(pattern).expanduser()
    if not glob.has_magic(pattern):
        path = (reader.folder / written).resolve()
        if path.is_file():
            return [path]
        what = "is a folder" if path.is_dir() else "no such file"
        reader.problem(key, f"{what}: {path}", _path_fix(path))
        return []
    base = "" if written.is_absolute() else glob.escape(str(reader.folder)) + "/"
    # glob.glob, not Path.glob: the pattern may be absolute, or climb out with "..".
    found = glob.glob(base + str(written), recursive=True)  # noqa: PTH207
    matches = sorted(Path(p).resolve() for p in found)
    files = [m for m in matches if m.is_file()]
    if not files:
        reader.problem(
            key,
            f'"{pattern}" matches no file in {reader.folder}',
            "check the pattern; paths are relative to the pipeline file's folder",
        )
    return files


def _path_fix(path: Path) -> str:
    if path.is_dir():
        return 'name a file in it, or a glob like "folder/*.csv"'
    return "check the path; it is relative to the pipeline file's folder, not to where you run"


def _format(table: Table) -> str | None:
    return _one_of(
        table,
        "format",
        FORMAT_NAMES,
        example='"csv"',
        noun="format",
        otherwise="or leave it out to detect it",
        fold=lambda v: v.lower().lstrip("."),
    )


def _preset(table: Table) -> str | None:
    return _one_of(
        table,
        "preset",
        PRESETS,
        example='"hubspot"',
        noun="preset",
        otherwise="or leave it out to recognise the export",
    )


def _one_of(
    table: Table,
    key: str,
    names: Collection[str],
    *,
    example: str,
    noun: str,
    otherwise: str,
    fold: Callable[[str], str] = str,
) -> str | None:
    """A text that must be one of ``names``; a slip gets the closest name suggested."""
    value = table.text(key, example=example)
    if value is not None and fold(value) not in names:
        close = closest(value, names)
        hint = f' (did you mean "{close}"?)' if close else ""
        table.problem(
            key,
            f"{shown(value)} is not a {noun}",
            f"use one of {', '.join(names)}{hint}, {otherwise}",
        )
        return None
    return value


def _encoding(table: Table) -> str | None:
    value = table.text("encoding", example='"cp1252"')
    if value is None:
        return None
    try:
        codecs.lookup(value)
    except LookupError:
        table.problem(
            "encoding",
            f"{shown(value)} is not an encoding Python knows",
            'use a name like "utf-8", "cp1252" or "latin-1", or leave it out to detect it',
        )
        return None
    return value


def _mapping(table: Table | None) -> dict[str, list[str]]:
    """``field = "Column"`` or ``field = ["Column", ...]``; fields are checked as keys."""
    if table is None:
        return {}
    mapping: dict[str, list[str]] = {}
    for name, value in table.data.items():
        if name not in CANONICAL_FIELDS:
            continue  # reported by check_keys
        example = f'"Column", or {name} = ["Column A", "Column B"]'
        if isinstance(value, list):
            columns = list(table.texts(name, (), example=example))
            if not value:
                table.problem(name, "is an empty list", f"name a column: {name} = {example}")
        else:
            text = table.text(name, example=example)
            columns = [text] if text else []
        if columns:
            mapping[name] = columns
    return mapping
