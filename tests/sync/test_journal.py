"""The run journal: runs, calls and outcomes, kept across crashes and threads, never the key."""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from boolky_sync.api import BoolkyClient, NewContact, RetryPolicy
from boolky_sync.api.client import CallInfo
from boolky_sync.errors import ApiError, InputError
from boolky_sync.sandbox import Faults, run_sandbox
from boolky_sync.sync.journal import HeldRecord, Journal, Outcome
from boolky_sync.sync.options import SyncOptions

KEY = "sk-journal-test-6c1e9a"

GET = CallInfo("getContacts", "GET", 1, 200, 1, 0.25)
ADD = CallInfo("addContacts", "PUT", 500, 200, 3, 1.5)
REFUSED = CallInfo("deleteContacts", "POST", 20, 400, 1, 0.125, "ApiError")
UNREACHABLE = CallInfo("addGroup", "PUT", 1, None, 5, 4.0, "NetworkError")

OUTCOMES = [
    Outcome("create_group", None, None, "VIP", True),
    Outcome("create", "+447911123456", 1001, None, True),
    Outcome("update", "+12508682818", 1002, None, False, "invalidName", "name too long"),
    Outcome("remove", "+4915112345678", 1003, "VIP", True),
    Outcome("delete", "+4915112345678", 1003, None, True),
]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "reports" / "journal.sqlite"


@pytest.fixture
def journal(path: Path) -> Iterator[Journal]:
    with Journal(path) as opened:
        yield opened


def test_a_run_is_started_and_finished_with_its_options_and_summary(journal: Journal) -> None:
    options = SyncOptions(mode="mirror", managed_groups=("VIP",)).to_dict()
    run = journal.start_run("crm-nightly", dry_run=True, options=options)
    (started,) = journal.runs()
    assert {k: started[k] for k in ("id", "pipeline", "dry_run", "finished", "exit_code")} == {
        "id": run,
        "pipeline": "crm-nightly",
        "dry_run": True,
        "finished": None,
        "exit_code": None,
    }
    assert started["options"] == options
    assert SyncOptions.from_dict(started["options"]) == SyncOptions.from_dict(options)

    journal.finish_run(run, exit_code=1, summary={"created": 3, "failed": [1, 2]})
    (finished,) = journal.runs()
    assert (finished["exit_code"], finished["summary"]) == (1, {"created": 3, "failed": [1, 2]})
    begun, ended = (datetime.fromisoformat(finished[k]) for k in ("started", "finished"))
    assert begun.utcoffset() == timedelta(0)
    assert begun <= ended < begun + timedelta(minutes=1)


def test_runs_get_their_own_ids_calls_and_outcomes(journal: Journal) -> None:
    first = journal.start_run("a", dry_run=False, options={})
    second = journal.start_run("b", dry_run=False, options={})
    journal.record_call(first, GET)
    journal.record_call(second, ADD)
    journal.record_outcomes(second, OUTCOMES[:2])
    assert second > first
    assert [r["pipeline"] for r in journal.runs()] == ["a", "b"]
    assert (journal.calls(first), journal.calls(second)) == ([GET], [ADD])
    assert (journal.outcomes(first), journal.outcomes(second)) == ([], OUTCOMES[:2])


def test_calls_and_outcomes_come_back_as_recorded_in_order(journal: Journal) -> None:
    run = journal.start_run("p", dry_run=False, options={})
    for info in (GET, ADD, REFUSED, UNREACHABLE):
        journal.record_call(run, info)
    journal.record_outcomes(run, iter(OUTCOMES))
    assert journal.calls(run) == [GET, ADD, REFUSED, UNREACHABLE]
    assert journal.outcomes(run) == OUTCOMES


def test_call_stats_count_writes_retries_failures_and_time(journal: Journal) -> None:
    run = journal.start_run("p", dry_run=False, options={})
    for info in (GET, ADD, ADD, REFUSED, UNREACHABLE, CallInfo("getGroups", "GET", 1, 200, 2, 0.5)):
        journal.record_call(run, info)
    assert journal.call_stats(run) == {
        "calls": 6,
        "write_calls": 4,
        "retries": 2 + 2 + 4 + 1,
        "failed_calls": 2,
        "by_endpoint": {
            "addContacts": 2,
            "addGroup": 1,
            "deleteContacts": 1,
            "getContacts": 1,
            "getGroups": 1,
        },
        "seconds": pytest.approx(0.25 + 1.5 + 1.5 + 0.125 + 4.0 + 0.5),
    }


def test_call_stats_of_a_run_without_calls_are_zero(journal: Journal) -> None:
    run = journal.start_run("p", dry_run=True, options={})
    assert journal.call_stats(run) == {
        "calls": 0,
        "write_calls": 0,
        "retries": 0,
        "failed_calls": 0,
        "by_endpoint": {},
        "seconds": 0,
    }


def test_an_unknown_run_is_a_value_error(journal: Journal) -> None:
    with pytest.raises(ValueError, match="no run 42"):
        journal.finish_run(42, exit_code=0, summary={})
    with pytest.raises(ValueError, match="refused the write"):
        journal.record_call(42, GET)
    with pytest.raises(ValueError, match="refused the write"):
        journal.record_outcomes(42, OUTCOMES)
    assert journal.runs() == []


def test_a_summary_value_json_cannot_hold_is_kept_as_text(journal: Journal) -> None:
    run = journal.start_run("p", dry_run=False, options={"source": Path("/data/crm.csv")})
    journal.finish_run(run, exit_code=0, summary={"rejected": {"phone_missing": 2}, 3: {1, 2}})  # type: ignore[dict-item]
    (row,) = journal.runs()
    assert row["options"] == {"source": "/data/crm.csv"}
    assert row["summary"] == {"rejected": {"phone_missing": 2}, "3": "{1, 2}"}


def test_everything_survives_a_reopen(path: Path) -> None:
    assert not path.exists()
    with Journal(path) as journal:
        assert journal.runs() == []
        run = journal.start_run("p", dry_run=False, options={"mode": "upsert"})
        journal.record_call(run, ADD)
        journal.record_outcomes(run, OUTCOMES)
        journal.finish_run(run, exit_code=0, summary={"ok": True})
        before = journal.runs()
    with Journal(path) as journal:
        assert journal.runs() == before
        assert (journal.calls(run), journal.outcomes(run)) == ([ADD], OUTCOMES)


def test_each_write_is_committed_when_it_returns(journal: Journal, path: Path) -> None:
    def count(table: str) -> int:
        db = sqlite3.connect(path)
        try:
            return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        finally:
            db.close()

    run = journal.start_run("p", dry_run=False, options={})
    assert count("runs") == 1
    journal.record_call(run, GET)
    assert count("calls") == 1
    journal.record_outcomes(run, OUTCOMES)
    assert count("outcomes") == len(OUTCOMES)
    journal.finish_run(run, exit_code=0, summary={})
    assert count("runs WHERE finished IS NOT NULL") == 1


def test_the_file_and_its_journal_are_readable_by_the_owner_only(
    journal: Journal, path: Path
) -> None:
    journal.start_run("p", dry_run=False, options={})
    files = [path, Path(f"{path}-journal")]
    assert [stat.S_IMODE(f.stat().st_mode) for f in files] == [0o600, 0o600]
    assert not Path(f"{path}-wal").exists()  # every commit is in the file itself


def test_a_file_that_is_not_a_journal_is_an_input_error(tmp_path: Path) -> None:
    junk = tmp_path / "journal.sqlite"
    junk.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(InputError, match="as the run journal"):
        Journal(junk)


def test_an_in_memory_journal_works() -> None:
    with Journal(None) as journal:
        run = journal.start_run("p", dry_run=True, options={})
        journal.record_call(run, GET)
        assert journal.calls(run) == [GET]


def test_calls_and_outcomes_from_many_threads_all_land(journal: Journal) -> None:
    run = journal.start_run("p", dry_run=False, options={})
    workers, each = 4, 100
    start = threading.Barrier(workers)

    def work(worker: int) -> None:
        start.wait()
        for i in range(each):
            journal.record_call(run, CallInfo("addContacts", "PUT", worker, 200, 1, 0.0))
            journal.record_outcomes(run, [Outcome("create", f"+1{worker}{i:08d}", i, None, True)])

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    calls = journal.calls(run)
    assert sorted(c.size for c in calls) == sorted(w for w in range(workers) for _ in range(each))
    assert len({o.phone for o in journal.outcomes(run)}) == workers * each


def test_calls_of_a_real_client_are_recorded_and_the_key_never_stored(path: Path) -> None:
    """The journal is fed by ``on_call``; whatever the client does, its bytes hold no key."""
    with Journal(path) as journal:
        run = journal.start_run("p", dry_run=False, options=SyncOptions().to_dict())
        with (
            run_sandbox(api_key=KEY) as box,
            BoolkyClient(
                box.url,
                KEY,
                retry=RetryPolicy(max_attempts=3),
                sleep=lambda _s: None,
                on_call=lambda info: journal.record_call(run, info),
            ) as client,
        ):
            client.get_contacts()
            group = client.add_group("VIP")
            box.faults = Faults(fail_calls={3})  # the next call fails once, then succeeds
            client.add_contacts(
                [NewContact("Ann Lee", "+447911123456"), NewContact("Bob", "+12508682818")],
                [group.id],
            )
            with pytest.raises(ApiError):
                client.add_group("x" * 26)  # Boolky refuses names over 25 characters
        journal.finish_run(run, exit_code=1, summary={"calls": 4})
        calls = journal.calls(run)
        stored = b"".join(p.read_bytes() for p in path.parent.iterdir())
    assert [(c.endpoint, c.method, c.size, c.status, c.attempts, c.error) for c in calls] == [
        ("getContacts", "GET", 1, 200, 1, None),
        ("addGroup", "PUT", 1, 200, 1, None),
        ("addContacts", "PUT", 2, 200, 2, None),
        ("addGroup", "PUT", 1, 400, 1, "ApiError"),
    ]
    assert all(c.duration > 0 for c in calls)
    assert b"addContacts" in stored  # the bytes searched are really the journal's
    assert KEY.encode() not in stored


ANN = HeldRecord(
    7,
    NewContact("Ann", "+447911123456", "13-04-1993", 2, "ann@example.org"),
    (3, 5),
    ("CRM", "Opt-in"),
)
BOB = HeldRecord(8, NewContact("Bob", "+447911123457"), (), ())


def test_held_records_come_back_whole_per_boolky_until_released(journal: Journal) -> None:
    run = journal.start_run("nightly", dry_run=False, options={})
    journal.hold(run, "https://api.boolky.net", [ANN, BOB])
    journal.hold(run, "sandbox /tmp/state.sqlite", [BOB])

    assert journal.held("https://api.boolky.net") == [ANN, BOB]
    assert journal.held("sandbox /tmp/state.sqlite") == [BOB]  # put back only where it was

    journal.release("https://api.boolky.net", [BOB.phone])
    assert journal.held("https://api.boolky.net") == [ANN]
    assert journal.held("sandbox /tmp/state.sqlite") == [BOB]


def test_a_held_record_is_in_the_file_itself_before_hold_returns(
    journal: Journal, path: Path, tmp_path: Path
) -> None:
    """The delete that follows makes it the only copy: it may not wait in the ``-wal``."""
    journal.record_outcomes(journal.start_run("nightly", dry_run=False, options={}), OUTCOMES)
    journal.hold(1, "box", [ANN])
    alone = tmp_path / "copy.sqlite"
    alone.write_bytes(path.read_bytes())  # the main file without its -wal, as if it were lost

    with Journal(alone) as copy:
        assert copy.held("box") == [ANN]
