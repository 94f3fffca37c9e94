"""Every rule: a 400 in the error envelope with its own messageKey, and nothing written.

One sandbox serves the whole module: each case is refused, so the account must
look exactly as seeded after every one of them, which is the atomicity check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.sandbox.support import add_group, added, client_for, contact, error_of

GOOD = contact("+4917000000001", gender=1, mail="emma@example.com", birthday="13-04-1993")
GROUP = 1
"""The one group the module's account holds."""


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[Sandbox, httpx.Client]]:
    with run_sandbox() as box, client_for(box) as api:
        assert add_group(api, "Seeded") == GROUP
        added(api, [contact("+4917099999999")], [GROUP])
        yield box, api


def _refused(
    seeded: tuple[Sandbox, httpx.Client], method: str, path: str, **request: Any
) -> dict[str, str]:
    """The error of a call that must be refused, after checking it changed nothing."""
    box, api = seeded
    before = box.store.get_contacts()
    response = api.request(method, path, **request)
    assert response.status_code == 400, response.text
    assert box.store.get_contacts() == before
    return error_of(response)


def _adding(*content: Any, group_ids: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"content": list(content)}
    if group_ids is not None:
        body["groupIds"] = group_ids
    return body


NOT_JSON = {"content": b"{not json", "headers": {"Content-Type": "application/json"}}


@pytest.mark.parametrize(
    ("request_", "key", "named"),
    [
        (NOT_JSON, "invalidRequest", "not valid JSON"),
        ({"json": [GOOD]}, "invalidRequest", "JSON object"),
        ({"json": {}}, "invalidRequest", "'content'"),
        ({"json": {"content": []}}, "invalidRequest", "'content'"),
        ({"json": {"content": GOOD}}, "invalidRequest", "'content'"),
        ({"json": _adding(GOOD, "Emma")}, "invalidRequest", "content[1]"),
        ({"json": _adding(GOOD, {"phone": "+4917000000002"})}, "invalidName", "content[1]"),
        ({"json": _adding(contact("+4917000000002", name=""))}, "invalidName", "''"),
        ({"json": _adding(contact("+4917000000002", name="   "))}, "invalidName", "'   '"),
        ({"json": _adding(contact("+4917000000002", name="x" * 51))}, "invalidName", "xxx"),
        ({"json": _adding(contact("+4917000000002", name=7))}, "invalidName", "7"),
        ({"json": _adding(GOOD, contact("no digits"))}, "invalidPhone", "content[1]"),
        ({"json": _adding(contact("no digits"))}, "invalidPhone", "'no digits'"),
        ({"json": _adding({"name": "Emma"})}, "invalidPhone", "None"),
        ({"json": _adding(contact(4917000000002))}, "invalidPhone", "4917000000002"),
        ({"json": _adding(contact("+4917000000002", gender=3))}, "invalidGender", "3"),
        ({"json": _adding(contact("+4917000000002", gender=0))}, "invalidGender", "0"),
        ({"json": _adding(contact("+4917000000002", gender="1"))}, "invalidGender", "'1'"),
        ({"json": _adding(contact("+4917000000002", gender=True))}, "invalidGender", "True"),
        (
            {"json": _adding(contact("+4917000000002", birthday="1993-04-13"))},
            "invalidBirthday",
            "'1993-04-13'",
        ),
        (
            {"json": _adding(contact("+4917000000002", birthday="31-02-1993"))},
            "invalidBirthday",
            "'31-02-1993'",
        ),
        (
            {"json": _adding(contact("+4917000000002", birthday="13/04/1993"))},
            "invalidBirthday",
            "'13/04/1993'",
        ),
        (
            {"json": _adding(contact("+4917000000002", birthDay="32-01-1993"))},
            "invalidBirthday",
            "'32-01-1993'",
        ),
        (
            {"json": _adding(contact("+4917000000002", birthday=13041993))},
            "invalidBirthday",
            "13041993",
        ),
        ({"json": _adding(contact("+4917000000002", mail="emma"))}, "invalidMail", "'emma'"),
        ({"json": _adding(contact("+4917000000002", mail="emma@host"))}, "invalidMail", "emma@"),
        ({"json": _adding(contact("+4917000000002", mail="a b@c.de"))}, "invalidMail", "a b@"),
        ({"json": _adding(contact("+4917000000002", mail=""))}, "invalidMail", "''"),
        ({"json": _adding(GOOD, group_ids="1")}, "invalidRequest", "'groupIds'"),
        ({"json": _adding(GOOD, group_ids=[1.5])}, "invalidRequest", "'groupIds'"),
        ({"json": _adding(GOOD, group_ids=[True])}, "invalidRequest", "'groupIds'"),
        ({"json": _adding(GOOD, group_ids=[GROUP, 999])}, "groupNotFound", "999"),
    ],
)
def test_add_contacts_refusals(
    seeded: tuple[Sandbox, httpx.Client], request_: dict[str, Any], key: str, named: str
) -> None:
    error = _refused(seeded, "PUT", "/addContacts", **request_)

    assert error["messageKey"] == key
    assert named in error["localizedMessage"]


def test_a_refused_contact_refuses_the_whole_batch_and_names_its_index(
    seeded: tuple[Sandbox, httpx.Client],
) -> None:
    batch = _adding(GOOD, contact("+4917000000002"), contact("n/a"), group_ids=[GROUP])

    error = _refused(seeded, "PUT", "/addContacts", json=batch)

    assert error == {
        "messageKey": "invalidPhone",
        "localizedMessage": "content[2] has the invalid phone 'n/a': it has no digit.",
    }


@pytest.mark.parametrize(
    ("request_", "key", "named"),
    [
        (NOT_JSON, "invalidRequest", "not valid JSON"),
        ({"json": "New Group Name"}, "invalidRequest", "JSON object"),
        ({"json": {}}, "invalidGroupName", "None"),
        ({"json": {"name": ""}}, "invalidGroupName", "''"),
        ({"json": {"name": "  "}}, "invalidGroupName", "'  '"),
        ({"json": {"name": "x" * 26}}, "invalidGroupName", "xxx"),
        ({"json": {"name": 5}}, "invalidGroupName", "5"),
    ],
)
def test_add_group_refusals(
    seeded: tuple[Sandbox, httpx.Client], request_: dict[str, Any], key: str, named: str
) -> None:
    error = _refused(seeded, "PUT", "/addGroup", **request_)

    assert error["messageKey"] == key
    assert named in error["localizedMessage"]


@pytest.mark.parametrize(
    ("request_", "key", "named"),
    [
        (NOT_JSON, "invalidRequest", "not valid JSON"),
        ({"json": [1000]}, "invalidRequest", "JSON object"),
        ({"json": {"permanent": True}}, "invalidRequest", "'ids'"),
        ({"json": {"ids": [], "permanent": True}}, "invalidRequest", "'ids'"),
        ({"json": {"ids": ["1000"], "permanent": True}}, "invalidRequest", "'ids'"),
        ({"json": {"ids": 1000, "permanent": True}}, "invalidRequest", "'ids'"),
        ({"json": {"ids": [1000]}}, "invalidRequest", "'permanent'"),
        ({"json": {"ids": [1000], "permanent": "true"}}, "invalidRequest", "'permanent'"),
        ({"json": {"ids": [1000], "permanent": 1}}, "invalidRequest", "'permanent'"),
        ({"json": {"ids": [1000], "permanent": False}}, "invalidRequest", "'groupId'"),
        (
            {"json": {"ids": [1000], "permanent": False, "groupId": "1"}},
            "invalidRequest",
            "'groupId'",
        ),
        ({"json": {"ids": [1000], "permanent": False, "groupId": 999}}, "groupNotFound", "999"),
        (
            {"json": {"ids": [1000], "permanent": False, "groupId": 0}},
            "cannotRemoveFromDefaultGroup",
            '"All"',
        ),
    ],
)
def test_delete_contacts_refusals(
    seeded: tuple[Sandbox, httpx.Client], request_: dict[str, Any], key: str, named: str
) -> None:
    error = _refused(seeded, "POST", "/deleteContacts", **request_)

    assert error["messageKey"] == key
    assert named in error["localizedMessage"]


@pytest.mark.parametrize(
    ("request_", "key", "named"),
    [
        (NOT_JSON, "invalidRequest", "not valid JSON"),
        ({"json": GROUP}, "invalidRequest", "JSON object"),
        ({"json": {}}, "invalidRequest", "'id'"),
        ({"json": {"id": "1"}}, "invalidRequest", "'1'"),
        ({"json": {"id": 0}}, "cannotDeleteDefaultGroup", '"All"'),
        ({"json": {"id": 999}}, "groupNotFound", "999"),
    ],
)
def test_delete_group_refusals(
    seeded: tuple[Sandbox, httpx.Client], request_: dict[str, Any], key: str, named: str
) -> None:
    error = _refused(seeded, "DELETE", "/deleteGroup", **request_)

    assert error["messageKey"] == key
    assert named in error["localizedMessage"]
    assert [g["id"] for g in seeded[0].store.get_groups()] == [0, GROUP]


def test_values_on_the_edge_of_each_rule_are_accepted(api: httpx.Client) -> None:
    edge = contact(
        "call 1",
        name="x" * 50,
        gender=2,
        mail="a@b.cd",
        birthday="29-02-2000",
    )

    (answer,) = added(api, [edge])
    group = api.put("/addGroup", json={"name": "y" * 25})

    assert (answer["name"], answer["gender"], answer["birthday"]) == ("x" * 50, 2, "29-02-2000")
    assert answer["notValid"] is True
    assert group.status_code == 200
