"""The key check: only the raw configured key passes, answered as Boolky documents."""

from __future__ import annotations

import pytest

from tests.sandbox.conftest import Start
from tests.sandbox.support import client_for, contact, example

CALLS = [
    ("GET", "/getContacts", None),
    ("PUT", "/addContacts", {"content": [contact("+4917000000001")]}),
    ("POST", "/deleteContacts", {"ids": [1000], "permanent": True}),
    ("PUT", "/addGroup", {"name": "Customers"}),
    ("GET", "/getGroups", None),
    ("DELETE", "/deleteGroup", {"id": 1}),
]


@pytest.mark.parametrize("status", [401, 200])
@pytest.mark.parametrize(("method", "path", "body"), CALLS)
def test_a_wrong_key_gets_the_documented_session_expired_with_the_configured_status(
    start: Start, status: int, method: str, path: str, body: object
) -> None:
    box, _ = start(api_key="right-key", auth_error_status=status)

    with client_for(box, key="wrong-key") as stranger:
        response = stranger.request(method, path, json=body)

    assert response.status_code == status
    assert response.json() == example("error.sessionExpired")


@pytest.mark.parametrize("key", ["", "Bearer right-key", "right-key2", "RIGHT-KEY"])
def test_only_the_raw_key_is_accepted(start: Start, key: str) -> None:
    box, _ = start(api_key="right-key")

    with client_for(box, key=key) as stranger:
        response = stranger.get("/getGroups")

    assert response.json()["error"]["messageKey"] == "sessionExpired"


def test_a_missing_header_is_refused(start: Start) -> None:
    _, api = start()
    del api.headers["Authorization"]

    assert api.get("/getContacts").status_code == 401


def test_a_refused_key_writes_nothing(start: Start) -> None:
    box, _ = start(api_key="right-key")

    with client_for(box, key="wrong-key") as stranger:
        stranger.put("/addGroup", json={"name": "Intruders"})
        stranger.put("/addContacts", json={"content": [contact("+4917000000001")]})

    assert box.store.get_contacts()["contacts"] == []
    assert [g["name"] for g in box.store.get_groups()] == ["All"]
    assert box.calls.count(status=401) == 2
