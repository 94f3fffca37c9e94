"""How long the client waits between attempts, and that it says so, against a real sandbox.

The sandbox answers 429 with the ``Retry-After`` it is given (or 500); the client's
``sleep`` is injected and records the waits, so no test waits for the wall clock.
"""

from __future__ import annotations

import logging

import pytest

from boolky_sync.api import BoolkyClient, CallInfo, NewContact, RetryPolicy
from boolky_sync.errors import RateLimitedError, Terminated
from boolky_sync.sandbox import Faults, run_sandbox
from boolky_sync.stop import SLICE, StopRequest

KEY = "waits-key-2c"


def test_a_long_retry_after_is_capped_at_60_s_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    waits: list[float] = []
    faults = Faults(rate_limit_rate=1.0, retry_after=300)
    with (
        run_sandbox(api_key=KEY, faults=faults) as box,
        BoolkyClient(box.url, KEY, retry=RetryPolicy(max_attempts=2), sleep=waits.append) as c,
        caplog.at_level(logging.WARNING, logger="boolky_sync.api.client"),
    ):
        with pytest.raises(RateLimitedError):
            c.get_groups()
        assert box.calls.count("getGroups", status=429) == 2

    assert RetryPolicy().retry_after_max == 60
    assert waits == [60.0]
    assert (
        "GET getGroups: Boolky asked to wait 300 s (Retry-After); waiting 60 s, the cap"
        in caplog.messages
    )


@pytest.mark.parametrize(("retry_after", "level"), [(10, logging.WARNING), (2, logging.INFO)])
def test_a_wait_longer_than_5_s_is_a_warning(
    caplog: pytest.LogCaptureFixture, retry_after: int, level: int
) -> None:
    waits: list[float] = []
    faults = Faults(rate_limit_rate=1.0, retry_after=retry_after)
    with (
        run_sandbox(api_key=KEY, faults=faults) as box,
        BoolkyClient(box.url, KEY, retry=RetryPolicy(max_attempts=2), sleep=waits.append) as c,
        caplog.at_level(logging.INFO, logger="boolky_sync.api.client"),
        pytest.raises(RateLimitedError),
    ):
        c.get_groups()

    assert waits == [float(retry_after)]
    said = [r for r in caplog.records if "attempt 2 of 2" in r.getMessage()]
    assert [r.levelno for r in said] == [level]
    assert f"in {retry_after:.1f} s" in said[0].getMessage()


def test_a_stop_during_a_back_off_gives_up_instead_of_trying_again() -> None:
    """A call in its retry back-off starts no other attempt once a stop is asked."""
    stop = StopRequest()
    waits: list[float] = []
    calls: list[CallInfo] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        stop.set(Terminated)  # SIGTERM arrives during the wait

    with (
        run_sandbox(api_key=KEY, faults=Faults(error_rate=1.0)) as box,
        BoolkyClient(box.url, KEY, sleep=sleep, on_call=calls.append) as client,
        client.stopping_on(stop),
    ):
        with pytest.raises(Terminated, match="stopped by SIGTERM while addContacts waited"):
            client.add_contacts([NewContact("Ann", "+447911123456")])
        assert box.calls.count("addContacts") == 1

    assert len(waits) == 1 and waits[0] <= SLICE  # woke at the first look after the stop
    assert [(c.endpoint, c.attempts, c.error) for c in calls] == [("addContacts", 1, "Terminated")]
