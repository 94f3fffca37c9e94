"""How many processes normalize's costly readings run in, and a pool that is safe anywhere.

Reading phone numbers costs tens of microseconds each, so a long list is
worth spreading over the machine's cores. Where a scheduler runs us, that
must never break the host: a threaded host (a web app, Airflow's scheduler)
must not be forked, since a child copies locks other threads may hold — so
the pool starts its processes by ``forkserver`` (a clean single-threaded
server forks them), or ``spawn`` where there is none; and a daemonic process
(a Celery or Airflow worker) may not have children at all — there the work
stays in the one process, with a debug line saying so. A worker that dies, or a
stop sent to every process of the run, costs time, never the run
(``process_pool``). A library caller gets
one process unless asking for more (``workers``, default None: one); the
command line asks for ``"auto"`` (every core this process may run on) unless
the pipeline file or ``--workers`` says otherwise.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.context import ForkServerContext, SpawnContext
from typing import Literal, TypeVar

from boolky_sync.normalize.process_pool import pooled
from boolky_sync.option_rules import OptionError, shown

Workers = int | Literal["auto"]
"""A number of processes, or ``"auto"``: one per core this process may use."""
AUTO = "auto"

Chunk = TypeVar("Chunk")
Done = TypeVar("Done")

log = logging.getLogger(__name__)


def check_workers(option: str, value: object) -> None:
    """``value`` must be a whole number of 1 or more, or ``"auto"``; else ``OptionError``."""
    if value == AUTO or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return
    raise OptionError(
        option,
        f"{shown(value)} is not allowed",
        'use a whole number of processes (1 or more), or "auto" for one per core',
    )


def worker_count(workers: Workers | None) -> int:
    """The processes ``workers`` asks for: ``"auto"`` is the cores this process may run on,
    None (not asked) one."""
    if workers is None:
        return 1
    if workers != AUTO:
        return int(workers)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def start_method() -> Literal["forkserver", "spawn"]:
    """``forkserver`` where the platform has it, else ``spawn``: never a bare ``fork``."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def spread(
    work: Callable[[Chunk], Done], chunks: Sequence[Chunk], workers: int, preload: str
) -> list[Done]:
    """``work`` on each chunk, in order; over a pool of ``workers`` processes when allowed.

    ``preload`` is the module ``work`` lives in, imported once by the fork
    server (with the main module, as ``spawn`` would import it in each process)
    so each process starts with both; keep its imports light.
    """
    if workers < 2 or len(chunks) < 2:
        return [work(chunk) for chunk in chunks]
    if multiprocessing.current_process().daemon:
        log.debug("normalize reads in one process: a daemonic process may not start a pool")
        return [work(chunk) for chunk in chunks]
    context: ForkServerContext | SpawnContext
    if start_method() == "forkserver":
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", preload])
    else:
        context = multiprocessing.get_context("spawn")
    return pooled(work, chunks, min(workers, len(chunks)), context)
