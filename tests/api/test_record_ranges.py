"""Numbers in Boolky's answers are held to their documented ranges and types.

What the documentation does not allow is a ``ProtocolError`` naming the record
and the field: never a traceback, never a plan built on a misreading.
"""

from __future__ import annotations

from typing import Any

import pytest

from boolky_sync.api.records import ID_MAX, Contact, parse_contacts, parse_groups
from boolky_sync.errors import ProtocolError

BARE = {"id": 1, "name": "A", "phone": "+1", "groupIds": []}
"""The fields every contact has; the others may be absent."""


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("id", 2**63, "has id 9223372036854775808, beyond 2^63−1"),
        ("id", 0, "has id 0, below 1"),
        ("id", -5, "has id -5, below 1"),
        ("id", True, "has id True, not a whole number"),
        ("id", "12", "has id '12', not a whole number"),
        ("id", 12.5, "has id 12.5, not a whole number"),
        ("id", None, "has no id"),
        ("groupIds", [0, 2**64], "has groupIds 18446744073709551616, beyond 2^63−1"),
        ("groupIds", [-1], "has groupIds -1, below 0"),
        ("groupIds", [False], "has groupIds False, not a whole number"),
        ("groupIds", "3", "has groupIds '3', not a list"),
        ("gender", 3, "has gender 3, not 1 or 2"),
        ("gender", True, "has gender True, not 1 or 2"),
        ("gender", "1", "has gender '1', not 1 or 2"),
        ("notValid", 2, "has notValid 2, not 0, 1, true or false"),
        ("notValid", "maybe", "has notValid 'maybe'"),
        ("notValid", [1], "has notValid [1]"),
    ],
)
def test_a_contact_field_out_of_its_range_is_refused(field: str, value: Any, says: str) -> None:
    good: dict[str, Any] = {"id": 7, "name": "A", "phone": "+1", "groupIds": [0]}
    contacts = [good, {**good, field: value}]
    with pytest.raises(ProtocolError) as caught:
        parse_contacts(contacts)
    message = str(caught.value)
    assert message.startswith("Boolky answered something it does not document: contact #2 ")
    assert says in message
    assert caught.value.exit_code == 5


def test_the_edges_of_the_ranges_are_read() -> None:
    contact = Contact.from_wire(
        {
            "id": ID_MAX,
            "name": "A",
            "phone": "+1",
            "groupIds": [0, ID_MAX],
            "gender": 2,
            "notValid": "0",
        }
    )
    assert (contact.id, contact.group_ids, contact.gender) == (ID_MAX, (0, ID_MAX), 2)
    assert Contact.from_wire({**BARE, "gender": None}).gender is None


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ProtocolError, match="contact #1 is a int, not an object"):
        parse_contacts([5])


def test_a_group_out_of_range_is_refused_and_the_all_group_is_read() -> None:
    assert parse_groups([{"id": 0, "name": "All"}])[0].id == 0
    with pytest.raises(ProtocolError, match="group #1 has position -1, below 0"):
        parse_groups([{"id": 3, "name": "G", "position": -1}])
    with pytest.raises(ProtocolError, match="group #2 has customerId 'x', not a whole number"):
        parse_groups([{"id": 3, "name": "G"}, {"id": 4, "name": "H", "customerId": "x"}])
