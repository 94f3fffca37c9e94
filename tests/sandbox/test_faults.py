"""Each fault knob, and the promise that a failed call changes nothing."""

from __future__ import annotations

import time

import pytest

from boolky_sync.sandbox import Faults
from tests.sandbox.conftest import Start
from tests.sandbox.support import add_contacts, add_group, added, contact, error_of, listed


def test_error_rate_one_answers_every_call_500_and_writes_nothing(start: Start) -> None:
    box, api = start(faults=Faults(error_rate=1.0))

    responses = [
        add_contacts(api, [contact("+4917000000001")]),
        api.put("/addGroup", json={"name": "Never"}),
        api.get("/getContacts"),
    ]

    assert [r.status_code for r in responses] == [500, 500, 500]
    assert error_of(responses[0])["messageKey"] == "internalError"
    assert box.store.get_contacts()["contacts"] == []
    assert [g["name"] for g in box.store.get_groups()] == ["All"]


def test_rate_limit_rate_one_answers_429_with_retry_after(start: Start) -> None:
    box, api = start(faults=Faults(rate_limit_rate=1.0, retry_after=3))

    response = add_contacts(api, [contact("+4917000000001")])

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3"
    assert error_of(response)["messageKey"] == "tooManyRequests"
    assert box.store.get_contacts()["contacts"] == []


def test_retry_after_defaults_to_one_second(start: Start) -> None:
    _, api = start(faults=Faults(rate_limit_rate=1.0))

    assert api.get("/getGroups").headers["Retry-After"] == "1"


def test_fail_calls_fails_exactly_those_calls(start: Start) -> None:
    box, api = start(faults=Faults(fail_calls={2, 4}))

    statuses = [add_contacts(api, [contact(f"+491700000000{n}")]).status_code for n in range(1, 6)]

    assert statuses == [200, 500, 200, 500, 200]
    phones = [c["phone"] for c in box.store.get_contacts()["contacts"]]
    assert phones == ["+4917000000001", "+4917000000003", "+4917000000005"]


def test_faults_come_before_the_key_check(start: Start) -> None:
    box, api = start(faults=Faults(fail_calls={1}))
    api.headers["Authorization"] = "wrong"

    assert [api.get("/getGroups").status_code for _ in range(2)] == [500, 401]
    assert [call.fault for call in box.calls] == ["500", None]


def test_latency_delays_every_call(start: Start) -> None:
    _, api = start(faults=Faults(latency=0.05))

    began = time.perf_counter()
    api.get("/getGroups")

    assert time.perf_counter() - began >= 0.05


def test_max_page_truncates_get_contacts_to_the_first_ids(start: Start) -> None:
    _, api = start(faults=Faults(max_page=2))
    group = add_group(api)
    ids = [c["id"] for c in added(api, [contact(f"+491700000000{n}") for n in range(5)], [group])]

    data = listed(api)

    assert [c["id"] for c in data["contacts"]] == sorted(ids)[:2]
    assert [c["groupIds"] for c in data["contacts"]] == [[0, group], [0, group]]
    assert [g["id"] for g in data["groups"]] == [0, group]


def test_faults_can_be_switched_on_after_seeding(start: Start) -> None:
    box, api = start()
    added(api, [contact("+4917000000001")])

    box.faults.error_rate = 1.0
    failed = api.get("/getContacts").status_code
    box.faults = Faults(rate_limit_rate=1.0)
    limited = api.get("/getContacts").status_code
    box.faults = Faults()

    assert (failed, limited, api.get("/getContacts").status_code) == (500, 429, 200)


def test_faults_spare_the_sandbox_endpoints(start: Start) -> None:
    _, api = start(faults=Faults(error_rate=1.0))

    assert api.get("/_sandbox/calls").status_code == 200
    assert api.post("/_sandbox/reset").status_code == 200


def test_a_seed_repeats_the_same_faults() -> None:
    def draws(seed: int) -> list[str | None]:
        faults = Faults(error_rate=0.3, rate_limit_rate=0.3, seed=seed)
        return [faults.decide(number) for number in range(1, 201)]

    first = draws(7)

    assert first == draws(7)
    assert first != draws(8)
    assert {"500", "429", None} == set(first)
    assert 40 < first.count("500") < 80
    assert 40 < first.count("429") < 80


@pytest.mark.parametrize(
    "knobs",
    [{"error_rate": 1.5}, {"rate_limit_rate": -0.1}, {"latency": -1}, {"max_page": -1}],
)
def test_impossible_knobs_are_refused(knobs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"must be|cannot be"):
        Faults(**knobs)  # type: ignore[arg-type]
