"""The ``boolky-sync`` command group and how its errors reach a person.

Any ``BoolkyError`` becomes one line on stderr, ``error: ...``, and its exit
code; any other exception is a bug and becomes the same kind of line naming
only its type (its text is not ours to show: it could hold a contact or the
key) and exit 70. A traceback is shown only with ``--debug``. Exit codes
(README, "Exit codes"): 0 done · 1 done with failed rows or drift, or an API
error · 2 usage, config or input error · 3 API key refused · 4 a safety guard
stopped the run · 5 Boolky unreachable after retries · 6 another run holds the
lock · 70 internal error · 74 a folder that is full or read-only · 130 SIGINT ·
143 SIGTERM.
"""

from __future__ import annotations

import sys
from typing import Any, get_args

import click

from boolky_sync import __version__
from boolky_sync.cli.lazy_group import LazyGroup
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
    "ledger": "boolky_sync.cli.ledger_cmd:ledger",
    "runs": "boolky_sync.cli.runs_cmd:runs",
    "retry": "boolky_sync.cli.retry_cmd:retry",
    "suppress": "boolky_sync.cli.suppress_cmd:suppress",
}
"""Every command by name and where it lives; each is imported only when used."""


class _Cli(LazyGroup):
    """A group that turns the project's errors, and any bug, into one readable line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # a command's own exit code, or click's usage errors: click shows them
        except Exception as error:
            if ctx.meta.get("boolky_sync.debug"):
                raise
            from boolky_sync.unexpected import as_boolky_error

            ours = as_boolky_error(error)
            click.echo(f"error: {ours}", err=True)
            ctx.exit(ours.exit_code)


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
