"""A getContacts answer read a slice at a time reads as the whole answer read at once.

The slices are cut at ``},{`` guessed to lie between contacts; Hypothesis puts that text,
and the other marks the cutting looks for, inside names, nested values and the envelope,
damages answers byte by byte, and checks that the contacts, or the refusal, are the
same as ``orjson.loads`` of the whole answer gives them. Slices are a few dozen bytes
here so that every answer is cut many times.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import httpx
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boolky_sync.api import BoolkyClient, NewContact, pieces
from boolky_sync.api.answers import answer_result
from boolky_sync.api.pieces import ContactPieces, Misjudged, decode_in_slices
from boolky_sync.api.records import parse_account
from boolky_sync.errors import BoolkyError
from boolky_sync.sandbox import run_sandbox

KEY = "sandbox-secret-4b1d"

TRICKY = st.sampled_from(
    ["Ann", "},{", '"},{"id":', '"groups":[', '"contacts":[', "]}", "\\", "\u00e9}", ""]
)
NESTED: st.SearchStrategy[Any] = st.recursive(
    TRICKY | st.integers(0, 3) | st.none(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY, inner, max_size=2),
    max_leaves=6,
)


@st.composite
def contact(draw: st.DrawFn) -> Any:
    raw: dict[str, Any] = {
        "id": draw(st.integers(1, 10**6)),
        "name": draw(TRICKY),
        "phone": draw(st.sampled_from(["+447911123456", "},{", ""])),
        "groupIds": draw(st.lists(st.integers(0, 3), max_size=2)),
        "notValid": draw(st.sampled_from([0, 1, "true"])),
    }
    if draw(st.booleans()):
        raw[draw(TRICKY)] = draw(NESTED)
    return draw(st.just(raw) | st.sampled_from([None, 7, "x"]))


@st.composite
def answers(draw: st.DrawFn) -> bytearray:
    data: dict[str, Any] = {"contacts": draw(st.lists(contact(), max_size=12))}
    if draw(st.booleans()):
        data["groups"] = [{"id": 0, "name": draw(TRICKY)}, {"id": 1, "name": "CRM"}]
    envelope: dict[str, Any] = {"result": {"data": data}}
    if draw(st.integers(0, 5)) == 0:
        envelope["error"] = {"messageKey": "sessionExpired"}
    body = bytearray(orjson.dumps(envelope))
    for _ in range(draw(st.integers(0, 2))):  # damage: a byte replaced by one of JSON's marks
        at = draw(st.integers(0, len(body) - 1))
        body[at] = ord(draw(st.sampled_from('{}[],:"\\x ')))
    return body


def outcome(body: bytearray, in_slices: bool) -> Any:
    response = httpx.Response(200)
    try:
        result = answer_result("getContacts", response, bytearray(body), False, in_slices=in_slices)
        account = parse_account(result.get("data"))
    except BoolkyError as error:
        return type(error).__name__, str(error)
    return account


@settings(max_examples=1500, deadline=None)
@given(answers())
def test_an_answer_read_in_slices_reads_as_the_whole(body: bytearray) -> None:
    with patch.object(pieces, "SLICE_BYTES", 40):
        assert outcome(body, True) == outcome(body, False)


def test_a_large_answer_is_cut_and_its_bytes_let_go() -> None:
    contacts = [
        {"id": n, "name": f"P{n}", "phone": "+447911123456", "groupIds": [0], "notValid": 0}
        for n in range(1, 200)
    ]
    body = bytearray(orjson.dumps({"result": {"data": {"contacts": contacts, "groups": []}}}))
    with patch.object(pieces, "SLICE_BYTES", 500):
        payload = decode_in_slices(body, lambda: ValueError("not JSON"))
    sliced = payload["result"]["data"]["contacts"]
    assert isinstance(sliced, ContactPieces)
    read = parse_account(payload["result"]["data"]).contacts
    assert [c.id for c in read] == list(range(1, 200))
    with pytest.raises(Misjudged, match="read already"):  # the bytes were let go
        next(sliced.slices())


def test_the_client_reads_the_sandbox_in_slices_as_whole() -> None:
    people = [NewContact(f"P{n}", f"+4479111{n:05d}") for n in range(300)]
    with run_sandbox(api_key=KEY) as box, BoolkyClient(box.url, KEY) as client:
        client.add_contacts(people)
        whole = client.get_contacts()
        with patch.object(pieces, "SLICE_BYTES", 1000):
            sliced = client.get_contacts()
    assert sliced == whole
    assert len(sliced.contacts) == 300
