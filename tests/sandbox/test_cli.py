"""``sandbox serve``: its options reach the sandbox, and the real command serves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from boolky_sync.cli import sandbox_cmd
from boolky_sync.sandbox import Faults
from tests.sandbox.support import REPO_ROOT


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What ``serve`` was called with, instead of serving."""
    seen: dict[str, Any] = {}

    def fake_serve(**options: Any) -> None:
        seen.update(options)
        options["on_started"]("http://127.0.0.1:8765")

    monkeypatch.setattr(sandbox_cmd, "serve", fake_serve)
    return seen


def test_every_option_reaches_the_sandbox(served: dict[str, Any]) -> None:
    args = [
        "serve", "--host", "0.0.0.0", "--port", "9000", "--state", "s.sqlite",
        "--duplicate-policy", "reject", "--error-rate", "0.1", "--rate-limit-rate", "0.2",
        "--retry-after", "3", "--latency", "0.01", "--fail-call", "2", "--fail-call", "5",
        "--max-page", "100", "--seed", "9", "--auth-error-status", "200",
    ]  # fmt: skip

    result = CliRunner().invoke(sandbox_cmd.sandbox, args, env={"BOOLKY_API_KEY": "env-key-42"})

    assert result.exit_code == 0, result.output
    assert served["api_key"] == "env-key-42"
    assert (served["host"], served["port"], str(served["state"])) == ("0.0.0.0", 9000, "s.sqlite")
    assert (served["duplicate_policy"], served["auth_error_status"]) == ("reject", 200)
    assert served["faults"] == Faults(
        error_rate=0.1,
        rate_limit_rate=0.2,
        retry_after=3,
        latency=0.01,
        fail_calls={2, 5},
        max_page=100,
        seed=9,
    )
    assert "listening on http://127.0.0.1:8765" in result.stderr
    assert "env-key-42" not in result.output


def test_defaults_are_an_in_memory_upsert_sandbox_without_faults(served: dict[str, Any]) -> None:
    result = CliRunner().invoke(sandbox_cmd.sandbox, ["serve"], env={"BOOLKY_API_KEY": None})

    assert result.exit_code == 0, result.output
    assert served["api_key"] == "sandbox-key"
    assert (served["state"], served["duplicate_policy"], served["port"]) == (None, "upsert", 8765)
    assert served["faults"] == Faults()
    assert "state: memory" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--duplicate-policy", "merge"], ["--error-rate", "2"], ["--fail-call", "0"]],
)
def test_impossible_options_are_usage_errors(served: dict[str, Any], args: list[str]) -> None:
    result = CliRunner().invoke(sandbox_cmd.sandbox, ["serve", *args])

    assert result.exit_code == 2
    assert not served


def test_the_group_and_its_command_have_help() -> None:
    group = CliRunner().invoke(sandbox_cmd.sandbox, ["--help"])
    serve = CliRunner().invoke(sandbox_cmd.sandbox, ["serve", "--help"])

    assert "local Boolky" in group.output
    assert "--fail-call" in serve.output


def test_the_real_command_serves_until_interrupted() -> None:
    env = {**os.environ, "BOOLKY_API_KEY": "cli-key-7"}
    code = "from boolky_sync.cli.sandbox_cmd import sandbox; sandbox(['serve', '--port', '0'])"
    with subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stderr is not None
        line = process.stderr.readline()
        url = line.split(" listening on ")[1].split()[0]
        answer = httpx.get(f"{url}/getGroups", headers={"Authorization": "cli-key-7"})
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()

    assert answer.status_code == 200
    assert process.returncode == 0, rest
    assert "cli-key-7" not in line + rest
