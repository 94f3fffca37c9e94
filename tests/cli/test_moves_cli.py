"""A record known by its own id whose phone changed, over HTTP: one ``move`` in the plan,
the old number out of the managed group, the new one in with the record's name, the
ledger and the journal following it; two record ids on one phone merged and reported."""

from __future__ import annotations

import json
from pathlib import Path

from boolky_sync.errors import EXIT_OK
from boolky_sync.pipeline import load_pipeline
from boolky_sync.sandbox import run_sandbox
from boolky_sync.sync.journal import Journal
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import Plan
from tests.cli.workspace import (
    KEY,
    api_env,
    held_groups,
    invoke,
    summary_of,
    uk_mobiles,
    write_pipeline,
)

MIRROR = """
    [source]
    path = "../data/crm.csv"
    [source.mapping]
    id = "Record ID"
    [normalize]
    static_groups = ["CRM"]
    [sync]
    mode = "mirror"
    managed_groups = ["CRM"]
    max_delete_fraction = 0.1
    """
PHONES = uk_mobiles(12)
NEW = uk_mobiles(1, start=900)[0]


def _write(path: Path, rows: list[tuple[str, str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["Record ID,Name,Phone", *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_record_whose_phone_changed_is_one_move(tmp_path: Path) -> None:
    pipeline = write_pipeline(tmp_path, "crm", MIRROR)
    source = tmp_path / "data" / "crm.csv"
    rows = [(f"R{i}", f"Person {i}", phone) for i, phone in enumerate(PHONES)]
    _write(source, rows)
    loaded = load_pipeline(pipeline)
    with run_sandbox(api_key=KEY) as box:
        run = ("run", pipeline, "--base-url", box.url, "--json")
        assert invoke(*run, env=api_env()).exit_code == EXIT_OK
        # R3 changed number (and name); R5 wants nothing else: the two moves' removals
        # of old numbers are over the guard's 10 % of 12, but a renumbering is no loss.
        rows[3] = ("R3", "Person Three", NEW)
        rows[5] = ("R5", "Person 5", uk_mobiles(1, start=901)[0])
        _write(source, rows)
        planned = tmp_path / "plan.json"
        dry = invoke("plan", pipeline, "--base-url", box.url, "--output", planned, env=api_env())
        assert dry.exit_code == EXIT_OK, dry.output
        assert "delete 0, move 2, new groups 0" in dry.stdout  # the terminal summary
        saved = Plan.load(planned)
        assert sorted((m.record_id, m.old_phone, m.phone) for m in saved.moves) == [
            ("R3", PHONES[3], NEW),
            ("R5", PHONES[5], uk_mobiles(1, start=901)[0]),
        ]
        assert Plan.from_json(saved.to_json()) == saved

        result = invoke(*run, env=api_env())

        assert result.exit_code == EXIT_OK, result.output
        summary = summary_of(result)
        assert summary["plan"]["move"] == 2 and summary["plan"]["create"] == 2
        assert summary["plan"]["remove"] == 2 and summary["drift"] == 0
        held = held_groups(box)
        assert held[NEW] == ("Person Three", {"CRM"})
        assert held[PHONES[3]] == ("Person 3", set())  # left the managed group, not deleted
        with Ledger(loaded.state_dir / "crm.ledger.sqlite") as ledger:
            records = dict(zip(*ledger.records().to_dict("list").values(), strict=True))
        assert records["R3"] == NEW and records["R0"] == PHONES[0]
        with Journal(loaded.journal_path) as journal:
            new_side = [c for _, c in journal.changes_of(NEW) if c.op == "move"]
            old_side = [c for _, c in journal.changes_of(PHONES[3]) if c.op == "move"]
        for side in (new_side, old_side):  # found from either number, the same link
            assert [(c.before, c.after) for c in side] == [
                ({"record_id": "R3", "phone": PHONES[3]}, {"record_id": "R3", "phone": NEW})
            ]

        again = invoke(*run, env=api_env())
        assert summary_of(again)["plan"]["move"] == 0  # the ledger followed the record


def test_two_record_ids_on_one_phone_are_merged_and_reported(tmp_path: Path) -> None:
    pipeline = write_pipeline(tmp_path, "crm", MIRROR)
    _write(
        tmp_path / "data" / "crm.csv",
        [("R1", "Ann", PHONES[0]), ("R2", "Ann Again", PHONES[0]), ("R3", "Bob", PHONES[1])],
    )
    with run_sandbox(api_key=KEY) as box:
        result = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())

        assert result.exit_code == EXIT_OK, result.output
        summary = summary_of(result)
        assert summary["merged"] == 1 and summary["contacts"] == 2
        assert summary["source_notes"] == [
            f"1 phones are held by several record ids ({PHONES[0]}); each became one "
            "contact, merged by the merge rule (most_complete)"
        ]
        assert held_groups(box)[PHONES[0]][0] == "Ann"


def test_history_finds_a_record_by_its_id_and_links_its_two_numbers(tmp_path: Path) -> None:
    pipeline = write_pipeline(tmp_path, "crm", MIRROR)
    source = tmp_path / "data" / "crm.csv"
    rows = [(f"R{i}", f"Person {i}", phone) for i, phone in enumerate(PHONES)]
    _write(source, rows)
    with run_sandbox(api_key=KEY) as box:
        run = ("run", pipeline, "--base-url", box.url, "--json")
        assert invoke(*run, env=api_env()).exit_code == EXIT_OK
        rows[3] = ("R3", "Person Three", NEW)
        _write(source, rows)
        assert invoke(*run, env=api_env()).exit_code == EXIT_OK

    by_id = invoke("history", "R3", "--pipeline", pipeline, "--json", env=api_env())
    assert by_id.exit_code == EXIT_OK, by_id.output
    found = json.loads(by_id.stdout)
    assert found["phone"] == NEW
    moves = [w for r in found["runs"] for w in r["writes"] if w["op"] == "move"]
    assert moves == [{"op": "move", "record_id": "R3", "moved_from": PHONES[3], "moved_to": NEW}]
    old = invoke("history", PHONES[3], "--pipeline", pipeline, env=api_env())
    assert f"record R3 moved from {PHONES[3]} to {NEW}" in old.stdout  # and from the old side
    assert "created" in old.stdout  # its first run is there too
