"""``retry RUN_ID`` over HTTP: a mirror run whose writes Boolky refused, finished later
from the journal alone -- only the failed contacts sent, converged, nothing duplicated,
nothing outside them removed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from boolky_sync.errors import EXIT_INPUT, EXIT_OK
from boolky_sync.pipeline import load_pipeline
from boolky_sync.sandbox import Faults, run_sandbox
from boolky_sync.sync.journal import Journal
from tests.cli.workspace import (
    KEY,
    api_env,
    held_groups,
    invoke,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)

MIRROR = """
    [source]
    path = "../data/crm.csv"
    [normalize]
    static_groups = ["CRM"]
    [sync]
    mode = "mirror"
    managed_groups = ["CRM"]
    max_delete_fraction = 0.5
    batch_size = 10
    concurrency = 1
    [target]
    max_attempts = 1
    """


def _last_run(pipeline: Path) -> dict[str, Any]:
    with Journal(load_pipeline(pipeline).journal_path) as journal:
        return journal.runs()[-1]


def test_a_mirror_run_boolky_refused_is_finished_by_retry_without_the_source(
    tmp_path: Path,
) -> None:
    pipeline = write_pipeline(tmp_path, "nightly", MIRROR)
    source = tmp_path / "data" / "crm.csv"
    phones = uk_mobiles(20)
    first = [(f"Person {i}", p) for i, p in enumerate(phones)]
    write_contacts(source, first)
    run = ("run", pipeline, "--base-url")
    with run_sandbox(api_key=KEY) as box:
        assert invoke(*run, box.url, env=api_env()).exit_code == EXIT_OK
        # The next export: 5 renamed, 3 gone, 6 new -- and Boolky takes no write.
        kept = [(f"Renamed {i}" if i < 5 else n, p) for i, (n, p) in enumerate(first[:17])]
        new = [(f"New {i}", p) for i, p in enumerate(uk_mobiles(6, start=100))]
        write_contacts(source, kept + new)
        box.faults.fail_writes = True
        failed = invoke(*run, box.url, "--json", env=api_env())
        assert failed.exit_code != EXIT_OK, failed.output
        failed_run = str(_last_run(pipeline)["id"])
        box.faults.fail_writes = False
        # The retry does not read the source: one that wants only a stranger now is not
        # what it plans from (read, it would add the stranger and remove everyone else).
        write_contacts(source, [("Stranger", uk_mobiles(1, start=500)[0])])
        box.calls.reset()

        again = invoke(
            "retry",
            failed_run,
            "--pipeline",
            pipeline,
            "--base-url",
            box.url,
            "--yes",
            "--json",
            env=api_env(),
        )

        assert again.exit_code == EXIT_OK, again.output
        summary = summary_of(again)
        assert summary["drift"] == 0 and summary["sources"] == []  # the journal, no file
        assert summary["plan"]["create"] == 6 and summary["plan"]["update"] == 5
        assert summary["plan"]["remove"] == 3
        sent = sum(c.size for c in box.calls if c.endpoint == "addContacts")
        assert sent == 6 + 5  # the 12 contacts that had nothing to do were not sent
        held = held_groups(box)
        assert uk_mobiles(1, start=500)[0] not in held
        for name, phone in kept + new:
            assert held[phone] == (name, {"CRM"}), phone
        for _, phone in first[17:]:  # the removals the run failed to make
            assert "CRM" not in held[phone][1]
        last = _last_run(pipeline)
        assert last["options"]["retry_of"] == int(failed_run) and not last["dry_run"]

        nothing = invoke("retry", last["id"], "--pipeline", pipeline, env=api_env())
        assert nothing.exit_code == EXIT_OK, nothing.output
        assert nothing.stdout.strip() == f"run {last['id']} had no failed writes"


def test_a_retry_with_no_terminal_and_no_yes_writes_nothing(tmp_path: Path) -> None:
    pipeline = write_pipeline(tmp_path, "nightly", MIRROR)
    write_contacts(tmp_path / "data" / "crm.csv", [("Ann", uk_mobiles(1)[0])])
    with run_sandbox(api_key=KEY, faults=Faults(fail_writes=True)) as box:
        failed = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())
        assert failed.exit_code != EXIT_OK
        run_id = str(_last_run(pipeline)["id"])
        box.faults.fail_writes = False

        refused = invoke("retry", run_id, "--pipeline", pipeline, "--base-url", box.url)
        dry = invoke(
            "retry",
            run_id,
            "--pipeline",
            pipeline,
            "--base-url",
            box.url,
            "--dry-run",
            "--json",
            env=api_env(),
        )

        assert refused.exit_code == EXIT_INPUT
        assert refused.stderr.startswith("error: retry writes to Boolky and there is no terminal")
        assert dry.exit_code == EXIT_OK, dry.output
        assert summary_of(dry)["plan"]["create"] == 1
        assert box.store.get_contacts()["contacts"] == []


def test_a_retry_of_a_run_the_journal_lacks_says_so(tmp_path: Path) -> None:
    pipeline = write_pipeline(tmp_path, "nightly", MIRROR)
    write_contacts(tmp_path / "data" / "crm.csv", [("Ann", uk_mobiles(1)[0])])
    with run_sandbox(api_key=KEY) as box:
        assert invoke("run", pipeline, "--base-url", box.url, env=api_env()).exit_code == 0

        missing = invoke("retry", "7", "--pipeline", pipeline, env=api_env())

    assert missing.exit_code == EXIT_INPUT
    assert missing.stderr.strip() == (
        "error: no run 7 of nightly in its journal: list them with boolky-sync runs"
    )


def test_an_import_that_failed_is_retried_from_its_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    people = [(f"Person {i}", p) for i, p in enumerate(uk_mobiles(4))]
    sheet = write_contacts(tmp_path / "people.csv", people)
    with run_sandbox(api_key=KEY, faults=Faults(fail_writes=True)) as box:
        failed = invoke("import", sheet, "--yes", "--base-url", box.url, env=api_env())
        assert failed.exit_code != EXIT_OK, failed.output
        box.faults.fail_writes = False
        state = tmp_path / ".boolky-sync"
        with Journal(state / "import.journal.sqlite") as journal:
            run_id = str(journal.runs()[-1]["id"])

        again = invoke(
            "retry",
            f"import:{run_id}",
            "--state",
            state,
            "--base-url",
            box.url,
            "--yes",
            env=api_env(),
        )

        assert again.exit_code == EXIT_OK, again.output
        assert {c["phone"]: c["name"] for c in box.store.get_contacts()["contacts"]} == {
            phone: name for name, phone in people
        }
