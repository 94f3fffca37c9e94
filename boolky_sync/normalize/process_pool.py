"""A pool of processes that a dying worker or a stop sent to the whole run cannot hang.

``multiprocessing.Pool`` waits forever for the chunk of a worker that died (the
OOM killer picks one process; a C library crashes), and Python 3.11's
``ProcessPoolExecutor`` can hang as well when a dead worker leaves a large chunk
half-sent: either way a nightly run hangs holding its lock, and the next night is
locked out. Here each worker has a pipe of its own and is given one chunk at a
time: a worker that dies shows as the end of its pipe and its chunk goes to
another; a chunk that killed two workers, and whatever is left once none is alive,
is read in this process. Workers ignore SIGINT and SIGTERM, which a terminal's
Ctrl-C and systemd's stop send to every process of the run: the run decides what a
stop does (``cli.signals``), at the end of the stage, as in one process. A fork
server stopped by such a signal while the workers start leaves fewer of them (or
none: this process reads alone); once they are forked it costs nothing. A worker
forked an instant before the signal may still die of it: its chunk is read again.
"""

from __future__ import annotations

import logging
import pickle
import signal
import traceback
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


@dataclass
class _Chunks:
    """Which chunks are still to read, and where."""

    todo: deque[int]
    here: list[int]
    """Chunks that killed two workers: read in this process once the pool is done."""
    killed: set[int]
    """Chunks a worker died reading."""
    deaths: int = 0

    def lost(self, at: int) -> None:
        """A worker died with chunk ``at``: another worker tries it, unless one died of it."""
        self.deaths += 1
        if at in self.killed:
            self.here.append(at)
        else:
            self.killed.add(at)
            self.todo.appendleft(at)


def pooled(
    work: Callable[[Chunk], Done],
    chunks: Sequence[Chunk],
    count: int,
    context: ForkServerContext | SpawnContext,
) -> list[Done]:
    """``work`` on each chunk, in order, over ``count`` processes of ``context``; what the
    processes could not read is read in this process, with a warning. A chunk whose
    reading raised raises here (the first to come back), the worker's traceback in its
    notes."""
    done: dict[int, Done] = {}
    left = _Chunks(deque(range(len(chunks))), [], set())
    workers: list[_Worker] = []
    started = 0
    try:
        for _ in range(count):
            worker = _start(context, work)
            if worker is None:
                break
            workers.append(worker)
        started = len(workers)
        while True:
            workers = [w for w in workers if not w.pipe.closed]  # a dead one's pipe is closed
            for worker in workers:
                if worker.chunk is None and left.todo:
                    _give(worker, chunks, left)
            busy = {id(w.pipe): w for w in workers if w.chunk is not None}
            if not busy:  # everything read, or no worker left to read the rest
                break
            for pipe in wait([w.pipe for w in busy.values()]):
                _take(busy[id(pipe)], done, left)
    finally:
        for worker in workers:
            _let_go(worker)
    _say(left, started, count)
    for at in [*left.here, *left.todo]:
        done[at] = work(chunks[at])
    return [done[at] for at in range(len(chunks))]


def _start(context: ForkServerContext | SpawnContext, work: Callable[[Any], Any]) -> _Worker | None:
    """A worker, or None when its process could not start (the fork server was stopped)."""
    mine, theirs = context.Pipe()
    try:
        process = context.Process(target=_serve, args=(theirs, work), daemon=True)
        process.start()
    except (EOFError, OSError):
        mine.close()
        return None
    except BaseException:
        mine.close()
        raise
    finally:
        theirs.close()
    return _Worker(process, mine)


def _say(left: _Chunks, started: int, count: int) -> None:
    if started < count:
        log.warning(
            "normalize's pool started %d of its %d worker processes (stopped while it "
            "started?); %s",
            started,
            count,
            "the others read the rest" if started else "this process reads alone",
        )
    if left.deaths:
        log.warning(
            "%d of normalize's worker processes died (killed, or out of memory?); the "
            "parts they held were read again%s",
            left.deaths,
            ", some in this process" if left.here or left.todo else "",
        )


def _give(worker: _Worker, chunks: Sequence[Chunk], left: _Chunks) -> None:
    """Send the next chunk to read; a worker found gone loses it (``_Chunks.lost``)."""
    at = left.todo.popleft()
    worker.chunk = at
    try:
        worker.pipe.send(chunks[at])
    except OSError:
        _gone(worker, left)


def _take(worker: _Worker, done: dict[int, Done], left: _Chunks) -> None:
    """Receive the worker's chunk, unless it died first; a reading that raised raises."""
    at = worker.chunk
    assert at is not None
    try:
        ok, value = worker.pipe.recv()
    except (EOFError, OSError):
        _gone(worker, left)
        return
    if not ok:
        raise value
    done[at] = value
    worker.chunk = None


def _gone(worker: _Worker, left: _Chunks) -> None:
    """A worker that died: its chunk is lost to it, its process reaped."""
    assert worker.chunk is not None
    left.lost(worker.chunk)
    worker.chunk = None
    worker.pipe.close()
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
    ends. A reading that raised goes back as its error, with its traceback as a note (or,
    an error that would not come back whole, as a RuntimeError with its words)."""
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
            answer = (False, _portable(error))
        try:
            pipe.send(answer)
        except OSError:
            return
        except Exception as error:  # the answer did not pickle
            pipe.send((False, _failure(error)))


def _portable(error: Exception) -> Exception:
    """``error`` with the worker's traceback in its notes, if it survives the pipe whole."""
    error.add_note("in a normalize worker process:\n" + traceback.format_exc())
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes, made just now
    except Exception:
        return _failure(error)
    return error


def _failure(error: Exception) -> RuntimeError:
    """What comes back of a failure that cannot come back itself: its words."""
    return RuntimeError(f"a normalize worker failed: {error!r}")
