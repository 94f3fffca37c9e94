"""The one place that talks HTTP to Boolky.

Everything that reads or writes an account goes through ``BoolkyClient``; it
turns Boolky's envelope into records or into the project's errors, retries
what is transient, and reports every call (``on_call``) so a run journal can
record it (``on_call``, or ``reporting_calls_to`` for a client someone else
made). httpx's exceptions stop here. The API key is checked before it is
used (``api_key``) and lives only in the request headers: never in ``repr``,
a log line or an exception text, whose outside parts go through ``redact``.

A write (``WRITES``) whose request went out but whose answer never came back
readable may have landed, and ``addContacts`` is not idempotent: such a call
raises ``OutcomeUnknownError`` at once and is never retried here -- a read
timeout, a connection closed or reset before the answer, a 502 or 504 (a
gateway that lost Boolky's answer), a success of the wrong shape. What never
went out (no connection, no pooled connection, a request not fully written)
is retried as any transient failure; so are reads, which change nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import orjson

from boolky_sync.api.answers import Transient, answer_bytes, answer_result, unknown_outcome
from boolky_sync.api.api_key import checked_key, key_from_env
from boolky_sync.api.base_url import checked_base_url
from boolky_sync.api.defaults import API_KEY_ENV, DEFAULT_BASE_URL, MAX_ANSWER_MIB
from boolky_sync.api.early import EarlyAnswer, Exchange
from boolky_sync.api.records import (
    Account,
    Contact,
    Group,
    NewContact,
    parse_account,
    parse_contacts,
    parse_group,
    parse_groups,
)
from boolky_sync.api.retry import LOGGED_WAIT, RetryPolicy
from boolky_sync.errors import (
    ApiError,
    BoolkyError,
    InputError,
    NetworkError,
    ProtocolError,
    StoppedError,
)
from boolky_sync.redaction import redact
from boolky_sync.stop import StopRequest

WRITES = frozenset({"addContacts", "addGroup", "deleteContacts"})
"""The writes sent again only after Boolky was read: their lost answer is an outcome unknown."""
GATEWAY_LOST = frozenset({502, 504})
"""Statuses of a gateway that passed the request on and lost (or waited out) Boolky's answer."""
SLICED = frozenset({"getContacts"})
"""The answers whose contacts are decoded a slice at a time as they are read (``pieces``)."""
_LOST_ON_THE_WAY = (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError)
"""Transport failures after the whole request went out: Boolky may have carried it out."""

R = TypeVar("R")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallInfo:
    """One finished call, as the run journal records it."""

    endpoint: str
    method: str
    size: int
    status: int | None
    attempts: int
    duration: float
    error: str | None = None


class BoolkyClient:
    """A Boolky account, reached over HTTP.

    ``sleep`` and ``transport`` are injectable so tests wait for no wall clock
    and can talk to any server; ``on_call`` receives a ``CallInfo`` per call.
    An answer longer than ``max_answer_mib`` is refused as a ``ProtocolError``
    once that much has arrived (a pipeline sets it from ``[target]``).
    """

    max_answer_mib: int = MAX_ANSWER_MIB

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        language: str = "EN",
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        on_call: Callable[[CallInfo], None] | None = None,
    ) -> None:
        key = key_from_env() if api_key is None else checked_key(api_key, "the API key")
        if not key:
            raise InputError(
                f"no Boolky API key: set {API_KEY_ENV} in the environment "
                "(the key from the Boolky dashboard)"
            )
        self._key = key
        self.base_url = checked_base_url(base_url).rstrip("/")
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._on_call = on_call
        self._stop: StopRequest | None = None
        self._early: EarlyAnswer | None = None
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"language": language, "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"BoolkyClient(base_url={self.base_url!r})"

    def __enter__(self) -> BoolkyClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections; a read sent early and never taken is given up first."""
        if self._early is not None:
            self._early.abandon()
        self._http.close()

    @contextmanager
    def reporting_calls_to(self, on_call: Callable[[CallInfo], None]) -> Iterator[BoolkyClient]:
        """Also hand every call's ``CallInfo`` to ``on_call`` while the block runs.

        A run journals the calls of a client its caller made and keeps; the
        client's own ``on_call``, if any, still sees them too.
        """
        own = self._on_call

        def both(info: CallInfo) -> None:
            if own is not None:
                own(info)
            on_call(info)

        self._on_call = both
        try:
            yield self
        finally:
            self._on_call = own

    @contextmanager
    def stopping_on(self, stop: StopRequest | None) -> Iterator[BoolkyClient]:
        """While the block runs, a retry's back-off ends when ``stop`` is asked, and the
        call raises the stop's error instead of trying again (a call in flight finishes)."""
        own = self._stop
        self._stop = stop
        try:
            yield self
        finally:
            self._stop = own

    # -- endpoints ---------------------------------------------------------

    def get_contacts(self, early: EarlyAnswer | None = None) -> Account:
        """Every contact and every group of the account; ``early``, a ``read_early`` of
        getContacts, is this call's first attempt."""
        return self._call(
            "GET", "getContacts", read=lambda r: parse_account(r.get("data")), early=early
        )

    def read_early(self, endpoint: str) -> EarlyAnswer:
        """Send the read ``endpoint`` now, and take its answer off the wire in a thread,
        for the call that needs it later (``get_contacts(early=...)``): Boolky answers
        while the caller works. An answer never taken costs only the read."""
        if endpoint != "getContacts":
            raise ValueError(f"only getContacts is read early, not {endpoint}")
        if self._early is not None:  # one early read at a time: one not taken is given up
            self._early.abandon()
        self._early = EarlyAnswer(
            endpoint, lambda streaming: self._exchange("GET", endpoint, None, streaming)
        )
        return self._early

    def add_contacts(
        self, contacts: Sequence[NewContact], group_ids: Iterable[int] = ()
    ) -> list[Contact]:
        """Add contacts to the given groups (one group list for the whole request)."""
        body = {"content": [c.to_wire() for c in contacts], "groupIds": list(group_ids)}
        return self._call(
            "PUT",
            "addContacts",
            body,
            size=len(contacts),
            read=lambda r: parse_contacts(r.get("data")),
        )

    def delete_contacts(
        self, ids: Sequence[int], *, permanent: bool, group_id: int | None = None
    ) -> None:
        """Delete contacts (``permanent``) or remove them from ``group_id`` only."""
        body: dict[str, Any] = {"ids": list(ids), "permanent": permanent}
        if group_id is not None:
            body["groupId"] = group_id
        self._call("POST", "deleteContacts", body, size=len(ids), read=_nothing)

    def add_group(self, name: str) -> Group:
        return self._call(
            "PUT", "addGroup", {"name": name}, read=lambda r: parse_group(r.get("data"))
        )

    def get_groups(self) -> list[Group]:
        return self._call("GET", "getGroups", read=lambda r: parse_groups(r.get("data")))

    def delete_group(self, group_id: int) -> None:
        # The documentation never showed this body; it is kept here, in one place.
        self._call("DELETE", "deleteGroup", {"id": group_id}, read=_nothing)

    # -- transport ---------------------------------------------------------

    def _call(
        self,
        method: str,
        endpoint: str,
        body: Any = None,
        *,
        size: int = 1,
        read: Callable[[dict[str, Any]], R],
        early: EarlyAnswer | None = None,
    ) -> R:
        """One call with its retries; ``read`` turns ``result`` into records, inside the call,
        so an answer of the wrong shape is this call's error (and a write's unknown outcome).
        An ``early`` answer is the first attempt's, and the call lasted from its sending."""
        started = time.perf_counter() if early is None else early.started
        attempt = 0
        status: int | None = None
        try:
            while True:
                attempt += 1
                sent, early = early, None  # the early exchange is the first attempt's only
                try:
                    status, result = self._attempt(method, endpoint, body, read, sent)
                    self._report(endpoint, method, size, status, attempt, started)
                    return result
                except Transient as transient:
                    status = transient.error.status_code
                    if attempt >= self.retry.max_attempts:
                        raise transient.error from None
                    self._back_off(method, endpoint, attempt, transient)
        except ApiError as error:
            error.endpoint = endpoint
            self._report(endpoint, method, size, error.status_code, attempt, started, error)
            raise
        except StoppedError as stopped:  # given up in a back-off: the journal still counts it
            self._report(endpoint, method, size, status, attempt, started, stopped)
            raise

    def _back_off(self, method: str, endpoint: str, attempt: int, transient: Transient) -> None:
        """Wait before the next attempt, saying so; give up if a stop is asked meanwhile.

        A wait longer than ``LOGGED_WAIT`` is a WARNING, and a ``Retry-After``
        beyond the cap says both figures, so no run sleeps in silence.
        """
        wait = self.retry.delay(attempt, transient.retry_after)
        asked = transient.retry_after
        if asked is not None and self.retry.capped(asked):
            log.warning(
                "%s %s: Boolky asked to wait %.0f s (Retry-After); waiting %.0f s, the cap",
                method,
                endpoint,
                asked,
                wait,
            )
        else:
            log.log(
                logging.WARNING if wait > LOGGED_WAIT else logging.INFO,
                "%s %s failed (%s); attempt %d of %d in %.1f s",
                method,
                endpoint,
                transient.error,
                attempt + 1,
                self.retry.max_attempts,
                wait,
            )
        stop = self._stop
        if stop is None:
            self._sleep(wait)
        elif stop.wait(wait, self._sleep):
            raise stop.error(f"stopped by {stop.signal_name} while {endpoint} waited to retry")

    def _exchange(
        self,
        method: str,
        endpoint: str,
        body: Any,
        streaming: Callable[[httpx.Response], None] | None = None,
    ) -> Exchange:
        """Send one request and read its answer's bytes; httpx's errors go to ``_attempt``.
        ``streaming`` is handed the response once its headers came, before its body is read."""
        headers = {"Authorization": self._key}
        content = None
        if body is not None:
            content = orjson.dumps(body)
            headers["Content-Type"] = "application/json"
        request = self._http.build_request(method, f"/{endpoint}", content=content, headers=headers)
        response = self._http.send(request, stream=True)
        if streaming is not None:
            streaming(response)
        try:
            return response, answer_bytes(endpoint, response, self.max_answer_mib)
        finally:
            response.close()

    def _attempt(
        self,
        method: str,
        endpoint: str,
        body: Any,
        read: Callable[[dict[str, Any]], R],
        early: EarlyAnswer | None = None,
    ) -> tuple[int, R]:
        write = endpoint in WRITES
        try:
            if early is None:
                response, answer = self._exchange(method, endpoint, body)
            else:
                response, answer = early.taken()
        except _LOST_ON_THE_WAY as exc:
            if write:
                why = "no answer came in time" if isinstance(exc, httpx.ReadTimeout) else None
                raise unknown_outcome(
                    endpoint, why or f"the connection closed: {_reason(exc)}"
                ) from None
            raise Transient(NetworkError(self._failure(exc))) from None
        except httpx.TransportError as exc:  # never went out whole: safe to send again
            raise Transient(NetworkError(self._failure(exc))) from None
        except ProtocolError as error:
            if write:
                raise unknown_outcome(endpoint, str(error)) from None
            raise
        status = response.status_code
        if write and status in GATEWAY_LOST:
            raise unknown_outcome(endpoint, f"a gateway answered HTTP {status}", status)
        result = answer_result(endpoint, response, answer, write, in_slices=endpoint in SLICED)
        del answer  # a large answer's bytes go before its contacts are read
        try:
            return status, read(result)
        except ApiError as error:
            if write:
                raise unknown_outcome(
                    endpoint, f"its answer has the wrong shape ({error})", status
                ) from None
            raise

    def _failure(self, exc: httpx.TransportError) -> str:
        if isinstance(exc, httpx.TimeoutException):
            return f"Boolky at {self.base_url} timed out"
        return f"cannot reach Boolky at {self.base_url}: {_reason(exc)}"

    def _report(
        self,
        endpoint: str,
        method: str,
        size: int,
        status: int | None,
        attempts: int,
        started: float,
        error: BoolkyError | None = None,
    ) -> None:
        duration = time.perf_counter() - started
        log.debug(
            "%s %s size=%d -> %s in %.3f s (%d attempts)",
            method,
            endpoint,
            size,
            status,
            duration,
            attempts,
        )
        if self._on_call is not None:
            self._on_call(
                CallInfo(
                    endpoint,
                    method,
                    size,
                    status,
                    attempts,
                    duration,
                    type(error).__name__ if error else None,
                )
            )


def _nothing(_result: dict[str, Any]) -> None:
    """The read of an answer that carries no data."""


def _reason(exc: httpx.TransportError) -> str:
    return redact(str(exc).rstrip(".") or type(exc).__name__)
