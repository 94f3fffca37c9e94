"""On a terminal, a real ``python -m boolky_sync run`` draws a bar for every long stage.

The process runs with its stdout and stderr on a pseudo-terminal (python's ``pty``),
against a sandbox this test serves; everything it writes to the terminal is read
back, and each stage's title -- reading, normalizing, planning, applying,
verifying -- is there, in the order the run reaches them; the summary under
them says when the run started, in local time with UTC beside.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

from boolky_sync.pipeline.progress import STAGES
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import KEY, uk_mobiles, write_contacts, write_pipeline
from tests.conftest import REPO

RUN_TIMEOUT = 120
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def read_all(master: int) -> bytes:
    """Everything written to the terminal until the process closed it."""
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_run_on_a_terminal_shows_a_bar_for_each_stage(tmp_path: Path, box: Sandbox) -> None:
    write_contacts(
        tmp_path / "data" / "crm.csv", [(f"P {n}", p) for n, p in enumerate(uk_mobiles(30))]
    )
    pipeline = write_pipeline(tmp_path, "tty", '[source]\npath = "../data/crm.csv"\n')
    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    env = {**os.environ, "BOOLKY_API_KEY": KEY, "PYTHONPATH": str(REPO), "TERM": "xterm"}
    env["TZ"] = "Europe/Berlin"
    for name in ("BOOLKY_BASE_URL", "NO_COLOR", "COLUMNS", "LINES"):
        env.pop(name, None)
    command = [sys.executable, "-m", "boolky_sync", "run", str(pipeline), "--base-url", box.url]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    try:
        shown = _ESCAPES.sub("", read_all(master).decode("utf-8", "replace"))
    finally:
        os.close(master)
    assert process.wait(timeout=RUN_TIMEOUT) == 0, shown[-3000:]
    places = [shown.find(title) for title in STAGES]
    assert -1 not in places, shown[-3000:]
    assert places == sorted(places), shown[-3000:]
    assert "30/30" in shown  # the bar of applying, full: M of N done
    assert "Report: " in shown  # the summary followed the bars
    started = re.compile(r"started\W+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T \(.*\d UTC\)")
    assert started.search(shown), shown[-3000:]  # local time, UTC beside
