"""SIGKILL for a real process at a moment a test watches for, shared by the crash tests."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable

import pytest


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
