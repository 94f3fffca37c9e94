"""How the ``boolky-sync`` process ends once a command is done: without Python's teardown.

At exit Python frees every object still alive one by one -- a run's contacts,
plan, tables and modules: a quarter of a second after a nightly run of 100,000
contacts, which the operating system would give back at once. So the console
script, once the command returned and its exit code is known, runs the exit
handlers (logging's flush, multiprocessing's clean-up), flushes stdout and
stderr, and ends the process (``os._exit``). A thread that is not a daemon
still running is waited for, as Python would: then the ordinary exit is taken.
Only the console script ends this way; ``cli`` called in a process (tests, a
host) returns as any click group does.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from contextlib import suppress
from typing import NoReturn


def end_process(code: object) -> NoReturn:
    """Exit with ``code`` as ``sys.exit`` would take it (None 0, a number, else 1 after
    saying the text on stderr)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    main = threading.main_thread()
    if any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate()):
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # a reader that left (``| head``), a stream closed, none at all (started ``>&-``)
        with suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(status)
