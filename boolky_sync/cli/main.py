"""The ``boolky-sync`` command group and how its errors reach a person.

Any ``BoolkyError`` becomes one line on stderr, ``error: ...``, and its exit
code, and so does click's own (a usage error: then the usage follows); any
other exception is a bug and becomes the same kind of line naming
only its type (its text is not ours to show: it could hold a contact or the
key) and exit 70. A traceback is shown only with ``--debug``. Exit codes
(README, "Exit codes"): 0 done · 1 done with failed rows or drift, or an API
error · 2 usage, config or input error · 3 API key refused · 4 a safety guard
stopped the run · 5 Boolky unreachable after retries · 6 another run holds the
lock · 70 internal error · 74 a folder that is full or read-only · 130 SIGINT ·
143 SIGTERM.
"""

from __future__ import annotations

from typing import IO, Any, NoReturn, get_args

import click

from boolky_sync import __version__
from boolky_sync.cli.lazy_group import LazyGroup
from boolky_sync.cli.process_end import end_process
from boolky_sync.gc_pace import rare_collections
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
    "history": "boolky_sync.cli.history_cmd:history",
    "undo": "boolky_sync.cli.undo_cmd:undo",
}
"""Every command by name and where it lives; each is imported only when used."""


class _ClickError(click.ClickException):
    """One of click's own errors (a usage error, a bad value, a missing file) said the way
    every error of ours is: ``error: ...`` first, then the usage and where help is."""

    def __init__(self, original: click.ClickException) -> None:
        super().__init__(original.format_message())
        self.original = original

    @property  # click's is a class attribute; this one is the original error's
    def exit_code(self) -> int:  # type: ignore[override]
        return self.original.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.message}", err=True)
        ctx = self.original.ctx if isinstance(self.original, click.UsageError) else None
        if ctx is not None:
            click.echo(ctx.get_usage(), err=True)
            click.echo(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.", err=True)


class _Cli(LazyGroup):
    """A group that turns the project's errors, and any bug, into one readable line."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as error:  # the group's own options were wrong
            raise _ClickError(error) from error

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _ClickError:
            raise
        except click.ClickException as error:  # a command's usage errors and bad values
            raise _ClickError(error) from error
        except (click.exceptions.Exit, click.Abort):
            raise  # a command's own exit code, or Ctrl-C at a prompt: click shows them
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


def main() -> NoReturn:
    """Console-script entry point (and ``python -m boolky_sync``): the process ends without
    Python's teardown once the command is done (``process_end``).

    The cycle collector keeps a run's pace (``gc_pace``) for the whole process, not only
    while a pipeline runs: the imports a run needs (pandas, pyarrow, httpx) made it
    collect 259 times before the run began, a tenth of a second of every command, and
    what they make is never garbage."""
    try:
        with rare_collections(freezing=False):
            cli.main(prog_name="boolky-sync")
    except SystemExit as done:
        end_process(done.code)
    end_process(0)
