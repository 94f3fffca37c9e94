"""A run's times as a person reads them: local time first, UTC beside it.

summary.json keeps ISO 8601 in UTC, which a machine compares; a person
reading the page, the workbook or the terminal thinks in the clock on the
wall, and the UTC beside it is what a log or a colleague elsewhere quotes.
The local zone is the machine's (``TZ``), as ``date`` shows it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def local_and_utc(moment: str | datetime | None) -> str:
    """``2026-03-01 14:05:09 CET (13:05:09 UTC)``; the UTC date too when it differs; "" for none.

    ``moment`` is a datetime or its ISO text (a time without a zone is taken as UTC).
    """
    if moment is None or moment == "":
        return ""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    utc, local = when.astimezone(UTC), when.astimezone()
    if local.utcoffset() == timedelta(0):
        return f"{utc:%Y-%m-%d %H:%M:%S} UTC"
    beside = f"{utc:%H:%M:%S}" if local.date() == utc.date() else f"{utc:%Y-%m-%d %H:%M:%S}"
    zone = local.tzname() or f"{local:%z}"
    return f"{local:%Y-%m-%d %H:%M:%S} {zone} ({beside} UTC)"
