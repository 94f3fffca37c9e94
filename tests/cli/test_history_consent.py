"""``history`` shows where a texted number's consent came from: the file, row, column and
value the ledger recorded when the run wrote it (over HTTP against a sandbox)."""

from __future__ import annotations

import json
from pathlib import Path

from boolky_sync.errors import EXIT_OK
from boolky_sync.sandbox import Sandbox
from tests.cli.test_consent_withdrawn import PHONES, write_source
from tests.cli.test_suppression_runs import pipeline, run
from tests.cli.workspace import api_env, invoke


def test_history_names_the_consent_a_written_contact_was_sent_on(
    box: Sandbox, tmp_path: Path
) -> None:
    write_source(tmp_path, set())
    path = pipeline(tmp_path, "crm")
    assert run(path, box).exit_code == EXIT_OK
    result = invoke("history", PHONES[2], "--pipeline", path, "--json", env=api_env())
    assert result.exit_code == EXIT_OK, result.stderr
    (given,) = json.loads(result.stdout)["consent"]
    assert (given["pipeline"], given["row"], given["column"], given["value"]) == (
        "crm",
        4,
        "SMS consent",
        "yes",
    )
    assert given["file"].endswith("crm.csv")
    text = invoke("history", PHONES[2], "--pipeline", path, env=api_env())
    assert "column SMS consent = 'yes'" in text.stdout


def test_history_tells_why_a_number_that_said_no_was_never_texted(
    box: Sandbox, tmp_path: Path
) -> None:
    write_source(tmp_path, {PHONES[1]})
    path = pipeline(tmp_path, "crm")
    assert run(path, box).exit_code == EXIT_OK
    result = invoke("history", PHONES[1], "--pipeline", path, env=api_env())
    assert result.exit_code == EXIT_OK, result.stderr
    assert "no run touched" not in result.stdout
    assert "held back for its consent: consent_no (SMS consent: no)" in result.stdout
    assert "suppression list: consent says no (SMS consent: no) (consent, " in result.stdout
