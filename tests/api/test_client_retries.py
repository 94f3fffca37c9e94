"""Retry, error and secrecy rules of the client, on scripted answers.

A scripted transport is the honest tool here: it decides exactly which answer
comes when, which a real server cannot be made to do call by call.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from boolky_sync.api import BoolkyClient, CallInfo, NewContact, RetryPolicy
from boolky_sync.api.retry import parse_retry_after
from boolky_sync.errors import (
    ApiError,
    AuthError,
    InputError,
    NetworkError,
    RateLimitedError,
    ServerError,
)

KEY = "sk-live-7f3a9c2b-SECRET"
OK = {"result": {"data": [], "message": {"messageKey": "success"}}}
EXPIRED = {"error": {"localizedMessage": "Session expired", "messageKey": "sessionExpired"}}


class Script:
    """Answers requests from a list of responses (or exceptions), recording what came in."""

    def __init__(self, answers: list[httpx.Response | Exception]) -> None:
        self.answers: Iterator[httpx.Response | Exception] = iter(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = next(self.answers)
        if isinstance(answer, Exception):
            raise answer
        return answer


def client(script: Script, sleeps: list[float], attempts: int = 4) -> BoolkyClient:
    return BoolkyClient(
        "http://boolky.test",
        KEY,
        retry=RetryPolicy(max_attempts=attempts, backoff_base=0.1),
        sleep=sleeps.append,
        transport=httpx.MockTransport(script),
    )


def test_headers_carry_the_raw_key_and_the_language() -> None:
    script = Script([httpx.Response(200, json=OK)])
    client(script, []).add_contacts([NewContact("A", "+15551234567")], [3])
    request = script.requests[0]
    assert request.headers["Authorization"] == KEY
    assert request.headers["language"] == "EN"
    assert request.headers["Content-Type"] == "application/json"
    assert request.method == "PUT"
    assert request.url.path == "/addContacts"


def test_429_waits_at_least_retry_after_then_succeeds() -> None:
    sleeps: list[float] = []
    script = Script(
        [
            httpx.Response(429, headers={"Retry-After": "2"}, json={"error": {}}),
            httpx.Response(200, json=OK),
        ]
    )
    client(script, sleeps).get_groups()
    assert len(script.requests) == 2
    assert sleeps and sleeps[0] >= 2.0


def test_5xx_is_retried_then_raised_as_server_error_after_the_limit() -> None:
    sleeps: list[float] = []
    script = Script([httpx.Response(503, text="down")] * 4)
    with pytest.raises(ServerError, match="503"):
        client(script, sleeps).get_contacts()
    assert len(script.requests) == 4
    # backoff 0.1 s doubling, each jittered within the upper half of its ceiling
    assert [0.05 <= sleeps[0] <= 0.1, 0.1 <= sleeps[1] <= 0.2, 0.2 <= sleeps[2] <= 0.4] == [
        True,
        True,
        True,
    ]


def test_429_until_the_end_is_a_rate_limited_error() -> None:
    script = Script([httpx.Response(429)] * 2)
    with pytest.raises(RateLimitedError):
        client(script, [], attempts=2).get_groups()


@pytest.mark.parametrize("exc", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
def test_network_failures_are_retried_and_translated(exc: Exception) -> None:
    script = Script([exc, exc, exc])
    with pytest.raises(NetworkError) as caught:
        client(script, [], attempts=3).get_groups()
    assert len(script.requests) == 3
    assert not isinstance(caught.value, httpx.HTTPError)
    assert caught.value.__cause__ is None


def test_a_network_failure_then_success_returns_the_result() -> None:
    script = Script([httpx.ConnectError("refused"), httpx.Response(200, json=OK)])
    assert client(script, []).get_groups() == []


@pytest.mark.parametrize("status", [400, 404, 409, 422])
def test_other_4xx_are_not_retried(status: int) -> None:
    body = {"error": {"localizedMessage": "Name too long", "messageKey": "invalidName"}}
    script = Script([httpx.Response(status, json=body)])
    with pytest.raises(ApiError) as caught:
        client(script, []).add_group("x" * 40)
    assert len(script.requests) == 1
    assert caught.value.message_key == "invalidName"
    assert caught.value.localized_message == "Name too long"
    assert caught.value.status_code == status
    assert caught.value.endpoint == "addGroup"
    assert type(caught.value) is ApiError


@pytest.mark.parametrize("status", [200, 401, 403, 500])
def test_session_expired_is_an_auth_error_whatever_the_status(status: int) -> None:
    script = Script([httpx.Response(status, json=EXPIRED)])
    with pytest.raises(AuthError) as caught:
        client(script, []).get_contacts()
    assert len(script.requests) == 1  # never retried, even when it comes with a 500
    assert KEY not in str(caught.value)


def test_a_200_without_the_envelope_says_the_url_is_probably_wrong() -> None:
    script = Script([httpx.Response(200, text="<html>hello</html>")])
    with pytest.raises(ApiError, match="base URL"):
        client(script, []).get_contacts()


def test_the_key_is_in_no_repr_log_or_message(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    leaky = f"server echoes {KEY} back"
    script = Script(
        [
            httpx.ConnectError(f"failed with {KEY}"),
            httpx.Response(500, json={"error": {"localizedMessage": leaky, "messageKey": "x"}}),
            httpx.Response(400, json={"error": {"localizedMessage": leaky, "messageKey": "x"}}),
        ]
    )
    c = client(script, [])
    with pytest.raises(ApiError) as caught:
        c.get_contacts()
    assert KEY not in repr(c)
    assert KEY not in str(caught.value)
    assert KEY not in (caught.value.localized_message or "")
    assert KEY not in caplog.text
    assert "get" in caplog.text.lower()  # the log did say something


def test_a_missing_key_is_an_input_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BOOLKY_API_KEY", raising=False)
    with pytest.raises(InputError, match="BOOLKY_API_KEY"):
        BoolkyClient("http://boolky.test")


def test_the_key_is_taken_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOLKY_API_KEY", KEY)
    script = Script([httpx.Response(200, json=OK)])
    BoolkyClient("http://boolky.test", transport=httpx.MockTransport(script)).get_groups()
    assert script.requests[0].headers["Authorization"] == KEY


def test_every_call_is_reported_with_its_attempts() -> None:
    calls: list[CallInfo] = []
    script = Script([httpx.Response(503), httpx.Response(200, json=OK)])
    c = BoolkyClient(
        "http://boolky.test",
        KEY,
        sleep=lambda _s: None,
        on_call=calls.append,
        transport=httpx.MockTransport(script),
    )
    c.delete_contacts([1, 2, 3], permanent=False, group_id=4)
    [info] = calls
    assert (info.endpoint, info.method, info.size, info.status, info.attempts) == (
        "deleteContacts",
        "POST",
        3,
        200,
        2,
    )
    assert info.error is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("2", 2.0),
        ("0", 0.0),
        (" 7 ", 7.0),
        ("junk", None),
        (None, None),
    ],
)
def test_retry_after_seconds(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header) == expected


def test_retry_after_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=4.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (6, 4.0)]:
        delays = [policy.delay(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jittered
    assert policy.delay(1, retry_after=10.0) == 10.0
    assert RetryPolicy(retry_after_max=60).delay(1, retry_after=3600) == 60
