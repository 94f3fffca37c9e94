"""Consent withdrawn in a mirror's source: an opt-out in the CRM is an opt-out everywhere.

Over HTTP against a sandbox: the row that now says no leaves the managed group in
the next run (half the contacts at once, far over the delete guard's limit,
without ``--allow-mass-delete``), its number goes on the account's suppression
list with the file and row it came from, and an import into the same account
does not add it back. A dry run plans the same and lists nothing.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.errors import EXIT_OK
from boolky_sync.sandbox import Sandbox
from tests.cli.test_suppression_runs import pipeline, run
from tests.cli.workspace import api_env, invoke, remote_phones, summary_of, uk_mobiles
from tests.pipeline.test_lost_ledger import in_crm

PHONES = uk_mobiles(10)


def write_source(root: Path, said_no: set[str]) -> Path:
    path = root / "data" / "crm.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["Name", "Mobile", "SMS consent"])
        for n, phone in enumerate(PHONES):
            out.writerow([f"Person {n}", phone, "no" if phone in said_no else "yes"])
    return path


def listed(box: Sandbox, state: Path) -> dict[str, Any]:
    result = invoke(
        "suppress", "list", "--json", "--state", state, "--base-url", box.url, env=api_env()
    )
    assert result.exit_code == EXIT_OK, result.stderr
    return {e["phone"]: e for e in json.loads(result.stdout)["entries"]}


def test_consent_flipped_to_no_leaves_the_group_and_is_suppressed_everywhere(
    box: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_source(tmp_path, set())
    mirror = pipeline(tmp_path, "crm", "mirror", 'managed_groups = ["CRM"]')
    assert run(mirror, box).exit_code == EXIT_OK
    assert in_crm(box) == set(PHONES)
    state = tmp_path / "pipelines" / ".boolky-sync"

    withdrawn = set(PHONES[:5])
    write_source(tmp_path, withdrawn)
    dry = invoke("run", mirror, "--base-url", box.url, "--json", "--dry-run", env=api_env())
    assert dry.exit_code == EXIT_OK, dry.stderr
    assert summary_of(dry)["plan"]["remove"] == 5
    assert listed(box, state) == {}  # a dry run changes no state

    result = run(mirror, box)
    assert result.exit_code == EXIT_OK, result.stderr
    summary = summary_of(result)
    assert (summary["no_consent"], summary["guard"], summary["drift"]) == (5, None, 0)
    assert in_crm(box) == set(PHONES[5:])
    entries = listed(box, state)
    assert set(entries) == withdrawn
    first = entries[PHONES[0]]
    assert (first["source"], first["row"], first["pipeline"]) == ("consent", 2, "crm")
    assert first["file"].endswith("crm.csv")

    # An import into the same account, from a list where they still say nothing.
    people = tmp_path / "pipelines" / "people.csv"
    people.write_text(
        "Name,Mobile\n" + "".join(f"P {n},{p}\n" for n, p in enumerate(PHONES)), "utf-8"
    )
    monkeypatch.chdir(tmp_path / "pipelines")  # import's state folder: the pipeline's
    imported = invoke("import", people, "--base-url", box.url, "--yes", "--json", env=api_env())
    assert imported.exit_code == EXIT_OK, imported.stderr
    assert summary_of(imported)["suppressed"] == 5
    assert set(remote_phones(box)) == set(PHONES)  # the five are still there, out of CRM
    assert in_crm(box) == set(PHONES[5:])
