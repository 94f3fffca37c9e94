"""The ambiguous faults: a write carried out whose answer is then lost, late or garbled, and
a gateway's 502 for a write that never happened -- seeded, on chosen endpoints, logged."""

from __future__ import annotations

import time

import httpx
import orjson
import pytest
from click.testing import CliRunner

from boolky_sync.cli import sandbox_cmd
from boolky_sync.sandbox import Faults, Sandbox
from tests.sandbox.conftest import Start
from tests.sandbox.support import add_contacts, client_for, contact

ANN = [contact("+4917000000001", "Ann")]


def settled(box: Sandbox, count: int, deadline: float = 5.0) -> list[tuple[str, int, str | None]]:
    """The call log once ``count`` calls are in it (a late call is logged when it ends)."""
    end = time.monotonic() + deadline
    while len(box.calls) < count and time.monotonic() < end:
        time.sleep(0.01)
    return [(c.endpoint, c.status, c.fault) for c in box.calls]


def test_a_lost_answer_closes_the_connection_after_the_write(start: Start) -> None:
    box, api = start(faults=Faults(lose_answer_rate=1.0))

    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        add_contacts(api, ANN)

    assert [c["name"] for c in box.store.get_contacts()["contacts"]] == ["Ann"]
    assert settled(box, 1) == [("addContacts", 499, "lost")]


def test_a_late_answer_comes_after_a_short_timeout_and_before_a_patient_one(start: Start) -> None:
    box, _ = start(faults=Faults(late_answer_rate=1.0, late_by=0.3))
    with (
        client_for(box) as patient,
        httpx.Client(
            base_url=box.url, headers={"Authorization": box.api_key}, timeout=0.1
        ) as hasty,
    ):
        with pytest.raises(httpx.ReadTimeout):
            add_contacts(hasty, ANN)
        answered = add_contacts(patient, [contact("+4917000000002", "Bob")])

    assert answered.status_code == 200 and answered.json()["result"]["data"][0]["name"] == "Bob"
    assert len(box.store.get_contacts()["contacts"]) == 2  # both carried out
    assert sorted(settled(box, 2)) == [("addContacts", 200, "late"), ("addContacts", 499, "late")]


def test_a_garbled_answer_is_a_200_of_the_wrong_shape_after_the_write(start: Start) -> None:
    box, api = start(faults=Faults(garble_answer_rate=1.0))

    bodies = [add_contacts(api, [contact(f"+491700000000{n}")]) for n in range(3)]

    assert {b.status_code for b in bodies} == {200}
    shapes = []
    for body in bodies:
        try:
            shapes.append(orjson.loads(body.content))
        except orjson.JSONDecodeError:
            shapes.append("cut")
    assert sorted(map(str, shapes)) == ["cut", "{'result': 'ok'}", "{'result': {'data': 'ok'}}"]
    assert len(box.store.get_contacts()["contacts"]) == 3
    assert box.calls.summary()["faults"] == {"500": 0, "429": 0, "garbled": 3}


def test_a_gateway_error_is_a_502_and_nothing_is_written(start: Start) -> None:
    box, api = start(faults=Faults(gateway_error_rate=1.0))

    answer = add_contacts(api, ANN)

    assert answer.status_code == 502
    assert box.store.get_contacts()["contacts"] == []
    assert settled(box, 1) == [("addContacts", 502, "gateway")]


def test_only_the_chosen_writes_and_never_a_read_or_a_refusal_are_struck(start: Start) -> None:
    faults = Faults(lose_answer_rate=1.0, fault_endpoints=frozenset({"addGroup"}))
    box, api = start(faults=faults)

    assert add_contacts(api, ANN).status_code == 200
    assert api.get("/getContacts").status_code == 200
    assert api.put("/addGroup", json={"name": "x" * 40}).status_code == 400  # refused: answered
    with pytest.raises(httpx.RemoteProtocolError):
        api.put("/addGroup", json={"name": "CRM"})
    assert [g["name"] for g in box.store.get_groups()] == ["All", "CRM"]


def test_the_same_fault_seed_strikes_the_same_writes(start: Start) -> None:
    def struck(seed: int) -> list[str | None]:
        box, api = start(faults=Faults(garble_answer_rate=0.5, fault_seed=seed))
        for n in range(12):
            add_contacts(api, [contact(f"+49170000000{n:02d}")])
        return [c.fault for c in box.calls]

    first = struck(3)
    assert struck(3) == first and {None, "garbled"} == set(first)


def test_impossible_faults_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        Faults(lose_answer_rate=1.5)
    with pytest.raises(ValueError, match="writes only"):
        Faults(fault_endpoints=frozenset({"getContacts"}))


def test_sandbox_serve_passes_the_ambiguous_faults(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Faults] = {}
    monkeypatch.setattr(sandbox_cmd, "serve", lambda **options: seen.update(options))
    args = [
        "serve", "--lose-answer-rate", "0.2", "--late-answer-rate", "0.1", "--late-by", "2",
        "--garble-answer-rate", "0.05", "--gateway-error-rate", "0.01",
        "--fault-endpoint", "addContacts", "--fault-endpoint", "addGroup", "--fault-seed", "4",
    ]  # fmt: skip

    result = CliRunner().invoke(sandbox_cmd.sandbox, args)

    assert result.exit_code == 0, result.output
    assert seen["faults"] == Faults(
        lose_answer_rate=0.2,
        late_answer_rate=0.1,
        late_by=2,
        garble_answer_rate=0.05,
        gateway_error_rate=0.01,
        fault_endpoints=frozenset({"addContacts", "addGroup"}),
        fault_seed=4,
    )
    everywhere = CliRunner().invoke(
        sandbox_cmd.sandbox, ["serve", "--fault-endpoint", "getContacts"]
    )
    assert everywhere.exit_code == 2
