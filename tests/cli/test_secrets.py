"""The API key is never written down: not in a report, a plan, a log line or the journal.

A run, a plan, an apply, an import and a refused key are all made against a
sandbox with a key nobody could mistake for anything else, with the most
talkative log there is (``--log-format json -vv``); then every byte of every
file they left behind (SQLite write-ahead logs included) and everything they
printed is searched for the key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click.testing
import pytest

from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import invoke, write_contacts

SECRET = "sk-test-9f8e7d6c5b4a"
WRONG = "sk-wrong-5e4d3c2b1a"


@pytest.fixture
def secret_box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=SECRET) as box:
        yield box


def every_file(root: Path) -> Iterator[Path]:
    yield from (p for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink())


def test_the_key_is_in_no_file_and_no_output(
    workspace: Path, secret_box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    url = secret_box.url
    env: dict[str, str | None] = {"BOOLKY_API_KEY": SECRET}
    loud = ("--log-format", "json", "-vv")
    results: list[click.testing.Result] = []

    def run(*args: str | Path, key: dict[str, str | None] = env) -> click.testing.Result:
        result = invoke(*loud, *args, env=key)
        results.append(result)
        return result

    pipelines = workspace / "pipelines"
    assert run("run", pipelines / "demo.toml", "--base-url", url, "--json").exit_code == 0
    plan_file = workspace / "plans" / "nightly.json"
    planned = run("plan", pipelines / "nightly_crm_sync.toml", "-o", plan_file, "--base-url", url)
    assert planned.exit_code == 0, planned.output
    applied = run("apply", plan_file, "--base-url", url, "--json")
    assert applied.exit_code == 0, applied.output
    write_contacts(workspace / "import.csv", [("Ida Import", "+447911654321")])
    imported = run("import", "import.csv", "--yes", "--group", "Fair", "--base-url", url)
    assert imported.exit_code == 0, imported.output
    dry = run("run", pipelines / "dry_run_report.toml", "--base-url", url)
    assert dry.exit_code == 0, dry.output
    refused = run("run", pipelines / "demo.toml", "--base-url", url, key={"BOOLKY_API_KEY": WRONG})
    assert refused.exit_code == 3

    # The log really is the talkative one, one JSON object per line.
    log_lines = [line for r in results for line in r.stderr.splitlines() if line.startswith("{")]
    levels = {json.loads(line)["level"] for line in log_lines}
    assert "debug" in levels
    assert "error" in levels  # the refused key was logged
    for result in results:
        for secret in (SECRET, WRONG):
            assert secret not in result.stdout
            assert secret not in result.stderr

    files = list(every_file(workspace))
    names = {p.name for p in files}
    # What must have been searched: reports, the plan, ledgers, journals, sandbox state.
    assert {"summary.json", "report.html", "changes.csv", "report.xlsx", "nightly.json"} <= names
    assert {"demo.journal.sqlite", "demo.ledger.sqlite", "nightly_crm_sync.journal.sqlite"} <= names
    assert {"import.journal.sqlite", "import.ledger.sqlite"} <= names
    assert sum(name.startswith("20") for name in (p.parent.name for p in files)) >= 5
    for path in files:
        content = path.read_bytes()
        for secret in (SECRET, WRONG):
            assert secret.encode() not in content, path
            assert secret.encode("utf-16-le") not in content, path


def test_the_search_would_find_a_key_written_down(tmp_path: Path) -> None:
    """The search above is not blind: a key in a WAL file of a state folder is found."""
    (tmp_path / ".boolky-sync").mkdir()
    (tmp_path / ".boolky-sync" / "x.journal.sqlite-wal").write_bytes(b"\0\0" + SECRET.encode())
    found = [p for p in every_file(tmp_path) if SECRET.encode() in p.read_bytes()]
    assert [p.name for p in found] == ["x.journal.sqlite-wal"]
