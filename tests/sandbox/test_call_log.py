"""The call log, in process and over ``/_sandbox``: what was called, answered and carried."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from boolky_sync.sandbox import Call, Faults
from tests.sandbox.conftest import Start
from tests.sandbox.support import add_contacts, add_group, client_for, contact


def test_every_call_is_logged_with_status_size_and_fault(start: Start) -> None:
    box, api = start(faults=Faults(fail_calls={5}))
    group = add_group(api)
    add_contacts(api, [contact(f"+491700000000{n}") for n in range(3)], [group])
    add_contacts(api, [contact("no phone")])
    api.post("/deleteContacts", json={"ids": [1000, 1001], "permanent": False, "groupId": group})
    api.get("/getGroups")
    api.get("/getContacts")

    assert list(box.calls) == [
        Call(1, "addGroup", "PUT", 200, 1),
        Call(2, "addContacts", "PUT", 200, 3),
        Call(3, "addContacts", "PUT", 400, 1),
        Call(4, "deleteContacts", "POST", 200, 2),
        Call(5, "getGroups", "GET", 500, 1, "500"),
        Call(6, "getContacts", "GET", 200, 3),
    ]
    assert box.calls.count() == len(box.calls) == 6
    assert box.calls.count("addContacts") == 2
    assert box.calls.count("/addContacts", status=400) == 1
    assert box.calls.count(status=500) == 1


def test_summary_totals_calls_statuses_faults_and_sizes(start: Start) -> None:
    box, api = start(faults=Faults(fail_calls={1}))
    api.get("/getContacts")
    add_contacts(api, [contact("+4917000000001"), contact("+4917000000002")])
    api.get("/getContacts")

    assert box.calls.summary() == {
        "calls": 3,
        "by_endpoint": {"addContacts": 1, "getContacts": 2},
        "by_status": {"200": 2, "500": 1},
        "faults": {"500": 1, "429": 0},
        "sizes": {"addContacts": 2, "getContacts": 2},
    }


def test_the_log_is_served_to_key_holders_without_being_counted(start: Start) -> None:
    box, api = start()
    api.get("/getGroups")

    served = api.get("/_sandbox/calls").json()
    with client_for(box, key="wrong") as stranger:
        refused = stranger.get("/_sandbox/calls")

    assert served == box.calls.to_wire()
    assert served["calls"] == [
        {
            "number": 1,
            "endpoint": "getGroups",
            "method": "GET",
            "status": 200,
            "size": 1,
            "fault": None,
        }
    ]
    assert refused.json()["error"]["messageKey"] == "sessionExpired"
    assert box.calls.count() == 1


def test_reset_clears_the_log_and_its_numbering_but_not_the_account(start: Start) -> None:
    box, api = start()
    add_contacts(api, [contact("+4917000000001")])

    response = api.post("/_sandbox/reset")
    box.faults.fail_calls = {1}

    assert response.json() == {"cleared": 1}
    assert len(box.calls) == 0
    assert api.get("/getContacts").status_code == 500
    assert len(box.store.get_contacts()["contacts"]) == 1


def test_reset_needs_the_key(start: Start) -> None:
    box, api = start()
    api.get("/getGroups")

    with client_for(box, key="wrong") as stranger:
        assert stranger.post("/_sandbox/reset").status_code == 401

    assert len(box.calls) == 1


def test_unknown_paths_are_not_api_calls(start: Start) -> None:
    box, api = start()

    api.get("/getEverything")
    api.post("/getGroups")

    assert len(box.calls) == 0


def test_concurrent_calls_get_distinct_numbers(start: Start) -> None:
    box, _ = start()

    def call(_: int) -> int:
        with client_for(box) as api:
            return sum(api.get("/getGroups").status_code for _ in range(10))

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sum(pool.map(call, range(16))) == 200 * 160

    assert sorted(c.number for c in box.calls) == list(range(1, 161))
    assert box.calls.count("getGroups", status=200) == 160
