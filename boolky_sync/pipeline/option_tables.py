"""The settings tables of a pipeline file: ``[normalize]``, ``[sync]``, ``[target]``,
``[report]`` and ``[state]``.

The option dataclasses check their own values (ranges, choices); here each
value the file gives is tried against those rules on its own, so every bad key
becomes one problem at its key and line and keeps its default while reading
goes on. What only a file can get wrong — an empty list, a key meant for the
other kind of target, a mirror that could never remove anything, a folder that
is a file — is checked here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from boolky_sync.api import DEFAULT_BASE_URL
from boolky_sync.extract.limits import ReadLimits
from boolky_sync.normalize.countries import region_code
from boolky_sync.normalize.groups import group_name_problem
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.option_rules import OptionError, shown
from boolky_sync.pipeline.config import ReportSettings, Target
from boolky_sync.pipeline.problems import Reader, Table
from boolky_sync.pipeline.schema import (
    KNOWN_KEYS,
    NAME_FALLBACK_REJECT,
    REPORTS_FOLDER,
    SANDBOX_STATE,
    STATE_FOLDER,
)
from boolky_sync.report.write import FORMATS, ReportFormat
from boolky_sync.sync.options import SyncOptions

Options = TypeVar("Options", NormalizeOptions, SyncOptions, Target, ReadLimits)


def normalize_table(table: Table | None) -> NormalizeOptions:
    """The ``[normalize]`` table (None: not in the file) as ``NormalizeOptions``."""
    defaults = NormalizeOptions()
    if table is None:
        return defaults
    values: dict[str, Any] = {
        "default_region": _region(table),
        "non_mobile": table.choice("non_mobile", defaults.non_mobile),
        "other_phones": table.choice("other_phones", defaults.other_phones),
        "gender_spellings": _gender_spellings(table.subtable("gender_spellings")),
        "group_separators": _separators(table, defaults.group_separators),
        "group_map": _group_map(table.subtable("group_map")),
        "static_groups": _group_names(table, "static_groups"),
        "merge_rule": table.choice("merge_rule", defaults.merge_rule),
        "name_fallback": _name_fallback(table),
        "date_order": table.choice("date_order", defaults.date_order),
        "consent": table.choice("consent", defaults.consent),
        "cache": table.boolean("cache", defaults.cache),
        "workers": _workers(table),
    }
    return _settled(table, defaults, values)


def sync_table(table: Table | None) -> SyncOptions:
    """The ``[sync]`` table (None: not in the file) as ``SyncOptions``."""
    defaults = SyncOptions()
    if table is None:
        return defaults
    values: dict[str, Any] = {
        "mode": table.choice("mode", defaults.mode),
        "scope": table.choice("scope", defaults.scope),
        "managed_groups": _group_names(table, "managed_groups"),
        "shared_group": table.boolean("shared_group", defaults.shared_group),
        "delete_contacts": table.boolean("delete_contacts", defaults.delete_contacts),
        "max_delete_fraction": table.number("max_delete_fraction", defaults.max_delete_fraction),
        "empty_clears": table.boolean("empty_clears", defaults.empty_clears),
        "remote_deletions": table.choice("remote_deletions", defaults.remote_deletions),
        "update_strategy": table.choice("update_strategy", defaults.update_strategy),
        "batch_size": table.integer("batch_size", defaults.batch_size),
        "concurrency": table.integer("concurrency", defaults.concurrency),
    }
    options = _settled(table, defaults, values)
    _check_mirror(table, options)
    return options


def limits_table(table: Table) -> ReadLimits:
    """The ``[source]`` table's size limits as ``ReadLimits``."""
    defaults = ReadLimits()
    values: dict[str, Any] = {
        limit.name: table.integer(limit.name, getattr(defaults, limit.name))
        for limit in fields(ReadLimits)
    }
    return _settled(table, defaults, values)


def target_table(table: Table | None, state_dir: Path) -> Target:
    """The ``[target]`` table (None: not in the file); the sandbox keeps its account in
    ``state_dir`` unless the table says otherwise."""
    sandbox_state = state_dir / SANDBOX_STATE
    defaults = Target()
    if table is None:
        return replace(defaults, state=sandbox_state)
    kind = table.choice("kind", defaults.kind)
    if not _accepts(table, "kind", partial(replace, defaults, kind=kind)):
        kind = defaults.kind
    values: dict[str, Any] = {
        "kind": kind,
        "api_key_env": table.get("api_key_env"),
        "timeout": table.number("timeout", defaults.timeout),
        "max_attempts": table.integer("max_attempts", defaults.max_attempts),
        "max_answer_mib": table.integer("max_answer_mib", defaults.max_answer_mib),
    }
    if kind == "api":
        _not_for(table, ("state", "duplicate_policy"), "sandbox")
        values["base_url"] = _base_url(table)
    else:
        _not_for(table, ("base_url",), "api")
        values["state"] = _sandbox_state(table, sandbox_state)
        values["duplicate_policy"] = table.choice("duplicate_policy", defaults.duplicate_policy)
    return _settled(table, defaults, values)


def report_table(reader: Reader, table: Table | None, name: str) -> ReportSettings:
    """The ``[report]`` table (None: not in the file) for the pipeline called ``name``."""
    default = reader.folder / REPORTS_FOLDER / name
    if table is None:
        return ReportSettings(folder=default.resolve())
    return ReportSettings(folder=_folder(table, default), formats=_formats(table))


def state_table(reader: Reader, top: Table) -> Path:
    """The ``[state]`` table's folder: where the ledger, journal and lock live."""
    default = reader.folder / STATE_FOLDER
    table = top.subtable("state", KNOWN_KEYS["state"])
    if table is None:
        return default.resolve()
    return _folder(table, default)


def _settled(table: Table, defaults: Options, values: dict[str, Any]) -> Options:
    """``defaults`` with the file's ``values`` (None: not given, or already a problem), each
    held to the dataclass's own rules alone; one that breaks them keeps its default."""
    good: dict[str, Any] = {}
    for key, value in values.items():
        if value is not None and _accepts(table, key, partial(replace, defaults, **{key: value})):
            good[key] = value
    return replace(defaults, **good)


def _accepts(table: Table, key: str, build: Callable[[], object]) -> bool:
    """Whether ``build`` makes its options; if their rules refuse, a problem at ``key``."""
    try:
        build()
    except OptionError as error:
        table.problem(key, error.what, error.fix)
        return False
    return True


def _region(table: Table) -> str | None:
    value = table.text("default_region", example='"US"')
    if value is None:
        return None
    try:
        return region_code(value)
    except OptionError as error:
        table.problem("default_region", error.what, error.fix)
        return None


def _gender_spellings(table: Table | None) -> dict[str, int]:
    if table is None:
        return {}
    return {
        word: value
        for word, value in table.data.items()
        if _accepts(table, word, partial(NormalizeOptions, gender_spellings={word: value}))
    }


def _separators(table: Table, default: tuple[str, ...]) -> tuple[str, ...]:
    separators = table.texts("group_separators", default, example='[";", ","]')
    if "group_separators" in table.data and not table.data["group_separators"]:
        table.problem(
            "group_separators",
            "is an empty list",
            'give at least one, like [";"], or leave the key out for the defaults',
        )
        return default
    return separators


def _group_names(table: Table, key: str) -> tuple[str, ...]:
    names = table.texts(key, (), example='["CRM"]')
    for index, name in enumerate(names):
        trouble = group_name_problem(name)
        if trouble:
            table.reader.problem((*table.at(key), index), trouble, "shorten the group name")
    return names


def _group_map(table: Table | None) -> dict[str, str | None]:
    if table is None:
        return {}
    mapping: dict[str, str | None] = {}
    for source_name, value in table.data.items():
        if value is False:
            mapping[source_name] = None
        elif isinstance(value, str) and not group_name_problem(value):
            mapping[source_name] = value
        elif isinstance(value, str):
            table.problem(source_name, str(group_name_problem(value)), "shorten the group name")
        else:
            table.problem(
                source_name,
                f"must be a group name or false, not {shown(value)}",
                'write "Boolky group" to rename the group, or false to drop it',
            )
    return mapping


def _workers(table: Table) -> int | str | None:
    """``workers``: a whole number or ``"auto"``; which numbers is the dataclass's rule."""
    value: int | str | None = table.typed(
        "workers", (int, str), 'a whole number or "auto"', 'workers = "auto"'
    )
    return value


def _name_fallback(table: Table) -> str | None:
    value = table.text("name_fallback", example='"reject"')
    if value is None or value.strip().lower() == NAME_FALLBACK_REJECT:
        return None
    return value.strip()


def _check_mirror(table: Table, options: SyncOptions) -> None:
    """A ledger mirror with nothing it may remove from is an upsert by mistake."""
    removes = options.managed_groups or options.delete_contacts or options.scope == "account"
    if options.mode == "mirror" and not removes:
        table.problem(
            "mode",
            "a mirror with no managed_groups and delete_contacts = false never removes anything",
            'list the groups it maintains in managed_groups = ["CRM"], or use mode = "upsert"',
        )


def _not_for(table: Table, keys: tuple[str, ...], kind: str) -> None:
    """Keys of the other kind of target: a sign the file says something it does not mean."""
    for key in keys:
        if key in table.data:
            table.problem(
                key,
                f'is only for kind = "{kind}"',
                f'remove it, or set kind = "{kind}"'
                + (" (or pass --base-url to one run)" if key == "base_url" else ""),
            )


def _base_url(table: Table) -> str | None:
    value = table.text("base_url", example=f'"{DEFAULT_BASE_URL}"')
    if "base_url" not in table.data:
        table.problem(
            "kind",
            'kind = "api" needs base_url',
            f'add base_url = "{DEFAULT_BASE_URL}" under [target]',
        )
    return value.rstrip("/") if value else None


def _sandbox_state(table: Table, default: Path) -> Path:
    state = table.path_value("state", default).resolve()
    if state.is_dir():
        table.problem("state", "is a folder", 'name a file, like state = "sandbox.sqlite"')
    return state


def _folder(table: Table, default: Path) -> Path:
    folder = table.path_value("folder", default).resolve()
    if folder.exists() and not folder.is_dir():
        table.problem("folder", "is a file, not a folder", "name a folder (it is made if missing)")
    return folder


def _formats(table: Table) -> tuple[ReportFormat, ...]:
    formats = table.texts("formats", FORMATS, example='["json", "html"]')
    for index, name in enumerate(formats):
        if name not in FORMATS:
            listing = ", ".join(f'"{f}"' for f in FORMATS)
            table.reader.problem(
                (*table.at("formats"), index),
                f"{shown(name)} is not a report format",
                f"use any of {listing}",
            )
    if "formats" in table.data and not table.data["formats"]:
        table.problem("formats", "is an empty list", 'keep at least "json" (summary.json)')
    chosen = (known for name in formats for known in FORMATS if known == name)
    return tuple(dict.fromkeys(chosen)) or FORMATS
