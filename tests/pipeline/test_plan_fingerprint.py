"""Only a plan that may be saved (a dry run's) carries the digest of Boolky's state a saved
plan is checked by; a run that applies its plan at once does not compute it. Over a real
sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

import boolky_sync
from boolky_sync.sandbox import run_sandbox
from tests.cli.workspace import KEY, remote_phones, uk_mobiles, write_contacts, write_pipeline

PHONES = uk_mobiles(4)


def test_only_a_plan_that_may_be_saved_has_the_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOLKY_API_KEY", KEY)
    write_contacts(tmp_path / "data" / "crm.csv", [("Ann", phone) for phone in PHONES])
    path = write_pipeline(tmp_path, "digest", '[source]\npath = "../data/crm.csv"\n')
    with run_sandbox(api_key=KEY) as box:
        planned = boolky_sync.plan(path, base_url=box.url)
        assert planned.exit_code == 0, planned.report.error
        assert planned.plan is not None and len(planned.plan.fingerprint) == 64  # sha256
        ran = boolky_sync.run(path, base_url=box.url)
        assert ran.exit_code == 0, ran.report.error
        assert set(remote_phones(box)) == set(PHONES)
    assert ran.plan is not None and ran.plan.fingerprint == ""
    assert ran.plan.counts()["create"] == len(PHONES)
