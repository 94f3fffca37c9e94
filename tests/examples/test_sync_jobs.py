"""The function every orchestrator example calls, run without the orchestrator.

``examples/sync_jobs.py`` is loaded from its file, as the DAG folder, Dagster's
``-f`` and Prefect's script load it beside their own file; the shipped
pipelines and sample data are copied into ``tmp_path`` first.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from boolky_sync import LockedError, load_pipeline
from boolky_sync.pipeline.lock import pipeline_lock
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import KEY, make_workspace, remote_phones
from tests.conftest import REPO

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def jobs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sync_jobs", EXAMPLES / "sync_jobs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def pipelines(tmp_path: Path) -> Path:
    return make_workspace(tmp_path) / "pipelines"


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def test_every_example_calls_only_what_sync_jobs_offers(jobs: ModuleType) -> None:
    for example, names in {
        "airflow_dag.py": ("pipeline_files", "sync_account"),
        "dagster_assets.py": ("accounts", "sync_account"),
        "prefect_flow.py": ("pipeline_files", "sync_account"),
    }.items():
        text = (EXAMPLES / example).read_text(encoding="utf-8")
        assert f"from sync_jobs import {', '.join(names)}\n" in text, example
        assert all(callable(getattr(jobs, name)) for name in names)


def test_the_pipeline_files_are_one_per_account(jobs: ModuleType, pipelines: Path) -> None:
    files = jobs.pipeline_files(pipelines)
    assert files == sorted(str(p) for p in pipelines.glob("*.toml"))
    assert "demo" in jobs.accounts(pipelines)
    assert jobs.accounts(str(pipelines)) == [Path(f).stem for f in files]


def test_sync_account_runs_the_demo_and_returns_its_summary(
    jobs: ModuleType, pipelines: Path
) -> None:
    summary = jobs.sync_account(pipelines / "demo.toml")
    assert summary["exit_code"] == 0
    assert summary["applied"]["ok"] == summary["plan"]["create"] > 0
    again = jobs.sync_account(str(pipelines / "demo.toml"))
    assert again["plan"]["unchanged"] == summary["contacts"]


def test_sync_account_against_a_base_url(
    jobs: ModuleType, pipelines: Path, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOLKY_API_KEY", KEY)
    summary = jobs.sync_account(pipelines / "demo.toml", base_url=box.url)
    assert summary["target"] == box.url
    assert len(remote_phones(box)) == summary["contacts"]


def test_sync_account_raises_what_stopped_the_run(jobs: ModuleType, pipelines: Path) -> None:
    demo = pipelines / "demo.toml"
    with pipeline_lock(load_pipeline(demo)), pytest.raises(LockedError):
        jobs.sync_account(demo)
