"""Each endpoint with the documented bodies, answering in the documented shapes."""

from __future__ import annotations

import httpx

from tests.sandbox.support import add_group, added, contact, example, listed


def _example_groups(api: httpx.Client) -> None:
    """Groups 1, 2 and 3, which the documented addContacts request names."""
    assert [add_group(api, f"Group {n}") for n in (1, 2, 3)] == [1, 2, 3]


def test_add_contacts_takes_the_documented_request_and_answers_in_its_shape(
    api: httpx.Client,
) -> None:
    _example_groups(api)
    request = example("addContacts.request")
    documented = example("addContacts.response")

    response = api.put("/addContacts", json=request)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["result"]["message"] == documented["result"]["message"]
    contacts = body["result"]["data"]
    documented_keys = set(documented["result"]["data"][0])
    for sent, got in zip(request["content"], contacts, strict=True):
        assert set(got) - documented_keys == {"birthday"}
        assert documented_keys <= set(got)
        assert (got["name"], got["phone"], got["mail"]) == (
            sent["name"],
            sent["phone"],
            sent["mail"],
        )
        assert got["birthday"] == sent["birthday"]
        assert got["groupIds"] == [0, 1, 2, 3]
        assert got["notValid"] is False
    assert len({c["id"] for c in contacts}) == len(contacts)


def test_get_contacts_answers_in_the_documented_shape_with_its_quirks(api: httpx.Client) -> None:
    _example_groups(api)
    api.put("/addContacts", json=example("addContacts.request"))
    documented = example("getContacts.response")

    body = api.get("/getContacts").json()

    assert set(body["result"]) == set(documented["result"]) == {"data"}
    data = body["result"]["data"]
    assert set(data) == set(documented["result"]["data"])
    documented_contact = set(documented["result"]["data"]["contacts"][0])
    for got in data["contacts"]:
        assert set(got) - documented_contact == {"birthDay"}
        assert documented_contact <= set(got)
        assert got["birthDay"] == "13-04-1993"
        assert type(got["notValid"]) is int
    documented_group = set(documented["result"]["data"]["groups"][0])
    assert all(set(group) == documented_group for group in data["groups"])
    assert [(g["id"], g["name"]) for g in data["groups"]] == [
        (0, "All"),
        (1, "Group 1"),
        (2, "Group 2"),
        (3, "Group 3"),
    ]


def test_add_group_answers_the_documented_response_shape(api: httpx.Client) -> None:
    documented = example("addGroup.response")

    first = api.put("/addGroup", json=example("addGroup.request")).json()
    second = api.put("/addGroup", json={"name": "Second"}).json()

    assert first["result"]["message"] == documented["result"]["message"]
    group = first["result"]["data"]
    assert set(group) == set(documented["result"]["data"])
    assert group["name"] == "New Group Name"
    assert group["customerId"] == 7
    assert group["notValid"] is False
    assert second["result"]["data"]["position"] > group["position"]


def test_add_group_with_a_taken_name_creates_another_group(api: httpx.Client) -> None:
    assert add_group(api, "Twins") != add_group(api, "Twins")
    assert [g["name"] for g in listed(api)["groups"]] == ["All", "Twins", "Twins"]


def test_documented_delete_request_succeeds_and_ignores_unknown_ids(api: httpx.Client) -> None:
    kept = added(api, [contact("+4917000000001")])

    response = api.post("/deleteContacts", json=example("deleteContacts.request"))

    assert response.status_code == 200
    assert response.json() == example("deleteContacts.response")
    assert [c["id"] for c in listed(api)["contacts"]] == [kept[0]["id"]]


def test_permanent_delete_removes_contacts_entirely(api: httpx.Client) -> None:
    group = add_group(api)
    ids = [
        c["id"] for c in added(api, [contact("+4917000000001"), contact("+4917000000002")], [group])
    ]

    api.post("/deleteContacts", json={"ids": ids[:1], "permanent": True})

    assert [c["id"] for c in listed(api)["contacts"]] == ids[1:]


def test_non_permanent_delete_removes_contacts_from_that_group_only(api: httpx.Client) -> None:
    keep, drop = add_group(api, "Keep"), add_group(api, "Drop")
    ids = [c["id"] for c in added(api, [contact("+4917000000001")], [keep, drop])]

    response = api.post("/deleteContacts", json={"ids": ids, "permanent": False, "groupId": drop})

    assert response.json() == example("deleteContacts.response")
    assert [c["groupIds"] for c in listed(api)["contacts"]] == [[0, keep]]


def test_get_groups_lists_all_first_then_created_groups(api: httpx.Client) -> None:
    customers = add_group(api, "Customers")

    body = api.get("/getGroups").json()

    assert [(g["id"], g["name"]) for g in body["result"]["data"]] == [
        (0, "All"),
        (customers, "Customers"),
    ]
    assert body["result"]["data"] == listed(api)["groups"]


def test_delete_group_keeps_its_contacts_in_all(api: httpx.Client) -> None:
    group = add_group(api)
    added(api, [contact("+4917000000001")], [group])

    response = api.request("DELETE", "/deleteGroup", json={"id": group})

    assert response.status_code == 200
    assert response.json()["result"]["message"]["messageKey"] == "success"
    data = listed(api)
    assert [g["id"] for g in data["groups"]] == [0]
    assert [c["groupIds"] for c in data["contacts"]] == [[0]]


def test_group_ids_always_start_with_all_then_sorted(api: httpx.Client) -> None:
    first, second = add_group(api, "A"), add_group(api, "B")

    answers = [
        added(api, [contact("+4917000000001")], [second, first, 0])[0],
        added(api, [contact("+4917000000002")], [])[0],
        added(api, [contact("+4917000000003")])[0],
        added(api, [contact("+4917000000004")], [0])[0],
    ]

    assert [c["groupIds"] for c in answers] == [[0, first, second], [0], [0], [0]]
    assert [c["groupIds"] for c in listed(api)["contacts"]] == [[0, first, second], [0], [0], [0]]


def test_not_valid_flags_phones_that_are_not_plus_and_8_to_15_digits(api: httpx.Client) -> None:
    phones = ["+12345678", "+123456789012345", "+1234567", "+1234567890123456", "0170 1234567"]

    answers = added(api, [contact(phone) for phone in phones])

    expected = [False, False, True, True, True]
    assert [c["notValid"] for c in answers] == expected
    assert [c["notValid"] for c in listed(api)["contacts"]] == [int(flag) for flag in expected]


def test_group_not_valid_when_it_holds_only_invalid_contacts(api: httpx.Client) -> None:
    bad, mixed, empty = add_group(api, "Bad"), add_group(api, "Mixed"), add_group(api, "Empty")
    added(api, [contact("12")], [bad, mixed])
    added(api, [contact("+4917000000001")], [mixed])

    flags = {g["name"]: g["notValid"] for g in listed(api)["groups"]}

    assert (bad, mixed, empty) == (1, 2, 3)
    assert flags == {"All": False, "Bad": True, "Mixed": False, "Empty": False}


def test_birthday_is_accepted_under_either_spelling(api: httpx.Client) -> None:
    answers = added(
        api,
        [
            contact("+4917000000001", birthDay="01-02-2003"),
            contact("+4917000000002", birthday="04-05-2006"),
        ],
    )

    assert [c["birthday"] for c in answers] == ["01-02-2003", "04-05-2006"]
    assert [c["birthDay"] for c in listed(api)["contacts"]] == ["01-02-2003", "04-05-2006"]


def test_unset_optional_fields_come_back_as_null(api: httpx.Client) -> None:
    (answer,) = added(api, [contact("+4917000000001")])

    assert (answer["gender"], answer["mail"], answer["birthday"]) == (None, None, None)


def test_contact_ids_start_at_1000_and_are_never_reused(api: httpx.Client) -> None:
    (first,) = added(api, [contact("+4917000000001")])
    api.post("/deleteContacts", json={"ids": [first["id"]], "permanent": True})

    (second,) = added(api, [contact("+4917000000001")])

    assert first["id"] == 1000
    assert second["id"] > first["id"]


def test_the_all_group_exists_in_a_new_account(api: httpx.Client) -> None:
    assert listed(api) == {
        "contacts": [],
        "groups": [{"id": 0, "customerId": 7, "name": "All", "position": 0, "notValid": False}],
    }


def test_unknown_paths_and_methods_answer_in_the_error_envelope(api: httpx.Client) -> None:
    missing = api.get("/getEverything")
    wrong_method = api.post("/getContacts")

    assert (missing.status_code, missing.json()["error"]["messageKey"]) == (404, "notFound")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["messageKey"] == "methodNotAllowed"
    assert "GET" in wrong_method.headers["Allow"]
