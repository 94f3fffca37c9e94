"""The one redaction: every form of a registered key is hidden in logs, reports and the journal."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from boolky_sync.logs import LogFormat, configure_logging
from boolky_sync.redaction import KEPT, forget_secrets, redact, redact_data, register_secret
from boolky_sync.report.model import RunReport
from boolky_sync.sync.journal import Journal, Outcome

KEY = 'sk-"odd"/key+9f8e=7d6c'
RAW = KEY + "\r\n"
"""The key as ``$(cat key)`` read it from a file with Windows line ends."""


@pytest.mark.parametrize(
    "form",
    [
        RAW,
        KEY,
        json.dumps(RAW)[1:-1],
        json.dumps(KEY)[1:-1],
        repr(RAW)[1:-1],
        quote(KEY, safe=""),
        quote(RAW),
        quote_plus(KEY),
    ],
    ids=["raw", "stripped", "json-raw", "json", "python", "url", "url-raw", "url-plus"],
)
def test_every_form_of_a_registered_key_is_hidden(form: str) -> None:
    register_secret(RAW)
    register_secret(KEY)
    assert redact(f"before {form} after") == "before *** after"


def test_nothing_is_hidden_before_a_key_is_registered_or_after_it_is_forgotten() -> None:
    assert redact(f"a {KEY}") == f"a {KEY}"
    register_secret(KEY)
    assert redact(f"a {KEY}") == "a ***"
    forget_secrets()
    assert redact(f"a {KEY}") == f"a {KEY}"


def test_the_newest_keys_are_kept_and_the_oldest_forgotten() -> None:
    keys = [f"sk-kept-{n:04d}-abcdef" for n in range(KEPT + 1)]
    for key in keys:
        register_secret(key)
    assert redact(keys[0]) == keys[0]
    assert all(redact(key) == "***" for key in keys[1:])
    register_secret(keys[1])  # registering again makes it the newest
    register_secret("sk-one-more-abcdef")
    assert redact(keys[1]) == "***" and redact(keys[2]) == keys[2]


def test_data_is_redacted_through_and_through() -> None:
    register_secret(KEY)
    data = {"error": f"x {KEY}", "notes": [f"n {quote_plus(KEY)}"], KEY: 3, "n": 1}
    assert redact_data(data) == {"error": "x ***", "notes": ["n ***"], "***": 3, "n": 1}


@pytest.mark.parametrize("fmt", ["human", "json"])
def test_every_log_line_is_redacted_message_arguments_and_traceback(
    fmt: LogFormat, capsys: pytest.CaptureFixture[str], project_log: None
) -> None:
    configure_logging(0, fmt)
    register_secret(RAW)
    log = logging.getLogger("boolky_sync.test")
    log.warning("key %s and %r", KEY, RAW)
    try:
        raise RuntimeError(f"failed with {json.dumps(KEY)}")
    except RuntimeError:
        log.exception("it failed near %s", quote_plus(KEY))
    err = capsys.readouterr().err
    assert "***" in err and "RuntimeError" in err and "it failed near ***" in err
    for form in (KEY, json.dumps(KEY)[1:-1], quote_plus(KEY), quote(KEY, safe="")):
        assert form not in err


def test_the_journal_stores_no_form_of_the_key(tmp_path: Path) -> None:
    register_secret(RAW)
    path = tmp_path / "j.journal.sqlite"
    with Journal(path) as journal:
        run_id = journal.start_run("nightly", dry_run=False, options={"url": f"x?k={KEY}"})
        refused = Outcome("create", "+447911000001", None, None, False, "bad", f"said {RAW}")
        journal.record_outcomes(run_id, [refused])
        journal.finish_run(run_id, exit_code=3, summary={"error": f"refused {RAW}"})
        run = journal.runs()[0]
        assert run["options"] == {"url": "x?k=***"}
        assert run["summary"] == {"error": "refused ***"}
        assert journal.outcomes(run_id)[0].detail == "said ***"
    for file in tmp_path.iterdir():
        content = file.read_bytes()
        assert KEY.encode() not in content and json.dumps(KEY)[1:-1].encode() not in content


def test_the_report_summary_is_redacted() -> None:
    register_secret(KEY)
    report = RunReport("nightly", datetime.now(UTC), dry_run=False, target=f"https://{KEY}@x")
    report.error = f"Boolky said {json.dumps(KEY)}"
    summary = report.summary()
    assert summary["error"] == 'Boolky said "***"'
    assert summary["target"] == "https://***@x"


def test_a_toy_key_shorter_than_any_real_one_is_not_hidden() -> None:
    """A sandbox's ``demo`` key would otherwise hide the pipeline called demo everywhere."""
    register_secret("demo")
    register_secret("  demo-key\r\n")  # eight characters once stripped: a key
    assert redact("pipeline demo, key demo-key") == "pipeline demo, key ***"
