"""SIGINT and SIGTERM for the commands that write: the first stops the run well, a second
Ctrl-C at once.

The library never touches a host's signals; the CLI's ``run``, ``apply`` and
``import`` are the host here. The first SIGINT (Ctrl-C) or SIGTERM (systemd's
stop) sets the run's ``StopRequest``: no new batch starts, the ones in flight
finish, the report is written, and the command exits 130 or 143. The run may
then take as long as its calls in flight (the client's timeout), so a person
who cannot wait presses Ctrl-C again: that exits 130 at once, as a crash does
-- the ledger is written around every call, so the next run still finishes
the job without duplicates. The previous handlers are back when the block ends.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from boolky_sync.errors import EXIT_SIGINT, Interrupted, StoppedError, Terminated
from boolky_sync.stop import StopRequest

_REASONS: dict[int, type[StoppedError]] = {
    signal.SIGINT: Interrupted,
    signal.SIGTERM: Terminated,
}


@contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """While the block runs, SIGINT and SIGTERM set the yielded ``StopRequest``."""
    stop = StopRequest()

    def at_once(signum: int, frame: FrameType | None) -> None:
        # Not through sys.stderr: its buffer may be mid-write in this very thread.
        os.write(2, b"second SIGINT: stopping at once (the next run finishes the job)\n")
        os._exit(EXIT_SIGINT)

    def first(signum: int, frame: FrameType | None) -> None:
        if stop.requested:  # a second SIGTERM: the run is already stopping
            return
        signal.signal(signal.SIGINT, at_once)  # before the log line that says it is stopping
        stop.set(_REASONS[signum])

    if threading.current_thread() is not threading.main_thread():
        yield stop  # only the main thread may handle signals: the host's stay as they are
        return
    previous = {signum: signal.getsignal(signum) for signum in _REASONS}
    for signum in _REASONS:
        signal.signal(signum, first)
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
