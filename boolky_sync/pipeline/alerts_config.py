"""A pipeline file's ``[alerts]`` table: where a change in a pipeline's health is told.

A scheduled pipeline fails at night, and nobody reads its log. So a pipeline
may name a webhook (``webhook = "https://..."``) and a mail server
(``[alerts.smtp]``) to be told when it starts failing, when too many of its
source rows are refused (``max_rejected_fraction``), and when it is well again
(``pipeline/alerts.py`` decides; ``alerts_send.py`` delivers). The file names
the environment variable holding the mail password (``password_env``), never
the password: the loader refuses a ``password`` key anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from boolky_sync.option_rules import shown
from boolky_sync.pipeline.problems import Table
from boolky_sync.pipeline.schema import SMTP_KEYS

_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")


@dataclass(frozen=True)
class Smtp:
    """A mail server to send alerts through; the password is read from ``password_env``."""

    host: str
    to: tuple[str, ...]
    sender: str
    """The ``from`` address."""
    port: int = 587
    username: str | None = None
    password_env: str | None = None
    starttls: bool = True


@dataclass(frozen=True)
class Alerts:
    """Where alerts go (nowhere by default) and when rows refused make a run "degraded"."""

    webhook: str | None = None
    smtp: Smtp | None = None
    max_rejected_fraction: float | None = None
    """A run refusing a larger share of its source rows than this is "degraded"."""
    timeout: float = 5.0
    """Seconds one delivery may take; a slow webhook must not hold the run up long."""

    @property
    def wanted(self) -> bool:
        return self.webhook is not None or self.smtp is not None


def alerts_table(table: Table | None) -> Alerts:
    """The ``[alerts]`` table (None: not in the file) as ``Alerts``; each bad value is a
    problem at its key and is left out."""
    if table is None:
        return Alerts()
    return Alerts(
        webhook=_webhook(table),
        smtp=_smtp(table.subtable("smtp", SMTP_KEYS)),
        max_rejected_fraction=_fraction(table),
    )


def _webhook(table: Table) -> str | None:
    url = table.text("webhook", example='"https://hooks.example.com/boolky"')
    if url is None:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        table.problem(  # the value is not repeated: a webhook's address often holds a token
            "webhook",
            "is not an http:// or https:// address",
            'write webhook = "https://hooks.example.com/boolky"',
        )
        return None
    return url.strip()


def _fraction(table: Table) -> float | None:
    if "max_rejected_fraction" not in table.data:
        return None
    value = table.number("max_rejected_fraction", 0.0)
    if not 0.0 <= value < 1.0:
        table.problem(
            "max_rejected_fraction",
            f"must be at least 0 and below 1, not {shown(value)}",
            "write max_rejected_fraction = 0.05 to be told when over 5% of rows are refused",
        )
        return None
    return value


def _smtp(table: Table | None) -> Smtp | None:
    if table is None:
        return None
    host = table.text("host", example='"smtp.example.com"')
    sender = table.text("from", example='"boolky-sync@example.com"')
    to = table.texts("to", (), example='["ops@example.com"]')
    for key, value in (("host", host), ("from", sender)):
        if value is None and key not in table.data:
            table.problem(key, "is missing", f"[alerts.smtp] needs {key}")
    if not to:
        missing = "names no one" if "to" in table.data else "is missing"
        table.problem("to", missing, 'write to = ["ops@example.com"]')
    if sender is not None and not _ADDRESS.fullmatch(sender):
        table.problem("from", f"{shown(sender)} is not an e-mail address", "write name@domain")
    for index, address in enumerate(to):
        if not _ADDRESS.fullmatch(address):
            what = f"{shown(address)} is not an e-mail address"
            table.reader.problem((*table.at("to"), index), what, "write name@domain")
    port = table.integer("port", Smtp.port)
    if not 0 < port < 65536:
        table.problem("port", f"must be 1 to 65535, not {port}", "write port = 587 (or 465, 25)")
    password_env = table.text("password_env", example='"SMTP_PASSWORD"')
    if password_env is not None and not _ENV_NAME.fullmatch(password_env):
        table.problem(  # the value is not repeated: it may be the password itself
            "password_env",
            "must be the name of an environment variable (capitals, digits and _)",
            'write password_env = "SMTP_PASSWORD" and put the password in that variable',
        )
        password_env = None
    if host is None or sender is None or not to:
        return None
    return Smtp(
        host=host,
        to=to,
        sender=sender,
        port=port,
        username=table.text("username", example='"boolky-sync"'),
        password_env=password_env,
        starttls=table.boolean("starttls", Smtp.starttls),
    )
