"""A run against a Boolky that answers what it does not document stops with exit 5 and a
report: an id of 2^63, an answer longer than ``[target] max_answer_mib``."""

from __future__ import annotations

import itertools
from pathlib import Path

from boolky_sync.errors import EXIT_UNAVAILABLE
from tests.api.crafted_server import crafted_server, getcontacts_body
from tests.cli.workspace import api_env, invoke, summary_of, write_contacts, write_pipeline

PEOPLE = [("Ann Lee", "+447911123456"), ("Bob Stone", "+447911123457")]


def pipeline(root: Path, target: str = "") -> Path:
    write_contacts(root / "data" / "people.csv", PEOPLE)
    return write_pipeline(
        root, "hostile", f'[source]\npath = "../data/people.csv"\n[target]\n{target}'
    )


def test_an_id_of_2_63_stops_the_run_with_exit_5_and_a_report(tmp_path: Path) -> None:
    contacts = [
        {"id": 1000, "name": "Ann Lee", "phone": "+447911123456", "groupIds": [0]},
        {"id": 1001, "name": "Cid Roe", "phone": "+447911123458", "groupIds": [0]},
        {"id": 2**63, "name": "Bob Stone", "phone": "+447911123457", "groupIds": [0]},
    ]
    with crafted_server([getcontacts_body(contacts)]) as (url, asked):
        result = invoke("run", pipeline(tmp_path), "--base-url", url, "--json", env=api_env())
    assert result.exit_code == EXIT_UNAVAILABLE, result.output
    said = (
        "Boolky answered something it does not document: contact #3 has id "
        "9223372036854775808, beyond 2^63−1"
    )
    assert said in result.stderr
    assert "Traceback" not in result.output
    summary = summary_of(result)
    assert summary["exit_code"] == EXIT_UNAVAILABLE
    assert said in summary["error"]
    assert (Path(summary["report"]) / "summary.json").is_file()
    assert "/addContacts" not in asked  # nothing planned on it, nothing written


def test_an_answer_past_max_answer_mib_stops_the_run_with_exit_5(tmp_path: Path) -> None:
    endless = itertools.repeat(b" " * 65536)
    with crafted_server(endless) as (url, asked):
        path = pipeline(tmp_path, "max_answer_mib = 1\n")
        result = invoke("run", path, "--base-url", url, "--json", env=api_env())
    assert result.exit_code == EXIT_UNAVAILABLE, result.output
    assert "Boolky's answer to getContacts passed 1 MiB, the limit" in result.stderr
    summary = summary_of(result)
    assert (Path(summary["report"]) / "summary.json").is_file()
    assert asked == ["/getContacts"]
