"""A request to stop a run, from a signal handler or from another thread.

The library never installs signal handlers of its own: a host that runs a
sync (a scheduler, a web app, the CLI) keeps its signals, and hands a
``StopRequest`` to ``run_pipeline`` (``Hooks.stop``) to set when it wants the
run to end. Apply checks it before every batch, so no new batch starts and the
ones in flight finish; the client checks it in a retry's back-off, so a call
that failed does not start another attempt. The run then ends with a
``StoppedError`` (``Interrupted`` or ``Terminated``) in its report.

Setting it takes no lock: a Python signal handler runs between two bytecodes of
the main thread, possibly while that thread holds the very lock a
``threading.Event`` would take. So waits poll the flag in short slices instead
of being notified.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from boolky_sync.errors import Interrupted, StoppedError

log = logging.getLogger(__name__)

SLICE = 0.1
"""Seconds a wait sleeps between two looks at the flag: how late a back-off notices a stop."""


class StopRequest:
    """Asked once (``set``), never taken back; the first reason asked wins."""

    def __init__(self) -> None:
        self._reason: type[StoppedError] | None = None

    def set(self, reason: type[StoppedError] = Interrupted) -> None:
        """Ask the run to stop: ``Interrupted`` (SIGINT, exit 130) or ``Terminated`` (143)."""
        if self._reason is not None:
            return
        self._reason = reason
        log.warning(
            "%s received: finishing the batches in flight, starting no new one",
            reason.signal_name,
        )

    @property
    def requested(self) -> bool:
        return self._reason is not None

    @property
    def signal_name(self) -> str | None:
        """``SIGINT`` or ``SIGTERM`` once asked, else ``None``."""
        return self._reason.signal_name if self._reason is not None else None

    def error(self, message: str | None = None) -> StoppedError:
        """The error that ends the stopped run (``Interrupted`` unless asked otherwise)."""
        reason = self._reason or Interrupted
        return reason(message or f"stopped by {reason.signal_name}")

    def check(self) -> None:
        """Raise the stop's error if a stop was asked."""
        if self._reason is not None:
            raise self.error()

    def wait(self, seconds: float, sleep: Callable[[float], None] = time.sleep) -> bool:
        """Sleep ``seconds`` with ``sleep``, in slices, ending early if a stop is asked.

        Returns whether a stop was asked.
        """
        remaining = seconds
        while remaining > 0 and self._reason is None:
            step = min(SLICE, remaining)
            sleep(step)
            remaining -= step
        return self._reason is not None
