"""The work an orchestrator schedules, with no orchestrator in it: one account's sync.

``airflow_dag.py``, ``dagster_assets.py`` and ``prefect_flow.py`` each wrap
these functions in their own task, asset or flow. They need nothing but
boolky_sync, so they are tested -- and could run from cron -- without any
orchestrator installed. One pipeline file per account: the file says which
export goes to which Boolky account, under which key variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boolky_sync


def pipeline_files(folder: str | Path) -> list[str]:
    """Every pipeline file in ``folder``, sorted: one task per file, one file per account."""
    return sorted(str(path) for path in Path(folder).glob("*.toml"))


def accounts(folder: str | Path) -> list[str]:
    """The account names of ``folder``'s pipeline files (their stems), as partition keys."""
    return [Path(path).stem for path in pipeline_files(folder)]


def sync_account(pipeline_path: str | Path, base_url: str | None = None) -> dict[str, Any]:
    """Run one account's pipeline; its summary (what summary.json holds) when it succeeded.

    Raises the ``BoolkyError`` that says why it did not, so the orchestrator
    marks the task failed -- and retries it, if it retries failed tasks.
    """
    return boolky_sync.run(pipeline_path, base_url=base_url).raise_for_status().summary
