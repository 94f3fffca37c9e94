"""The ledger: its state transitions, its file, its speed-critical frame, and crashes."""

from __future__ import annotations

import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boolky_sync.errors import InputError, StorageError
from boolky_sync.sync.ledger import Ledger, LedgerEntry

ANN = LedgerEntry("+447911123456", 1001, "Ann Lee", 2, "ann@example.com", "13-04-1993", ("VIP",))
BOB = LedgerEntry("+12508682818", 1002, "Bob Stone", 1, groups=("Customers", "VIP"))
CARL = LedgerEntry("+4915112345678", None, "Carl", groups=("Customers",))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "pipeline" / "ledger.sqlite"


@pytest.fixture
def ledger(path: Path) -> Iterator[Ledger]:
    with Ledger(path) as opened:
        yield opened


def stored(path: Path) -> dict[str, tuple[object, ...]]:
    """The rows as another connection sees them: proof that a write was committed."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT phone, contact_id, groups, state FROM ledger").fetchall()
    finally:
        db.close()
    return {phone: tuple(rest) for phone, *rest in rows}


# -- opening -------------------------------------------------------------------------


def test_a_new_file_is_new_and_empty_and_a_reopened_one_is_not(path: Path) -> None:
    assert not path.exists()
    with Ledger(path) as first:
        assert stored(path) == {}
        assert len(first) == 0
        assert first.entries() == []
        first.record_written([ANN])
    with Ledger(path) as second:
        assert second.entries() == [ANN]


def test_an_empty_ledger_reopened_is_not_new(path: Path) -> None:
    """Created but never written still means "this pipeline has a ledger": nothing was lost."""
    Ledger(path).close()
    with Ledger(path) as reopened:
        assert stored(path) == {}
        assert len(reopened) == 0


def test_the_file_and_its_journal_are_readable_by_the_owner_only(
    ledger: Ledger, path: Path
) -> None:
    ledger.record_written([ANN])
    files = [path, Path(f"{path}-journal")]
    assert [stat.S_IMODE(f.stat().st_mode) for f in files] == [0o600, 0o600]
    assert not Path(f"{path}-wal").exists()  # every commit is in the file itself


def test_an_in_memory_ledger_works_and_is_new() -> None:
    with Ledger(None) as ledger:
        assert len(ledger) == 0
        ledger.record_written([ANN, BOB])
        assert len(ledger) == 2


def test_a_file_that_is_not_a_ledger_is_an_input_error(tmp_path: Path) -> None:
    junk = tmp_path / "ledger.sqlite"
    junk.write_bytes(b"name,phone\nAnn,+447911123456\n" * 100)
    with pytest.raises(InputError, match=r"ledger\.sqlite as the ledger"):
        Ledger(junk)


def test_a_ledger_of_another_format_is_refused_not_misread(path: Path) -> None:
    Ledger(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 4")
    db.close()
    with pytest.raises(InputError, match="format 4"):
        Ledger(path)


def test_a_ledger_that_cannot_be_created_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(StorageError, match=r"cannot create the ledger: .*not-a-dir is a file"):
        Ledger(blocker / "ledger.sqlite")


def test_a_closed_ledger_refuses_work(path: Path) -> None:
    with Ledger(path) as ledger:
        pass
    with pytest.raises(sqlite3.ProgrammingError):
        ledger.get(ANN.phone)


# -- transitions ---------------------------------------------------------------------


def test_record_written_stores_entries_as_ok(ledger: Ledger) -> None:
    ledger.record_written([BOB, ANN])
    assert ledger.get(ANN.phone) == ANN
    assert ledger.entries() == [BOB, ANN]  # phone order: "+1..." before "+4..."
    assert ledger.get("+10000000000") is None


@settings(max_examples=40)
@given(
    held=st.lists(st.sampled_from([ANN, BOB, CARL]), unique=True),
    asked=st.lists(
        st.sampled_from([ANN.phone, BOB.phone, CARL.phone, '+1"5550\\', "+0", "nul\x00x"])
    ),
)
def test_get_many_gives_what_get_gives_each_phone(
    held: list[LedgerEntry], asked: list[str]
) -> None:
    with Ledger(None) as ledger:  # in memory: a fresh one for each example
        ledger.record_written(e for e in held if e.contact_id is not None)
        ledger.mark_pending(e for e in held if e.contact_id is None)
        many = ledger.get_many(asked)
        assert list(many) == list(dict.fromkeys(asked))  # each phone once, in the order asked
        assert many == {phone: ledger.get(phone) for phone in asked}


def test_get_many_finds_more_phones_than_one_query_may_name(ledger: Ledger) -> None:
    held = [LedgerEntry(f"+4479110{n:05d}", 5000 + n, f"P{n}") for n in range(0, 2500, 2)]
    ledger.record_written(held)
    many = ledger.get_many(f"+4479110{n:05d}" for n in range(2500))
    assert [e.contact_id for e in many.values() if e is not None] == [e.contact_id for e in held]
    assert sum(e is None for e in many.values()) == 1250


def test_record_written_replaces_fields_and_groups(ledger: Ledger) -> None:
    ledger.record_written([ANN])
    again = LedgerEntry(ANN.phone, 2001, "Ann Smith", groups=("Customers",))
    ledger.record_written([again])
    assert ledger.get(ANN.phone) == again
    assert len(ledger) == 1


def test_record_written_without_an_id_keeps_the_known_id(ledger: Ledger) -> None:
    ledger.record_written([ANN])
    ledger.record_written([LedgerEntry(ANN.phone, None, "Ann")])
    assert ledger.get(ANN.phone) == LedgerEntry(ANN.phone, ANN.contact_id, "Ann")


def test_mark_pending_claims_only_phones_not_in_the_ledger(ledger: Ledger) -> None:
    ledger.record_written([ANN])
    ledger.mark_pending([LedgerEntry(ANN.phone, None, "Other"), CARL])
    assert ledger.get(ANN.phone) == ANN
    assert ledger.get(CARL.phone) == LedgerEntry(
        CARL.phone, None, "Carl", groups=("Customers",), state="pending"
    )


def test_a_pending_entry_becomes_ok_with_its_id_once_written(ledger: Ledger) -> None:
    ledger.mark_pending([CARL])
    written = LedgerEntry(CARL.phone, 1003, "Carl", groups=("Customers",))
    ledger.record_written([written])
    assert ledger.get(CARL.phone) == written


def test_mark_replacing_then_rewritten_ends_ok_with_the_new_id(ledger: Ledger) -> None:
    ledger.record_written([ANN, BOB])
    ledger.mark_replacing([ANN.phone, "+19999999999"])
    assert ledger.get(ANN.phone) == replace(ANN, state="replacing")
    assert ledger.get(BOB.phone) == BOB
    assert ledger.get("+19999999999") is None  # not ours: not claimed
    ledger.record_written([replace(ANN, contact_id=3001)])
    assert ledger.get(ANN.phone) == replace(ANN, contact_id=3001)


def test_mark_pending_leaves_a_replacing_entry_as_it_is(ledger: Ledger) -> None:
    ledger.record_written([ANN])
    ledger.mark_replacing([ANN.phone])
    ledger.mark_pending([ANN])
    entry = ledger.get(ANN.phone)
    assert entry is not None
    assert (entry.state, entry.contact_id) == ("replacing", ANN.contact_id)


def test_remove_groups_drops_names_case_insensitively_and_keeps_the_rest(ledger: Ledger) -> None:
    ledger.record_written([BOB])
    ledger.remove_groups(BOB.phone, ["vip", "Prospects"])
    assert ledger.get(BOB.phone) == replace(BOB, groups=("Customers",))
    ledger.remove_groups("+19999999999", ["VIP"])
    assert len(ledger) == 1


def test_forget_removes_entries_and_ignores_unknown_phones(ledger: Ledger) -> None:
    ledger.record_written([ANN, BOB, CARL])
    ledger.forget(p for p in [ANN.phone, "+19999999999", CARL.phone])
    assert ledger.entries() == [BOB]
    assert len(ledger) == 1


@pytest.mark.parametrize(
    "groups",
    [(), ("a,b", 'say "hi"', "tab\there"), ("\x1fsep", "Ünïcødé 📱", "[]"), ("x", "x")],
)
def test_any_group_names_survive_the_round_trip(ledger: Ledger, groups: tuple[str, ...]) -> None:
    entry = LedgerEntry(ANN.phone, 1, groups=groups)
    ledger.record_written([entry])
    assert ledger.get(ANN.phone) == entry
    assert ledger.frame()["groups"].tolist() == [groups]


def test_a_failed_batch_writes_nothing(ledger: Ledger) -> None:
    ledger.record_written([BOB])
    with pytest.raises(ValueError, match="refused the write"):
        ledger.record_written([ANN, LedgerEntry(None, 1)])  # type: ignore[arg-type]
    assert ledger.entries() == [BOB]


# -- frame ---------------------------------------------------------------------------


def test_the_frame_of_an_empty_ledger_has_the_columns_and_dtypes(ledger: Ledger) -> None:
    frame = ledger.frame()
    assert list(frame.columns) == ["phone", "contact_id", "name", "groups", "state"]
    assert len(frame) == 0
    dtypes: tuple[object, object] = (frame["contact_id"].dtype, frame["state"].dtype)
    assert dtypes == ("Int64", object)


def test_the_frame_shares_one_string_per_state(ledger: Ledger) -> None:
    """A million rows hold three state strings, not a million copies of them."""
    written = many(3_000)
    ledger.mark_pending(e for e in written if e.state == "pending")
    ledger.record_written(e for e in written if e.state == "ok")
    ledger.mark_replacing(e.phone for e in written[:10] if e.state == "ok")
    states = ledger.frame()["state"]
    assert set(states) == {"ok", "pending", "replacing"}
    assert len({id(s) for s in states}) == 3


def many(count: int) -> list[LedgerEntry]:
    """Entries with every kind of value: missing ids while pending, missing fields, group sets."""
    group_sets = [(), ("Customers",), ("Customers", "VIP"), ("Staff",)]
    return [
        LedgerEntry(
            phone=f"+1415{i:07d}",
            contact_id=None if i % 7 == 0 else 100_000 + i,
            name=None if i % 11 == 0 else f"Person {i}",
            gender=(None, 0, 1, 2)[i % 4],
            mail=f"p{i}@example.com" if i % 2 else None,
            birthday="01-02-1990" if i % 5 == 0 else None,
            groups=group_sets[i % len(group_sets)],
            state="pending" if i % 7 == 0 else "ok",
        )
        for i in range(count)
    ]


def as_frame(entries: list[LedgerEntry]) -> pd.DataFrame:
    """The frame built the slow, obvious way, to hold the fast one against."""
    columns = ["phone", "contact_id", "name", "groups", "state"]
    data = {c: pd.Series([getattr(e, c) for e in entries], dtype=object) for c in columns}
    frame = pd.DataFrame(data)
    return frame.astype({"contact_id": "Int64"})


def assert_same_frame(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    """``equals`` is fast on a 100k-row frame; pandas' own assert explains a mismatch."""
    if not frame.equals(expected):
        pd.testing.assert_frame_equal(frame, expected)
        pytest.fail("the frames differ in a way assert_frame_equal does not show")


def test_the_frame_of_100k_entries_equals_the_entries(ledger: Ledger) -> None:
    written = many(100_000)
    ledger.mark_pending(e for e in written if e.state == "pending")
    ledger.record_written(e for e in written if e.state == "ok")
    entries = ledger.entries()
    assert entries == sorted(written, key=lambda e: e.phone)
    frame = ledger.frame()
    assert_same_frame(frame, as_frame(entries))
    assert frame["name"].dtype == object
    assert frame["groups"].map(type).eq(tuple).all()  # type: ignore[arg-type]  # a type is a value


# -- every write is committed before it returns -------------------------------------

WRITES: dict[str, tuple[Callable[[Ledger], None], dict[str, tuple[object, ...]]]] = {
    "mark_pending": (
        lambda ledger: ledger.mark_pending([CARL]),
        {ANN.phone: (1001, '["VIP"]', "ok"), CARL.phone: (None, '["Customers"]', "pending")},
    ),
    "mark_replacing": (
        lambda ledger: ledger.mark_replacing([ANN.phone]),
        {ANN.phone: (1001, '["VIP"]', "replacing")},
    ),
    "record_written": (
        lambda ledger: ledger.record_written([BOB]),
        {ANN.phone: (1001, '["VIP"]', "ok"), BOB.phone: (1002, '["Customers","VIP"]', "ok")},
    ),
    "remove_groups": (
        lambda ledger: ledger.remove_groups(ANN.phone, ["VIP"]),
        {ANN.phone: (1001, "[]", "ok")},
    ),
    "forget": (lambda ledger: ledger.forget([ANN.phone]), {}),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_each_write_is_committed_when_it_returns(ledger: Ledger, path: Path, name: str) -> None:
    write, expected = WRITES[name]
    ledger.record_written([ANN])
    write(ledger)
    assert stored(path) == expected


def test_a_killed_process_leaves_every_returned_write_in_the_ledger(path: Path) -> None:
    """SIGKILL right after the writes: no close, no checkpoint, no cleanup of any kind."""
    script = f"""
import os, signal
from boolky_sync.sync.ledger import Ledger, LedgerEntry
ledger = Ledger({str(path)!r})
ledger.record_written([LedgerEntry("+447911123456", 1001, "Ann", groups=("VIP",))])
ledger.mark_pending([LedgerEntry("+12508682818", None, "Bob")])
ledger.record_written([LedgerEntry("+4915112345678", 1003)])
ledger.mark_replacing(["+4915112345678"])
os.kill(os.getpid(), signal.SIGKILL)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert not Path(f"{path}-wal").exists()  # every commit is in the file itself
    Path(f"{path}-journal").unlink()  # a side file deleted by hand after the kill loses nothing
    with Ledger(path) as ledger:
        assert [(e.phone, e.contact_id, e.state) for e in ledger.entries()] == [
            ("+12508682818", None, "pending"),
            ("+447911123456", 1001, "ok"),
            ("+4915112345678", 1003, "replacing"),
        ]


# -- threads -------------------------------------------------------------------------


def test_writes_from_many_threads_all_land(ledger: Ledger) -> None:
    threads_count, batches, size = 4, 25, 40
    start = threading.Barrier(threads_count)

    def work(worker: int) -> None:
        start.wait()
        for batch in range(batches):
            phones = [f"+1{worker}{batch:03d}{i:04d}" for i in range(size)]
            ledger.mark_pending(LedgerEntry(p, None) for p in phones)
            ledger.record_written(LedgerEntry(p, int(p[1:])) for p in phones[: size // 2])
            ledger.forget(phones[size // 2 : size // 2 + 5])

    threads = [threading.Thread(target=work, args=(w,)) for w in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    states = ledger.frame()["state"].value_counts().to_dict()
    assert states == {
        "ok": threads_count * batches * size // 2,
        "pending": threads_count * batches * (size // 2 - 5),
    }
    assert len(ledger) == threads_count * batches * (size - 5)


# -- against a model -----------------------------------------------------------------

PHONES = st.sampled_from(["+10000000001", "+10000000002", "+10000000003"])
GROUPS = st.lists(st.sampled_from(["A", "b", "B", "c"]), max_size=3).map(tuple)
ENTRIES = st.builds(
    LedgerEntry,
    phone=PHONES,
    contact_id=st.none() | st.integers(1, 9),
    name=st.none() | st.sampled_from(["Ann", "Bob"]),
    groups=GROUPS,
)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("mark_pending"), st.lists(ENTRIES, max_size=3)),
        st.tuples(st.just("mark_replacing"), st.lists(PHONES, max_size=3)),
        st.tuples(st.just("record_written"), st.lists(ENTRIES, max_size=3)),
        st.tuples(st.just("remove_groups"), st.tuples(PHONES, GROUPS)),
        st.tuples(st.just("forget"), st.lists(PHONES, max_size=3)),
    ),
    max_size=12,
)


def model_apply(model: dict[str, LedgerEntry], name: str, argument: Any) -> None:
    """The documented meaning of each write, on a plain dict."""
    if name == "mark_pending":
        for e in argument:
            model.setdefault(e.phone, replace(e, state="pending"))
    elif name == "mark_replacing":
        for p in argument:
            if p in model:
                model[p] = replace(model[p], state="replacing")
    elif name == "record_written":
        for e in argument:
            old_id = model[e.phone].contact_id if e.phone in model else None
            new_id = e.contact_id if e.contact_id is not None else old_id
            model[e.phone] = replace(e, contact_id=new_id, state="ok")
    elif name == "remove_groups":
        phone, groups = argument
        if phone in model:
            dropped = {g.casefold() for g in groups}
            kept = tuple(g for g in model[phone].groups if g.casefold() not in dropped)
            model[phone] = replace(model[phone], groups=kept)
    else:
        for p in argument:
            model.pop(p, None)


@settings(max_examples=150, deadline=None)
@given(OPERATIONS)
def test_any_sequence_of_writes_matches_the_documented_meaning(
    operations: list[tuple[str, Any]],
) -> None:
    model: dict[str, LedgerEntry] = {}
    with Ledger(None) as ledger:
        for name, argument in operations:
            if name == "remove_groups":
                ledger.remove_groups(*argument)
            else:
                getattr(ledger, name)(argument)
            model_apply(model, name, argument)
        expected = [model[p] for p in sorted(model)]
        assert ledger.entries() == expected
        assert_same_frame(ledger.frame(), as_frame(expected))


# -- the ids it owns -----------------------------------------------------------------


def test_every_id_written_for_a_phone_is_kept_until_the_phone_is_forgotten(
    ledger: Ledger,
) -> None:
    ledger.mark_pending([CARL])
    assert ledger.ids_of(CARL.phone) == ()  # a claim is not a contact yet
    ledger.record_written([ANN, BOB])
    ledger.record_written([replace(ANN, contact_id=2001), replace(BOB, contact_id=None)])
    assert ledger.get(ANN.phone) == replace(ANN, contact_id=2001)
    assert (ledger.ids_of(ANN.phone), ledger.ids_of(BOB.phone)) == ((1001, 2001), (1002,))
    owned = ledger.owned()
    assert list(owned.itertuples(index=False, name=None)) == [
        (BOB.phone, 1002),
        (ANN.phone, 1001),
        (ANN.phone, 2001),
    ]
    assert owned["contact_id"].dtype == "int64"
    ledger.forget([ANN.phone])
    assert ledger.ids_of(ANN.phone) == ()
    assert len(ledger.owned()) == 1


def test_the_kept_frame_follows_every_write_of_this_and_of_another_connection(
    path: Path,
) -> None:
    """``frame`` is kept between calls; a stale one would plan against an old ledger."""
    with Ledger(path) as ledger, Ledger(path) as other:
        ledger.record_written([LedgerEntry("+4915112345678", 1, name="Ann")])
        first = ledger.frame()
        first.loc[0, "name"] = "changed by the caller"
        assert ledger.frame()["name"].tolist() == ["Ann"]  # each caller has its own copy
        ledger.record_written([LedgerEntry("+4915112345679", 2, name="Ben")])
        assert ledger.frame()["name"].tolist() == ["Ann", "Ben"]  # its own write
        other.forget(["+4915112345678"])
        assert ledger.frame()["name"].tolist() == ["Ben"]  # another connection's write
