"""Prefect: a nightly flow that maps one task over every account's pipeline file.

``python prefect_flow.py`` (from this folder) serves the flow on its cron
schedule; each account is one task run, retried on its own.
"""

from __future__ import annotations

import os
from typing import Any

from prefect import flow, task
from sync_jobs import pipeline_files, sync_account

PIPELINES = os.environ.get("BOOLKY_PIPELINES", "pipelines")


@task(retries=2, retry_delay_seconds=600)
def sync(pipeline_path: str) -> dict[str, Any]:
    return sync_account(pipeline_path)


@flow(log_prints=True)
def boolky_nightly(folder: str = PIPELINES) -> list[dict[str, Any]]:
    futures = sync.map(pipeline_files(folder))
    return [future.result() for future in futures]


if __name__ == "__main__":
    boolky_nightly.serve(name="boolky-nightly", cron="0 2 * * *")
