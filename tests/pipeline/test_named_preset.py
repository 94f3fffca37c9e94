"""A pipeline naming a preset its export does not match fails at validate and run (exit 2).

The shipped nightly pipeline says ``preset = "hubspot"`` so that a changed export fails
loudly; here its source is a Shopify customers export in the exact real layout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.errors import EXIT_INPUT
from tests.conftest import REPO

SHOPIFY = Path(__file__).parent.parent / "extract" / "data" / "presets" / "shopify.csv"


@pytest.mark.parametrize("command", ["validate", "run", "inspect"])
def test_hubspot_named_on_a_shopify_export_is_refused(tmp_path: Path, command: str) -> None:
    (tmp_path / "pipelines").mkdir()
    shutil.copy(SHOPIFY, tmp_path / "shop.csv")
    text = (REPO / "pipelines" / "nightly_crm_sync.toml").read_text(encoding="utf-8")
    text = text.replace("../sample_data/hubspot_contacts.csv", "../shop.csv")
    pipeline = tmp_path / "pipelines" / "nightly_crm_sync.toml"
    pipeline.write_text(text, encoding="utf-8")
    target = tmp_path / "shop.csv" if command == "inspect" else pipeline
    extra = ["--preset", "hubspot"] if command == "inspect" else []
    result = CliRunner().invoke(cli, [command, str(target), *extra])
    assert result.exit_code == EXIT_INPUT, result.output
    said = (
        'preset "hubspot" does not match shop.csv: its columns Create Date, Record ID are '
        "missing (this file looks like shopify)"
    )
    assert said in result.output
    if command == "run":  # a run stopped by its source: the summary and report say why
        assert f"Stopped: {said}" in result.stdout
    else:
        assert result.stderr.startswith("error: "), result.stderr
    if command == "validate":
        line = text.splitlines().index('preset = "hubspot"') + 1
        assert f"source.preset (line {line}): {said}" in result.stderr
