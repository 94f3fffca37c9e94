"""A progress bar per long stage of a run, through the caller's ``Hooks.progress``.

The runner names its stages as a person reads them -- reading, normalizing,
planning, applying, verifying -- and asks the hook for one bar each, when the
stage begins. Applying advances batch by batch; the other stages are single
steps over a whole table, so their bar fills when the stage ends well (a
stage that fails leaves its bar where it was). A caller that gives no hook
(cron, a pipe, the Python API by default) pays nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[str, int], Callable[[int], None]]
"""Given a stage's title and its size, returns the callback that advances it."""

STAGES = ("reading", "normalizing", "planning", "applying", "verifying")
"""The titles the runner gives its bars, in the order a run reaches them."""


@contextmanager
def stage_bar(progress: Progress | None, title: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar for one stage; what the stage did not advance itself is filled as it ends."""
    if progress is None:
        yield _ignore
        return
    advance = progress(title, total)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        advance(count)

    yield step
    if done < total:
        advance(total - done)


def _ignore(count: int) -> None:
    """The advance of a run nobody watches."""
