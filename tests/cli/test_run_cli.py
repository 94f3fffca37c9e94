"""``boolky-sync run``: the quick start, every shipped pipeline, ``--json`` and the report's sums.

Each test works on its own copy of ``pipelines/`` and ``sample_data/`` (see
``workspace``), with the built-in sandbox of the pipeline file or a sandbox
the test started and points the run at with ``--base-url``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import (
    PLAN_KEYS,
    SUMMARY_KEYS,
    api_env,
    invoke,
    latest,
    remote_phones,
    summary_file,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
    writes,
)

SHIPPED = ("demo", "nightly_crm_sync", "spreadsheet_import", "dry_run_report")
REPORT_FILES = ("summary.json", "report.html", "changes.csv", "rejects.csv", "report.xlsx")


def assert_sums_hold(summary: dict[str, Any]) -> None:
    """Every row read is accounted for, and every planned change has an outcome."""
    rejected = sum(summary["rejected"].values())
    assert summary["rows"] == (
        summary["contacts"] + summary["merged"] + rejected - summary["split"]
    ), summary
    plan, applied = summary["plan"], summary["applied"]
    planned = sum(plan[k] for k in ("create", "update", "remove", "delete"))
    if summary["dry_run"]:
        assert applied == {"ok": 0, "failed": 0, "skipped": 0}
    else:
        assert planned == applied["ok"] + applied["failed"] + applied["skipped"], summary


# -- the quick start ---------------------------------------------------------


def test_quick_start_runs_the_demo_then_plans_nothing_and_says_so(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)

    first = invoke("run", "pipelines/demo.toml")
    assert first.exit_code == 0, first.output
    shown = re.search(r"Report: (\S+report\.html)", first.stdout)
    assert shown, first.stdout
    page = Path(shown[1])
    assert page.is_file()
    assert page.parent.parent == workspace / "reports" / "demo"
    assert "Nothing to change" not in first.stdout
    made = summary_file(page.parent)
    assert made["plan"]["create"] == made["contacts"] > 20
    assert made["applied"]["ok"] == made["contacts"]

    second = invoke("run", "pipelines/demo.toml")
    assert second.exit_code == 0, second.output
    assert "Nothing to change" in second.stdout

    third = summary_of(invoke("run", "pipelines/demo.toml", "--json"))
    assert third["plan"] == {
        **dict.fromkeys(PLAN_KEYS, 0),
        "unchanged": made["contacts"],
    }
    assert third["write_calls"] == 0
    assert third["applied"] == {"ok": 0, "failed": 0, "skipped": 0}
    assert (third["drift"], third["exit_code"]) == (0, 0)


def test_json_summary_has_the_documented_keys_and_is_summary_json(workspace: Path) -> None:
    result = invoke("run", workspace / "pipelines" / "demo.toml", "--json")
    assert result.exit_code == 0, result.output
    printed = summary_of(result)
    for key in (*SUMMARY_KEYS, "exit_code"):
        assert key in printed, key
    assert set(PLAN_KEYS) <= set(printed["plan"])
    assert {"ok", "failed"} <= set(printed["applied"])
    assert all(isinstance(n, int) for n in printed["rejected"].values())
    assert printed["rejected"], "the demo's source has refused rows"
    assert printed["exit_code"] == result.exit_code == 0
    assert printed["write_calls"] > 0
    folder = Path(printed.pop("report"))
    assert folder.parent == workspace / "reports" / "demo"
    assert summary_file(folder) == printed
    assert latest(folder.parent) == folder


# -- every shipped pipeline --------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_pipeline_runs_on_the_sandbox_and_its_sums_hold(
    workspace: Path, name: str
) -> None:
    result = invoke("run", workspace / "pipelines" / f"{name}.toml", "--json")
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    folder = Path(summary.pop("report"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(REPORT_FILES)
    assert summary_file(folder) == summary
    assert summary["contacts"] > 20
    assert_sums_hold(summary)
    if name == "dry_run_report":
        assert summary["dry_run"] is True
        assert summary["write_calls"] == 0
        assert summary["drift"] is None
    else:
        assert summary["dry_run"] is False
        assert summary["applied"]["ok"] > 0
        assert summary["applied"]["failed"] == 0
        assert summary["drift"] == 0


def test_the_shipped_pipelines_run_one_after_another_on_one_sandbox(workspace: Path) -> None:
    """They share the sandbox account: the dry run then predicts what the nightly did."""
    for name in SHIPPED:
        result = invoke("run", workspace / "pipelines" / f"{name}.toml", "--json")
        assert result.exit_code == 0, (name, result.output)
        summary = summary_of(result)
        assert_sums_hold(summary)
        if name == "dry_run_report":
            # The nightly run just wrote everything: nothing left to predict.
            assert summary["plan"]["create"] == summary["plan"]["update"] == 0
            assert summary["plan"]["unchanged"] == summary["contacts"]


def test_the_dry_run_pipeline_writes_a_report_and_never_a_write_call(
    workspace: Path, box: Sandbox
) -> None:
    result = invoke(
        "run",
        workspace / "pipelines" / "dry_run_report.toml",
        "--base-url",
        box.url,
        "--json",
        env=api_env(),
    )
    assert result.exit_code == 0, result.output
    assert box.calls.count() == box.calls.count("getContacts") >= 1
    assert writes(box) == 0
    summary = summary_of(result)
    assert summary["dry_run"] is True
    assert summary["target"] == box.url
    assert summary["plan"]["create"] == summary["contacts"] > 20  # the sandbox is empty
    folder = Path(summary["report"])
    assert folder.parent == workspace / "reports" / "dry_run_report"
    with (folder / "changes.csv").open(encoding="utf-8-sig", newline="") as f:
        changes = list(csv.DictReader(f))
    assert {row["outcome"] for row in changes} == {"planned"}
    assert sum(row["op"] == "create" for row in changes) == summary["plan"]["create"]
    assert remote_phones(box) == {}


def test_dry_run_flag_on_a_writing_pipeline_writes_nothing(workspace: Path, box: Sandbox) -> None:
    result = invoke(
        "run",
        workspace / "pipelines" / "nightly_crm_sync.toml",
        "--dry-run",
        "--base-url",
        box.url,
        "--json",
        env=api_env(),
    )
    assert result.exit_code == 0, result.output
    assert writes(box) == 0
    summary = summary_of(result)
    assert summary["dry_run"] is True
    assert summary["plan"]["create"] > 0
    assert remote_phones(box) == {}


def test_a_run_against_base_url_lands_in_that_boolky(workspace: Path, box: Sandbox) -> None:
    result = invoke(
        "run",
        workspace / "pipelines" / "demo.toml",
        "--base-url",
        box.url,
        "--json",
        env=api_env(),
    )
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    assert len(remote_phones(box)) == summary["contacts"]
    assert summary["write_calls"] == writes(box)
    assert not (workspace / ".boolky-sync" / "sandbox.sqlite").exists()


# -- report arithmetic --------------------------------------------------------


def test_limit_sends_only_the_first_changes_and_the_rest_is_skipped(workspace: Path) -> None:
    result = invoke("run", workspace / "pipelines" / "demo.toml", "--limit", "5", "--json")
    summary = summary_of(result)
    assert summary["applied"]["ok"] == 5
    assert summary["applied"]["skipped"] == summary["plan"]["create"] - 5 > 0
    assert_sums_hold(summary)
    # What was left out is still to do, but not drift: a limited run did what it was asked.
    assert summary["limited"] == {"to": 5, "of": summary["plan"]["create"]}
    assert summary["drift"] == 0
    assert result.exit_code == summary["exit_code"] == 0

    rest = summary_of(invoke("run", workspace / "pipelines" / "demo.toml", "--json"))
    assert rest["plan"]["create"] == summary["applied"]["skipped"]
    assert (rest["drift"], rest["exit_code"]) == (0, 0)


def test_sums_hold_when_other_numbers_are_split_into_contacts(workspace: Path) -> None:
    pipeline = workspace / "pipelines" / "split.toml"
    text = (workspace / "pipelines" / "demo.toml").read_text(encoding="utf-8")
    text = text.replace('name = "demo"', 'name = "split"')
    text = text.replace("[normalize]", '[normalize]\nother_phones = "split"')
    text = text.replace("reports/demo", "reports/split")
    pipeline.write_text(text, encoding="utf-8")
    result = invoke("run", pipeline, "--json")
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    assert summary["split"] > 0
    assert_sums_hold(summary)
    assert summary["drift"] == 0


@pytest.mark.parametrize("strategy", ["readd", "replace"])
def test_sums_hold_for_every_kind_of_change(tmp_path: Path, box: Sandbox, strategy: str) -> None:
    """Creates, field updates, group removals and deletions in one run, each strategy."""
    pipeline = write_pipeline(
        tmp_path,
        "mixed",
        f"""
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        delete_contacts = true
        update_strategy = "{strategy}"
        batch_size = 3
        """,
    )
    phones = uk_mobiles(12)
    write_contacts(tmp_path / "data" / "crm.csv", [(f"P {i}", p) for i, p in enumerate(phones)])
    run = ("run", pipeline, "--base-url", box.url, "--allow-mass-delete", "--json")
    assert invoke(*run, env=api_env()).exit_code == 0
    kept = [(f"Renamed {i}" if i < 3 else f"P {i}", p) for i, p in enumerate(phones[:8])]
    new = [(f"New {i}", p) for i, p in enumerate(uk_mobiles(2, start=100))]
    write_contacts(tmp_path / "data" / "crm.csv", kept + new)

    result = invoke(*run, env=api_env())
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    assert summary["plan"]["create"] == 2
    assert summary["plan"]["update"] == 3
    assert summary["plan"]["remove"] + summary["plan"]["delete"] >= 4
    assert_sums_hold(summary)
    assert summary["applied"]["failed"] == summary["applied"]["skipped"] == 0
    assert summary["drift"] == 0
    assert remote_phones(box) == {p: n for n, p in kept + new}
