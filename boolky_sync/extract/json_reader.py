"""Read JSON and NDJSON contact lists, and Boolky's own getContacts backups.

JSON arrives in a few shapes: a list of objects, one object per line (NDJSON,
what log and export tools stream), an API answer that holds the list under a
key such as ``"data"``, and the ``getContacts`` response a backup made with
this tool saves. The last is read into Boolky's own fields, with group ids
turned back into group names, so restoring a backup is an ordinary import.

Records are objects; anything else in the list is skipped with a note naming
its position, so one stray value does not stop the file. A JSON document cut
short does not parse, and is refused; an NDJSON file cut short reads up to its
last line, which ``cut_rows`` then names (a mirror refuses such a source).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from boolky_sync.errors import InputError
from boolky_sync.extract.limits import ReadLimits, check_cells, check_width
from boolky_sync.extract.table import (
    SourceTable,
    cut_row_note,
    number_text,
    source_frame,
    unique_names,
)
from boolky_sync.extract.text_decoding import decode_unicode, file_bytes

RECORD_KEYS = ("contacts", "data", "items", "records", "results")
"""Keys under which API answers and exports hold their list of records."""
NDJSON_SUFFIXES = (".ndjson", ".jsonl")
BOOLKY_COLUMNS = ("id", "name", "phone", "groups", "gender", "mail", "birthday")
ALL_GROUP = "0"
"""Boolky's default group, which every contact is in: not a membership worth restoring."""
GROUP_SEPARATOR = "; "
POSITIONS_SHOWN = 10

Item = tuple[int, Any]
"""A parsed value with its row number: position in the list, or line of an NDJSON file."""
Record = tuple[int, dict[str, Any]]


def read_json(path: Path, *, limits: ReadLimits | None = None) -> SourceTable:
    """Read a JSON or NDJSON file of records into a table of strings."""
    path = Path(path)
    limits = limits or ReadLimits()
    notes: list[str] = []
    text = _text(path)
    found = _parsed(text, path, notes)
    records = _objects(found.values, found.unit, notes)
    if not records:
        raise InputError(f"{path}: holds no records; {_EXPECTED}", path=str(path), key="path")
    numbers = [number for number, _ in records]
    if found.boolky_groups is None:
        columns = _record_columns(records, path, limits)
    else:
        columns = _boolky_columns(records, found.boolky_groups)
    check_cells(path, columns, numbers, limits)
    frame = source_frame(columns, numbers, path)
    cut = _cut_line(text) if found.unit == "line" else None
    if cut is not None:
        notes.append(cut_row_note(path.name, cut))
    cut_rows = {} if cut is None else {path.name: cut}
    return SourceTable(frame=frame, format="json", path=str(path), notes=notes, cut_rows=cut_rows)


def _cut_line(text: str) -> int | None:
    """The line an NDJSON file ends in the middle of: a last line, with no line end, that is
    no JSON (an export still being written); None for a file that ends whole."""
    last = text.rsplit("\n", 1)[-1]
    if not last.strip():
        return None
    try:
        orjson.loads(last)
    except orjson.JSONDecodeError:
        return text.count("\n") + 1
    return None


_EXPECTED = (
    "expected a list of objects, one object per line (NDJSON), or an object holding "
    f"such a list under one of {', '.join(RECORD_KEYS)}"
)


@dataclass(frozen=True)
class _Parsed:
    """The file's values with their row numbers, and what those numbers count."""

    values: list[Item]
    unit: str
    boolky_groups: list[Any] | None = None
    """The groups of a getContacts backup; None for any other file."""


def _text(path: Path) -> str:
    """The file as text: UTF-8 (a BOM is allowed), or UTF-16 as Windows PowerShell writes it."""
    try:
        text = decode_unicode(file_bytes(path))
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: is not UTF-8 text (bad byte at offset {error.start}); "
            "JSON must be UTF-8: save it again as UTF-8",
            path=str(path),
            key="path",
        ) from None
    if not text.strip():
        raise InputError(
            f"{path}: the file is empty; export the contacts again", path=str(path), key="path"
        )
    return text


def _parsed(text: str, path: Path, notes: list[str]) -> _Parsed:
    """One JSON document; NDJSON by name, or when the whole fails but line 1 is an object."""
    if path.suffix.lower() in NDJSON_SUFFIXES:
        return _Parsed(_ndjson_items(text, path, notes), "line")
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        if _first_line_is_object(text):
            return _Parsed(_ndjson_items(text, path, notes), "line")
        raise InputError(
            f"{path}: is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}; correct the file there or export it again",
            path=str(path),
            row=error.lineno,
            key="path",
        ) from None
    data = _boolky_data(document)
    if data is None:
        return _Parsed(_enumerated(_record_list(document, path, notes)), "item")
    notes.append("Boolky getContacts backup")
    groups = data.get("groups")
    return _Parsed(
        _enumerated(data["contacts"]), "contact", groups if isinstance(groups, list) else []
    )


def _first_line_is_object(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        return isinstance(orjson.loads(first), dict)
    except orjson.JSONDecodeError:
        return False


def _ndjson_items(text: str, path: Path, notes: list[str]) -> list[Item]:
    """One value per line (split on ``\\n`` only: JSON strings may hold U+2028)."""
    items: list[Item] = []
    broken: list[tuple[int, orjson.JSONDecodeError]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, orjson.loads(line)))
        except orjson.JSONDecodeError as error:
            broken.append((number, error))
    if broken and not items:
        first, problem = broken[0]
        raise InputError(
            f"{path}: no line is valid JSON (line {first}: {problem.msg} at column "
            f"{problem.colno}); correct the file or export it again",
            path=str(path),
            row=first,
            key="path",
        )
    if broken:
        notes.append(f"skipped {_positions('line', [n for n, _ in broken])}: not valid JSON")
    notes.append("NDJSON: one record per line")
    return items


def _record_list(document: Any, path: Path, notes: list[str]) -> list[Any]:
    """The list of records, found at the top or under the keys APIs put them under."""
    found = document
    while isinstance(found, dict):
        key = next((k for k in RECORD_KEYS if isinstance(found.get(k), list | dict)), None)
        if key is None:
            break
        notes.append(f"records under {key!r}")
        found = found[key]
    if isinstance(found, list) and (not found or any(isinstance(v, dict) for v in found)):
        return found
    raise InputError(f"{path}: holds {_shape(found)}; {_EXPECTED}", path=str(path), key="path")


def _boolky_data(document: Any) -> dict[str, Any] | None:
    """``result.data`` of a getContacts answer: the only shape with this envelope and list."""
    result = document.get("result") if isinstance(document, dict) else None
    data = result.get("data") if isinstance(result, dict) else None
    if isinstance(data, dict) and isinstance(data.get("contacts"), list):
        return data
    return None


def _enumerated(values: list[Any]) -> list[Item]:
    return list(enumerate(values, start=1))


def _objects(items: list[Item], unit: str, notes: list[str]) -> list[Record]:
    """The items that are objects; the others are named in a note and left out."""
    records = [(number, value) for number, value in items if isinstance(value, dict)]
    if len(records) < len(items):
        skipped = [number for number, value in items if not isinstance(value, dict)]
        notes.append(f"skipped {_positions(unit, skipped)}: not an object")
    return records


def _positions(unit: str, numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:POSITIONS_SHOWN])
    more = f" and {len(numbers) - POSITIONS_SHOWN} more" if len(numbers) > POSITIONS_SHOWN else ""
    return f"{unit}{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _shape(value: Any) -> str:
    """What the document holds instead of records, in a person's words."""
    if isinstance(value, dict):
        return f"one object (keys: {', '.join(list(value)[:POSITIONS_SHOWN]) or 'none'})"
    if isinstance(value, list):
        kinds = sorted({_kind(v) for v in value})
        return f"a list of {' and '.join(kinds)}"
    return f"a single {_kind(value).removesuffix('s')}"


def _kind(value: Any) -> str:
    match value:
        case None:
            return "nulls"
        case bool():
            return "booleans"
        case int() | float():
            return "numbers"
        case str():
            return "strings"
        case list():
            return "lists"
    return "objects"


def _record_columns(records: list[Record], path: Path, limits: ReadLimits) -> dict[str, list[str]]:
    """Every key any record has, in the order first seen; a missing key is an empty cell."""
    keys = list(dict.fromkeys(key for _, record in records for key in record))
    check_width(path, len(keys), limits, where="the records have", row=records[0][0])
    names = unique_names([key.strip() or f"column {i}" for i, key in enumerate(keys, start=1)])
    return {
        name: [json_text(record.get(key)) for _, record in records]
        for name, key in zip(names, keys, strict=True)
    }


def _boolky_columns(records: list[Record], groups: list[Any]) -> dict[str, list[str]]:
    """Boolky's contact fields, with group ids turned back into the group names."""
    names = _group_names(groups)
    rows = [
        {
            "id": json_text(contact.get("id")),
            "name": json_text(contact.get("name")),
            "phone": json_text(contact.get("phone")),
            "groups": _membership(contact.get("groupIds"), names),
            "gender": json_text(contact.get("gender")),
            "mail": json_text(contact.get("mail")),
            "birthday": json_text(contact.get("birthday")) or json_text(contact.get("birthDay")),
        }
        for _, contact in records
    ]
    return {column: [row[column] for row in rows] for column in BOOLKY_COLUMNS}


def _group_names(groups: list[Any]) -> dict[str, str]:
    return {json_text(g.get("id")): json_text(g.get("name")) for g in groups if isinstance(g, dict)}


def _membership(group_ids: Any, names: dict[str, str]) -> str:
    """The contact's groups by name; an id the backup has no group for stays as the id."""
    ids: Iterable[Any] = group_ids if isinstance(group_ids, list) else [group_ids]
    keys = (json_text(i) for i in ids)
    return GROUP_SEPARATOR.join(names.get(k) or k for k in keys if k and k != ALL_GROUP)


def json_text(value: Any) -> str:
    """A JSON value as a cell: null empty, whole numbers without ``.0``, nested values as JSON."""
    match value:
        case None:
            return ""
        case str():
            return value
        case bool():
            return "true" if value else "false"
        case int():
            return str(value)
        case float():
            return number_text(value)
    return orjson.dumps(value).decode()
