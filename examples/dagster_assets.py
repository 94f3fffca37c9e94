"""Dagster: the Boolky contact list as an asset, one partition per account.

Each pipeline file in ``BOOLKY_PIPELINES`` is an account and a partition
(``StaticPartitionsDefinition``); materializing a partition syncs that account
and records its figures as metadata. Load with
``dagster dev -f dagster_assets.py`` from this folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    Definitions,
    MaterializeResult,
    MetadataValue,
    StaticPartitionsDefinition,
    asset,
)
from sync_jobs import accounts, sync_account

PIPELINES = Path(os.environ.get("BOOLKY_PIPELINES", "pipelines"))
by_account = StaticPartitionsDefinition(accounts(PIPELINES))


@asset(partitions_def=by_account)
def boolky_contacts(context: AssetExecutionContext) -> MaterializeResult:
    """The account's Boolky contacts, in step with its pipeline's source."""
    summary = sync_account(PIPELINES / f"{context.partition_key}.toml")
    return MaterializeResult(
        metadata={
            "contacts": summary["contacts"],
            "applied": MetadataValue.json(summary["applied"]),
            "drift": summary["drift"] or 0,
        }
    )


defs = Definitions(assets=[boolky_contacts])
