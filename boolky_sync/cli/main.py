"""The ``boolky-sync`` command group and how its errors reach a person.

Any ``BoolkyError`` becomes one line on stderr and its exit code; a traceback
is shown only with ``--debug``. Exit codes (README, "Exit codes"):
0 done · 1 done with failed rows or drift, or an API error · 2 usage, config
or input error · 3 API key refused · 4 a safety guard stopped the run ·
5 Boolky unreachable after retries · 6 another run holds the lock.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from boolky_sync import __version__
from boolky_sync.cli.account_cmd import contacts, groups
from boolky_sync.cli.demo_cmd import demo
from boolky_sync.cli.import_cmd import import_file
from boolky_sync.cli.inspect_cmd import inspect
from boolky_sync.cli.normalize_cmd import normalize
from boolky_sync.cli.plan_cmd import apply, plan
from boolky_sync.cli.run_cmd import run
from boolky_sync.cli.sandbox_cmd import sandbox
from boolky_sync.cli.validate_cmd import validate
from boolky_sync.errors import BoolkyError
from boolky_sync.logs import configure_logging


class _Cli(click.Group):
    """A group that turns the project's errors into one readable line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BoolkyError as error:
            if ctx.meta.get("boolky_sync.debug"):
                raise
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="boolky-sync")
@click.option("-v", "--verbose", count=True, help="More log on stderr (-v info, -vv debug).")
@click.option(
    "--log-format",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
    help="Log lines for a person, or one JSON object per line for a collector.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, log_format: str, debug: bool) -> None:
    """Keep a Boolky contact list in step with CRM exports, spreadsheets and vCards."""
    ctx.meta["boolky_sync.debug"] = debug
    configure_logging(verbose, "json" if log_format == "json" else "human")


cli.add_command(run)
cli.add_command(plan)
cli.add_command(apply)
cli.add_command(import_file)
cli.add_command(contacts)
cli.add_command(groups)
cli.add_command(sandbox)
cli.add_command(inspect)
cli.add_command(normalize)
cli.add_command(validate)
sandbox.add_command(demo)


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(prog_name="boolky-sync"))
