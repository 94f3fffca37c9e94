"""``validate``: is this pipeline ready to run? Checked without calling any API.

Before a pipeline goes into cron, a person (or CI) wants to know that the file
is right and that its source reads as expected. This shows what a run would
start from — the files, how they are read, the column mapping, how many rows
become contacts and how many would be refused — and exits 0; or prints the one
line that names the file, the key and the line at fault, and exits 2. ``--json``
prints the same as one object on stdout (with every problem, not only the first).
The library and its data stack are imported when the command runs, not for ``--help``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from boolky_sync.cli.options import json_option
from boolky_sync.errors import EXIT_INPUT

if TYPE_CHECKING:
    from boolky_sync.pipeline.config import Pipeline
    from boolky_sync.pipeline.problems import PipelineFileError
    from boolky_sync.pipeline.validate import Validation


@click.command()
@click.argument("pipeline", type=click.Path(path_type=Path))
@json_option
@click.pass_context
def validate(ctx: click.Context, pipeline: Path, as_json: bool) -> None:
    """Check PIPELINE and read its source; no API is called and nothing is written."""
    from boolky_sync.pipeline.problems import PipelineFileError
    from boolky_sync.pipeline.validate import validate_pipeline

    try:
        checked = validate_pipeline(pipeline)
    except PipelineFileError as error:
        if not as_json:
            raise  # the command group prints "error: ..." and exits 2
        click.echo(f"error: {error}", err=True)
        click.echo(json.dumps(failure(error), ensure_ascii=False))
        ctx.exit(EXIT_INPUT)
    if as_json:
        click.echo(json.dumps(success(checked), ensure_ascii=False))
        return
    print_validation(checked)


def success(checked: Validation) -> dict[str, Any]:
    """What ``validate --json`` prints for a pipeline that can run."""
    from boolky_sync.cli.inspect_cmd import describe

    pipeline = checked.pipeline
    read = describe(checked.extracted)
    del read["file"]
    return {
        "valid": True,
        **settings(pipeline),
        "files": [str(p) for p in pipeline.source.paths],
        **read,
        "normalized": checked.normalized.stats.as_dict(),
    }


def failure(error: PipelineFileError) -> dict[str, Any]:
    """What ``validate --json`` prints for a pipeline that cannot run."""
    return {
        "valid": False,
        "error": str(error),
        "problems": [problem.as_dict() for problem in error.problems],
    }


def settings(pipeline: Pipeline) -> dict[str, Any]:
    """Where the pipeline would write and to which Boolky; the key's variable, never the key."""
    target = pipeline.target
    return {
        "pipeline": str(pipeline.path),
        "name": pipeline.name,
        "dry_run": pipeline.dry_run,
        "mode": pipeline.sync.mode,
        "target": {
            "kind": target.kind,
            "state": str(target.state) if target.state else None,
            "base_url": target.base_url,
            "api_key_env": target.api_key_env,
        },
        "state_dir": str(pipeline.state_dir),
        "report_folder": str(pipeline.report.folder),
    }


def print_validation(checked: Validation) -> None:
    """The pipeline's settings, the source as inspect shows it, then the counts."""
    from rich.console import Console
    from rich.markup import escape

    from boolky_sync.cli.inspect_cmd import print_report

    pipeline, stats = checked.pipeline, checked.normalized.stats
    console = Console()

    def say(text: str) -> None:
        # Not wrapped: a path cut across two lines cannot be copied.
        console.print(text, highlight=False, soft_wrap=True)

    target = pipeline.target
    where = f"the sandbox in {target.state}" if target.kind == "sandbox" else target.base_url
    # Paths and addresses are the user's text: a "[x]" in them is shown, not read as markup.
    where = escape(str(where))
    only = " — dry runs only, never writes" if pipeline.dry_run else ""
    say(f"[bold]pipeline:[/bold] {pipeline.name} ({escape(str(pipeline.path))})")
    say(f"[bold]sync:[/bold] {pipeline.sync.mode} into {where}{only}")
    if len(pipeline.source.paths) > 1:
        say("[bold]files:[/bold]" + "".join(f"\n  {escape(str(p))}" for p in pipeline.source.paths))
    print_report(checked.extracted)
    refused = ", ".join(f"{reason} {n}" for reason, n in stats.rejected.items()) or "none"
    say(
        f"[bold]{stats.rows} rows[/bold] → {stats.contacts} contacts, {stats.merged} merged, "
        f"{sum(stats.rejected.values())} rejected ({refused})"
    )
    say("valid: ready to run (no API was called)")
