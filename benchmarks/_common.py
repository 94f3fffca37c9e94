"""Helpers the benchmark scripts share: a sandbox in its own process, memory figures, and
the package compiled as an install leaves it."""

from __future__ import annotations

import compileall
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

import boolky_sync

BENCH_KEY = "bench-key"


def compiled_like_an_install() -> None:
    """Bytecode for every module of the package, as ``pip install .`` writes it. A run
    measured in a child process otherwise compiles the whole package from source first
    wherever none was written (an editable install under ``PYTHONDONTWRITEBYTECODE``,
    which many development shells set): 0.5 s of each run's start-up, measured, that an
    installed boolky-sync never pays."""
    compileall.compile_dir(Path(boolky_sync.__file__).parent, quiet=1)


def peak_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def sandbox_process(*extra: str) -> Iterator[str]:
    """A ``boolky-sync sandbox serve`` in its own process, so it has its own core."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "boolky_sync",
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--api-key",
        BENCH_KEY,
        *extra,
    ]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/getGroups", headers={"Authorization": BENCH_KEY})
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the sandbox did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
