"""The ``boolky-sync`` command group and how its errors reach a person.

Any ``BoolkyError`` becomes one line on stderr and its exit code; a traceback
is shown only with ``--debug``. Exit codes (README, "Exit codes"):
0 done · 1 done with failed rows or drift, or an API error · 2 usage, config
or input error · 3 API key refused · 4 a safety guard stopped the run ·
5 Boolky unreachable after retries · 6 another run holds the lock.
"""

from __future__ import annotations

import sys
from typing import Any, get_args

import click

from boolky_sync import __version__
from boolky_sync.cli.lazy_group import LazyGroup
from boolky_sync.errors import BoolkyError
from boolky_sync.logs import LogFormat, configure_logging

COMMANDS = {
    "run": "boolky_sync.cli.run_cmd:run",
    "plan": "boolky_sync.cli.plan_cmd:plan",
    "apply": "boolky_sync.cli.plan_cmd:apply",
    "import": "boolky_sync.cli.import_cmd:import_file",
    "contacts": "boolky_sync.cli.account_cmd:contacts",
    "groups": "boolky_sync.cli.account_cmd:groups",
    "sandbox": "boolky_sync.cli.sandbox_cmd:sandbox",
    "inspect": "boolky_sync.cli.inspect_cmd:inspect",
    "normalize": "boolky_sync.cli.normalize_cmd:normalize",
    "validate": "boolky_sync.cli.validate_cmd:validate",
}
"""Every command by name and where it lives; each is imported only when used."""


class _Cli(LazyGroup):
    """A group that turns the project's errors into one readable line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BoolkyError as error:
            if ctx.meta.get("boolky_sync.debug"):
                raise
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(
    cls=_Cli,
    lazy_subcommands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="boolky-sync")
@click.option("-v", "--verbose", count=True, help="More log on stderr (-v info, -vv debug).")
@click.option(
    "--log-format",
    type=click.Choice(get_args(LogFormat)),
    default="human",
    show_default=True,
    help="Log lines for a person, or one JSON object per line for a collector.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, log_format: LogFormat, debug: bool) -> None:
    """Keep a Boolky contact list in step with CRM exports, spreadsheets and vCards."""
    ctx.meta["boolky_sync.debug"] = debug
    configure_logging(verbose, log_format)


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(prog_name="boolky-sync"))
