"""Normalize over a pool of processes: the same result as one process, safe in any host.

A scheduler may run us in a threaded host (fork would copy other threads'
locks) or in a daemonic worker (Celery, Airflow: no children allowed). Each
test here runs the real stage, the pool's threshold lowered so a few hundred
pairs go to real worker processes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.cli.options import command_pipeline
from boolky_sync.extract.mapping import ColumnMapping, FieldMapping, PhoneColumn
from boolky_sync.extract.table import FILE_COLUMN, ROW_COLUMN, SourceTable
from boolky_sync.normalize import Normalized, normalize, phone_reading, workers
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.workers import spread, worker_count
from boolky_sync.option_rules import OptionError
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.problems import PipelineFileError

NUMBERS = [
    "0151 2345{:04d}",
    "+44 7400 12{:04d}",
    "030 123{:04d}",
    "({:04d}) 55",
    "+1 212 555 {:04d}",
]
COUNTRIES = ["DE", "", "France", "GB", "Atlantis"]


def table(rows: int = 600) -> SourceTable:
    frame = pd.DataFrame(
        {
            "Name": [f"Person {i % 97}" for i in range(rows)],
            "Phone": [NUMBERS[i % len(NUMBERS)].format(i % 400) for i in range(rows)],
            "Country": [COUNTRIES[i % len(COUNTRIES)] for i in range(rows)],
            "Mail": [f"p{i % 50}@Example.ORG" if i % 3 else "bad@" for i in range(rows)],
        },
        dtype=object,
    )
    frame[ROW_COLUMN] = range(2, rows + 2)
    frame[FILE_COLUMN] = "contacts.csv"
    return SourceTable(frame, "csv", "contacts.csv")


MAPPING = ColumnMapping(
    fields={
        "name": FieldMapping("name", ["Name"], "explicit"),
        "country": FieldMapping("country", ["Country"], "explicit"),
        "email": FieldMapping("email", ["Mail"], "explicit"),
    },
    phones=[PhoneColumn("Phone", label="mobile")],
)


def normalized(workers: int | str) -> Normalized:
    options = NormalizeOptions(default_region="DE", workers=workers)  # type: ignore[arg-type]
    return normalize(table(), MAPPING, options)


def assert_same(one: Normalized, other: Normalized) -> None:
    for part in ("contacts", "rejects", "warnings", "merges"):
        pd.testing.assert_frame_equal(getattr(one, part), getattr(other, part))
    assert one.stats == other.stats


@pytest.fixture(autouse=True)
def small_pool_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(phone_reading, "PARALLEL_MIN", 10)


def pid(_: int) -> int:
    return os.getpid()


def test_the_library_reads_in_one_process_unless_asked() -> None:
    assert NormalizeOptions().workers is None
    assert worker_count(None) == 1
    assert set(spread(pid, list(range(8)), worker_count(NormalizeOptions().workers), __name__)) == {
        os.getpid()
    }


def test_two_workers_read_in_other_processes_and_give_what_one_gives() -> None:
    assert os.getpid() not in spread(pid, list(range(8)), 2, __name__)
    one = normalized(1)
    assert one.stats.contacts > 100 and one.stats.rejected  # the data has both
    assert_same(normalized(2), one)
    assert_same(normalized("auto"), one)


def doubled_unless_fatal(chunk: int, home: int) -> int:
    """A negative chunk kills any worker that reads it (as the OOM killer would), but not
    the process ``home``: there it is read like any other."""
    if chunk < 0 and os.getpid() != home:
        os.kill(os.getpid(), signal.SIGKILL)
    return chunk * 2


def failing(chunk: int) -> int:
    if chunk == 3:
        raise ValueError("chunk 3 cannot be read")
    return chunk


def test_parts_of_workers_that_die_are_read_again_and_the_result_is_whole(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A part that kills the worker reading it goes to another; one that killed two is
    read here. Once no worker is left, this process reads the rest."""
    work = partial(doubled_unless_fatal, home=os.getpid())
    chunks = [-1, 2, 3, 4, 5, 6, 7, 8]
    with caplog.at_level(logging.WARNING, logger="boolky_sync"):
        found = spread(work, chunks, 3, __name__)
    assert found == [c * 2 for c in chunks]  # every part, in order
    # -1 killed two workers and was then read here; the third worker read the rest
    assert "2 of normalize's worker processes died" in caplog.text
    caplog.clear()
    chunks = [1, 2, -3, 4, 5, -6, 7, 8]
    with caplog.at_level(logging.WARNING, logger="boolky_sync"):
        found = spread(work, chunks, 2, __name__)
    assert found == [c * 2 for c in chunks]
    assert "2 of normalize's worker processes died" in caplog.text  # both, of -3
    assert "some in this process" in caplog.text
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]


def test_where_there_is_no_fork_server_spawned_workers_do_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """macOS and Windows have no fork server: the pool spawns its workers, whose pipes
    come to them as arguments; a death there costs its part nothing either."""
    monkeypatch.setattr(workers, "start_method", lambda: "spawn")
    assert os.getpid() not in spread(pid, list(range(4)), 2, __name__)
    chunks = [1, -2, 3, 4]
    assert spread(partial(doubled_unless_fatal, home=os.getpid()), chunks, 2, __name__) == [
        c * 2 for c in chunks
    ]


def test_a_reading_that_fails_in_a_worker_fails_the_call_with_its_traceback() -> None:
    with pytest.raises(ValueError, match="chunk 3 cannot be read") as raised:
        spread(failing, [1, 2, 3, 4, 5], 2, __name__)
    notes = "".join(getattr(raised.value, "__notes__", []))
    assert "in a normalize worker process" in notes
    assert 'raise ValueError("chunk 3 cannot be read")' in notes  # the worker's traceback
    assert spread(failing, [1, 2, 4], 2, __name__) == [1, 2, 4]  # the next call has a pool


def test_a_run_from_a_thread_while_others_run_gives_what_one_process_gives() -> None:
    alone = normalized(1)
    stop = threading.Event()
    lock = threading.Lock()

    def busy() -> None:  # holds a lock now and then, as a host's threads do
        while not stop.is_set():
            with lock:
                sum(range(1000))

    others = [threading.Thread(target=busy, daemon=True) for _ in range(3)]
    for thread in others:
        thread.start()
    found: list[Normalized] = []
    try:
        runner = threading.Thread(target=lambda: found.append(normalized(2)))
        runner.start()
        runner.join(timeout=300)
    finally:
        stop.set()
    assert not runner.is_alive()
    assert len(found) == 1
    assert_same(found[0], alone)


def in_daemon(answers: Any) -> None:
    """A daemonic process's run: ``workers=2`` must fall back to this one process."""
    try:
        answers.put(("done", normalized(2).contacts.to_dict("list"), spread(pid, [1, 2], 2, "")))
    except Exception as error:  # the test shows what went wrong
        answers.put(("failed", repr(error), []))


def test_a_run_inside_a_daemonic_process_reads_in_that_process() -> None:
    context = multiprocessing.get_context("fork")  # carries the lowered threshold over
    answers = context.Queue()
    daemon = context.Process(target=in_daemon, args=(answers,), daemon=True)
    daemon.start()
    status, contacts, pids = answers.get(timeout=300)
    daemon.join(timeout=60)
    assert status == "done", contacts
    assert contacts == normalized(1).contacts.to_dict("list")
    assert set(pids) == {daemon.pid}


@pytest.mark.parametrize("value", [0, -1, "many", True, 1.5])
def test_a_workers_value_outside_the_rule_is_refused(value: Any) -> None:
    with pytest.raises(OptionError, match='or "auto"'):
        NormalizeOptions(workers=value)


def test_the_pipeline_key_takes_a_number_or_auto(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    (tmp_path / "c.csv").write_text("Name,Phone\nAnn,+4915112345678\n", encoding="utf-8")
    head = '[source]\npath = "c.csv"\n[normalize]\n'
    path.write_text(head + 'workers = "auto"\n', encoding="utf-8")
    assert load_pipeline(path).normalize.workers == "auto"
    path.write_text(head + "workers = 2\n", encoding="utf-8")
    assert load_pipeline(path).normalize.workers == 2
    path.write_text('[source]\npath = "c.csv"\n', encoding="utf-8")
    assert load_pipeline(path).normalize.workers is None  # the caller's default
    path.write_text(head + "workers = 0\n", encoding="utf-8")
    with pytest.raises(PipelineFileError, match=r"normalize\.workers"):
        load_pipeline(path)


def test_a_command_reads_over_every_core_unless_the_file_or_the_option_says(
    tmp_path: Path,
) -> None:
    """``run``, ``plan`` and ``apply`` are how cron and a person run a pipeline: a file
    that leaves ``workers`` out gets "auto" there, while ``boolky_sync.run`` keeps one."""
    path = tmp_path / "p.toml"
    (tmp_path / "c.csv").write_text("Name,Phone\nAnn,+4915112345678\n", encoding="utf-8")
    path.write_text('[source]\npath = "c.csv"\n', encoding="utf-8")
    assert command_pipeline(path).normalize.workers == "auto"
    assert worker_count(command_pipeline(path).normalize.workers) == len(os.sched_getaffinity(0))
    assert command_pipeline(path, 3).normalize.workers == 3
    path.write_text('[source]\npath = "c.csv"\n[normalize]\nworkers = 1\n', encoding="utf-8")
    assert command_pipeline(path).normalize.workers == 1  # the file's word stands
    assert command_pipeline(path, "auto").normalize.workers == "auto"  # the option's over it
    assert command_pipeline(path).normalize.cache is True
    assert command_pipeline(path, no_cache=True).normalize.cache is False


def test_the_command_line_refuses_a_bad_workers_value(tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text("Name,Phone\nAnn,+4915112345678\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["normalize", str(source), "--workers", "0", "--json"])
    assert result.exit_code == 2
    assert result.output.startswith("error: --workers: the number 0 is not allowed")
    fine = CliRunner().invoke(cli, ["normalize", str(source), "--workers", "2", "--json"])
    assert fine.exit_code == 0, fine.output
    refused = CliRunner().invoke(cli, ["run", str(tmp_path / "p.toml"), "--workers", "x"])
    assert refused.exit_code == 2
    assert refused.output.startswith("error: --workers: ")
