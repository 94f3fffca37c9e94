"""A pipeline for one file and no pipeline file: what ``boolky-sync import`` runs.

A spreadsheet someone dropped on you gets the settings a new pipeline file
gets — the same state folder and sandbox account (``schema``'s defaults), an
upsert that never deletes, a report in every format — so an import and a
pipeline run beside it see the same sandbox. Its folders start at the working
directory, as a command line's paths do.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from boolky_sync.normalize.options import ConsentPolicy, NormalizeOptions
from boolky_sync.pipeline.config import Pipeline, ReportSettings, Source, Target
from boolky_sync.pipeline.schema import REPORTS_FOLDER, SANDBOX_STATE, STATE_FOLDER
from boolky_sync.sync.options import SyncOptions


def import_pipeline(
    file: str | Path,
    *,
    format: str | None = None,
    preset: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    mapping: dict[str, list[str]] | None = None,
    groups: Iterable[str] = (),
    region: str | None = None,
    consent: ConsentPolicy = "respect",
    report_folder: str | Path | None = None,
) -> Pipeline:
    """The pipeline that imports ``file`` (create and update, never delete) into the sandbox.

    ``mapping`` (``--map``) wins over the mapping remembered in the state folder for the
    file's header, which wins over the guess. The report goes to ``report_folder``
    (default: ``reports``). ``OptionError`` if ``region`` is not a region code.
    A run's ``base_url`` sends it to a real Boolky instead.
    """
    # Absolute, as a pipeline file's paths are: the summary and --json name the report
    # folder, the sources and the sandbox state the same way whichever command ran.
    source, state_dir = Path(file).absolute(), Path(STATE_FOLDER).absolute()
    return Pipeline(
        name="import",
        path=source,
        source=Source(
            paths=(source,),
            format=format,
            preset=preset,
            sheet=sheet,
            encoding=encoding,
            mapping=dict(mapping or {}),
            remembered_in=state_dir,
        ),
        normalize=NormalizeOptions(
            default_region=region, static_groups=tuple(groups), consent=consent
        ),
        sync=SyncOptions(mode="upsert"),
        target=Target(kind="sandbox", state=state_dir / SANDBOX_STATE),
        report=ReportSettings(folder=Path(report_folder or REPORTS_FOLDER).absolute()),
        state_dir=state_dir,
    )
