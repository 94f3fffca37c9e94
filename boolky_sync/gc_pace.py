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
start (``cli.main``), without freezing: the imports alone had the collector walk
its young objects 259 times; a server it runs (the sandbox) keeps the pace it
found (``pace_as_found``). When a run ends, what was frozen is unfrozen, and when
the last run ends, the pace the process had comes back: a scheduler that calls
``boolky_sync.run`` keeps its own settings. Runs that overlap in threads freeze
nothing while more than one is under way, and a host that froze objects of its
own before a run (a server that forks) has nothing frozen or unfrozen by it.
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
_paced = 0
"""Blocks under way at a run's pace: runs, and the console script around them."""
_found: tuple[int, ...] = ()
_freezers = 0
"""Runs under way that freeze what their stages leave alive."""
_hands_off = False
"""The frozen generation held objects the host froze when the runs began: a run neither
freezes nor unfreezes."""


@contextmanager
def rare_collections(*, freezing: bool = True) -> Iterator[None]:
    """The collector at a run's pace inside the block. Runs may overlap in threads: the first
    to start keeps the thresholds it found, the last to end puts them back. A threshold of 0
    (collection turned off) or one already higher is left as it is. ``freezing``: a
    pipeline run, whose stages freeze what they leave alive (``freeze_survivors``); the
    console script's pace around its command does not freeze."""
    global _paced, _found, _freezers, _hands_off
    with _lock:
        if _paced == 0:
            _found = gc.get_threshold()
            if _found[0]:
                gc.set_threshold(max(_found[0], YOUNG_OBJECTS), *_found[1:])
        _paced += 1
        if freezing:
            if _freezers == 0:
                _hands_off = not _found[0] or gc.get_freeze_count() > 0
            _freezers += 1
    try:
        yield
    finally:
        with _lock:
            if freezing:
                _freezers -= 1
                _unfreeze()
            _paced -= 1
            if _paced == 0:
                gc.set_threshold(*_found)


@contextmanager
def pace_as_found() -> Iterator[None]:
    """The collector at the pace the process had before any run, inside the block: for a
    command that serves for hours rather than runs (``sandbox serve``, the benchmarks'
    Boolky, whose speed is no run's to change)."""
    with _lock:
        kept = gc.get_threshold()
        if _paced:
            gc.set_threshold(*_found)
    try:
        yield
    finally:
        with _lock:
            gc.set_threshold(*kept)


def freeze_survivors() -> None:
    """A stage of a run is over: what it left alive is the run's data (the contacts, the
    plan, the tables), which no later collection need walk again. It is frozen
    (``gc.freeze``) until the run ends, and the next stage's young objects are counted
    from none; a cycle among the frozen objects is collected after the run.

    Only while one run is under way: runs that overlap in threads would never all be over,
    and what they froze (a failed run's data, held by its traceback) would never be
    unfrozen. Not when the host had frozen objects of its own as the runs began, which the
    end of a run would unfreeze with the run's. A freeze the host makes in another thread
    while a run is under way is not told apart, and is unfrozen with the run's when the run
    ends: CPython counts the frozen objects by walking them all (``gc.get_freeze_count``),
    and counting them at each stage's end cost a nightly re-run 60 ms at 100,000 contacts
    (measured), more with every contact more; so they are counted once, as the runs begin
    (``rare_collections``)."""
    with _lock:
        if _freezers == 1 and not _hands_off:
            gc.freeze()


def _unfreeze() -> None:
    """At the end of a run, what runs froze goes back to the collector (the oldest
    generation): a run that goes on freezes again at its next stage's end, if alone."""
    if not _hands_off:
        gc.unfreeze()
