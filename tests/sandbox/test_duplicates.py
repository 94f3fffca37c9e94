"""The three readings of "addContacts with a phone that already exists"."""

from __future__ import annotations

import httpx

from tests.sandbox.conftest import Start
from tests.sandbox.support import add_contacts, add_group, added, contact, error_of, listed

SAVED = contact(
    "+4917012345678", "Emma Smith", gender=2, mail="emma@old.example", birthday="13-04-1993"
)
SAME_PHONE = "+49 170 1234-5678"


def _seed(api: httpx.Client) -> tuple[int, int, int]:
    """An account with one contact in group ``first``; also returns a second group."""
    first, second = add_group(api, "First"), add_group(api, "Second")
    (saved,) = added(api, [SAVED], [first])
    return saved["id"], first, second


def test_upsert_updates_the_fields_sent_and_adds_the_groups(start: Start) -> None:
    _, api = start(duplicate_policy="upsert")
    saved_id, first, second = _seed(api)

    (answer,) = added(api, [contact(SAME_PHONE, "Emma Jones", mail="emma@new.example")], [second])

    (stored,) = listed(api)["contacts"]
    assert answer["id"] == stored["id"] == saved_id
    assert stored["name"] == "Emma Jones"
    assert stored["mail"] == "emma@new.example"
    assert (stored["gender"], stored["birthDay"]) == (2, "13-04-1993")
    assert stored["phone"] == SAVED["phone"]
    assert stored["groupIds"] == answer["groupIds"] == [0, first, second]


def test_upsert_merges_a_phone_repeated_in_one_request(start: Start) -> None:
    _, api = start(duplicate_policy="upsert")

    answers = added(api, [contact("+4917000000001", "Old"), contact("+49 170 000 000 01", "New")])

    assert answers[0]["id"] == answers[1]["id"]
    assert [c["name"] for c in listed(api)["contacts"]] == ["New"]


def test_duplicate_creates_another_contact(start: Start) -> None:
    _, api = start(duplicate_policy="duplicate")
    saved_id, _, _ = _seed(api)

    answers = added(api, [contact(SAME_PHONE, "Emma Jones"), contact(SAME_PHONE, "Emma Jones")])

    contacts = listed(api)["contacts"]
    assert len({saved_id, *(a["id"] for a in answers)}) == 3
    assert [c["name"] for c in contacts] == ["Emma Smith", "Emma Jones", "Emma Jones"]


def test_reject_refuses_the_whole_batch_naming_the_saved_phone(start: Start) -> None:
    box, api = start(duplicate_policy="reject")
    _seed(api)
    before = box.store.get_contacts()

    response = add_contacts(api, [contact("+4917000000009"), contact(SAME_PHONE)])

    assert response.status_code == 400
    error = error_of(response)
    assert error["messageKey"] == "contactAlreadyExists"
    assert "content[1]" in error["localizedMessage"]
    assert SAME_PHONE in error["localizedMessage"]
    assert box.store.get_contacts() == before


def test_reject_refuses_a_phone_repeated_in_one_request(start: Start) -> None:
    box, api = start(duplicate_policy="reject")

    response = add_contacts(api, [contact("+4917000000001"), contact("+4917000000001")])

    error = error_of(response)
    assert error["messageKey"] == "contactAlreadyExists"
    assert "repeats content[0]" in error["localizedMessage"]
    assert box.store.get_contacts()["contacts"] == []


def test_reject_accepts_new_phones(start: Start) -> None:
    _, api = start(duplicate_policy="reject")
    _seed(api)

    assert len(added(api, [contact("+4917000000001"), contact("+4917000000002")])) == 2


def test_a_leading_plus_makes_a_different_phone(start: Start) -> None:
    _, api = start(duplicate_policy="reject")

    added(api, [contact("+4917000000001"), contact("4917000000001")])

    assert len(listed(api)["contacts"]) == 2
