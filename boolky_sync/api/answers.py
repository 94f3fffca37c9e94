"""Boolky's answer, read: its bytes within the size cap, its envelope turned into a result
or into the project's errors.

Kept apart from the client's transport and retries so the reading of one answer -- which
status and body mean a refusal, a refused key, a retry, an unknown outcome -- is one place.
"""

from __future__ import annotations

from typing import Any

import httpx
import orjson

from boolky_sync.api.pieces import decode_in_slices
from boolky_sync.api.retry import parse_retry_after
from boolky_sync.errors import (
    ApiError,
    AuthError,
    OutcomeUnknownError,
    ProtocolError,
    RateLimitedError,
    ServerError,
    UnavailableError,
)
from boolky_sync.redaction import redact

SESSION_EXPIRED = "sessionExpired"
MIB = 1024 * 1024


class Transient(Exception):
    """A failed attempt that may succeed if tried again."""

    def __init__(self, error: UnavailableError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def answer_bytes(endpoint: str, response: httpx.Response, max_mib: int) -> bytearray:
    """The answer's bytes, read no further than ``max_mib``: a stated length over it is
    refused before a byte is read, an unstated one once the limit is passed."""
    limit = max_mib * MIB
    stated = response.headers.get("Content-Length", "")
    mib = f"{max_mib:,} MiB"
    if stated.isdigit() and int(stated) > limit:
        long = f"{int(stated) / MIB:,.1f}".removesuffix(".0")
        size = f"is {long} MiB long, more than the limit of {mib}"
        raise _too_long(endpoint, size)
    answer = bytearray()
    for chunk in response.iter_bytes():
        answer += chunk
        if len(answer) > limit:
            raise _too_long(endpoint, f"passed {mib}, the limit")
    return answer


def _too_long(endpoint: str, what: str) -> ProtocolError:
    return ProtocolError(
        f"Boolky's answer to {endpoint} {what} ([target] max_answer_mib); if the account "
        "really holds that much, raise it, else check that the base URL is Boolky's",
        endpoint=endpoint,
    )


def answer_result(
    endpoint: str,
    response: httpx.Response,
    answer: bytearray,
    write: bool,
    *,
    in_slices: bool = False,
) -> dict[str, Any]:
    """``result`` of an answer in Boolky's envelope; else the error it means (a retry's
    ``Transient``, a refusal, a refused key) -- and for a ``write`` whose success cannot
    be read, its unknown outcome. ``in_slices``: a successful read's contacts are left
    to be decoded as they are read (``pieces``), its envelope judged as the whole's."""
    status = response.status_code
    try:
        if in_slices and not write and 200 <= status < 300:
            payload = decode_in_slices(answer, lambda: _no_envelope(endpoint, status))
        else:
            payload = orjson.loads(answer)
    except orjson.JSONDecodeError:
        payload = None
    error = payload.get("error") if isinstance(payload, dict) else None
    key = error.get("messageKey") if isinstance(error, dict) else None
    text = error.get("localizedMessage") if isinstance(error, dict) else None
    text = redact(str(text)) if text else None

    if key == SESSION_EXPIRED:
        raise AuthError(
            "Boolky refused the API key (sessionExpired): check BOOLKY_API_KEY",
            message_key=key,
            localized_message=text,
            status_code=status,
        )
    if status == 429:
        raise Transient(
            RateLimitedError(
                f"Boolky is rate limiting ({endpoint}, HTTP 429)",
                message_key=key,
                localized_message=text,
                status_code=status,
            ),
            parse_retry_after(response.headers.get("Retry-After")),
        )
    if status >= 500:
        raise Transient(
            ServerError(
                f"Boolky failed on {endpoint} (HTTP {status}" + (f": {text}" if text else "") + ")",
                message_key=key,
                localized_message=text,
                status_code=status,
            ),
            parse_retry_after(response.headers.get("Retry-After")),
        )
    if error is not None or status >= 400:
        raise ApiError(
            f"Boolky refused {endpoint} (HTTP {status}): {text or key or 'no message'}",
            message_key=key,
            localized_message=text,
            status_code=status,
        )
    result = payload.get("result") if isinstance(payload, dict) else None
    if not isinstance(result, dict) and write:
        raise unknown_outcome(
            endpoint, f"it answered HTTP {status} without a readable result", status
        )
    if not isinstance(result, dict):
        raise _no_envelope(endpoint, status)
    return result


def _no_envelope(endpoint: str, status: int) -> ApiError:
    return ApiError(
        f"{endpoint} answered HTTP {status} without Boolky's result envelope: "
        "is the base URL right?",
        status_code=status,
    )


def unknown_outcome(endpoint: str, why: str, status: int | None = None) -> OutcomeUnknownError:
    """The error of a write that went out and whose answer never came back readable."""
    return OutcomeUnknownError(
        f"{endpoint} was sent, but {why}: it may have landed, so it is not sent again "
        "before Boolky is read",
        status_code=status,
        endpoint=endpoint,
    )
