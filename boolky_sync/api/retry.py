"""How long to wait before trying a call again.

Kept apart from the client so the schedule can be read, tested and tuned on
its own: exponential backoff with equal jitter -- half the computed backoff
fixed, the other half random -- so many clients that failed together do not
come back together, yet none retries at once; never shorter than the
server's ``Retry-After`` up to its cap, so a run against a Boolky that is down
ends in a time one can work out (README, "[target]").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

LOGGED_WAIT = 5.0
"""A wait longer than this many seconds is logged at WARNING: a run is never silent for long."""


@dataclass(frozen=True)
class RetryPolicy:
    """Retry limits for transient failures (timeouts, connection errors, 429, 5xx)."""

    max_attempts: int = 5
    """Attempts in all, the first included; 1 turns retries off."""
    backoff_base: float = 0.5
    """Seconds before the second attempt; doubles each time."""
    backoff_max: float = 30.0
    """Ceiling of one computed backoff."""
    retry_after_max: float = 60.0
    """A ``Retry-After`` longer than this is treated as this, so a run never hangs for hours."""
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to sleep after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.backoff_max, self.backoff_base * 2.0 ** (attempt - 1))
        backoff = ceiling / 2 + self.rng.uniform(0, ceiling / 2)
        if retry_after is None:
            return backoff
        return max(min(retry_after, self.retry_after_max), backoff)

    def capped(self, retry_after: float | None) -> bool:
        """Whether Boolky asked for a longer wait than ``retry_after_max`` allows."""
        return retry_after is not None and retry_after > self.retry_after_max


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Read a ``Retry-After`` header: delta-seconds or an HTTP date; None if absent or junk."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
