"""``boolky-sync sandbox``: a local Boolky to rehearse against, with faults on demand.

The options map one to one onto ``run_sandbox``/``serve`` and ``Faults``, so a
rehearsal from the shell and a test in Python exercise the same sandbox.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, get_args

import click

from boolky_sync.api import API_KEY_ENV
from boolky_sync.cli.lazy_group import LazyGroup
from boolky_sync.gc_pace import pace_as_found
from boolky_sync.sandbox import DuplicatePolicy, Faults
from boolky_sync.sandbox.faults import LATE_BY, WRITES

F = TypeVar("F", bound=Callable[..., Any])


def _rate(flag: str, help: str) -> Callable[[F], F]:
    """An option taking a fraction of calls, 0 to 1, off by default."""
    return click.option(
        flag, type=click.FloatRange(0, 1), default=0.0, show_default=True, help=help
    )


@click.group(cls=LazyGroup, lazy_subcommands={"demo": "boolky_sync.cli.demo_cmd:demo"})
def sandbox() -> None:
    """A local Boolky that behaves as its documentation says.

    Rehearse a sync and test retries and safety guards with no account and no risk.
    """


@sandbox.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--api-key",
    envvar=API_KEY_ENV,
    default="sandbox-key",
    help=f"The key clients must send; from {API_KEY_ENV} if set, else sandbox-key.",
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite file that keeps the account across restarts  [default: in memory].",
)
@click.option(
    "--duplicate-policy",
    type=click.Choice(get_args(DuplicatePolicy)),
    default="upsert",
    show_default=True,
    help="What addContacts does with a phone that already exists.",
)
@_rate("--error-rate", "Fraction of calls answered 500.")
@_rate("--rate-limit-rate", "Fraction of calls answered 429.")
@click.option(
    "--retry-after",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Seconds in the Retry-After header of a 429.",
)
@click.option(
    "--latency",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds added to every call.",
)
@click.option(
    "--fail-call",
    "fail_calls",
    type=click.IntRange(min=1),
    multiple=True,
    metavar="N",
    help="Answer the Nth call with 500 (repeatable).",
)
@click.option(
    "--max-page",
    type=click.IntRange(min=0),
    default=None,
    help="getContacts returns only the first N contacts, like a truncated account.",
)
@click.option(
    "--fail-writes",
    is_flag=True,
    help="Answer every addContacts, deleteContacts and addGroup with 500 (reads still work).",
)
@click.option("--seed", type=int, default=None, help="Seed for the random faults.")
@_rate(
    "--gateway-error-rate",
    "Fraction of writes answered 502 by a gateway that never passed them on.",
)
@_rate(
    "--lose-answer-rate",
    "Fraction of writes carried out whose connection is then closed without an answer.",
)
@_rate(
    "--late-answer-rate",
    "Fraction of writes carried out whose answer comes --late-by seconds late.",
)
@click.option(
    "--late-by",
    type=click.FloatRange(min=0),
    default=LATE_BY,
    show_default=True,
    help="Seconds a late answer waits (a client that gives up first gets none).",
)
@_rate(
    "--garble-answer-rate",
    "Fraction of writes carried out answered 200 with a body of the wrong shape.",
)
@click.option(
    "--fault-endpoint",
    "fault_endpoints",
    type=click.Choice(sorted(WRITES)),
    multiple=True,
    help="A write the gateway errors and lost, late and garbled answers strike (repeatable)"
    "  [default: all three].",
)
@click.option(
    "--fault-seed",
    type=int,
    default=None,
    help="Seed for the gateway errors and lost, late and garbled answers.",
)
@click.option(
    "--auth-error-status",
    type=click.IntRange(100, 599),
    default=401,
    show_default=True,
    help="HTTP status that comes with sessionExpired (the docs do not say).",
)
def serve_command(
    host: str,
    port: int,
    api_key: str,
    state: Path | None,
    duplicate_policy: DuplicatePolicy,
    error_rate: float,
    rate_limit_rate: float,
    retry_after: int,
    latency: float,
    fail_calls: tuple[int, ...],
    max_page: int | None,
    fail_writes: bool,
    seed: int | None,
    gateway_error_rate: float,
    lose_answer_rate: float,
    late_answer_rate: float,
    late_by: float,
    garble_answer_rate: float,
    fault_endpoints: tuple[str, ...],
    fault_seed: int | None,
    auth_error_status: int,
) -> None:
    """Serve the sandbox in the foreground until Ctrl-C.

    Point boolky-sync at the address it prints with --base-url (or BOOLKY_BASE_URL)
    and send the same key.
    """
    faults = Faults(
        error_rate=error_rate,
        rate_limit_rate=rate_limit_rate,
        retry_after=retry_after,
        latency=latency,
        fail_calls=set(fail_calls),
        max_page=max_page,
        fail_writes=fail_writes,
        seed=seed,
        gateway_error_rate=gateway_error_rate,
        lose_answer_rate=lose_answer_rate,
        late_answer_rate=late_answer_rate,
        late_by=late_by,
        garble_answer_rate=garble_answer_rate,
        fault_endpoints=frozenset(fault_endpoints or WRITES),
        fault_seed=fault_seed,
    )

    def announce(url: str) -> None:
        where = state or "memory"
        click.echo(
            f"Boolky sandbox listening on {url} (state: {where}, duplicates: {duplicate_policy})",
            err=True,
        )

    serve(
        api_key=api_key,
        state=state,
        duplicate_policy=duplicate_policy,
        faults=faults,
        auth_error_status=auth_error_status,
        host=host,
        port=port,
        on_started=announce,
    )


def serve(**settings: Any) -> None:
    """``sandbox.serve``, imported only when the sandbox really serves: it loads uvicorn.
    It serves at the collector's pace the process found, not the console script's."""
    from boolky_sync.sandbox import serve as serve_sandbox

    with pace_as_found():
        serve_sandbox(**settings)
