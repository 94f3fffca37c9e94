"""A write whose answer never came back readable is an ``OutcomeUnknownError`` at once, never
retried by the client; what never went out, and every read, is retried as before.

The sandbox carries each write out and then loses, delays or garbles its answer; a scripted
transport plays the failures a real server cannot be made to give on cue.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import orjson
import pytest

from boolky_sync.api import BoolkyClient, CallInfo, NewContact, RetryPolicy
from boolky_sync.errors import EXIT_UNAVAILABLE, NetworkError, OutcomeUnknownError
from boolky_sync.sandbox import Faults, run_sandbox
from tests.api.crafted_server import crafted_server

KEY = "sk-unknown-5e1d"
OK = {"result": {"data": [], "message": {"messageKey": "success"}}}

Write = Callable[[BoolkyClient], object]
WRITES: dict[str, Write] = {
    "addContacts": lambda c: c.add_contacts([NewContact("Ann", "+4915100000001")]),
    "addGroup": lambda c: c.add_group("CRM"),
    "deleteContacts": lambda c: c.delete_contacts([1001], permanent=True),
}
FAULTS = {
    "lost": ("lose_answer_rate", "the connection closed: Server disconnected"),
    "late": ("late_answer_rate", "no answer came in time"),
    "garbled": ("garble_answer_rate", ""),
    "gateway": ("gateway_error_rate", "a gateway answered HTTP 502"),
}


@pytest.mark.parametrize("endpoint", WRITES)
@pytest.mark.parametrize("kind", FAULTS)
def test_a_write_whose_answer_is_lost_late_or_garbled_is_unknown_and_not_retried(
    endpoint: str, kind: str
) -> None:
    rate, reason = FAULTS[kind]
    calls: list[CallInfo] = []
    faults = Faults(fault_endpoints=frozenset({endpoint}))
    with run_sandbox(api_key=KEY, faults=faults) as box:
        with BoolkyClient(box.url, KEY, timeout=0.5, sleep=lambda _s: None) as setup:
            setup.add_contacts([NewContact("Ann", "+4915100000001")])  # id 1001, to delete
        setattr(box.faults, rate, 1.0)
        with (
            BoolkyClient(box.url, KEY, timeout=0.5, on_call=calls.append) as client,
            pytest.raises(OutcomeUnknownError) as unknown,
        ):
            WRITES[endpoint](client)

        assert unknown.value.exit_code == EXIT_UNAVAILABLE and not unknown.value.splits
        assert unknown.value.endpoint == endpoint
        assert str(unknown.value).startswith(f"{endpoint} was sent, but {reason}")
        assert "it may have landed" in str(unknown.value)
        assert [(c.endpoint, c.attempts, c.error) for c in calls] == [
            (endpoint, 1, "OutcomeUnknownError")
        ]
        assert box.calls.arrived == 2  # the setup's call and this one: never sent again


def scripted(
    *answers: httpx.Response | Exception, attempts: int = 4
) -> tuple[BoolkyClient, list[int]]:
    """A client whose transport plays ``answers`` in turn; the list counts the requests."""
    script = iter(answers)
    sent: list[int] = []

    def reply(_request: httpx.Request) -> httpx.Response:
        sent.append(1)
        answer = next(script)
        if isinstance(answer, Exception):
            raise answer
        return answer

    client = BoolkyClient(
        "http://boolky.test",
        KEY,
        retry=RetryPolicy(max_attempts=attempts),
        sleep=lambda _s: None,
        transport=httpx.MockTransport(reply),
    )
    return client, sent


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json={"result": {"data": "ok"}}),
        httpx.Response(200, json={"result": "ok"}),
        httpx.Response(200, text='{"result": {"data": [{"id": 1'),
        httpx.Response(504),
        httpx.ReadTimeout("slow"),
        httpx.ReadError("reset by peer"),
        httpx.RemoteProtocolError("closed"),
    ],
    ids=["data-text", "result-text", "cut", "504", "read-timeout", "reset", "closed"],
)
def test_every_unreadable_answer_to_add_contacts_is_unknown(
    answer: httpx.Response | Exception,
) -> None:
    client, sent = scripted(answer)
    with pytest.raises(OutcomeUnknownError):
        client.add_contacts([NewContact("Ann", "+4915100000001")])
    assert len(sent) == 1


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("busy")],
)
def test_a_write_that_never_went_out_is_retried(failure: Exception) -> None:
    client, sent = scripted(failure, httpx.Response(200, json=OK))
    assert client.add_contacts([NewContact("Ann", "+4915100000001")]) == []
    assert len(sent) == 2


def test_reads_keep_retrying_a_lost_answer() -> None:
    lost: list[httpx.Response | Exception] = [
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("closed"),
        httpx.Response(504),
    ]
    client, sent = scripted(*lost, httpx.Response(200, json=OK))
    assert client.get_groups() == []
    assert len(sent) == 4

    client, _ = scripted(httpx.ReadError("reset"), attempts=1)
    with pytest.raises(NetworkError):  # after the last attempt, a network error as before
        client.get_contacts()


@pytest.mark.parametrize(
    "data",
    [
        [{"id": 3, "customerId": 1, "name": "CRM", "position": 1, "notValid": False}],
        [],
        "ok",
    ],
    ids=["a-list-of-one", "an-empty-list", "text"],
)
def test_an_add_group_answer_that_is_no_group_object_is_unknown(data: object) -> None:
    """addGroup answers one group object; anything else may hide a group that was made."""
    body = orjson.dumps({"result": {"data": data}})
    with (
        crafted_server([body]) as (url, asked),
        BoolkyClient(url, "k" * 12) as client,
        pytest.raises(OutcomeUnknownError, match="addGroup"),
    ):
        client.add_group("CRM")
    assert asked == ["/addGroup"]  # read once, never sent again
