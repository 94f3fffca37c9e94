"""``[alerts]`` in a pipeline file: validate refuses a webhook that is not http(s) and an
``[alerts.smtp]`` missing what a mail needs (exit 2, the key and its line), never repeats
a password_env value, and README's reference shows every ``[alerts.smtp]`` key."""

from __future__ import annotations

import shutil
from pathlib import Path
from textwrap import dedent

import click.testing
import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.errors import EXIT_INPUT, EXIT_OK
from boolky_sync.pipeline import load_pipeline
from boolky_sync.pipeline.schema import SMTP_KEYS
from tests.conftest import SAMPLE_DATA
from tests.pipeline.test_readme_reference import reference

HEAD = """
[source]
path = "contacts.csv"
"""


def validate(folder: Path, alerts: str) -> click.testing.Result:
    shutil.copy(SAMPLE_DATA / "google_contacts.csv", folder / "contacts.csv")
    path = folder / "p.toml"
    path.write_text(HEAD + dedent(alerts), encoding="utf-8")
    return CliRunner().invoke(cli, ["validate", str(path)], env={"COLUMNS": "400"})


def test_a_full_alerts_table_validates(tmp_path: Path) -> None:
    alerts = """
    [alerts]
    webhook = "https://hooks.example.com/boolky"
    max_rejected_fraction = 0.05
    [alerts.smtp]
    host = "smtp.example.com"
    port = 465
    from = "boolky-sync@example.com"
    to = ["ops@example.com", "night@example.com"]
    password_env = "SMTP_PASSWORD"
    starttls = false
    """
    result = validate(tmp_path, alerts)
    assert result.exit_code == EXIT_OK, result.output
    loaded = load_pipeline(tmp_path / "p.toml").alerts
    assert loaded.webhook == "https://hooks.example.com/boolky"
    assert loaded.max_rejected_fraction == 0.05
    assert loaded.smtp is not None and loaded.smtp.to == ("ops@example.com", "night@example.com")
    assert (loaded.smtp.port, loaded.smtp.starttls, loaded.smtp.username) == (465, False, None)


@pytest.mark.parametrize(
    ("alerts", "message"),
    [
        ('[alerts]\nwebhook = "ftp://example.com/x"', "alerts.webhook (line 5): is not an http"),
        ('[alerts]\nwebhook = "hooks.example.com"', "is not an http:// or https:// address"),
        ("[alerts]\nmax_rejected_fraction = 1.5", "must be at least 0 and below 1"),
        ('[alerts.smtp]\nfrom = "a@example.com"\nto = ["b@example.com"]', "alerts.smtp.host"),
        ('[alerts.smtp]\nhost = "h"\nfrom = "a@example.com"', "alerts.smtp.to"),
        ('[alerts.smtp]\nhost = "h"\nfrom = "nobody"\nto = ["b@x.org"]', "not an e-mail"),
        ('[alerts.smtp]\nhost = "h"\nfrom = "a@x.org"\nto = ["b@x.org"]\nport = 0', "1 to 65535"),
        ('[alerts]\nwebhok = "https://x.org"', 'did you mean "webhook"?'),
    ],
)
def test_a_bad_alert_setting_is_exit_2_naming_its_key(
    tmp_path: Path, alerts: str, message: str
) -> None:
    result = validate(tmp_path, alerts)
    assert result.exit_code == EXIT_INPUT
    assert result.stderr.startswith("error: ")
    assert message in result.stderr


def test_a_password_env_value_is_never_repeated(tmp_path: Path) -> None:
    secret = "hunter2-is-my-password"
    smtp = '[alerts.smtp]\nhost = "h"\nfrom = "a@x.org"\nto = ["b@x.org"]\n'
    smtp += f'password_env = "{secret}"'
    result = validate(tmp_path, smtp)
    assert result.exit_code == EXIT_INPUT
    assert "alerts.smtp.password_env" in result.stderr and secret not in result.output


def test_a_password_in_the_file_is_refused(tmp_path: Path) -> None:
    smtp = '[alerts.smtp]\nhost = "h"\nfrom = "a@x.org"\nto = ["b@x.org"]\npassword = "pw-123456"'
    result = validate(tmp_path, smtp)
    assert result.exit_code == EXIT_INPUT
    assert "a credential does not belong in the file" in result.stderr
    assert "pw-123456" not in result.output


def test_the_readme_shows_every_smtp_key() -> None:
    assert set(reference()["alerts"]["smtp"]) == set(SMTP_KEYS)
