"""Options that several commands share, as decorators, so they read alike everywhere."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast, get_args

import click

from boolky_sync.api import DEFAULT_BASE_URL
from boolky_sync.extract import PRESETS
from boolky_sync.normalize.options import (
    ConsentPolicy,
    DateOrder,
    MergeRule,
    NonMobilePolicy,
    NormalizeOptions,
    OtherPhones,
)
from boolky_sync.normalize.workers import Workers, check_workers
from boolky_sync.sync.options import SyncOptions, UpdateStrategy

if TYPE_CHECKING:
    from boolky_sync.extract import Extracted
    from boolky_sync.pipeline.config import Pipeline

F = TypeVar("F", bound=Callable[..., Any])

BASE_URL_ENV = "BOOLKY_BASE_URL"


def base_url_option(default: str | None = DEFAULT_BASE_URL) -> Callable[[F], F]:
    """``--base-url``: which Boolky to talk to (the real API, or a running sandbox)."""
    return click.option(
        "--base-url",
        envvar=BASE_URL_ENV,
        default=default,
        show_default=True,
        metavar="URL",
        callback=check_base_url,
        help=f"Boolky API address (also from {BASE_URL_ENV}); the key comes from BOOLKY_API_KEY.",
    )


def target_option(f: F) -> F:
    """``--base-url`` of run, plan and apply: another Boolky than the pipeline's."""
    return click.option(
        "--base-url",
        metavar="URL",
        callback=check_base_url,
        help="Use the Boolky at URL instead of the pipeline's target (a running sandbox, or "
        "the real API); the key comes from BOOLKY_API_KEY (or the pipeline's api_key_env).",
    )(f)


def check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a URL carrying a credential before the command starts (``InputError``, exit 2),
    naming where it came from and never repeating it."""
    from click.core import ParameterSource

    from boolky_sync.api.base_url import checked_base_url

    if not value:
        return value
    from_env = ctx.get_parameter_source(param.name or "") is ParameterSource.ENVIRONMENT
    return checked_base_url(value, BASE_URL_ENV if from_env else "--base-url")


def region_option(f: F) -> F:
    """``--region``: the country of national numbers, checked as a pipeline's
    ``default_region`` is (``countries.region_code``) and passed on as its ISO code."""
    return click.option(
        "--region",
        metavar="CC",
        callback=_checked_region,
        help="Country of national numbers in rows that name none (ISO code like DE, or a name).",
    )(f)


def _checked_preset(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A preset that does not exist is a slip in the command (exit 2, one line, before
    anything is read), with the closest name suggested."""
    from boolky_sync.option_rules import one_of

    if value is not None:
        one_of("--preset", value.strip().lower(), tuple(PRESETS))
    return value


def _checked_region(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The ISO code, or ``OptionError`` (exit 2) naming the value with a suggestion."""
    from boolky_sync.normalize.countries import region_code

    return None if value is None else region_code(value, "--region")


def limit_option(f: F) -> F:
    """``--limit N``: a careful first run sends only part of the plan."""
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        metavar="N",
        help="Send only the first N planned changes (a careful first run on a real account).",
    )(f)


_NORMALIZE = NormalizeOptions()

no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    help="Read every value afresh: neither use nor fill the state folder's normalize cache "
    "(the result is the same; only the time differs).",
)
"""``--no-cache``: the pipeline's ``normalize.cache = false`` for one command."""

cache_dir_option = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the readings in this folder, so a second normalize of a similar file reads "
    "only what changed (default: no cache; a pipeline keeps one in its state folder).",
)
"""``--cache-dir``: ``normalize`` has no state folder, so no cache unless it is given one."""


def normalize_options(f: F) -> F:
    """How rows become contacts, as the pipeline's ``[normalize]`` keys say it: the same
    names, choices and defaults, for ``normalize`` and ``import``. The command gets them
    as one argument, ``normalize``: the ``NormalizeOptions`` they make (``--region`` apart)."""
    options = [
        click.option(
            "--non-mobile",
            type=click.Choice(get_args(NonMobilePolicy)),
            default=_NORMALIZE.non_mobile,
            show_default=True,
            help="What to do with a number known not to be a mobile (SMS to it fails).",
        ),
        click.option(
            "--other-phones",
            type=click.Choice(get_args(OtherPhones)),
            default=_NORMALIZE.other_phones,
            show_default=True,
            help="A row's further numbers: drop them (noted) or make each a contact of its own.",
        ),
        click.option(
            "--merge",
            type=click.Choice(get_args(MergeRule)),
            default=_NORMALIZE.merge_rule,
            show_default=True,
            help="Which of several rows with one phone speaks for the contact.",
        ),
        click.option(
            "--date-order",
            type=click.Choice(get_args(DateOrder)),
            default=_NORMALIZE.date_order,
            show_default=True,
            help="How to read birthdays like 03/04/1990 (auto: from the column when unambiguous).",
        ),
        click.option(
            "--name-fallback",
            metavar="TEXT",
            help="Name for rows without one (default: refuse them as name_missing).",
        ),
        click.option(
            "--consent",
            type=click.Choice(get_args(ConsentPolicy)),
            default=_NORMALIZE.consent,
            show_default=True,
            help="A row's SMS consent column: respect (a row that says no is not sent), "
            "require (only rows that say yes are sent) or ignore.",
        ),
        no_cache_option,
        workers_option("auto"),
    ]

    @functools.wraps(f)
    def with_normalize(
        *args: Any,
        non_mobile: NonMobilePolicy,
        other_phones: OtherPhones,
        merge: MergeRule,
        date_order: DateOrder,
        name_fallback: str | None,
        consent: ConsentPolicy,
        no_cache: bool,
        workers: Workers,
        **kwargs: Any,
    ) -> Any:
        kwargs["normalize"] = NormalizeOptions(
            consent=consent,
            non_mobile=non_mobile,
            other_phones=other_phones,
            merge_rule=merge,
            date_order=date_order,
            name_fallback=name_fallback,
            cache=not no_cache,
            workers=workers,
        )
        return f(*args, **kwargs)

    command: Any = with_normalize
    for option in reversed(options):
        command = option(command)
    return cast(F, command)


def workers_option(default: str | None) -> Callable[[F], F]:
    """``--workers N|auto``: the processes phone numbers are read in (``normalize.workers``)."""
    shown_default = "auto" if default else "the pipeline's normalize.workers, else auto"
    return click.option(
        "--workers",
        metavar="N|auto",
        default=default,
        callback=_checked_workers,
        help="Processes to read phone numbers in: a number, or auto for one per core "
        f"(default: {shown_default}).",
    )


def command_pipeline(
    path: Path, workers: Workers | None = None, *, no_cache: bool = False
) -> Pipeline:
    """The pipeline file as a command runs it: ``--workers`` over the file's
    ``normalize.workers``, and "auto" where neither says -- a person at a shell, or
    cron, runs us on a whole machine, while a library caller keeps its one process;
    ``--no-cache`` over ``normalize.cache``. For this run only: the file is not changed."""
    from dataclasses import replace

    from boolky_sync.pipeline.pipeline_file import load_pipeline

    loaded = load_pipeline(path)
    chosen = workers if workers is not None else loaded.normalize.workers
    normalize = replace(
        loaded.normalize,
        cache=loaded.normalize.cache and not no_cache,
        workers="auto" if chosen is None else chosen,
    )
    return replace(loaded, normalize=normalize)


def _checked_workers(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> Workers | None:
    """The number or "auto", or ``OptionError`` (exit 2) as for the pipeline's key."""
    if value is None:
        return None
    if value == "auto":
        return "auto"
    number: object = int(value) if value.strip().isdigit() else value
    check_workers("--workers", number)
    return cast(int, number)


def update_strategy_option(f: F) -> F:
    """``--update-strategy``: the pipeline's ``sync.update_strategy``, for one command."""
    return click.option(
        "--update-strategy",
        type=click.Choice(get_args(UpdateStrategy)),
        default=SyncOptions().update_strategy,
        show_default=True,
        help="How a changed contact is written: readd, or replace, which can also clear "
        "fields and, where Boolky refuses a known phone, deletes the contact first and adds "
        "it back (as sync.update_strategy).",
    )(f)


def trust_empty_remote_option(f: F) -> F:
    """``--trust-empty-remote``: believe a getContacts that lost most of the pipeline's contacts."""
    return click.option(
        "--trust-empty-remote",
        is_flag=True,
        help="Believe a Boolky that lists few or none of the contacts this pipeline wrote "
        "(they were really deleted there); else the run stops as on a truncated answer.",
    )(f)


def json_option(f: F) -> F:
    """``--json``: machine-readable output on stdout instead of a table."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def read_options(f: F) -> F:
    """How to read a file (sheet, format, preset, encoding) when guessing gets it wrong."""
    options = [
        click.option(
            "--sheet", metavar="NAME", help="Workbook sheet to read (default: first with data)."
        ),
        click.option(
            "--format",
            "format_",
            metavar="F",
            help="Read as csv, tsv, txt, excel, xlsx, xlsm, xls, ods, vcard, vcf, json or "
            "ndjson, whatever the file's name says.",
        ),
        click.option(
            "--preset",
            metavar="P",
            callback=_checked_preset,
            help=f"Read as this export layout instead of recognising it: {', '.join(PRESETS)}.",
        ),
        click.option("--encoding", metavar="E", help="Text encoding of a CSV (default: detected)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def map_option(f: F) -> F:
    """``--map FIELD=COLUMN``: correct the guessed mapping, field by field (``mapping``)."""
    return click.option(
        "--map",
        "mapping",
        multiple=True,
        metavar="FIELD=COLUMN",
        callback=_parsed_map,
        help="Take FIELD from COLUMN instead of the guess (repeatable; repeat a field for "
        "several columns, in order; FIELD= leaves it unmapped). Fields as in [source.mapping].",
    )(f)


def _parsed_map(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> dict[str, list[str]]:
    """``("phone=Handy", "phone=Büro", "email=")`` → ``{"phone": [...], "email": []}``;
    field names are checked against the file's columns by extract (``InputError``, exit 2)."""
    from boolky_sync.errors import InputError
    from boolky_sync.extract import CANONICAL_FIELDS
    from boolky_sync.option_rules import closest

    mapping: dict[str, list[str]] = {}
    for given in value:
        name, equals, column = given.partition("=")
        name = name.strip().lower()
        if not equals:
            raise InputError(f"--map {given!r}: write FIELD=COLUMN, or FIELD= to unmap it")
        if name not in CANONICAL_FIELDS:
            close = closest(name, CANONICAL_FIELDS)
            hint = f'did you mean "{close}"? ' if close else ""
            raise InputError(
                f"--map {given!r}: no field {name!r}; {hint}fields are: "
                f"{', '.join(CANONICAL_FIELDS)}",
                key=f"mapping.{name}",
            )
        columns = mapping.setdefault(name, [])
        if column.strip():
            columns.append(column.strip())
    return mapping


def read_as_told(file: Path, mapping: dict[str, list[str]], **told: str | None) -> Extracted:
    """``file`` read as ``read_options`` (``told``) and ``--map`` say, with the mapping
    ``import`` remembered for its header, so ``inspect`` and ``normalize`` see what
    ``import`` would."""
    from boolky_sync.extract import extract
    from boolky_sync.pipeline.schema import STATE_FOLDER

    return extract(
        file,
        format=told.get("format_"),
        sheet=told.get("sheet"),
        encoding=told.get("encoding"),
        preset=told.get("preset"),
        mapping=mapping or None,
        remembered_in=Path(STATE_FOLDER),
    )
