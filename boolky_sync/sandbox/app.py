"""The sandbox's HTTP face: Boolky's six endpoints, its envelopes, its key check.

Every API call passes the same gate, in this order: it gets a number in the
``CallLog``, its fault is decided, the latency is waited out, a fault answers
at once, then the key is checked, then the ``Store`` answers. So an injected
fault never touches state and a wrong key never reaches the store. Boolky does
not document its error statuses; rule violations are answered 400, a wrong key
with the configured ``auth_error_status`` (401 unless told otherwise, 200 being
the other plausible reading).

A call whose client went away before its body was read (a process killed
during the latency) is logged with status 499 and changes nothing.

A write the store carried out may then meet an ambiguous fault
(``Faults.ambiguous``): ``lost`` closes the connection without a byte of
answer (logged 499), ``late`` holds the answer ``late_by`` seconds and drops
it if the client gave up meanwhile (499; else the answer, late), ``garbled``
answers 200 with a body of the wrong shape. A ``gateway`` fault is answered
502 before the store sees the call. Closing a connection without an
answer is not something ASGI can ask for, so the outermost layer hands the
route a way to close uvicorn's transport (``_with_drop``).

``/_sandbox/calls`` and ``/_sandbox/reset`` let a process that did not start
the sandbox (the benchmark, a CLI run) read and clear the call log; they need
the key but are neither counted nor faulted.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from boolky_sync.sandbox.faults import Ambiguous, Call, CallLog, Fault, Faults
from boolky_sync.sandbox.rules import Refusal
from boolky_sync.sandbox.store import Store

_NOT_JSON = object()
GONE = 499
"""The status logged for a call whose client went away before it was answered (nginx's)."""
_DROP = "boolky_sync.sandbox.drop"
"""The scope key of the function that closes the call's connection without an answer."""
_GARBLED: tuple[Callable[[bytes], bytes], ...] = (
    lambda _: b'{"result": {"data": "ok"}}',
    lambda _: b'{"result": "ok"}',
    lambda answer: answer[: len(answer) // 2],
)
"""The wrong shapes of a garbled answer, by call number: data of the wrong type, a result
that is no object, the real answer cut in half (a complete HTTP answer of broken JSON)."""


@dataclass
class Settings:
    """How the sandbox answers; ``faults`` is read on every call, so it can change live."""

    api_key: str = "sandbox-key"
    auth_error_status: int = 401
    faults: Faults = field(default_factory=Faults)


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    body: dict[str, Any]
    size: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


Operation = Callable[[Store, Any, Faults], _Answer]
_Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class _Endpoint:
    name: str
    method: str
    operation: Operation
    sized_by: str | None = None
    """The body list whose length is the call's size, for calls that carry one."""
    fixed_size: int = 1
    """The size of a call that carries no list (getContacts replaces it when it answers)."""


def _success(data: Any = None, message: str | None = None, size: int | None = None) -> _Answer:
    result: dict[str, Any] = {}
    if data is not None:
        result["data"] = data
    if message is not None:
        result["message"] = {"localizedMessage": message, "messageKey": "success"}
    return _Answer(200, {"result": result}, size)


def _error(status: int, key: str, message: str, headers: dict[str, str] | None = None) -> _Answer:
    body = {"error": {"localizedMessage": message, "messageKey": key}}
    return _Answer(status, body, headers=headers or {})


def _get_contacts(store: Store, _: Any, faults: Faults) -> _Answer:
    data = store.get_contacts(limit=faults.max_page)
    return _success(data, size=len(data["contacts"]))


def _add_contacts(store: Store, body: Any, _: Faults) -> _Answer:
    return _success(store.add_contacts(body), "Successfully added")


def _delete_contacts(store: Store, body: Any, _: Faults) -> _Answer:
    store.delete_contacts(body)
    return _success(message="Successfully deleted")


def _add_group(store: Store, body: Any, _: Faults) -> _Answer:
    return _success(store.add_group(body), "Successfully added")


def _get_groups(store: Store, _: Any, __: Faults) -> _Answer:
    return _success(store.get_groups())


def _delete_group(store: Store, body: Any, _: Faults) -> _Answer:
    store.delete_group(body)
    return _success(message="Successfully deleted")


_ENDPOINTS = (
    _Endpoint("getContacts", "GET", _get_contacts, fixed_size=0),
    _Endpoint("addContacts", "PUT", _add_contacts, sized_by="content"),
    _Endpoint("deleteContacts", "POST", _delete_contacts, sized_by="ids"),
    _Endpoint("addGroup", "PUT", _add_group),
    _Endpoint("getGroups", "GET", _get_groups),
    _Endpoint("deleteGroup", "DELETE", _delete_group),
)


def create_app(store: Store, settings: Settings, calls: CallLog) -> ASGIApp:
    """The ASGI app answering for ``store``; ``settings`` and ``calls`` are shared, not copied."""
    routes = [
        Route(
            f"/{endpoint.name}",
            _api_call(endpoint, store, settings, calls),
            methods=[endpoint.method],
        )
        for endpoint in _ENDPOINTS
    ]
    routes += [
        Route("/_sandbox/calls", _read_calls(settings, calls), methods=["GET"]),
        Route("/_sandbox/reset", _reset_calls(settings, calls), methods=["POST"]),
    ]
    return _with_drop(Starlette(routes=routes, exception_handlers={HTTPException: _http_error}))


def _with_drop(app: ASGIApp) -> ASGIApp:
    """``app``, its HTTP scopes given ``_DROP``: a call that closes the connection unanswered.

    uvicorn's ``send`` is a method of the request cycle that owns the transport;
    Starlette wraps ``send`` further in, so it is caught here, at the outside.
    """

    async def app_with_drop(scope: Scope, receive: Receive, send: Send) -> None:
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is not None:
            scope[_DROP] = transport.close
        await app(scope, receive, send)

    return app_with_drop


def _api_call(endpoint: _Endpoint, store: Store, settings: Settings, calls: CallLog) -> _Handler:
    async def answer_call(request: Request) -> Response:
        number = calls.begin()
        faults = settings.faults
        fault = faults.decide(number, endpoint.name)
        if faults.latency:
            await asyncio.sleep(faults.latency)
        try:
            body = None if request.method == "GET" else _decode(await request.body())
        except ClientDisconnect:  # the client left during the latency: nothing is written
            calls.record(Call(number, endpoint.name, request.method, GONE, 0, fault))
            return Response(status_code=GONE)
        ambiguous = faults.ambiguous(endpoint.name) if fault is None else None
        if ambiguous == "gateway":
            gone = _error(502, "badGateway", "Bad gateway (injected by the sandbox).")
            calls.record(
                Call(number, endpoint.name, request.method, 502, _size(endpoint, body), ambiguous)
            )
            return _respond(gone)
        answer = _answer(endpoint, store, settings, request, body, fault)
        size = answer.size if answer.size is not None else _size(endpoint, body)
        call = Call(number, endpoint.name, request.method, answer.status, size, fault)
        if ambiguous is None or answer.status != 200:
            calls.record(call)
            return _respond(answer)
        struck = replace(call, fault=ambiguous)
        return await _answer_ambiguously(request, answer, struck, calls, faults.late_by)

    return answer_call


async def _answer_ambiguously(
    request: Request, answer: _Answer, call: Call, calls: CallLog, late_by: float
) -> Response:
    """Lose, delay or garble the answer to a write that was carried out (``call.fault``)."""
    kind: Ambiguous = call.fault  # type: ignore[assignment]
    if kind == "lost":
        calls.record(replace(call, status=GONE))
        drop = request.scope.get(_DROP)
        if drop is None:
            raise RuntimeError("the sandbox can drop a connection only when uvicorn serves it")
        drop()
        await _client_gone(request)
        return Response(status_code=GONE)  # goes nowhere: the connection is closed
    if kind == "late":
        try:
            await asyncio.wait_for(_client_gone(request), late_by)
        except TimeoutError:  # the client waited long enough: it gets the answer, late
            calls.record(call)
            return _respond(answer)
        calls.record(replace(call, status=GONE))
        return Response(status_code=GONE)
    calls.record(call)
    wrong = _GARBLED[call.number % len(_GARBLED)](orjson.dumps(answer.body))
    return Response(wrong, status_code=200, media_type="application/json")


async def _client_gone(request: Request) -> None:
    """Return once the client has closed the connection (its body was read already)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def _answer(
    endpoint: _Endpoint,
    store: Store,
    settings: Settings,
    request: Request,
    body: Any,
    fault: Fault | None,
) -> _Answer:
    if fault == "500":
        return _error(500, "internalError", "Internal error (injected by the sandbox).")
    if fault == "429":
        retry_after = settings.faults.retry_after
        return _error(
            429,
            "tooManyRequests",
            f"Too many requests; retry in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )
    if not _authorised(request, settings):
        return _session_expired(settings)
    try:
        if body is _NOT_JSON:
            raise Refusal("invalidRequest", "The request body is not valid JSON.")
        return endpoint.operation(store, body, settings.faults)
    except Refusal as refusal:
        return _error(400, refusal.message_key, refusal.message)


def _read_calls(settings: Settings, calls: CallLog) -> _Handler:
    async def read_calls(request: Request) -> Response:
        if not _authorised(request, settings):
            return _respond(_session_expired(settings))
        return _respond(_Answer(200, calls.to_wire()))

    return read_calls


def _reset_calls(settings: Settings, calls: CallLog) -> _Handler:
    async def reset_calls(request: Request) -> Response:
        if not _authorised(request, settings):
            return _respond(_session_expired(settings))
        cleared = len(calls)
        calls.reset()
        return _respond(_Answer(200, {"cleared": cleared}))

    return reset_calls


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and wrong methods in Boolky's envelope, so clients parse one shape."""
    assert isinstance(exc, HTTPException)
    key = {404: "notFound", 405: "methodNotAllowed"}.get(exc.status_code, "invalidRequest")
    message = f"{request.method} {request.url.path}: {exc.detail}."
    return _respond(_error(exc.status_code, key, message, dict(exc.headers or {})))


def _authorised(request: Request, settings: Settings) -> bool:
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), settings.api_key.encode())


def _session_expired(settings: Settings) -> _Answer:
    return _error(settings.auth_error_status, "sessionExpired", "Session expired")


def _decode(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _NOT_JSON


def _size(endpoint: _Endpoint, body: Any) -> int:
    """What the call carried, read from its body even when the call was refused."""
    if endpoint.sized_by is None:
        return endpoint.fixed_size
    items = body.get(endpoint.sized_by) if isinstance(body, dict) else None
    return len(items) if isinstance(items, list) else 0


def _respond(answer: _Answer) -> Response:
    return Response(
        orjson.dumps(answer.body),
        status_code=answer.status,
        headers=answer.headers,
        media_type="application/json",
    )
