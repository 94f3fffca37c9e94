"""The fast read of getContacts' contacts gives what the full reader gives, refusals included.

``parse_account`` reads the plain shape Boolky sends without the per-field checks and hands
anything else to ``Contact.from_wire``; a shape the fast read got wrong would put a
misread contact into the plan. Hypothesis draws records from every value the fields can
hold, well-formed or not.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from boolky_sync.api.records import ID_MAX, Contact, parse_account, parse_contacts
from boolky_sync.errors import ProtocolError

WHOLE = st.sampled_from([0, 1, 2, 3, -1, ID_MAX, ID_MAX + 1]) | st.integers(-5, 10**6)
ODD: st.SearchStrategy[Any] = st.sampled_from(
    [None, True, False, "", "0", "1", "true", "x", 1.0, 0.0, [], {}]
)
TEXT = st.sampled_from(["", "Ann", "+447911123456", "13-04-1993", "ann@example.com"])
VALUE = WHOLE | ODD | TEXT
GROUPS: st.SearchStrategy[list[Any]] = st.lists(
    WHOLE | st.sampled_from([True, "12", None, 1.5]), max_size=4
)
FIELDS = ["id", "name", "phone", "groupIds", "notValid", "gender", "mail", "birthday", "birthDay"]


@st.composite
def records(draw: st.DrawFn) -> Any:
    """Mostly contacts of Boolky's shape, with any field left out or given any value."""
    plain: dict[str, Any] = {
        "id": draw(st.integers(1, 10**9)),
        "name": draw(TEXT),
        "phone": draw(TEXT),
        "groupIds": draw(st.lists(st.integers(0, 10**6), max_size=3)),
        "notValid": draw(st.sampled_from([0, 1, True, False])),
    }
    for key in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        if draw(st.booleans()):
            plain.pop(key, None)
        else:
            plain[key] = draw(GROUPS if key == "groupIds" else VALUE)
    return draw(st.just(plain) | st.sampled_from([None, [], "contact", 7]))


def read_slowly(items: list[Any]) -> list[Contact] | str:
    try:
        return [Contact.from_wire(item, f"contact #{n}") for n, item in enumerate(items, 1)]
    except ProtocolError as refused:
        return str(refused)


def read(items: list[Any]) -> list[Contact] | str:
    try:
        return parse_account({"contacts": items, "groups": []}).contacts
    except ProtocolError as refused:
        return str(refused)


def read_created(items: list[Any]) -> list[Contact] | str:
    try:
        return parse_contacts(items)
    except ProtocolError as refused:
        return str(refused)


@settings(max_examples=1500, deadline=None)
@given(st.lists(records(), max_size=4))
def test_the_fast_read_is_the_full_read(items: list[Any]) -> None:
    assert read(items) == read_slowly(items)


@settings(max_examples=500, deadline=None)
@given(st.lists(records(), max_size=4))
def test_the_fast_read_of_created_contacts_is_the_full_read(items: list[Any]) -> None:
    assert read_created(items) == read_slowly(items)


def test_the_plain_shape_with_every_field_reads_as_boolky_wrote_it() -> None:
    raw = {
        "id": 7,
        "name": "Ann",
        "phone": "+447911123456",
        "groupIds": [0, 12],
        "notValid": 1,
        "gender": 2,
        "mail": "ann@example.com",
        "birthDay": "13-04-1993",
    }
    (contact,) = parse_account({"contacts": [raw], "groups": []}).contacts
    assert contact == Contact(7, "Ann", "+447911123456", (0, 12), True, 2, "ann@example.com",
                              "13-04-1993")  # fmt: skip
