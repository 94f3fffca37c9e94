"""Memory a run's stage freed goes back to the operating system before the next stage.

A stage frees most of what it built when it ends (normalize its column
temporaries, plan its joins, verify the account it read), but the C allocator
keeps the freed pages: glibc's ``malloc`` holds them for later ``malloc``
calls and Arrow's pool (mimalloc) for later Arrow buffers. Python's own
objects come from neither, so those pages mostly stay unused while they count
towards the process's resident memory -- and towards the peak of every later
stage. Measured in a first run of 1,000,000 contacts: 390 MiB held that way
after normalize, 340 MiB after verify. ``malloc_trim`` (glibc only; elsewhere
nothing is done) and the pool's ``release_unused`` hand them back.
"""

from __future__ import annotations

import ctypes
import logging
import time
from collections.abc import Callable
from functools import cache

import pyarrow as pa

log = logging.getLogger(__name__)


def give_back() -> None:
    """Return the freed pages of both allocators to the system; a no-op where it cannot."""
    started = time.perf_counter()
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    log.debug("freed memory given back in %.3f s", time.perf_counter() - started)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``; None on a C library without it (macOS, musl, Windows)."""
    try:  # the symbols this process was linked with: its C library's among them
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    found: Callable[[int], int] = trim
    return found
