"""Deliver an alert: POST its JSON to the webhook, and mail it through ``[alerts.smtp]``.

An alert that cannot be delivered must not become the night's failure: each
place is tried a few times within seconds, and what still fails is a warning
returned to the caller, never raised. The warnings name the webhook's host
only (a webhook address often carries its own token) and never the password,
which is read from its environment variable here and registered with the
redaction before anything could print it.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from boolky_sync.pipeline.alerts_config import Alerts, Smtp
from boolky_sync.redaction import redact, register_secret

ATTEMPTS = 3
"""Tries per place; waits of ``BACKOFF`` seconds, doubled each time, between them."""
BACKOFF = 0.5


def deliver(alerts: Alerts, body: dict[str, Any]) -> tuple[int, list[str]]:
    """Send ``body`` everywhere ``alerts`` names; how many places took it, and a warning
    for each that did not."""
    delivered, warnings = 0, []
    places: list[tuple[str, Callable[[], None]]] = []
    if alerts.webhook is not None:
        url = alerts.webhook
        host = urlsplit(url).hostname or "?"
        places.append((f"the alert webhook at {host}", lambda: _post(url, body, alerts.timeout)))
    if alerts.smtp is not None:
        smtp = alerts.smtp
        mail_to = f"the alert mail via {smtp.host}"
        places.append((mail_to, lambda: _mail(smtp, body, alerts.timeout)))
    for name, send in places:
        problem = _tried(send)
        if problem is None:
            delivered += 1
        else:
            warnings.append(redact(f"{name} could not be sent: {problem}"))
    return delivered, warnings


def _tried(send: Callable[[], None]) -> str | None:
    """``None`` once ``send`` succeeds, else what went wrong the last time."""
    problem = None
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(BACKOFF * 2 ** (attempt - 1))
        try:
            send()
            return None
        except _Refused as refused:
            return str(refused)  # told no, not failed: asking again changes nothing
        except (httpx.HTTPError, OSError, smtplib.SMTPException) as failed:
            problem = _in_words(failed)
    return problem


class _Refused(Exception):
    """A place that answered, and said no."""


def _post(url: str, body: dict[str, Any], timeout: float) -> None:
    answer = httpx.post(
        url,
        content=orjson.dumps(body),
        headers={"Content-Type": "application/json"},
        timeout=timeout,
    )
    if answer.status_code >= 500:
        raise httpx.HTTPStatusError("", request=answer.request, response=answer)
    if answer.status_code >= 300:
        raise _Refused(f"it answered HTTP {answer.status_code}")


def _mail(smtp: Smtp, body: dict[str, Any], timeout: float) -> None:
    password = None
    if smtp.password_env is not None:
        password = os.environ.get(smtp.password_env)
        if not password:
            raise _Refused(f"{smtp.password_env} is not set in the environment")
        register_secret(password)
    connect = smtplib.SMTP_SSL if smtp.port == 465 else smtplib.SMTP
    with connect(smtp.host, smtp.port, timeout=timeout) as server:
        if smtp.starttls and connect is smtplib.SMTP:
            server.starttls(context=ssl.create_default_context())
        if password is not None:
            server.login(smtp.username or smtp.sender, password)
        server.send_message(mail_of(smtp, body))


def mail_of(smtp: Smtp, body: dict[str, Any]) -> EmailMessage:
    """The alert as a mail: the webhook's fields, one per line."""
    message = EmailMessage()
    message["Subject"] = f"boolky-sync: pipeline {body['pipeline']} {body['status']}"
    message["From"] = smtp.sender
    message["To"] = ", ".join(smtp.to)
    lines = [f"{key}: {'-' if value is None else value}" for key, value in body.items()]
    message.set_content("\n".join(lines) + "\n")
    return message


def _in_words(failed: Exception) -> str:
    """What went wrong, in a few words: the kind of failure, and the server's reason."""
    if isinstance(failed, httpx.HTTPStatusError):
        return f"it answered HTTP {failed.response.status_code}"
    if isinstance(failed, httpx.TimeoutException):
        return "it did not answer in time"
    if isinstance(failed, httpx.HTTPError):
        return f"it could not be reached ({type(failed).__name__})"
    if isinstance(failed, smtplib.SMTPAuthenticationError):
        return f"the server refused the login ({failed.smtp_code})"
    if isinstance(failed, smtplib.SMTPResponseException):
        return f"the server answered {failed.smtp_code}"
    reason = getattr(failed, "strerror", None) or failed
    return f"it could not be reached ({type(failed).__name__}: {reason})"
