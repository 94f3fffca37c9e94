"""Every answer is read in its documented shape, or refused: never a plan on a part assumed.

getContacts' ``data`` is an object holding a ``contacts`` and a ``groups`` list,
each contact carries ``groupIds`` (a list of whole numbers) and its texts as
text; addContacts answers a list of contacts, addGroup one group object.
"""

from __future__ import annotations

from typing import Any

import pytest

from boolky_sync.api.records import Group, parse_account, parse_contacts, parse_group
from boolky_sync.errors import EXIT_UNAVAILABLE, ProtocolError

ANN: dict[str, Any] = {"id": 7, "name": "Ann", "phone": "+447911123456", "groupIds": [0, 3]}
CRM: dict[str, Any] = {"id": 3, "customerId": 1, "name": "CRM", "position": 1, "notValid": False}


def refusal(read: Any, data: Any) -> str:
    """The message of the ``ProtocolError`` that reading ``data`` raises (exit 5)."""
    with pytest.raises(ProtocolError) as caught:
        read(data)
    assert caught.value.exit_code == EXIT_UNAVAILABLE
    assert caught.value.stops_run
    message = str(caught.value)
    assert message.startswith("Boolky answered something it does not document: ")
    assert message.endswith("; this tool cannot read such an answer, so it plans nothing on it")
    return message


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({}, "getContacts has no contacts"),
        ({"contacts": [ANN]}, "getContacts has no groups"),
        ({"groups": [CRM]}, "getContacts has no contacts"),
        ({"contacts": None, "groups": []}, "getContacts has no contacts"),
        ({"contacts": ANN, "groups": []}, "getContacts has contacts as a dict, not a list"),
        ({"contacts": [], "groups": "CRM"}, "getContacts has groups as a str, not a list"),
        ([ANN], "getContacts answered a list, not an object of contacts and groups"),
        (None, "getContacts answered null, not an object of contacts and groups"),
    ],
)
def test_a_get_contacts_answer_without_its_two_lists_is_refused(data: Any, says: str) -> None:
    assert says in refusal(parse_account, data)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"groupIds": None}, "contact #1 has no groupIds"),
        ({"groupIds": "12"}, "contact #1 has groupIds '12', not a list"),
        ({"groupIds": ["1", "2"]}, "contact #1 has groupIds '1', not a whole number"),
        ({"phone": None}, "contact #1 has no phone"),
        ({"phone": 447911123456}, "contact #1 has phone 447911123456, not text"),
        ({"name": None}, "contact #1 has no name"),
        ({"name": ["Ann"]}, "contact #1 has name ['Ann'], not text"),
        ({"mail": 5}, "contact #1 has mail 5, not text"),
        ({"birthday": 19930413}, "contact #1 has birthday 19930413, not text"),
        ({"birthDay": {"day": 13}}, "contact #1 has birthDay {'day': 13}, not text"),
        ({"gender": 1.0}, "contact #1 has gender 1.0, not 1 or 2"),
        ({"notValid": "x"}, "contact #1 has notValid 'x', not 0, 1, true or false"),
    ],
)
def test_a_contact_field_of_the_wrong_type_is_refused(change: dict[str, Any], says: str) -> None:
    contact = {key: value for key, value in {**ANN, **change}.items() if value is not None}
    assert says in refusal(parse_account, {"contacts": [contact], "groups": [CRM]})


def test_a_contact_without_group_ids_is_refused_even_when_the_key_is_left_out() -> None:
    contact = {key: value for key, value in ANN.items() if key != "groupIds"}
    assert "contact #1 has no groupIds" in refusal(parse_account, {"contacts": [contact]})


def test_the_optional_fields_may_be_null_or_absent() -> None:
    nulls = {**ANN, "gender": None, "mail": None, "birthday": None, "notValid": None}
    account = parse_account({"contacts": [nulls, ANN], "groups": [CRM]})
    assert [(c.gender, c.mail, c.birthday, c.not_valid) for c in account.contacts] == [
        (None, None, None, False),
        (None, None, None, False),
    ]
    assert account.contacts[0].group_ids == (0, 3)
    assert parse_account({"contacts": [], "groups": []}).contacts == []


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"name": None}, "group #1 has no name"),
        ({"name": 5}, "group #1 has name 5, not text"),
        ({"id": "3"}, "group #1 has id '3', not a whole number"),
        ({"position": "1"}, "group #1 has position '1', not a whole number"),
        ({"notValid": "x"}, "group #1 has notValid 'x'"),
    ],
)
def test_a_group_field_of_the_wrong_type_is_refused(change: dict[str, Any], says: str) -> None:
    group = {key: value for key, value in {**CRM, **change}.items() if value is not None}
    assert says in refusal(parse_account, {"contacts": [], "groups": [group]})


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (None, "addContacts has no data"),
        (ANN, "addContacts has data as a dict, not a list"),
        ("ok", "addContacts has data as a str, not a list"),
        ([{**ANN, "groupIds": "3"}], "contact #1 has groupIds '3', not a list"),
    ],
)
def test_an_add_contacts_answer_is_a_list_of_contacts(data: Any, says: str) -> None:
    assert says in refusal(parse_contacts, data)
    assert [c.id for c in parse_contacts([ANN])] == [7]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ([CRM], "addGroup answered a list, not a group object"),
        (None, "addGroup answered null, not a group object"),
        ({**CRM, "id": 2**63}, "addGroup's group has id 9223372036854775808, beyond 2^63−1"),
    ],
)
def test_an_add_group_answer_is_one_group_object(data: Any, says: str) -> None:
    assert says in refusal(parse_group, data)
    assert parse_group(CRM) == Group(id=3, name="CRM", customer_id=1, position=1)
