"""``runs`` and ``runs show`` after real runs on the sandbox: a run that worked, one that
failed, a dry run, one stopped before it reached Boolky, and a journal from before the
journal kept report folders."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import click.testing
import pytest

from boolky_sync.errors import EXIT_INPUT, EXIT_OK, EXIT_SAFETY, EXIT_UNAVAILABLE
from boolky_sync.pipeline import load_pipeline
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)


def nightly(root: Path) -> Path:
    return write_pipeline(
        root,
        "nightly",
        """
        [source]
        path = "../data/crm.csv"
        [sync]
        batch_size = 1
        concurrency = 1
        [target]
        max_attempts = 1
        """,
    )


def contacts(root: Path, start: int) -> None:
    people = [(f"Person {start + i}", p) for i, p in enumerate(uk_mobiles(3, start))]
    write_contacts(root / "data" / "crm.csv", people)


def listed(*args: str | Path) -> list[dict[str, Any]]:
    result = invoke("runs", "--json", *args)
    assert result.exit_code == EXIT_OK, result.output
    runs: list[dict[str, Any]] = json.loads(result.stdout)
    return runs


def test_runs_lists_a_good_run_a_dry_run_and_a_failed_one(tmp_path: Path, box: Sandbox) -> None:
    pipeline = nightly(tmp_path)
    run = ("run", pipeline, "--base-url", box.url)
    contacts(tmp_path, 0)
    assert invoke(*run, env=api_env()).exit_code == EXIT_OK
    contacts(tmp_path, 10)
    assert invoke(*run, "--dry-run", env=api_env()).exit_code == EXIT_OK
    box.faults.fail_writes = True
    assert invoke(*run, env=api_env()).exit_code == EXIT_UNAVAILABLE

    runs = listed("--pipeline", pipeline)
    assert [r["id"] for r in runs] == [3, 2, 1]  # newest first
    failed, dry, good = runs
    assert set(good) == {
        "id", "pipeline", "started", "finished", "mode", "dry_run", "confirmed", "counts",
        "exit_code", "error", "report",
    }  # fmt: skip
    assert (good["pipeline"], good["mode"], good["dry_run"], good["exit_code"]) == (
        "nightly", "upsert", False, EXIT_OK,
    )  # fmt: skip
    assert good["counts"]["created"] == 3 and good["started"].endswith("+00:00")
    assert dry["dry_run"] is True and dry["counts"]["created"] == 3  # what it would do
    assert failed["exit_code"] == EXIT_UNAVAILABLE and "Boolky failed" in failed["error"]
    for entry in runs:
        assert (Path(entry["report"]) / "summary.json").is_file()
    assert [r["id"] for r in listed("--pipeline", pipeline, "--limit", "1")] == [3]
    state = load_pipeline(pipeline).state_dir
    assert [r["id"] for r in listed("--state", state)] == [3, 2, 1]

    table = invoke("runs", "--pipeline", pipeline)
    assert table.exit_code == EXIT_OK
    assert "UTC)" in table.stdout and "created 3" in table.stdout
    assert str(failed["report"]) in table.stdout  # whole, off a terminal
    assert KEY not in table.stdout

    shown = invoke("runs", "show", "3", "--pipeline", pipeline)
    assert shown.exit_code == EXIT_OK, shown.output
    assert "exit code  5" in shown.stdout and "summary from " + failed["report"] in shown.stdout
    as_json = json.loads(invoke("runs", "show", "2", "--json", "--pipeline", pipeline).stdout)
    assert as_json["dry_run"] is True and as_json["summary"]["plan"]["create"] == 3


def test_runs_show_reads_the_journal_once_the_report_is_gone(tmp_path: Path, box: Sandbox) -> None:
    pipeline = nightly(tmp_path)
    contacts(tmp_path, 0)
    invoke("run", pipeline, "--base-url", box.url, env=api_env())
    (report,) = listed("--pipeline", pipeline)
    for file in Path(report["report"]).iterdir():
        file.unlink()
    shown = invoke("runs", "show", "1", "--pipeline", pipeline)
    assert shown.exit_code == EXIT_OK
    assert "created 3" in shown.stdout and "(summary from the run journal)" in shown.stdout


def test_a_run_stopped_before_boolky_is_listed_too(tmp_path: Path, box: Sandbox) -> None:
    pipeline = write_pipeline(
        tmp_path,
        "mirror",
        """
        [source]
        path = "../data/crm.csv"
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        """,
    )
    source = tmp_path / "data" / "crm.csv"
    source.parent.mkdir()
    source.write_text("Name,Phone,Groups\nAnn Lee,+447911123456,CRM\nBob,+4479", "utf-8")
    result = invoke("run", pipeline, "--base-url", box.url, env=api_env())
    assert result.exit_code == EXIT_SAFETY, result.output
    (entry,) = listed("--pipeline", pipeline)
    assert entry["exit_code"] == EXIT_SAFETY and entry["mode"] == "mirror"
    assert (Path(entry["report"]) / "summary.json").is_file()


def test_a_journal_from_before_report_folders_still_lists(tmp_path: Path) -> None:
    state = tmp_path / ".boolky-sync"
    state.mkdir()
    with sqlite3.connect(state / "old.journal.sqlite") as db:
        db.executescript(
            """
            CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, pipeline TEXT NOT NULL,
                started TEXT NOT NULL, finished TEXT, dry_run INTEGER NOT NULL,
                options TEXT NOT NULL, exit_code INTEGER, summary TEXT);
            INSERT INTO runs (pipeline, started, dry_run, options)
                VALUES ('old', '2025-06-01T02:00:00.000+00:00', 0, '{"mode": "mirror"}');
            PRAGMA user_version = 1;
            """
        )
    (entry,) = listed("--state", state)
    assert entry["report"] is None and entry["exit_code"] is None and entry["finished"] is None
    assert entry["counts"]["created"] is None and entry["mode"] == "mirror"
    table = invoke("runs", "--state", state)
    assert table.exit_code == EXIT_OK
    row = next(line for line in table.stdout.splitlines() if "old" in line)
    assert row.count(" - ") >= 3  # exit code, changes and report unknown


def test_runs_says_so_when_there_are_none_and_refuses_a_bad_id(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    empty = invoke("runs", "--state", state)
    assert (empty.exit_code, empty.stdout) == (EXIT_OK, "no runs yet\n")
    assert list(state.iterdir()) == []  # reading made no journal
    missing = invoke("runs", "show", "7", "--state", state)
    assert missing.exit_code == EXIT_INPUT
    assert missing.stderr.startswith("error: no run 7 in the journals read")
    both = invoke("runs", "--state", state, "--pipeline", tmp_path / "x.toml")
    assert both.exit_code == EXIT_INPUT


def test_runs_lists_imports_from_the_working_folder(
    tmp_path: Path, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_contacts(tmp_path / "people.csv", [("Ann Lee", "+447911123456")])
    imported = invoke(
        "import", "people.csv", "--group", "Fair", "--yes", "--base-url", box.url, env=api_env()
    )
    assert imported.exit_code == EXIT_OK, imported.output
    (entry,) = listed()  # ./.boolky-sync, where import keeps its state
    assert (entry["pipeline"], entry["mode"], entry["dry_run"]) == ("import", "import", False)
    assert entry["counts"]["created"] == 1


def test_an_import_declined_at_the_prompt_is_listed_as_a_dry_run(
    tmp_path: Path, box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    write_contacts(tmp_path / "people.csv", [("Ann Lee", "+447911123456")])
    declined = invoke(
        "import", "people.csv", "--group", "Fair", "--base-url", box.url, env=api_env(), input="n\n"
    )
    assert declined.exit_code == EXIT_OK, declined.output
    (entry,) = listed()
    assert entry["dry_run"] is True and entry["counts"]["created"] == 1  # planned, not done
    assert entry["confirmed"] is False
    table = invoke("runs")
    assert table.exit_code == EXIT_OK, table.output
    assert "declined" in table.stdout and "(planned)" in table.stdout
