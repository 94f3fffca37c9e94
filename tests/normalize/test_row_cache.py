"""The row cache: a warm run reads only the rows it has not seen, and gets what a cold run gets."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boolky_sync.normalize import NormalizeOptions, normalize, row_cache
from boolky_sync.normalize import cache as cache_module
from boolky_sync.normalize.cache import CACHE_FILE, using_cache
from boolky_sync.normalize.row_cache import Kind, row_keys, through_rows
from tests.kill import kill_when
from tests.normalize.sources import mapping, source
from tests.normalize.test_properties import SETTINGS

ROOT = Path(__file__).resolve().parents[2]
KINDS: dict[str, Kind] = {"said": "text", "parts": "texts"}


def reading(cell: Any, other: Any) -> tuple[str | None, tuple[str, ...]]:
    """A reading that depends on the row's two cells only, as a phone reading does."""
    if cell is None:
        return None, ()
    text = f"{type(cell).__name__}:{cell}|{other}"
    return text, tuple(text.split("|"))


class Reader:
    """``through_rows``' read: it reads the rows asked for, and remembers which."""

    def __init__(self, cells: list[pd.Series]) -> None:
        self.cells = cells
        self.asked: list[int] = []

    def __call__(self, positions: np.ndarray) -> dict[str, np.ndarray]:
        self.asked += positions.tolist()
        found = [reading(self.cells[0].iloc[p], self.cells[1].iloc[p]) for p in positions]
        said = np.array([s for s, _ in found] or [], dtype=object)
        parts = pd.Series([p for _, p in found], dtype=object).to_numpy()
        return {"said": said, "parts": parts}


def through(path: Path | None, first: list[Any], second: list[Any]) -> tuple[Any, list[int]]:
    cells = [pd.Series(first, dtype=object), pd.Series(second, dtype=object)]
    read = Reader(cells)
    with using_cache(path):
        out = through_rows("test space", cells, KINDS, read)
    return out, read.asked


def plain(out: dict[str, np.ndarray]) -> list[list[Any]]:
    """The columns as lists of (type, value), so a str that came back as another type shows."""
    return [[(type(v).__name__, v) for v in out[name]] for name in KINDS]


CELLS = st.one_of(
    st.none(), st.sampled_from(["", "None", "1", "a|b", "ä", "x\x1fy"]), st.integers(0, 2)
)
ROWS = st.lists(st.tuples(CELLS, CELLS), max_size=30)


@SETTINGS
@given(ROWS, ROWS)
def test_a_warm_read_gives_exactly_the_cold_readings(
    tmp_path_factory: pytest.TempPathFactory, before: list[Any], now: list[Any]
) -> None:
    path = tmp_path_factory.mktemp("rows") / CACHE_FILE
    columns = [[a for a, _ in before + now], [b for _, b in before + now]]
    through(path, [a for a, _ in before], [b for _, b in before])
    warm, asked = through(path, *columns)
    cold, _ = through(None, *columns)
    assert plain(warm) == plain(cold)
    again, asked_again = through(path, *columns)
    assert plain(again) == plain(cold)
    keepable = all(item and "\x1f" not in item for parts in cold["parts"] for item in parts)
    if keepable:  # else the readings are never kept, and read each time
        assert asked_again == []
    assert len(asked) <= len(columns[0])


def test_a_warm_run_reads_only_the_rows_it_has_not_seen(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    first = [f"+49 151 {n:08d}" for n in range(1000)]
    labels = ["mobile"] * 1000
    _, asked = through(path, first, labels)
    assert asked == list(range(1000))
    changed: list[str | None] = [*first]
    changed[10], changed[500] = "+49 151 99999999", None
    out, asked = through(path, changed, labels)
    assert asked == [10, 500]
    assert out["said"][10] == "str:+49 151 99999999|mobile"
    assert out["said"][500] is None and out["parts"][500] == ()
    assert out["parts"][11] == ("str:+49 151 00000011", "mobile")
    _, asked = through(path, first, labels)  # the rows of both runs are kept
    assert asked == []


def test_none_and_its_text_and_a_number_and_its_text_hash_apart() -> None:
    cells = [pd.Series([None, "None", 1, "1", "", np.nan], dtype=object)]
    first, second = row_keys(cells)
    assert len(set(first.tolist())) == 5  # None and NaN are both a missing cell
    assert len(set(second.tolist())) == 5
    assert first[0] == first[5]
    swapped = row_keys([pd.Series(["a", "b"]), pd.Series(["b", "a"])])
    assert swapped[0][0] != swapped[0][1]  # the column a cell is in counts


def test_a_column_of_distinct_texts_hashes_as_one_of_few_does() -> None:
    """Mostly distinct texts (phones) are hashed whole, a column of few per distinct cell:
    the same text gives the same key either way, and a None far down a column of texts
    still hashes apart from "None"."""
    many = [f"+4915100{i:06d}" for i in range(3_000)]
    distinct = pd.Series([*many, "None", None, "x", "x"], dtype=object)
    few = pd.Series([["a", "b"][i % 2] for i in range(3_000)] + ["None", None, "x", "x"])
    keys, few_keys = row_keys([distinct]), row_keys([few])
    assert keys[0][-1] == keys[0][-2] == few_keys[0][-1]  # "x", whichever way it was hashed
    assert keys[0][-4] == few_keys[0][-4] and keys[0][-4] != keys[0][-3]  # "None" vs None
    assert len(set(keys[0][:3_000].tolist())) == 3_000
    texts_only = pd.Series(many, dtype=object)
    assert (row_keys([texts_only])[1] == keys[1][:3_000]).all()


def test_a_reading_that_would_not_come_back_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    # a part holding the separator, an empty part: the run's rows are read, not kept
    for first, second in (([1, 2], ["x\x1fy", "z"]), ([None, "a"], ["", ""])):
        through(path, first, second)
        _, asked = through(path, first, second)
        assert asked == [0, 1]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM row_data").fetchone() == (0,)
    through(path, ["a"], ["b"])
    assert through(path, ["a"], ["b"])[1] == []


def test_a_broken_or_foreign_table_is_passed_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / CACHE_FILE
    cells = (["a", "b"], ["c", "d"])
    cold, _ = through(None, *cells)
    through(path, *cells)
    for data in (b"no arrow stream", b""):
        with sqlite3.connect(path) as db:
            db.execute("UPDATE row_data SET data = ?", (data,))
        with caplog.at_level(logging.WARNING):
            out, asked = through(path, *cells)
        assert asked == [0, 1] and plain(out) == plain(cold)
        assert "kept rows not read" in caplog.text
        caplog.clear()


def test_a_table_keeps_earlier_rows_up_to_its_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / CACHE_FILE
    monkeypatch.setattr(row_cache, "MAX_ROWS", 5)
    through(path, ["a", "b", "c"], ["x", "x", "x"])
    through(path, ["d"], ["x"])  # 1 + 3 earlier: all kept
    _, asked = through(path, ["a", "d"], ["x", "x"])
    assert asked == []
    through(path, ["e", "f", "g"], ["x", "x", "x"])  # 3 + 4 earlier > 5: only these
    _, asked = through(path, ["a", "e"], ["x", "x"])
    assert asked == [0]
    monkeypatch.setattr(row_cache, "SPARE", 0)
    monkeypatch.setattr(row_cache, "MAX_ROWS", 100)
    through(path, [f"r{n}" for n in range(10)], ["x"] * 10)  # 3 + 10 > 2 x 10: only these
    through(path, ["s"], ["x"])  # 10 + 1 > 2 x 1: a small run's table is its own rows
    _, asked = through(path, ["r0", "s"], ["x", "x"])
    assert asked == [0]


def test_only_the_tables_used_last_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / CACHE_FILE
    monkeypatch.setattr(cache_module, "ROW_TABLES", 2)
    cells = [pd.Series(["a"], dtype=object)]
    for space in ("one", "two", "three"):
        with using_cache(path):
            through_rows(space, cells, {"said": "text"}, lambda at: {"said": np.array(["x"])})
    with sqlite3.connect(path) as db:
        kept = sorted(space for (space,) in db.execute("SELECT space FROM row_tables"))
    assert kept == ["three", "two"]


def test_the_stage_keeps_phone_rows_in_a_space_of_its_options(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    phones = ["+49 151 23456701", "0151 23456702", "0301234567", "fax 12", "", "+1 202 555 0147"]
    table = source({"Phone": phones, "Name": [f"P{n}" for n in range(6)]})
    for region in ("DE", "GB", "DE"):
        chosen = NormalizeOptions(default_region=region)
        warm = normalize(table, mapping(["Phone"], name="Name"), chosen, path)
        cold = normalize(table, mapping(["Phone"], name="Name"), chosen, None)
        pd.testing.assert_frame_equal(warm.contacts, cold.contacts)
        pd.testing.assert_frame_equal(warm.rejects, cold.rejects)
    with sqlite3.connect(path) as db:
        kept = [space for (space,) in db.execute("SELECT space FROM row_tables")]
    assert len(kept) == 2
    assert all(space.startswith("phone rows|('") for space in kept)
    assert {space.split("'")[1] for space in kept} == {"DE", "GB"}


ROW_WRITER = """
import sys
from pathlib import Path
import numpy as np, pandas as pd
from boolky_sync.normalize.cache import using_cache
from boolky_sync.normalize.row_cache import through_rows
path = Path(sys.argv[1])
with using_cache(path):  # one connection throughout: its WAL stays till it is killed
    for run in range(10_000):
        cells = [pd.Series([f"{run}-{n}" for n in range(20_000)], dtype=object)]
        through_rows("s", cells, {"said": "text"}, lambda at: {"said": cells[0].to_numpy()[at]})
        print(run, flush=True)
"""


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def test_a_writer_killed_mid_write_leaves_a_row_table_that_reads(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(ROW_WRITER), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    wal = path.with_name(path.name + "-wal")
    kill_when(proc, lambda: size(wal) > 4_000_000, seconds=120)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with using_cache(path) as cache:
        assert cache is not None
        data = cache.row_table("s")
    assert data is not None
    said = pa.ipc.open_stream(data).read_all().column("said").to_pylist()
    run = said[0].split("-")[0]  # one whole run's rows, and maybe earlier ones after them
    assert said[:20_000] == [f"{run}-{n}" for n in range(20_000)]
    assert len(said) % 20_000 == 0
