"""SIGKILL for a real process at a moment a test watches for, shared by the crash tests."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable

import pytest

from boolky_sync.sandbox import Sandbox

WINDOW = 0.05
"""The sandbox's latency while a test waits for the moment to kill: wide enough for a
loaded machine to send the kill before the doomed run's next write is answered."""


def kill_when(proc: subprocess.Popen[bytes], moment: Callable[[], bool], seconds: float) -> None:
    """SIGKILL ``proc`` as soon as ``moment()`` holds (polled every millisecond); fail the
    test if the process ends first or the moment does not come within ``seconds``."""
    try:
        deadline = time.monotonic() + seconds
        while not moment():
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"the run ended before it was killed: {out!r} {err.decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"the moment to kill the run did not come in {seconds:g} s")
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]


def wait_for_answers(box: Sandbox, seconds: float = 30) -> None:
    """Return once every call that reached ``box`` has its answer: a call being answered
    when the kill came still lands, so the state after a kill is read after this."""
    deadline = time.monotonic() + seconds
    while box.calls.arrived > len(box.calls):
        assert time.monotonic() < deadline, "a call to the sandbox never finished"
        time.sleep(0.005)
