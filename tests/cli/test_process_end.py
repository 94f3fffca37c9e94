"""The console script ends its process without Python's teardown, and loses nothing by it.

Each case is a real Python process: what it printed, what its exit handlers said,
whether an object alive at the end was freed one by one (its ``__del__`` speaks),
and its exit status.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from boolky_sync import __version__

PRELUDE = """
import atexit, sys, threading, time
from boolky_sync.cli.process_end import end_process

class Noisy:
    def __del__(self):
        print("freed at teardown", flush=True)

alive = Noisy()
atexit.register(lambda: print("exit handler ran"))
print("written, not flushed", end="")
"""


def ended(body: str) -> subprocess.CompletedProcess[str]:
    code = textwrap.dedent(PRELUDE) + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_exit_code_the_handlers_and_the_buffers_are_kept_and_no_object_is_freed() -> None:
    done = ended("end_process(4)")
    assert done.returncode == 4
    assert done.stdout == "written, not flushedexit handler ran\n"
    assert "freed at teardown" not in done.stdout  # the teardown was skipped


def test_a_text_code_is_said_on_stderr_and_exits_1_as_sys_exit_would() -> None:
    done = ended("end_process('cannot go on')")
    assert (done.returncode, done.stderr) == (1, "cannot go on\n")
    assert ended("end_process(None)").returncode == 0


def test_a_thread_still_working_is_waited_for_with_the_ordinary_exit() -> None:
    done = ended(
        """
        worker = threading.Thread(target=lambda: (time.sleep(0.3), print(" worker done")))
        worker.start()
        end_process(3)
        """
    )
    assert done.returncode == 3
    assert " worker done" in done.stdout
    assert "freed at teardown" in done.stdout  # Python's own exit, teardown and all


def console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "boolky_sync", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_console_script_says_its_version_and_exits_0() -> None:
    done = console("--version")
    assert (done.returncode, done.stdout) == (0, f"boolky-sync, version {__version__}\n")


def test_the_console_script_says_a_usage_error_and_exits_2() -> None:
    done = console("no-such-command")
    assert done.returncode == 2
    assert done.stderr.startswith("error: No such command 'no-such-command'")


def test_a_process_started_without_stdout_still_exits_0() -> None:
    """A cron line ending ``>&-``: Python has no ``sys.stdout`` at all."""
    done = subprocess.run(
        [sys.executable, "-m", "boolky_sync", "--version"],
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert (done.returncode, done.stderr) == (0, "")
