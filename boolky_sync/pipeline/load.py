"""Read a pipeline file and check all of it before anything runs.

A pipeline that runs from cron must fail at its first line, not halfway through
a sync: so every key is checked here — unknown keys (with the closest known
one suggested), types, allowed values, ranges, that the source files exist —
and every problem names the file, the key and the line, and says how to fix
it. ``load_pipeline`` raises ``PipelineFileError`` (a ``ConfigError``, exit
code 2) with the first problem in file order as its message and all of them in
``problems``; ``boolky-sync validate --json`` lists them all.

The layout, every key with its default (``pipelines/*.toml`` are commented
examples). Every relative path in the file, and every default folder, is
relative to **the folder the pipeline file is in**, never to the working
directory, so cron and a person at a shell read the same files::

    name = "nightly_crm_sync"   # default: the file's name without .toml; names the
                                # ledger, journal and lock: <state folder>/<name>.*
    dry_run = false             # true: this pipeline only ever plans and reports

    [source]                    # required
    path = "../sample_data/hubspot_contacts.csv"
                                # required: a file, a glob ("exports/*.csv", "**"
                                # too), or a list of them; each must match a file;
                                # several files are read as one source
    format = "csv"              # default: from the content; csv tsv txt excel xlsx
                                # xlsm xls ods vcard vcf json ndjson
    preset = "hubspot"          # default: recognised from the header; google
                                # google_legacy outlook outlook_de outlook_fr hubspot
                                # salesforce mailchimp zoho pipedrive vcard boolky
    sheet = "Contacts"          # workbooks only; default: the first sheet with data
    encoding = "cp1252"         # CSV-like text only; default: detected

    [source.mapping]            # default: none (preset, then header words, then values)
    phone = ["Mobile Phone Number", "Phone Number"]   # field = "Column" or [columns]
                                # fields: name first_name middle_name last_name phone
                                # email gender birthday groups country id

    [normalize]
    default_region = "US"       # default: none; ISO 3166 code for national numbers
    non_mobile = "warn"         # accept | warn (default) | reject
    other_phones = "drop"       # drop (default) | split
    group_separators = [" ::: ", ";", ",", "|"]       # (the default)
    static_groups = []          # default: none; groups every contact is put in
    merge_rule = "most_complete"                      # most_complete | first | last
    name_fallback = "reject"    # "reject" (default: refuse rows without a name) or
                                # the name to use instead, 1–50 characters
    date_order = "auto"         # auto | DMY | MDY | YMD

    [normalize.gender_spellings]   # default: none; extra words → 1 (male) or 2 (female)
    "herr dr." = 1              # 0 is refused: leave a word out to leave gender unset

    [normalize.group_map]       # default: none; source group → Boolky group name
    "VIP Customers" = "VIP"
    "Do not contact" = false    # false: drop the group

    [sync]
    mode = "upsert"             # insert | upsert (default) | mirror (a ledger mirror
                                # needs managed_groups or delete_contacts = true,
                                # else it could remove nothing and is refused)
    scope = "ledger"            # ledger (default) | account (mirror removes any
                                # contact missing from the source: say it on purpose)
    managed_groups = []         # default: none; groups a mirror removes contacts from
    delete_contacts = false     # mirror: delete a contact left in no other group
    max_delete_fraction = 0.1   # 0..1; more removals + deletions stop the run
    empty_clears = false        # an empty cell clears the field on Boolky
    remote_deletions = "respect"   # respect (default) | restore
    update_strategy = "readd"   # readd (default) | replace
    batch_size = 500            # contacts per write call, 1 or more
    concurrency = 2             # write calls in flight, 1..16
                                # (allow_mass_delete is refused here: it is the
                                # --allow-mass-delete flag of one run, never a setting)

    [target]
    kind = "sandbox"            # sandbox (default: a local Boolky) | api
    state = "<state folder>/sandbox.sqlite"   # sandbox only: its account, kept between runs
    duplicate_policy = "upsert" # sandbox only: upsert | duplicate | reject
    base_url = "https://api.boolky.net"       # api only, and required then
    api_key_env = "BOOLKY_API_KEY"            # the NAME of the variable holding the key
    timeout = 30                # seconds per call, more than 0
    max_attempts = 5            # tries per call, 1 or more
                                # (a key named api_key, apikey, api_token, key, token,
                                # secret or password anywhere is refused, its value
                                # never repeated: the key never goes in the file)

    [report]
    folder = "reports/<name>"   # one timestamped folder per run inside, plus latest
    formats = ["json", "html", "csv", "xlsx"]         # any of these (the default)

    [state]
    folder = ".boolky-sync"     # the ledger, journal and lock of the pipeline
"""

from __future__ import annotations

import codecs
import glob
import re
import tomllib
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args
from urllib.parse import urlsplit

import phonenumbers

from boolky_sync.api import API_KEY_ENV, DEFAULT_BASE_URL
from boolky_sync.extract import CANONICAL_FIELDS, PRESETS
from boolky_sync.extract.read import FORMAT_NAMES
from boolky_sync.normalize.countries import region_of
from boolky_sync.normalize.groups import group_name_problem
from boolky_sync.normalize.names import MAX_NAME
from boolky_sync.normalize.options import (
    DateOrder,
    MergeRule,
    NonMobilePolicy,
    NormalizeOptions,
    OtherPhones,
)
from boolky_sync.pipeline.config import Pipeline, ReportSettings, Source, Target
from boolky_sync.pipeline.problems import (
    PipelineFileError,
    Problem,
    Reader,
    Table,
    closest,
    shown,
)
from boolky_sync.pipeline.toml_positions import KeyPath, key_lines
from boolky_sync.sandbox.store import DUPLICATE_POLICIES
from boolky_sync.sync.options import Mode, RemoteDeletions, Scope, SyncOptions, UpdateStrategy

__all__ = ["KNOWN_KEYS", "PipelineFileError", "Problem", "load_pipeline"]

KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "": ("name", "dry_run", "source", "normalize", "sync", "target", "report", "state"),
    "source": ("path", "format", "preset", "sheet", "encoding", "mapping"),
    "normalize": (
        "default_region",
        "non_mobile",
        "other_phones",
        "gender_spellings",
        "group_separators",
        "group_map",
        "static_groups",
        "merge_rule",
        "name_fallback",
        "date_order",
    ),
    "sync": (
        "mode",
        "scope",
        "managed_groups",
        "delete_contacts",
        "max_delete_fraction",
        "empty_clears",
        "remote_deletions",
        "update_strategy",
        "batch_size",
        "concurrency",
    ),
    "target": (
        "kind",
        "state",
        "duplicate_policy",
        "base_url",
        "api_key_env",
        "timeout",
        "max_attempts",
    ),
    "report": ("folder", "formats"),
    "state": ("folder",),
}
"""The keys each table of a pipeline file may hold ("" is the top level)."""

SECRET_KEYS = frozenset(
    {"api_key", "apikey", "api-key", "api_token", "key", "token", "secret", "password"}
)
"""Keys that would put a credential in the file; refused at any level (group names aside)."""
FREE_TABLES: frozenset[KeyPath] = frozenset(
    {("normalize", "group_map"), ("normalize", "gender_spellings")}
)
"""Tables whose keys are the user's own words (group names, spellings), never settings."""
CREDENTIAL_ADVICE = (
    "put the key in the environment variable named by target.api_key_env "
    f"({API_KEY_ENV} unless set), never in the file"
)

KEY_ADVICE = {
    "allow_mass_delete": "it is never a setting: pass --allow-mass-delete to the one run "
    "that needs it",
}
"""Keys people expect in the file that it must not have, and what to do instead."""

REPORT_FORMATS = ("json", "html", "csv", "xlsx")
TARGET_KINDS = ("sandbox", "api")
NAME_FALLBACK_REJECT = "reject"
STATE_FOLDER = ".boolky-sync"
"""Default state folder, in the pipeline file's folder."""
REPORTS_FOLDER = "reports"
"""Default report folder, in the pipeline file's folder; the pipeline's name is added."""
SANDBOX_STATE = "sandbox.sqlite"
"""The sandbox's account file, in the state folder unless ``target.state`` says otherwise."""
MAX_CONCURRENCY = 16

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_HOME_TABLE = {key: table for table, keys in KNOWN_KEYS.items() for key in keys}
"""Which table each key belongs in ("" the top), to say "move it to [sync]" when misplaced."""

MODES: tuple[Mode, ...] = get_args(Mode)
SCOPES: tuple[Scope, ...] = get_args(Scope)
REMOTE_DELETIONS: tuple[RemoteDeletions, ...] = get_args(RemoteDeletions)
UPDATE_STRATEGIES: tuple[UpdateStrategy, ...] = get_args(UpdateStrategy)
NON_MOBILE: tuple[NonMobilePolicy, ...] = get_args(NonMobilePolicy)
OTHER_PHONES: tuple[OtherPhones, ...] = get_args(OtherPhones)
MERGE_RULES: tuple[MergeRule, ...] = get_args(MergeRule)
DATE_ORDERS: tuple[DateOrder, ...] = get_args(DateOrder)


def load_pipeline(path: str | Path) -> Pipeline:
    """The pipeline a file describes, fully checked; ``PipelineFileError`` if anything is wrong."""
    file = Path(path)
    text = _read_text(file)
    document = _parse(file, text)
    reader = Reader(
        str(file), file.resolve().parent, key_lines(text), _HOME_TABLE, KEY_ADVICE, SECRET_KEYS
    )
    pipeline = _pipeline(reader, file, document)
    if reader.problems:
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
    state_dir = _state_dir(reader, top)
    normalize = _normalize(top.subtable("normalize", KNOWN_KEYS["normalize"]))
    return Pipeline(
        name=name,
        path=file.resolve(),
        source=_source(reader, top),
        normalize=normalize,
        sync=_sync(top.subtable("sync", KNOWN_KEYS["sync"])),
        target=_target(top.subtable("target", KNOWN_KEYS["target"]), state_dir),
        report=_report(reader, top.subtable("report", KNOWN_KEYS["report"]), name),
        state_dir=state_dir,
        dry_run=top.boolean("dry_run", False),
    )


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


def _state_dir(reader: Reader, top: Table) -> Path:
    default = reader.folder / STATE_FOLDER
    table = top.subtable("state", KNOWN_KEYS["state"])
    if table is None:
        return default.resolve()
    folder = table.path_value("folder", default).resolve()
    if folder.exists() and not folder.is_dir():
        table.problem("folder", "is a file, not a folder", "name a folder (it is made if missing)")
    return folder


def _source(reader: Reader, top: Table) -> Source:
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


def _normalize(table: Table | None) -> NormalizeOptions:
    defaults = NormalizeOptions()
    if table is None:
        return defaults
    return NormalizeOptions(
        default_region=_region(table),
        non_mobile=table.choice("non_mobile", NON_MOBILE, defaults.non_mobile),
        other_phones=table.choice("other_phones", OTHER_PHONES, defaults.other_phones),
        gender_spellings=_gender_spellings(table.subtable("gender_spellings")),
        group_separators=_separators(table, defaults.group_separators),
        group_map=_group_map(table.subtable("group_map")),
        static_groups=table.group_names("static_groups", example='["CRM"]'),
        merge_rule=table.choice("merge_rule", MERGE_RULES, defaults.merge_rule),
        name_fallback=_name_fallback(table),
        date_order=table.choice("date_order", DATE_ORDERS, defaults.date_order),
    )


def _region(table: Table) -> str | None:
    value = table.text("default_region", example='"US"')
    if value is None:
        return None
    code = value.strip().upper()
    if code in phonenumbers.SUPPORTED_REGIONS:
        return code
    named = region_of(value)
    fix = f'use "{named}"' if named else 'use an ISO 3166 two-letter code like "US" or "DE"'
    table.problem("default_region", f"{shown(value)} is not a region code", fix)
    return None


def _gender_spellings(table: Table | None) -> dict[str, int]:
    if table is None:
        return {}
    spellings: dict[str, int] = {}
    for word, value in table.data.items():
        if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2):
            spellings[word] = value
            continue
        table.problem(
            word,
            f"must be 1 (male) or 2 (female), not {shown(value)}",
            "Boolky knows only these two; leave the word out to leave gender unset",
        )
    return spellings


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


def _name_fallback(table: Table) -> str | None:
    value = table.text("name_fallback", example='"reject"')
    if value is None or value.strip().lower() == NAME_FALLBACK_REJECT:
        return None
    if len(value.strip()) > MAX_NAME:
        table.problem(
            "name_fallback",
            f"is longer than Boolky's {MAX_NAME} characters",
            'shorten it, or write "reject" to refuse rows without a name',
        )
        return None
    return value.strip()


def _sync(table: Table | None) -> SyncOptions:
    defaults = SyncOptions()
    if table is None:
        return defaults
    options = SyncOptions(
        mode=table.choice("mode", MODES, defaults.mode),
        scope=table.choice("scope", SCOPES, defaults.scope),
        managed_groups=table.group_names("managed_groups", example='["CRM"]'),
        delete_contacts=table.boolean("delete_contacts", defaults.delete_contacts),
        max_delete_fraction=table.number("max_delete_fraction", defaults.max_delete_fraction, 0, 1),
        empty_clears=table.boolean("empty_clears", defaults.empty_clears),
        remote_deletions=table.choice("remote_deletions", REMOTE_DELETIONS, "respect"),
        update_strategy=table.choice("update_strategy", UPDATE_STRATEGIES, "readd"),
        batch_size=table.integer("batch_size", defaults.batch_size, 1),
        concurrency=table.integer("concurrency", defaults.concurrency, 1, MAX_CONCURRENCY),
    )
    _check_mirror(table, options)
    return options


def _check_mirror(table: Table, options: SyncOptions) -> None:
    """A ledger mirror with nothing it may remove from is an upsert by mistake."""
    removes = options.managed_groups or options.delete_contacts or options.scope == "account"
    if options.mode == "mirror" and not removes:
        table.problem(
            "mode",
            "a mirror with no managed_groups and delete_contacts = false never removes anything",
            'list the groups it maintains in managed_groups = ["CRM"], or use mode = "upsert"',
        )


def _target(table: Table | None, state_dir: Path) -> Target:
    sandbox_state = state_dir / SANDBOX_STATE
    if table is None:
        return Target(state=sandbox_state)
    defaults = Target()
    kind = table.choice("kind", TARGET_KINDS, "sandbox")
    connection = Target(
        kind=kind,
        api_key_env=_api_key_env(table),
        timeout=table.number("timeout", defaults.timeout, 0),
        max_attempts=table.integer("max_attempts", defaults.max_attempts, 1),
    )
    if kind == "api":
        _not_for(table, ("state", "duplicate_policy"), "sandbox")
        return replace(connection, base_url=_base_url(table))
    _not_for(table, ("base_url",), "api")
    state = table.path_value("state", sandbox_state).resolve()
    if state.is_dir():
        table.problem("state", "is a folder", 'name a file, like state = "sandbox.sqlite"')
    policy = table.choice("duplicate_policy", DUPLICATE_POLICIES, defaults.duplicate_policy)
    return replace(connection, state=state, duplicate_policy=policy)


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
        return None
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        table.problem(
            "base_url",
            "is not an http(s) address",
            f'write it like base_url = "{DEFAULT_BASE_URL}"',
        )
        return None
    return value.rstrip("/")


def _api_key_env(table: Table) -> str:
    """The variable's name; its value is never echoed, in case it is the key itself."""
    value = table.data.get("api_key_env")
    if value is None:
        return API_KEY_ENV
    if isinstance(value, str) and _ENV_NAME.fullmatch(value):
        return value
    table.problem(
        "api_key_env",
        f"must be the name of an environment variable (capitals, digits and _), like {API_KEY_ENV}",
        "put the key itself in that variable, never in the file",
    )
    return API_KEY_ENV


def _report(reader: Reader, table: Table | None, name: str) -> ReportSettings:
    default = reader.folder / REPORTS_FOLDER / name
    if table is None:
        return ReportSettings(folder=default.resolve())
    folder = table.path_value("folder", default).resolve()
    if folder.exists() and not folder.is_dir():
        table.problem("folder", "is a file, not a folder", "name a folder (it is made if missing)")
    return ReportSettings(folder=folder, formats=_formats(table))


def _formats(table: Table) -> tuple[str, ...]:
    formats = table.texts("formats", REPORT_FORMATS, example='["json", "html"]')
    for index, name in enumerate(formats):
        if name not in REPORT_FORMATS:
            listing = ", ".join(f'"{f}"' for f in REPORT_FORMATS)
            table.reader.problem(
                (*table.at("formats"), index),
                f"{shown(name)} is not a report format",
                f"use any of {listing}",
            )
    if "formats" in table.data and not table.data["formats"]:
        table.problem("formats", "is an empty list", 'keep at least "json" (summary.json)')
    return tuple(dict.fromkeys(f for f in formats if f in REPORT_FORMATS)) or REPORT_FORMATS
