"""The normalize cache as commands use it: a pipeline keeps one in its state folder,
``[normalize] cache = false`` and ``--no-cache`` leave it alone, ``normalize`` keeps one
only in ``--cache-dir``; the API key never reaches it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from boolky_sync.normalize.cache import CACHE_FILE
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import KEY, api_env, invoke, summary_of, uk_mobiles, write_contacts

PEOPLE = [(f"Person {n}", phone) for n, phone in enumerate(uk_mobiles(8))] + [("Bad", "12")]


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


def pipeline(root: Path, normalize: str = "") -> Path:
    write_contacts(root / "crm.csv", PEOPLE)
    path = root / "nightly.toml"
    path.write_text(
        f'[source]\npath = "crm.csv"\n[normalize]\ndefault_region = "GB"\n{normalize}\n',
        encoding="utf-8",
    )
    return path


def readings(cache: Path) -> int:
    """Values and rows kept: the readings, and the texts of the row tables."""
    with sqlite3.connect(cache) as db:
        values = int(db.execute("SELECT count(*) FROM readings").fetchone()[0])
    return values + len(kept_rows(cache))


def kept_rows(cache: Path) -> list[str]:
    """Every text of the row tables (kept compressed, so not to be found in the raw bytes)."""
    with sqlite3.connect(cache) as db:
        tables = [pa.ipc.open_stream(data).read_all() for (data,) in db.execute(
            "SELECT data FROM row_data")]  # fmt: skip
    return [str(v) for t in tables for c in t.columns for v in c.to_pylist()]


def test_a_pipeline_run_keeps_readings_in_its_state_folder_and_no_key(
    tmp_path: Path, box: Sandbox
) -> None:
    file = pipeline(tmp_path)
    first = invoke("run", file, "--base-url", box.url, "--json", env=api_env())
    assert first.exit_code == 0, first.output
    cache = tmp_path / ".boolky-sync" / CACHE_FILE
    assert readings(cache) > 0
    again = invoke("run", file, "--base-url", box.url, "--json", env=api_env())
    assert again.exit_code == 0, again.output
    assert summary_of(again)["rejected"] == summary_of(first)["rejected"] == {"phone_invalid": 1}
    stored = b"".join(p.read_bytes() for p in cache.parent.glob(CACHE_FILE + "*"))
    assert "+447911000003" in kept_rows(cache)
    assert KEY.encode() not in stored
    assert not [text for text in kept_rows(cache) if KEY in text]


@pytest.mark.parametrize(
    ("normalize", "flags"), [("cache = false", []), ("", ["--no-cache"])], ids=["key", "flag"]
)
def test_cache_false_or_no_cache_leaves_the_state_folder_without_one(
    tmp_path: Path, box: Sandbox, normalize: str, flags: list[str]
) -> None:
    file = pipeline(tmp_path, normalize)
    result = invoke("run", file, "--base-url", box.url, *flags, env=api_env())
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".boolky-sync").is_dir()
    assert not (tmp_path / ".boolky-sync" / CACHE_FILE).exists()


def test_a_cache_key_that_is_no_boolean_is_refused(tmp_path: Path) -> None:
    result = invoke("validate", pipeline(tmp_path, 'cache = "yes"'))
    assert result.exit_code == 2, result.output
    assert "cache" in result.stderr


def test_import_no_cache_keeps_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_contacts(tmp_path / "people.csv", PEOPLE)
    flagged = invoke("import", "people.csv", "--region", "GB", "--dry-run", "--no-cache")
    assert flagged.exit_code == 0, flagged.output
    assert not (tmp_path / ".boolky-sync" / CACHE_FILE).exists()
    cached = invoke("import", "people.csv", "--region", "GB", "--dry-run")
    assert cached.exit_code == 0, cached.output
    assert readings(tmp_path / ".boolky-sync" / CACHE_FILE) > 0


def test_normalize_keeps_a_cache_only_in_the_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_contacts(tmp_path / "people.csv", PEOPLE)
    plain = invoke("normalize", "people.csv", "--region", "GB", "--json")
    assert plain.exit_code == 0, plain.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]
    skipped = invoke("normalize", "people.csv", "--region", "GB", "--cache-dir", "c", "--no-cache")
    assert skipped.exit_code == 0, skipped.output
    assert not (tmp_path / "c").exists()
    for _ in range(2):
        cached = invoke("normalize", "people.csv", "--region", "GB", "--cache-dir", "c", "--json")
        assert cached.exit_code == 0, cached.output
        assert summary_of(cached) == summary_of(plain)
    assert readings(tmp_path / "c" / CACHE_FILE) > 0
