"""Batches: cut to size, run a phase at a time, split what Boolky refuses, halt when asked.

Boolky refuses a whole ``addContacts`` or ``deleteContacts`` call for one bad
record. Splitting a refused batch in halves, down to single records, finds the
refused ones in about log2(batch) extra calls each, and their batch-mates land.
Only an error whose class ``splits`` is split: a 5xx after its retries is
Boolky failing, not refusing, and halves of the batch would fail the same way
(at 2n-1 calls a batch, each with its full retries). Such a batch is booked as
failed and apply goes on -- until ``FAILED_CALLS_IN_A_ROW`` calls have failed
in a row, when the ``Breaker`` lets no new batch start. An error whose class
``stops_run`` (the key, the network, the rate limit) is raised at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import TypeVar

from boolky_sync.errors import ApiError, UnavailableError
from boolky_sync.stop import StopRequest

T = TypeVar("T")

Batch = Callable[[], object]
"""One call's worth of work, ready to send."""

FAILED_CALLS_IN_A_ROW = 3
"""Calls Boolky fails (after their retries) one after another before the run stops (exit 5)."""


class Breaker:
    """Whether apply may start another batch: not once a stop is asked, nor once Boolky
    has failed ``limit`` calls in a row. A call Boolky answers, even with a refusal,
    shows it is up and starts the count again. Shared by the batches of every phase,
    which may run in threads."""

    def __init__(self, stop: StopRequest | None, limit: int = FAILED_CALLS_IN_A_ROW) -> None:
        self.stop = stop
        self.limit = limit
        self._in_a_row = 0
        self._last: ApiError | None = None
        self._lock = threading.Lock()

    def answered(self) -> None:
        with self._lock:
            self._in_a_row = 0

    def failed(self, error: ApiError) -> None:
        """A call Boolky failed, not refused: counts toward the limit."""
        with self._lock:
            self._in_a_row += 1
            self._last = error

    def settled(self, error: ApiError) -> None:
        """A call that raised ``error`` (neither stopping nor raised on): counted by its class."""
        if error.splits:
            self.answered()
        else:
            self.failed(error)

    @property
    def open(self) -> bool:
        """No new batch may start."""
        return (self.stop is not None and self.stop.requested) or self._in_a_row >= self.limit

    def check(self, not_written: int, planned: int) -> None:
        """Raise what ended apply, if something did: the stop first, then the outage."""
        if self.stop is not None:
            self.stop.check()
        if self._in_a_row >= self.limit:
            raise UnavailableError(
                f"Boolky failed {self._in_a_row} calls in a row: stopping; "
                f"{not_written:,} of {planned:,} writes were not made (last: {self._last})"
            )


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), max(1, size)):
        yield list(items[start : start + size])


def run_phase(batches: Iterable[Batch], concurrency: int, breaker: Breaker) -> None:
    """Run one phase's batches, ``concurrency`` at a time; the phase ends before the next.

    A batch starts only while the breaker is closed; the ones in flight finish.
    """

    def guarded(batch: Batch) -> None:
        if not breaker.open:
            batch()

    batches = list(batches)
    if concurrency <= 1 or len(batches) <= 1:
        for batch in batches:
            guarded(batch)
        return
    pool = ThreadPoolExecutor(max_workers=concurrency)
    try:
        futures = [pool.submit(guarded, batch) for batch in batches]
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
    except BaseException:
        # Not one of ours (a second Ctrl-C): leave at once, the calls in flight behind.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    for future in pending:
        future.cancel()
    pool.shutdown(wait=True)  # the batches in flight finish
    for future in done:
        future.result()  # a stopping error (the key, the network) surfaces here


def split_until_isolated(
    items: list[T],
    send: Callable[[list[T]], bool | None],
    refuse: Callable[[list[T], ApiError], None],
    breaker: Breaker,
) -> None:
    """Send ``items``; if Boolky refuses them, send each half, down to single items.

    ``refuse`` gets the items of a call that did not land: refused single items,
    or a whole batch Boolky failed. A key, network or rate-limit failure is not
    about the items, so it stops the run instead. A ``send`` that returns False
    has told the breaker itself how its calls went (a reconciled lost answer).
    """
    try:
        told = send(items)
    except ApiError as error:
        if error.stops_run:
            raise
        breaker.settled(error)
        if not error.splits or len(items) == 1:
            refuse(items, error)
            return
        if breaker.open:  # stopped: the halves are not sent (the next run sends them)
            return
        middle = len(items) // 2
        split_until_isolated(items[:middle], send, refuse, breaker)
        split_until_isolated(items[middle:], send, refuse, breaker)
    else:
        if told is not False:
            breaker.answered()
