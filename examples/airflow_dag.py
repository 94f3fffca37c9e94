"""Airflow: every night, one task per pipeline file -- one mapped task per account.

Put this file and ``sync_jobs.py`` in the DAGs folder, and the pipeline files
(one per account) in ``BOOLKY_PIPELINES``. Dynamic task mapping (``.expand``)
makes one task instance per file, so each account succeeds, fails and is
retried on its own, and a new account is a new file, not a DAG edit.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

try:  # Airflow 3
    from airflow.sdk import dag, task
except ImportError:  # Airflow 2
    from airflow.decorators import dag, task

from sync_jobs import pipeline_files, sync_account

PIPELINES = os.environ.get("BOOLKY_PIPELINES", "/opt/boolky/pipelines")


@dag(schedule="0 2 * * *", start_date=datetime(2025, 1, 1), catchup=False, tags=["boolky"])
def boolky_nightly() -> None:
    @task
    def account_pipelines() -> list[str]:
        return pipeline_files(PIPELINES)

    @task(retries=2, retry_delay=timedelta(minutes=10), max_active_tis_per_dag=4)
    def sync(pipeline_path: str) -> dict[str, Any]:
        return sync_account(pipeline_path)  # the summary lands in XCom

    sync.expand(pipeline_path=account_pipelines())


boolky_nightly()
