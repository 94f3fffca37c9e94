"""Alerts from real runs (``boolky_sync.run``, where schedulers call us) to a webhook and a
mail server on 127.0.0.1: one per change of health, none carrying a secret, and a
webhook that is down never changes how the run ended."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path

import pytest

import boolky_sync
from boolky_sync.errors import EXIT_OK, EXIT_UNAVAILABLE
from boolky_sync.pipeline import load_pipeline
from boolky_sync.pipeline.alerts import state_path
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import KEY, summary_file, uk_mobiles, write_contacts, write_pipeline
from tests.pipeline.alert_servers import closed_port, mail_server, webhook

PASSWORD = "smtp-pass-7c41e9d2"


@pytest.fixture
def box(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    monkeypatch.setenv("BOOLKY_API_KEY", KEY)
    monkeypatch.setenv("ALERT_SMTP_PASSWORD", PASSWORD)
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def pipeline_with(root: Path, alerts: str) -> Path:
    return write_pipeline(
        root,
        "nightly",
        f"""
        [source]
        path = "../data/crm.csv"
        [sync]
        batch_size = 1  # three contacts, three write calls: three failures stop a run
        concurrency = 1
        [target]
        max_attempts = 1
        [alerts]
        {alerts}
        """,
    )


def contacts(root: Path, start: int, bad: int = 0) -> None:
    """A source of three new contacts (numbered from ``start``) and ``bad`` refused rows."""
    people = [(f"Person {start + i}", p) for i, p in enumerate(uk_mobiles(3, start))]
    people += [(f"Nobody {i}", "12") for i in range(bad)]
    write_contacts(root / "data" / "crm.csv", people)


def bodies(got: list[bytes]) -> list[dict[str, object]]:
    return [json.loads(body) for body in got]


def test_two_failures_alert_once_then_a_success_alerts_recovered(
    tmp_path: Path, box: Sandbox
) -> None:
    with webhook() as (url, got), mail_server() as (port, mails):
        pipeline = pipeline_with(
            tmp_path,
            f"""
            webhook = "{url}"
            [alerts.smtp]
            host = "127.0.0.1"
            port = {port}
            from = "boolky-sync@example.com"
            to = ["ops@example.com"]
            username = "alerts"
            password_env = "ALERT_SMTP_PASSWORD"
            starttls = false
            """,
        )
        box.faults.fail_writes = True
        for start in (0, 10):  # two nights Boolky takes no writes
            contacts(tmp_path, start)
            assert boolky_sync.run(pipeline, base_url=box.url).exit_code == EXIT_UNAVAILABLE
        assert [b["status"] for b in bodies(got.bodies)] == ["failed"]
        first = bodies(got.bodies)[0]
        assert set(first) == {"pipeline", "status", "exit_code", "summary", "report"}
        assert first["pipeline"] == "nightly" and first["exit_code"] == EXIT_UNAVAILABLE
        assert "Boolky failed" in str(first["summary"])
        assert Path(str(first["report"])).is_dir()

        box.faults.fail_writes = False
        contacts(tmp_path, 20)
        assert boolky_sync.run(pipeline, base_url=box.url).exit_code == EXIT_OK
        contacts(tmp_path, 30)
        assert boolky_sync.run(pipeline, base_url=box.url).exit_code == EXIT_OK
        assert [b["status"] for b in bodies(got.bodies)] == ["failed", "recovered"]
        assert bodies(got.bodies)[1]["exit_code"] == EXIT_OK

        assert len(mails.bodies) == 2
        subjects = [message_from_bytes(m)["Subject"] for m in mails.bodies]
        assert subjects == [f"boolky-sync: pipeline nightly {s}" for s in ("failed", "recovered")]
        assert b"status: failed" in mails.bodies[0]
        assert mails.logins == [(b"alerts", PASSWORD.encode())] * 2  # it did log in
        state = state_path(load_pipeline(pipeline)).read_bytes()
        for raw in [*got.bodies, *mails.bodies, state]:
            assert KEY.encode() not in raw and PASSWORD.encode() not in raw


def test_a_run_refusing_too_many_rows_is_degraded(tmp_path: Path, box: Sandbox) -> None:
    with webhook() as (url, got):
        pipeline = pipeline_with(tmp_path, f'webhook = "{url}"\nmax_rejected_fraction = 0.2')
        contacts(tmp_path, 0, bad=1)  # 1 of 4 rows refused: over 20 %
        outcome = boolky_sync.run(pipeline, base_url=box.url)
        assert outcome.exit_code in (0, 1)
        contacts(tmp_path, 0, bad=2)  # still degraded: nothing new to say
        boolky_sync.run(pipeline, base_url=box.url)
        contacts(tmp_path, 0)
        boolky_sync.run(pipeline, base_url=box.url)
    assert [b["status"] for b in bodies(got.bodies)] == ["degraded", "recovered"]
    assert "1 refused" in str(bodies(got.bodies)[0]["summary"])


def test_a_webhook_that_is_down_is_a_warning_not_a_failure(
    tmp_path: Path, box: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    pipeline = pipeline_with(tmp_path, f'webhook = "http://127.0.0.1:{closed_port()}/hook"')
    box.faults.fail_writes = True
    contacts(tmp_path, 0)
    outcome = boolky_sync.run(pipeline, base_url=box.url)
    assert outcome.exit_code == EXIT_UNAVAILABLE  # the run's own code, not the alert's
    warning = "the alert webhook at 127.0.0.1 could not be sent: it could not be reached"
    assert warning in caplog.text
    assert outcome.report_dir is not None
    assert any(warning in note for note in summary_file(outcome.report_dir)["notes"])
    assert not state_path(load_pipeline(pipeline)).exists()  # told no one: the next run tries

    box.faults.fail_writes = False
    contacts(tmp_path, 10)
    assert boolky_sync.run(pipeline, base_url=box.url).exit_code == EXIT_OK
