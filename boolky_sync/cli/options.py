"""Options that several commands share, as decorators, so they read alike everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from boolky_sync.api import DEFAULT_BASE_URL

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
        help=f"Boolky API address (also from {BASE_URL_ENV}); the key comes from BOOLKY_API_KEY.",
    )


def json_option(f: F) -> F:
    """``--json``: machine-readable output on stdout instead of a table."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)
