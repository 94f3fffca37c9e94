"""A pool of processes that a dying worker or a stop sent to the whole run cannot hang.

``multiprocessing.Pool`` waits forever for the chunk of a worker that died (the
OOM killer picks one process; a C library crashes), and Python 3.11's
``ProcessPoolExecutor`` can hang as well when a dead worker leaves a large chunk
half-sent: either way a nightly run hangs holding its lock, and the next night is
locked out. Here each worker has a pipe of its own and is given one chunk at a
time: a worker that dies shows as the end of its pipe, its chunk goes to another,
and once none is left this process reads what remains. Workers ignore SIGINT and
SIGTERM, which a terminal's Ctrl-C and systemd's stop send to every process of the
run: the run decides what a stop does (``cli.signals``), at the end of the stage,
as in one process. The fork server needs no care: once the workers are forked, a
server that died of such a signal costs nothing here.
"""

from __future__ import annotations

import logging
import signal
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

Chunk = TypeVar("Chunk")
Done = TypeVar("Done")

log = logging.getLogger(__name__)


@dataclass
class _Worker:
    process: BaseProcess
    pipe: Connection
    chunk: int | None = None
    """The chunk it is reading, None when it waits for one."""


def pooled(
    work: Callable[[Chunk], Done],
    chunks: Sequence[Chunk],
    count: int,
    context: ForkServerContext | SpawnContext,
) -> list[Done]:
    """``work`` on each chunk, in order, over ``count`` processes of ``context``; what the
    processes could not read (all of them died) is read in this process, with a warning."""
    done: dict[int, Done] = {}
    todo = deque(range(len(chunks)))
    workers: list[_Worker] = []
    died = 0
    try:
        for _ in range(count):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, work), daemon=True)
            process.start()
            theirs.close()
            workers.append(_Worker(process, mine))
        while True:
            workers = [w for w in workers if not w.pipe.closed]  # a dead one's pipe is closed
            for worker in workers:
                if worker.chunk is None and todo and not _give(worker, chunks, todo):
                    died += 1
            busy = {id(w.pipe): w for w in workers if w.chunk is not None}
            if not busy:  # everything read, or no worker left to read the rest
                break
            for pipe in wait([w.pipe for w in busy.values()]):
                if not _take(busy[id(pipe)], done, todo):
                    died += 1
    finally:
        for worker in workers:
            _let_go(worker)
    if died:
        log.warning(
            "%d of normalize's %d worker processes died (killed, or out of memory?); "
            "their parts were read again%s",
            died,
            count,
            ", the last ones in this process" if todo else "",
        )
    for at in todo:
        done[at] = work(chunks[at])
    return [done[at] for at in range(len(chunks))]


def _give(worker: _Worker, chunks: Sequence[Chunk], todo: deque[int]) -> bool:
    """Send the next chunk of ``todo``; False (the chunk back in ``todo``) if the worker is
    gone."""
    at = todo.popleft()
    try:
        worker.pipe.send(chunks[at])
    except OSError:
        _gone(worker, at, todo)
        return False
    worker.chunk = at
    return True


def _take(worker: _Worker, done: dict[int, Done], todo: deque[int]) -> bool:
    """Receive the worker's chunk; False (its chunk back in ``todo``) if it died first.
    A chunk whose reading raised raises here, as ``work`` in this process would."""
    at = worker.chunk
    assert at is not None
    try:
        ok, value = worker.pipe.recv()
    except (EOFError, OSError):
        _gone(worker, at, todo)
        return False
    if not ok:
        raise value
    done[at] = value
    worker.chunk = None
    return True


def _gone(worker: _Worker, at: int, todo: deque[int]) -> None:
    """A worker that died: its chunk goes back to the front, the process is reaped."""
    todo.appendleft(at)
    worker.pipe.close()
    worker.chunk = None
    worker.process.join(timeout=5)


def _let_go(worker: _Worker) -> None:
    """An idle worker ends at the end of its pipe; one still reading (this process is
    leaving on an error) is killed, since it ignores the stops a terminate sends."""
    if worker.chunk is not None:
        worker.process.kill()
    if not worker.pipe.closed:
        worker.pipe.close()
    worker.process.join(timeout=5)


def _serve(pipe: Connection, work: Callable[[Any], Any]) -> None:
    """A worker: each chunk that comes down the pipe, read and sent back, until the pipe
    ends. A reading that raised goes back as its error (or, not picklable, its words)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        try:
            chunk = pipe.recv()
        except EOFError:
            return
        try:
            answer: tuple[bool, Any] = (True, work(chunk))
        except Exception as error:
            answer = (False, error)
        try:
            pipe.send(answer)
        except OSError:
            return
        except Exception as error:  # the error did not pickle
            pipe.send((False, RuntimeError(f"a normalize worker failed: {error!r}")))
