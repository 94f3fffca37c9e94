"""``run`` against a Boolky that loses, delays and garbles the answers to writes it carried
out: exit 0 and drift 0 in the run itself, every contact once, the journal naming the
unknown outcomes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from boolky_sync.errors import EXIT_OK
from boolky_sync.pipeline import load_pipeline
from boolky_sync.sandbox import Faults, run_sandbox
from boolky_sync.sync.journal import Journal
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)


@pytest.mark.parametrize("policy", ["duplicate", "reject"])
def test_a_run_through_lost_late_and_garbled_answers_exits_0_with_each_contact_once(
    tmp_path: Path, policy: str
) -> None:
    pipeline = write_pipeline(
        tmp_path,
        "nightly",
        """
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        delete_contacts = true
        update_strategy = "replace"
        batch_size = 10
        [target]
        timeout = 0.5
        """,
    )
    phones = uk_mobiles(80)
    faults = Faults(
        lose_answer_rate=0.2, late_answer_rate=0.2, garble_answer_rate=0.2, fault_seed=21
    )
    with run_sandbox(api_key=KEY, duplicate_policy=policy, faults=faults) as box:  # type: ignore[arg-type]
        run = ("run", pipeline, "--base-url", box.url, "--allow-mass-delete", "--json")
        for people in (
            [(f"P {i}", p) for i, p in enumerate(phones)],
            [(f"Renamed {i}" if i % 4 == 0 else f"P {i}", p) for i, p in enumerate(phones)],
            [(f"Renamed {i}" if i % 4 == 0 else f"P {i}", p) for i, p in enumerate(phones[:60])],
        ):
            write_contacts(tmp_path / "data" / "crm.csv", people)

            result = invoke(*run, env=api_env())

            assert result.exit_code == EXIT_OK, result.output
            summary = summary_of(result)
            assert (summary["applied"]["failed"], summary["drift"]) == (0, 0)
            held = Counter(c["phone"] for c in box.store.get_contacts()["contacts"])
            assert held == Counter(p for _, p in people)
            names = {c["phone"]: c["name"] for c in box.store.get_contacts()["contacts"]}
            assert names == {p: n for n, p in people}

        assert {c.fault for c in box.calls} >= {"lost", "late", "garbled"}
    with Journal(load_pipeline(pipeline).journal_path) as journal:
        errors = Counter(c.error for run in journal.runs() for c in journal.calls(run["id"]))
    assert errors["OutcomeUnknownError"] >= 3
