"""The client against the real sandbox over HTTP: every endpoint, errors, retries, policies."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from boolky_sync.api import BoolkyClient, NewContact, RetryPolicy
from boolky_sync.errors import ApiError, AuthError, RateLimitedError, ServerError
from boolky_sync.sandbox import DuplicatePolicy, Faults, run_sandbox

KEY = "sandbox-secret-4b1d"


@pytest.fixture
def sandbox() -> Iterator[object]:
    with run_sandbox(api_key=KEY) as box:
        yield box


def make_client(url: str, sleeps: list[float] | None = None, key: str = KEY) -> BoolkyClient:
    return BoolkyClient(
        url,
        key,
        retry=RetryPolicy(max_attempts=4),
        sleep=(sleeps.append if sleeps is not None else lambda _s: None),
    )


ANN = NewContact("Ann Lee", "+447911123456", "13-04-1993", 2, "ann@example.com")
BOB = NewContact("Bob Stone", "+12508682818", gender=1)


def test_all_six_endpoints_round_trip(sandbox) -> None:
    with make_client(sandbox.url) as client:
        group = client.add_group("Customers")
        assert group.name == "Customers"
        assert group.id != 0

        created = client.add_contacts([ANN, BOB], [group.id])
        assert [c.phone for c in created] == [ANN.phone, BOB.phone]
        assert all(group.id in c.group_ids for c in created)

        account = client.get_contacts()
        by_phone = {c.phone: c for c in account.contacts}
        ann = by_phone[ANN.phone]
        assert (ann.name, ann.gender, ann.mail, ann.birthday) == (
            "Ann Lee",
            2,
            "ann@example.com",
            "13-04-1993",
        )
        assert {g.name for g in account.groups} >= {"All", "Customers"}
        assert {g.id for g in client.get_groups()} == {g.id for g in account.groups}

        client.delete_contacts([ann.id], permanent=False, group_id=group.id)
        ann_after = {c.phone: c for c in client.get_contacts().contacts}[ANN.phone]
        assert group.id not in ann_after.group_ids

        client.delete_contacts([ann.id], permanent=True)
        assert ANN.phone not in {c.phone for c in client.get_contacts().contacts}

        client.delete_group(group.id)
        assert "Customers" not in {g.name for g in client.get_groups()}


@pytest.mark.parametrize("status", [401, 200])
def test_wrong_key_is_an_auth_error_that_never_shows_the_key(
    status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-key-9d8e7f"
    with (
        run_sandbox(api_key=KEY, auth_error_status=status) as box,
        make_client(box.url, key=wrong) as client,
        pytest.raises(AuthError) as caught,
    ):
        client.get_contacts()
    assert caught.value.message_key == "sessionExpired"
    assert caught.value.status_code == status
    for secret in (wrong, KEY):
        assert secret not in str(caught.value)
        assert secret not in repr(client)
        assert secret not in caplog.text


def test_validation_errors_arrive_as_api_errors_with_the_message_key(sandbox) -> None:
    with make_client(sandbox.url) as client:
        with pytest.raises(ApiError) as caught:
            client.add_contacts([NewContact("x" * 51, "+15550001111")])
        assert caught.value.message_key == "invalidName"
        assert caught.value.localized_message
        assert sandbox.calls.count("addContacts") == 1  # a 400 is not retried


def test_429_with_retry_after_2_waits_at_least_2_seconds_of_injected_sleep() -> None:
    sleeps: list[float] = []
    with run_sandbox(api_key=KEY, faults=Faults(retry_after=2)) as box:
        box.faults.rate_limit_rate = 1.0
        with make_client(box.url, sleeps) as client, pytest.raises(RateLimitedError):
            client.get_groups()
        assert box.calls.count("getGroups", status=429) == 4
    assert len(sleeps) == 3
    assert all(s >= 2.0 for s in sleeps)


def test_429_then_success_returns_the_data() -> None:
    sleeps: list[float] = []
    with run_sandbox(api_key=KEY, faults=Faults(retry_after=2, rate_limit_rate=1.0)) as box:

        def sleep_while_boolky_recovers(seconds: float) -> None:
            sleeps.append(seconds)
            box.faults.rate_limit_rate = 0.0

        with BoolkyClient(box.url, KEY, sleep=sleep_while_boolky_recovers) as client:
            assert client.get_groups()[0].id == 0
        assert box.calls.count("getGroups", status=429) == 1
    assert sleeps and sleeps[0] >= 2.0


def test_5xx_is_retried_then_raised_after_the_limit() -> None:
    with run_sandbox(api_key=KEY, faults=Faults(error_rate=1.0)) as box, make_client(box.url) as c:
        with pytest.raises(ServerError):
            c.add_contacts([ANN])
        assert box.calls.count("addContacts", status=500) == 4
        box.faults.error_rate = 0.0
        assert c.get_contacts().contacts == []  # the 500s wrote nothing


def test_a_failed_nth_call_is_retried_transparently() -> None:
    with (
        run_sandbox(api_key=KEY, faults=Faults(fail_calls={2})) as box,
        make_client(box.url) as client,
    ):
        client.add_group("A")
        client.add_group("B")  # call 2 fails once, then call 3 succeeds
        assert [g.name for g in client.get_groups()] == ["All", "A", "B"]
        assert box.calls.count("addGroup", status=500) == 1


@pytest.mark.parametrize(
    ("policy", "contacts_after", "name_after"),
    [("upsert", 1, "Ann Updated"), ("duplicate", 2, None)],
)
def test_duplicate_policies_as_the_client_sees_them(
    policy: DuplicatePolicy, contacts_after: int, name_after: str | None
) -> None:
    with run_sandbox(api_key=KEY, duplicate_policy=policy) as box, make_client(box.url) as c:
        first = c.add_contacts([ANN])[0]
        second = c.add_contacts([NewContact("Ann Updated", ANN.phone)])[0]
        contacts = c.get_contacts().contacts
        assert len(contacts) == contacts_after
        if name_after:
            assert second.id == first.id
            assert contacts[0].name == name_after
            assert contacts[0].mail == ANN.mail  # not carried → kept
        else:
            assert second.id != first.id


def test_reject_policy_refuses_the_whole_request() -> None:
    with run_sandbox(api_key=KEY, duplicate_policy="reject") as box, make_client(box.url) as c:
        c.add_contacts([ANN])
        with pytest.raises(ApiError) as caught:
            c.add_contacts([BOB, NewContact("Ann Again", ANN.phone)])
        assert caught.value.message_key == "contactAlreadyExists"
        assert ANN.phone in (caught.value.localized_message or "")
        assert [x.phone for x in c.get_contacts().contacts] == [ANN.phone]


def test_max_page_truncates_get_contacts() -> None:
    with run_sandbox(api_key=KEY, faults=Faults(max_page=3)) as box, make_client(box.url) as c:
        c.add_contacts([NewContact(f"P{i}", f"+4915112345{i:03d}") for i in range(10)])
        assert len(c.get_contacts().contacts) == 3


def test_state_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "boolky.sqlite"
    with run_sandbox(api_key=KEY, state=state) as box, make_client(box.url) as c:
        group = c.add_group("Kept")
        ann = c.add_contacts([ANN], [group.id])[0]
    with run_sandbox(api_key=KEY, state=state) as box, make_client(box.url) as c:
        account = c.get_contacts()
        assert [(x.id, x.phone) for x in account.contacts] == [(ann.id, ANN.phone)]
        assert group.id in account.contacts[0].group_ids
        assert c.add_group("Next").id > group.id  # ids stay stable and grow
