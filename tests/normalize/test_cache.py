"""The normalize cache: invisible in results, invalidated by options and versions, bounded,
and safe with a writer killed mid-write or two writing at once (real processes)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.normalize import Normalized, NormalizeOptions, normalize
from boolky_sync.normalize import cache as cache_module
from boolky_sync.normalize.cache import CACHE_FILE, ReadingCache
from tests.kill import kill_when
from tests.normalize.sources import mapping, source
from tests.normalize.test_properties import COLUMNS, FIELDS, PHONE_COLUMNS, SETTINGS, options

ROOT = Path(__file__).resolve().parents[2]


def run(table_rows: list[tuple[str, ...]], chosen: NormalizeOptions, cache: Path | None) -> Any:
    columns = {name: [row[i] for row in table_rows] for i, name in enumerate(COLUMNS)}
    return normalize(source(columns), mapping(PHONE_COLUMNS, **FIELDS), chosen, cache)


def everything(result: Normalized) -> list[list[Any]]:
    """Every frame of the result as plain rows, with its column names and dtypes."""
    frames = (result.contacts, result.rejects, result.warnings, result.merges)
    return [
        [list(f.columns), [str(t) for t in f.dtypes], f.astype(object).values.tolist()]
        for f in frames
    ] + [[result.stats.as_dict(), sorted(result.carried)]]


def entries(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM readings").fetchone()[0])


# Two sets of rows: the second run sees the first's readings and new ones alike.
tables = st.lists(st.tuples(*(st.sampled_from(values) for values in COLUMNS.values())), max_size=25)


@SETTINGS
@given(tables, tables, options)
def test_a_warm_run_gives_exactly_what_a_cold_run_gives(
    first: list[tuple[str, ...]], second: list[tuple[str, ...]], chosen: NormalizeOptions
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / CACHE_FILE
        assert everything(run(first, chosen, cache)) == everything(run(first, chosen, None))
        warm = run(first + second, chosen, cache)  # first's readings stored, second's maybe not
        assert everything(warm) == everything(run(first + second, chosen, None))
        again = run(first + second, chosen, cache)
        assert everything(again) == everything(warm)


PEOPLE = [(f"+49 151 234567{n:02d}", f"Person {n}", f"p{n}@EXAMPLE.org") for n in range(30)]


def people_table() -> Any:
    return source(
        {
            "Phone": [p for p, _, _ in PEOPLE],
            "Name": [n for _, n, _ in PEOPLE],
            "Mail": [m for _, _, m in PEOPLE],
            "Gender": ["Frau", "Herr", "x"] * 10,
        }
    )


def people(cache: Path | None, chosen: NormalizeOptions | None = None) -> Normalized:
    table = people_table()
    return normalize(table, mapping(["Phone"], name="Name", email="Mail", gender="Gender"),
                     chosen, cache)  # fmt: skip


def spaces(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [name for (name,) in db.execute("SELECT name FROM spaces ORDER BY id")]


def test_a_second_run_reads_its_values_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / CACHE_FILE
    cold = people(cache)
    stored = entries(cache)
    assert stored > 0
    assert everything(people(cache)) == everything(cold)
    assert entries(cache) == stored  # nothing new to read


def test_a_changed_option_reads_in_a_space_of_its_own(tmp_path: Path) -> None:
    cache = tmp_path / CACHE_FILE
    people(cache, NormalizeOptions(default_region="DE"))
    before = spaces(cache)
    changed = people(cache, NormalizeOptions(default_region="GB", gender_spellings={"x": 1}))
    after = spaces(cache)
    assert len(after) > len(before)
    with sqlite3.connect(cache) as db:
        rows = [space for (space,) in db.execute("SELECT space FROM row_tables")]
    assert [s for s in rows if s.startswith("phone rows|('GB'")]
    assert [s for s in after if "'x': 1" in s]
    assert everything(changed) == everything(
        people(None, NormalizeOptions(default_region="GB", gender_spellings={"x": 1}))
    )
    assert changed.contacts["gender"].tolist().count(1) == 20  # Herr and x


def test_a_new_library_version_never_sees_old_readings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / CACHE_FILE
    people(cache)
    old, old_spaces = entries(cache), spaces(cache)
    monkeypatch.setattr(cache_module, "versions", lambda: "phonenumbers=99.0")
    assert everything(people(cache)) == everything(people(None))
    assert entries(cache) == 2 * old  # every reading made again, under the new versions
    new = [s for s in spaces(cache) if s not in old_spaces]
    assert len(new) == len(old_spaces)
    assert all(s.endswith("|phonenumbers=99.0") for s in new)


def test_the_cache_is_bounded_and_keeps_the_readings_used_last(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    with ReadingCache(path, max_entries=100) as first:
        first.store("s", [(f"old{n}", "[1]") for n in range(80)])
    with ReadingCache(path, max_entries=100) as second:
        second.store("s", [(f"new{n}", "[2]") for n in range(80)])
        assert entries(path) <= 100
        kept = second.found("s", [f"new{n}" for n in range(80)])
    assert len(kept) == 80  # the older run's readings went first
    assert entries(path) == 90


def test_the_cache_file_holds_no_key_and_is_the_owners_alone(tmp_path: Path) -> None:
    cache = tmp_path / CACHE_FILE
    people(cache)
    assert (cache.stat().st_mode & 0o777) == 0o600
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"gender_unknown" in data  # the readings are there, and nothing else
    with sqlite3.connect(cache) as db:
        (kept,) = db.execute("SELECT data FROM row_data").fetchone()
    phones = pa.ipc.open_stream(kept).read_all().column("phone").to_pylist()
    assert "+4915123456703" in phones  # the rows' readings, compressed
    assert b"api_key" not in data.lower()


WRITER = """
import sys
from pathlib import Path
from boolky_sync.normalize.cache import ReadingCache
path, tag, batches = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with ReadingCache(path) as cache:
    for batch in range(batches):
        cache.store("s", [(f"{tag}{batch}-{n}", f'["{tag}", {n}]') for n in range(2000)])
        print(batch, flush=True)
"""


def writer(path: Path, tag: str, batches: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WRITER), str(path), tag, str(batches)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_writer_killed_mid_write_leaves_a_cache_that_reads(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    proc = writer(path, "k", 100_000)
    wal = path.with_name(path.name + "-wal")
    kill_when(proc, lambda: wal.exists() and wal.stat().st_size > 2_000_000, seconds=120)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with ReadingCache(path) as cache:
        found = cache.found("s", ["k0-0", "k0-1999"])
        assert found == {"k0-0": '["k", 0]', "k0-1999": '["k", 1999]'}
        cache.store("s", [("after", "[0]")])
        assert cache.found("s", ["after"]) == {"after": "[0]"}
    counted = entries(path)
    assert counted % 2000 == 1  # whole batches only, and the one written after


def test_two_processes_write_one_cache_at_once(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    ReadingCache(path).close()  # made first, as the first run of a state folder makes it
    procs = [writer(path, tag, 40) for tag in ("a", "b")]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        assert out.decode().split() == [str(n) for n in range(40)]
    assert entries(path) == 2 * 40 * 2000
    with ReadingCache(path) as cache:
        assert len(cache.found("s", [f"{t}39-1999" for t in "ab"])) == 2


def test_a_cache_file_that_is_no_cache_is_passed_over(tmp_path: Path) -> None:
    cache = tmp_path / CACHE_FILE
    cache.write_text("this is no SQLite file\n" * 100)
    assert everything(people(cache)) == everything(people(None))


def test_the_cache_changes_nothing_in_the_warnings_texts_and_rows(tmp_path: Path) -> None:
    cache = tmp_path / CACHE_FILE
    cold = people(cache)
    warm = people(cache)
    assert not warm.warnings.empty
    pd.testing.assert_frame_equal(warm.warnings, cold.warnings)
