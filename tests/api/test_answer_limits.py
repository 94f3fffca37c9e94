"""An answer longer than ``max_answer_mib`` is refused as it arrives; numbers out of their
documented range are refused as they are read. Both over real HTTP."""

from __future__ import annotations

import itertools

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.api.records import NewContact
from boolky_sync.errors import EXIT_UNAVAILABLE, ProtocolError
from boolky_sync.sandbox import run_sandbox
from tests.api.crafted_server import crafted_server, getcontacts_body

MIB = 1024 * 1024


def test_a_stated_length_over_the_limit_is_refused_before_the_body_is_read() -> None:
    with (
        crafted_server([b'{"result": '], {"Content-Length": str(300 * MIB)}) as (url, asked),
        BoolkyClient(url, "key") as client,
        pytest.raises(ProtocolError) as caught,
    ):
        client.max_answer_mib = 256
        client.get_contacts()
    assert caught.value.exit_code == EXIT_UNAVAILABLE
    assert str(caught.value).startswith(
        "Boolky's answer to getContacts is 300 MiB long, more than the limit of 256 MiB "
        "([target] max_answer_mib)"
    )
    assert asked == ["/getContacts"]  # a refusal, never retried


def test_an_answer_without_a_length_is_cut_off_once_past_the_limit() -> None:
    endless = itertools.repeat(b" " * 65536)
    with (
        crafted_server(endless) as (url, asked),
        BoolkyClient(url, "key") as client,
        pytest.raises(ProtocolError, match=r"getContacts passed 1 MiB, the limit \(\[target\]"),
    ):
        client.max_answer_mib = 1
        client.get_contacts()
    assert asked == ["/getContacts"]


def test_the_sandbox_account_fits_the_default_and_not_a_smaller_cap() -> None:
    contacts = [
        NewContact(f"Contact Number {i}", f"+4479{i:08d}", mail=f"contact.{i}@example.com")
        for i in range(8000)
    ]
    with run_sandbox() as box, BoolkyClient(box.url, box.api_key) as client:
        for start in range(0, len(contacts), 1000):
            client.add_contacts(contacts[start : start + 1000])
        assert len(client.get_contacts().contacts) == 8000  # about 1.2 MiB
        client.max_answer_mib = 1
        with pytest.raises(ProtocolError, match=r"is 1\.\d MiB long, more than the limit of 1 MiB"):
            client.get_contacts()


def test_an_id_beyond_2_63_is_refused_naming_the_contact() -> None:
    contacts = [
        {"id": 1000 + i, "name": "A", "phone": f"+4479111234{i:02d}", "groupIds": [0]}
        for i in range(2)
    ] + [{"id": 2**63, "name": "C", "phone": "+447911123499", "groupIds": [0]}]
    with (
        crafted_server([getcontacts_body(contacts)]) as (url, _),
        BoolkyClient(url, "key") as client,
        pytest.raises(ProtocolError) as caught,
    ):
        client.get_contacts()
    assert str(caught.value).startswith(
        "Boolky answered something it does not document: contact #3 has id "
        "9223372036854775808, beyond 2^63−1"
    )
