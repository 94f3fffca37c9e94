"""How often Python's cycle collector runs while a pipeline runs: far less than by default.

A run holds its whole account in memory at once: the source's rows, the
contacts read back from Boolky, the plan's records, the journal's and the
ledger's rows, several small objects per contact, all alive until the run
ends. CPython's default collects its youngest generation every 700 new
objects and walks the whole heap again each time the survivors grow by a
quarter: at 100,000 contacts those walks cost 1.3-1.5 s of a first run and
0.7-1.0 s of a nightly re-run (measured with ``gc.callbacks``), and find next to nothing,
since these objects hold no reference cycles. Memory does not wait on the
collector: reference counting frees everything that is not in a cycle the
moment it is dropped. So while a run lasts the youngest generation takes
300,000 objects before it is collected, and what each stage leaves alive is
frozen (``freeze_survivors``): a collection walks only what the stage under way
made, never the run's data again. Measured at 100,000 contacts, the collections
of a nightly re-run took 0.29 s at 100,000 objects without freezing, 0.002 s now;
a first run's 0.25 s became 0.07 s. The console script keeps this pace from its
start (``cli.main``): the imports alone had the collector walk its young objects
259 times. When the last run in the process ends, the frozen objects are
unfrozen and the pace it found comes back: a scheduler that calls
``boolky_sync.run`` keeps its own settings, and one that froze objects of its own
(a server that forks) has nothing frozen or unfrozen by a run.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_OBJECTS = 300_000
"""New objects between two collections of the youngest generation during a run (CPython's
default is 700); the older generations keep their own thresholds."""

_lock = threading.Lock()
_runs = 0
_found: tuple[int, ...] = ()
_freezing = False
"""Whether the runs under way freeze what their stages leave alive: not when the host had
frozen objects of its own (a server that forks its workers does), since the end of the
runs unfreezes everything."""


@contextmanager
def rare_collections() -> Iterator[None]:
    """The collector at a run's pace inside the block. Runs may overlap in threads: the first
    to start keeps the thresholds it found, the last to end puts them back. A threshold of 0
    (collection turned off) or one already higher is left as it is."""
    global _runs, _found, _freezing
    with _lock:
        if _runs == 0:
            _found = gc.get_threshold()
            _freezing = bool(_found[0]) and gc.get_freeze_count() == 0
            if _found[0]:
                gc.set_threshold(max(_found[0], YOUNG_OBJECTS), *_found[1:])
        _runs += 1
    try:
        yield
    finally:
        with _lock:
            _runs -= 1
            if _runs == 0:
                if _freezing:
                    gc.unfreeze()
                gc.set_threshold(*_found)


def freeze_survivors() -> None:
    """A stage of a run is over: what it left alive is the run's data (the contacts, the
    plan, the tables), which no later collection need walk again. It is frozen
    (``gc.freeze``) until the last run ends, and the next stage's young objects are
    counted from none; a cycle among the frozen objects is collected after the run."""
    with _lock:
        if _runs and _freezing:
            gc.freeze()
