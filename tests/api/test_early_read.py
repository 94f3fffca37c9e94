"""A read sent early (``BoolkyClient.read_early``), over HTTP to the real sandbox.

The request goes out at once and its answer is read in a thread; the call that
takes it later (``get_contacts(early=...)``) gets the account as it was when
the read was sent, sends nothing more, and counts that exchange as its first
attempt: a failure it met is retried as any read's is, and the call's journal
entry lasts from the sending.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from boolky_sync.api import BoolkyClient, CallInfo, NewContact, RetryPolicy
from boolky_sync.errors import NetworkError
from boolky_sync.sandbox import Faults, Sandbox, run_sandbox
from tests.api.crafted_server import crafted_server

KEY = "sandbox-secret-early-5c2e"
ANN = NewContact("Ann Lee", "+447911123456")
BOB = NewContact("Bob Stone", "+447911654321")


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def make_client(url: str, calls: list[CallInfo], sleeps: list[float]) -> BoolkyClient:
    return BoolkyClient(
        url, KEY, retry=RetryPolicy(max_attempts=2), sleep=sleeps.append, on_call=calls.append
    )


def answered(box: Sandbox, endpoint: str, count: int) -> bool:
    """Whether the sandbox has answered ``count`` calls to ``endpoint`` within 10 s."""
    deadline = time.monotonic() + 10
    while box.calls.count(endpoint) < count:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_the_answer_comes_while_the_caller_works_and_is_taken_as_it_was(box: Sandbox) -> None:
    calls: list[CallInfo] = []
    with (
        make_client(box.url, calls, []) as client,
        make_client(box.url, [], []) as other,
    ):
        client.add_contacts([ANN])
        box.calls.reset()
        sent = time.perf_counter()
        early = client.read_early("getContacts")
        assert answered(box, "getContacts", 1)  # answered before anyone asked for it
        other.add_contacts([BOB])  # Boolky changes after the read was answered
        calls.clear()
        taken = time.perf_counter()
        account = client.get_contacts(early)
    assert [c.phone for c in account.contacts] == [ANN.phone]  # as it was when sent
    assert box.calls.count("getContacts") == 1  # taking it sent nothing
    [call] = calls
    assert (call.endpoint, call.status, call.attempts, call.error) == ("getContacts", 200, 1, None)
    assert call.duration >= taken - sent  # the call lasted from its sending


def test_a_failure_the_early_read_met_is_the_first_attempt_and_is_retried(box: Sandbox) -> None:
    calls: list[CallInfo] = []
    sleeps: list[float] = []
    with make_client(box.url, calls, sleeps) as client:
        client.add_contacts([ANN])
        box.calls.reset()
        box.faults = Faults(fail_calls={1})  # the early read is answered 500
        early = client.read_early("getContacts")
        assert answered(box, "getContacts", 1)
        calls.clear()
        account = client.get_contacts(early)
    assert [c.phone for c in account.contacts] == [ANN.phone]
    assert [c.status for c in box.calls if c.endpoint == "getContacts"] == [500, 200]
    assert len(sleeps) == 1  # one back-off, between the early attempt and the second
    [call] = calls
    assert (call.status, call.attempts) == (200, 2)


def test_an_early_read_that_cannot_connect_fails_as_any_read_does() -> None:
    with run_sandbox(api_key=KEY) as gone:
        url = gone.url  # a port that was free a moment ago, and is closed again
    calls: list[CallInfo] = []
    sleeps: list[float] = []
    with make_client(url, calls, sleeps) as client:
        early = client.read_early("getContacts")
        with pytest.raises(NetworkError, match="cannot reach Boolky"):
            client.get_contacts(early)
    [call] = calls
    assert call.attempts == 2 and call.status is None and call.error is not None
    assert len(sleeps) == 1


def test_an_early_answer_is_taken_once_and_only_reads_are_sent_early(box: Sandbox) -> None:
    with make_client(box.url, [], []) as client:
        early = client.read_early("getContacts")
        client.get_contacts(early)
        with pytest.raises(RuntimeError, match="taken already"):
            client.get_contacts(early)
        with pytest.raises(ValueError, match="only getContacts"):
            client.read_early("addContacts")
    assert box.calls.count("addContacts") == 0


def test_closing_cuts_off_an_early_answer_still_arriving() -> None:
    """A run that stops or fails before its plan does not wait for a slow answer's last byte:
    the answer is cut off (without it, closing would wait the 10 s the answer trickles for)."""
    produced: list[int] = []

    def trickle() -> Iterator[bytes]:
        for n in range(40):
            produced.append(n)
            time.sleep(0.25)
            yield b" "

    with crafted_server(trickle()) as (url, asked):
        client = BoolkyClient(url, KEY, timeout=5)
        client.read_early("getContacts")
        deadline = time.monotonic() + 10
        while len(produced) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        client.close()
        produced_by_then = len(produced)
    assert asked == ["/getContacts"]
    assert 3 <= produced_by_then < 40


def test_closing_the_client_waits_for_an_early_read_never_taken(box: Sandbox) -> None:
    """Its connection goes back to the pool before the pool closes: no socket is left open
    (pytest turns an unclosed one into a failure of this test)."""
    box.faults = Faults(latency=0.3)
    with make_client(box.url, [], []) as client:
        client.read_early("getContacts")
    assert box.calls.count("getContacts") == 1  # answered, and read, before the close
