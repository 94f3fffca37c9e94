"""The pipelines in ``pipelines/``: users copy them, the README runs them, so they must hold.

Each loads, validates on ``sample_data/`` with the default sandbox target,
does what its name promises, and between them they show every key of the
layout with a comment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.schema import KNOWN_KEYS
from boolky_sync.pipeline.validate import validate_pipeline
from tests.conftest import REPO, SAMPLE_DATA

PIPELINES = REPO / "pipelines"
SHIPPED = ("nightly_crm_sync", "spreadsheet_import", "dry_run_report", "demo")


def shipped(name: str) -> Path:
    return PIPELINES / f"{name}.toml"


def test_the_four_pipelines_are_shipped() -> None:
    assert sorted(p.stem for p in PIPELINES.glob("*.toml")) == sorted(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_each_loads_reads_sample_data_and_targets_the_sandbox(name: str) -> None:
    pipeline = load_pipeline(shipped(name))
    assert all(path.parent == SAMPLE_DATA for path in pipeline.source.paths)
    assert pipeline.target.kind == "sandbox"
    assert pipeline.target.state == REPO / ".boolky-sync" / "sandbox.sqlite"
    assert pipeline.state_dir == REPO / ".boolky-sync"
    assert pipeline.report.folder == REPO / "reports" / name


@pytest.mark.parametrize("name", SHIPPED)
def test_each_validates_without_calling_any_api(name: str) -> None:
    result = CliRunner().invoke(cli, ["validate", str(shipped(name))])
    assert result.exit_code == 0, result.output
    assert "valid: ready to run (no API was called)" in result.stdout


@pytest.mark.parametrize("name", SHIPPED)
def test_each_source_yields_contacts(name: str) -> None:
    stats = validate_pipeline(shipped(name)).normalized.stats
    assert stats.contacts >= 25
    assert sum(stats.rejected.values()) <= 8


def test_nightly_mirrors_a_managed_group_from_a_crm_export_and_never_deletes() -> None:
    pipeline = load_pipeline(shipped("nightly_crm_sync"))
    assert pipeline.source.paths == (SAMPLE_DATA / "hubspot_contacts.csv",)
    assert pipeline.source.preset == "hubspot"
    assert pipeline.dry_run is False
    sync = pipeline.sync
    assert (sync.mode, sync.scope, sync.managed_groups) == ("mirror", "ledger", ("CRM",))
    assert sync.delete_contacts is False
    assert sync.max_delete_fraction == 0.1
    assert sync.allow_mass_delete is False
    assert "CRM" in pipeline.normalize.static_groups


def test_spreadsheet_import_upserts_from_the_workbook_sheet() -> None:
    pipeline = load_pipeline(shipped("spreadsheet_import"))
    assert pipeline.source.paths == (SAMPLE_DATA / "contacts.xlsx",)
    assert pipeline.source.sheet == "Contacts"
    assert pipeline.source.mapping["phone"] == ["Handy", "Téléphone"]
    assert pipeline.sync.mode == "upsert"
    assert pipeline.normalize.name_fallback == "Unknown"


def test_dry_run_report_never_writes_and_plans_exactly_as_the_nightly_one() -> None:
    dry = load_pipeline(shipped("dry_run_report"))
    nightly = load_pipeline(shipped("nightly_crm_sync"))
    assert dry.dry_run is True
    assert dry.name == nightly.name  # its ledger: what the nightly run put on Boolky
    assert dry.source == nightly.source
    assert dry.normalize == nightly.normalize
    assert dry.sync == nightly.sync
    assert dry.target.state == nightly.target.state
    assert dry.report.folder != nightly.report.folder


def test_demo_upserts_google_contacts_into_the_demo_group() -> None:
    pipeline = load_pipeline(shipped("demo"))
    assert pipeline.source.paths == (SAMPLE_DATA / "google_contacts.csv",)
    assert pipeline.sync.mode == "upsert"
    assert pipeline.normalize.static_groups == ("Demo",)
    assert pipeline.dry_run is False


def test_together_they_show_every_key_of_the_layout() -> None:
    text = "\n".join(shipped(name).read_text(encoding="utf-8") for name in SHIPPED)
    for table, keys in KNOWN_KEYS.items():
        if table:
            assert re.search(rf"^\[{re.escape(table)}\]", text, re.MULTILINE), table
        for key in keys:
            written = rf"^(# ?)?\s*(\[(\w+\.)?{key}\]|{key} =)"
            assert re.search(written, text, re.MULTILINE), f"{table}.{key}"


@pytest.mark.parametrize("name", SHIPPED)
def test_every_key_is_explained_by_a_comment(name: str) -> None:
    """A copied file explains itself: a comment on each setting's line or just above it."""
    lines = shipped(name).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.match(r'^[\w"][^=]*=', line):
            explained = "#" in line or lines[number - 1].startswith("#")
            assert explained, f"{name}.toml line {number + 1}: {line}"


@pytest.mark.parametrize("name", SHIPPED)
def test_no_shipped_file_holds_a_key(name: str) -> None:
    text = shipped(name).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(api_key|token|secret|password)\s*=", text, re.MULTILINE)
