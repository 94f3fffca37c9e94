"""The wire records read every documented body, quirks included."""

from __future__ import annotations

import json
from typing import Any

import pytest

from boolky_sync.api.records import (
    Contact,
    Group,
    NewContact,
    parse_account,
    parse_contacts,
    parse_groups,
)
from boolky_sync.errors import ApiError
from tests.conftest import API_EXAMPLES


def _example(name: str) -> Any:
    return json.loads((API_EXAMPLES / name).read_text())


def test_get_contacts_example_reads_contacts_and_groups() -> None:
    account = parse_account(_example("getContacts.response.json")["result"]["data"])
    assert [c.id for c in account.contacts] == [5817763, 5817760]
    emma = account.contacts[0]
    assert emma.name == "Emma Smith"
    assert emma.phone == "+12508682818"
    assert emma.group_ids == (586,)
    assert emma.not_valid is True  # notValid: 1
    assert account.contacts[1].not_valid is False  # notValid: 0
    assert [g.name for g in account.groups] == ["Group 1 name", "Group 2 name"]
    assert account.groups[0].customer_id == 7


def test_add_contacts_example_reads_a_list_with_boolean_not_valid() -> None:
    contacts = parse_contacts(_example("addContacts.response.json")["result"]["data"])
    assert len(contacts) == 4
    assert contacts[0].group_ids == (0, 1, 2, 3)
    assert [c.not_valid for c in contacts] == [False, True, False, True]
    assert contacts[0].mail == "emma.smith@example.com"
    assert contacts[0].gender == 1


def test_add_group_example_reads_one_group_from_an_object() -> None:
    [group] = parse_groups(_example("addGroup.response.json")["result"]["data"])
    assert group == Group(id=587, name="New Group Name", customer_id=7, position=3)


def test_request_examples_round_trip_through_new_contact() -> None:
    body = _example("addContacts.request.json")
    rebuilt = [NewContact(**c).to_wire() for c in body["content"]]
    assert rebuilt == body["content"]


@pytest.mark.parametrize("key", ["birthday", "birthDay"])
def test_both_birthday_spellings_are_read(key: str) -> None:
    contact = Contact.from_wire(
        {"id": 1, "name": "A", "phone": "+1", "groupIds": [0], key: "13-04-1993"}
    )
    assert contact.birthday == "13-04-1993"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(0, False), (1, True), (True, True), (False, False), ("true", True), (None, False)],
)
def test_not_valid_in_every_form(raw: object, expected: bool) -> None:
    raw_contact = {"id": 1, "name": "A", "phone": "+1", "groupIds": [0], "notValid": raw}
    assert Contact.from_wire(raw_contact).not_valid is expected


def test_new_contact_leaves_out_empty_fields_and_unknown_gender() -> None:
    assert NewContact("A", "+1", None, 3, "").to_wire() == {"name": "A", "phone": "+1"}


def test_backup_form_reads_back_to_the_same_contact() -> None:
    contact = Contact(5, "Ann", "+4915123456789", (0, 3), False, 2, "a@b.de", "01-02-1990")
    assert Contact.from_wire(contact.to_wire()) == contact


def test_a_contact_without_id_is_an_api_error_not_a_key_error() -> None:
    with pytest.raises(ApiError, match="cannot read"):
        Contact.from_wire({"name": "no id"})


def test_get_contacts_data_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ApiError):
        parse_account("nonsense")
