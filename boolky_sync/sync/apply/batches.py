"""Batches: cut to size, run a phase at a time, and split until refused records stand alone.

Boolky refuses a whole ``addContacts`` or ``deleteContacts`` call for one bad
record. Splitting a refused batch in halves, down to single records, finds the
refused ones in about log2(batch) extra calls each, and their batch-mates land.
An error whose class ``stops_run`` (the key, the network, the rate limit) is not
about the records, so it is raised instead of split.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import TypeVar

from boolky_sync.errors import ApiError

T = TypeVar("T")

Batch = Callable[[], object]
"""One call's worth of work, ready to send."""


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), max(1, size)):
        yield list(items[start : start + size])


def run_phase(batches: Iterable[Batch], concurrency: int) -> None:
    """Run one phase's batches, ``concurrency`` at a time; the phase ends before the next."""
    batches = list(batches)
    if concurrency <= 1 or len(batches) <= 1:
        for batch in batches:
            batch()
        return
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(batch) for batch in batches]
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for future in pending:
            future.cancel()
        for future in done:
            future.result()  # a stopping error (the key, the network) surfaces here


def split_until_isolated(
    items: list[T],
    send: Callable[[list[T]], None],
    refuse: Callable[[list[T], ApiError], None],
) -> None:
    """Send ``items``; if Boolky refuses, send each half, down to single items.

    A key, network or rate-limit failure is not about the items, so it stops
    the run instead of being split.
    """
    try:
        send(items)
    except ApiError as error:
        if error.stops_run:
            raise
        if len(items) == 1:
            refuse(items, error)
            return
        middle = len(items) // 2
        split_until_isolated(items[:middle], send, refuse)
        split_until_isolated(items[middle:], send, refuse)
