"""The cycle collector runs at a run's pace while a pipeline runs, and at the caller's after.

A scheduler that calls ``boolky_sync.run`` must find its own thresholds when the run ends,
however it ends, and however many runs its threads overlap; a collector it turned off
stays off. What a run's stages leave alive is frozen while it lasts (and while it is the
only run) and unfrozen after, unless the host froze objects of its own before it. The
console script keeps the pace for its whole process, imports included, but for a server
it runs.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import boolky_sync
from boolky_sync.gc_pace import YOUNG_OBJECTS, freeze_survivors, pace_as_found, rare_collections
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import KEY, remote_phones, uk_mobiles, write_contacts, write_pipeline

HOST = (900, 11, 12)
"""A host's own thresholds, unlike CPython's default, so a reset to the default is seen."""


@pytest.fixture
def host_thresholds() -> Iterator[None]:
    kept = gc.get_threshold()
    gc.set_threshold(*HOST)
    try:
        yield
    finally:
        gc.set_threshold(*kept)


@pytest.mark.usefixtures("host_thresholds")
def test_inside_a_run_the_youngest_generation_waits_and_the_others_keep_theirs() -> None:
    with rare_collections():
        assert gc.get_threshold() == (YOUNG_OBJECTS, 11, 12)
    assert gc.get_threshold() == HOST


@pytest.mark.usefixtures("host_thresholds")
def test_a_run_that_raises_gives_the_thresholds_back() -> None:
    with pytest.raises(KeyboardInterrupt), rare_collections():
        raise KeyboardInterrupt
    assert gc.get_threshold() == HOST


@pytest.mark.usefixtures("host_thresholds")
def test_overlapping_runs_give_them_back_when_the_last_ends() -> None:
    first, second = rare_collections(), rare_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the second run goes on: it keeps the run's pace
    assert gc.get_threshold()[0] == YOUNG_OBJECTS
    second.__exit__(None, None, None)
    assert gc.get_threshold() == HOST


def test_a_collector_turned_off_or_already_slower_is_left_as_it_is() -> None:
    kept = gc.get_threshold()
    try:
        for threshold in [(0, 10, 10), (YOUNG_OBJECTS * 3, 10, 10)]:
            gc.set_threshold(*threshold)
            with rare_collections():
                assert gc.get_threshold() == threshold
            assert gc.get_threshold() == threshold
    finally:
        gc.set_threshold(*kept)


class Cycle:
    """An object in a reference cycle: only the collector can free it."""

    def __init__(self) -> None:
        self.me = self


def _cycle() -> weakref.ref[Cycle]:
    """A cycle no one holds: garbage as soon as this returns, freed only by a collection."""
    return weakref.ref(Cycle())


def test_a_stage_s_survivors_are_frozen_until_the_run_ends() -> None:
    gc.collect()
    assert gc.get_freeze_count() == 0
    with rare_collections():
        held = Cycle()
        gone = weakref.ref(held)
        freeze_survivors()
        assert gc.get_freeze_count() > 0
        del held
        gc.collect()
        assert gone() is not None  # frozen: no collection walks it, nor frees its cycle
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None  # unfrozen: the cycle is garbage again, and collected


def test_overlapping_runs_freeze_nothing_and_the_end_of_one_unfreezes() -> None:
    """Runs in threads may never all be over at once: while two are under way nothing is
    frozen, and what one run froze alone is unfrozen when it ends, whoever goes on."""
    gc.collect()
    first, second = rare_collections(), rare_collections()
    first.__enter__()
    kept = _cycle()
    freeze_survivors()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    second.__enter__()
    late = _cycle()
    freeze_survivors()
    assert gc.get_freeze_count() <= frozen  # two runs: nothing more is frozen
    first.__exit__(None, None, None)
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert kept() is None and late() is None
    freeze_survivors()  # the second run is alone now
    assert gc.get_freeze_count() > 0
    second.__exit__(None, None, None)
    assert gc.get_freeze_count() == 0


def test_a_host_that_froze_its_own_objects_has_nothing_frozen_or_unfrozen() -> None:
    gc.collect()
    gc.freeze()  # what a server does before it forks its workers
    try:
        host = gc.get_freeze_count()
        with rare_collections():
            Cycle()
            freeze_survivors()
            assert 0 < gc.get_freeze_count() <= host  # frozen objects freed leave it
        assert 0 < gc.get_freeze_count() <= host
    finally:
        gc.unfreeze()


def test_the_frozen_objects_are_counted_once_as_the_run_begins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CPython counts the frozen generation by walking it: a run that counted at every
    stage's end walked its own data again each time, 60 ms of a nightly re-run."""
    counted = gc.get_freeze_count
    calls: list[int] = []

    def counting() -> int:
        calls.append(counted())
        return calls[-1]

    monkeypatch.setattr(gc, "get_freeze_count", counting)
    gc.collect()
    with rare_collections():
        for _ in range(5):  # five stages
            _cycle()
            freeze_survivors()
        assert counted() > 0
    assert calls == [0]
    assert counted() == 0


def test_a_host_that_freezes_while_a_run_is_under_way_has_its_objects_unfrozen_with_it() -> None:
    """The documented limit of counting once: a freeze made in another thread during a run
    is not told from the run's own."""
    gc.collect()
    try:
        with rare_collections():
            host = _cycle()
            gc.freeze()  # the host, in another thread
            _cycle()
            freeze_survivors()  # the run goes on freezing
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert host() is None
    finally:
        gc.unfreeze()


def test_outside_a_run_nothing_is_frozen() -> None:
    gc.collect()
    freeze_survivors()
    assert gc.get_freeze_count() == 0


def test_the_console_script_s_pace_freezes_nothing() -> None:
    gc.collect()
    with rare_collections(freezing=False):
        Cycle()
        freeze_survivors()
        assert gc.get_freeze_count() == 0
        with rare_collections():  # a pipeline run inside the command
            freeze_survivors()
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("host_thresholds")
def test_a_server_inside_the_console_script_collects_at_the_pace_found() -> None:
    with rare_collections(freezing=False):
        with pace_as_found():
            assert gc.get_threshold() == HOST
        assert gc.get_threshold() == (YOUNG_OBJECTS, 11, 12)
    assert gc.get_threshold() == HOST


COUNTED_COMMAND = """
import gc, sys
started = []
gc.callbacks.append(lambda phase, info: phase == "start" and started.append(info))
sys.argv = ["boolky-sync", "validate", sys.argv[1]]
from boolky_sync.cli.main import main
import atexit
atexit.register(lambda: print("counted", len(started), "pandas" in sys.modules, file=sys.stderr))
main()
"""


def test_the_console_script_imports_at_the_run_s_pace(tmp_path: Path) -> None:
    """``validate`` loads the pipeline, and with it pandas and pyarrow: at CPython's pace
    their import alone sets the collector off some 250 times."""
    write_contacts(tmp_path / "data" / "crm.csv", [("Ann", phone) for phone in uk_mobiles(2)])
    path = write_pipeline(tmp_path, "pace", '[source]\npath = "../data/crm.csv"\n')
    done = subprocess.run(
        [sys.executable, "-c", COUNTED_COMMAND, str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("counted ")]
    _, collections, loaded = line.split()
    assert loaded == "True"
    assert int(collections) < 50, line


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


@pytest.mark.usefixtures("host_thresholds")
def test_a_pipeline_run_over_a_real_sandbox_runs_at_the_pace_and_leaves_the_hosts(
    tmp_path: Path, box: Sandbox
) -> None:
    write_contacts(tmp_path / "data" / "crm.csv", [("Ann", phone) for phone in uk_mobiles(3)])
    path = write_pipeline(tmp_path, "pace", '[source]\npath = "../data/crm.csv"\n')
    seen: list[tuple[int, ...]] = []

    def progress(title: str, total: int) -> Callable[[int], None]:
        seen.append(gc.get_threshold())
        return lambda count: None

    with boolky_sync.BoolkyClient(box.url, api_key=KEY) as client:
        outcome = boolky_sync.run(path, client=client, hooks=boolky_sync.Hooks(progress=progress))
    assert outcome.exit_code == 0, outcome.report.error
    assert set(remote_phones(box)) == set(uk_mobiles(3))
    assert seen and set(seen) == {(YOUNG_OBJECTS, 11, 12)}
    assert gc.get_threshold() == HOST


@pytest.mark.usefixtures("host_thresholds")
def test_runs_in_two_threads_leave_the_hosts_thresholds(tmp_path: Path, box: Sandbox) -> None:
    paths = []
    for name, phones in zip(["left", "right"], [uk_mobiles(4)[:2], uk_mobiles(4)[2:]], strict=True):
        write_contacts(tmp_path / name / "data" / "crm.csv", [("Bo", p) for p in phones])
        source = '[source]\npath = "../data/crm.csv"\n'
        paths.append(write_pipeline(tmp_path / name, name, source))
    codes: list[int] = []

    def sync(path: Path) -> None:
        with boolky_sync.BoolkyClient(box.url, api_key=KEY) as client:
            codes.append(boolky_sync.run(path, client=client).exit_code)

    threads = [threading.Thread(target=sync, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [0, 0]
    assert set(remote_phones(box)) == set(uk_mobiles(4))
    assert gc.get_threshold() == HOST
