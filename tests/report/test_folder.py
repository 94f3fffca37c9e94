"""The run folder: named by time and pipeline, unique, private; ``latest`` follows the newest."""

from __future__ import annotations

import stat
from datetime import datetime
from pathlib import Path

import pytest

from boolky_sync.report.folder import (
    folder_name,
    make_run_folder,
    open_private,
    point_latest,
    write_private,
)

WHEN = datetime(2026, 3, 1, 2, 30, 5)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_folder_is_named_by_start_and_pipeline_and_private(tmp_path: Path) -> None:
    run = make_run_folder(tmp_path / "reports", "nightly_crm_sync", WHEN)
    assert run == tmp_path / "reports" / "20260301-023005-nightly_crm_sync"
    assert run.is_dir() and not any(run.iterdir())
    assert mode(run) == 0o700
    assert mode(tmp_path / "reports") == 0o700  # made here, so made private


def test_two_runs_in_the_same_second_get_folders_of_their_own(tmp_path: Path) -> None:
    runs = [make_run_folder(tmp_path, "nightly", WHEN) for _ in range(3)]
    assert [r.name for r in runs] == [
        "20260301-023005-nightly",
        "20260301-023005-nightly-2",
        "20260301-023005-nightly-3",
    ]
    assert sorted(runs) == runs  # they sort in the order they were made


@pytest.mark.parametrize(
    ("pipeline", "expected"),
    [("nightly", "nightly"), ("../../etc", "etc"), ("my import", "my_import"), ("..", "run")],
)
def test_a_pipeline_name_cannot_leave_the_report_folder(pipeline: str, expected: str) -> None:
    assert folder_name(pipeline) == expected


def test_latest_is_a_relative_link_to_the_newest_run(tmp_path: Path) -> None:
    first = make_run_folder(tmp_path, "nightly", WHEN)
    point_latest(tmp_path, first)
    second = make_run_folder(tmp_path, "nightly", WHEN)
    (second / "summary.json").write_text("{}")
    latest = point_latest(tmp_path, second)
    assert latest.is_symlink()
    assert latest.readlink() == Path(second.name)
    assert latest.resolve() == second.resolve()
    assert (latest / "summary.json").read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name, "latest"])


def test_without_links_latest_is_a_copy_and_a_link_replaces_it_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = make_run_folder(tmp_path, "nightly", WHEN)
    write_private(run / "summary.json", b'{"rows": 1}')

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("symbolic links are not supported here")

    with monkeypatch.context() as patch:
        patch.setattr(Path, "symlink_to", refuse)
        latest = point_latest(tmp_path, run)
        assert latest.is_dir() and not latest.is_symlink()
        assert (latest / "summary.json").read_bytes() == b'{"rows": 1}'
        assert mode(latest) == 0o700 and mode(latest / "summary.json") == 0o600
        newer = make_run_folder(tmp_path, "nightly", WHEN)
        write_private(newer / "summary.json", b'{"rows": 2}')
        point_latest(tmp_path, newer)  # a copy replaces a copy
        assert (latest / "summary.json").read_bytes() == b'{"rows": 2}'

    point_latest(tmp_path, run)  # links work again: the copy gives way to a link
    assert latest.is_symlink() and latest.resolve() == run.resolve()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_private_files_are_made_for_their_owner_only(tmp_path: Path) -> None:
    loose = tmp_path / "loose.txt"
    loose.write_text("old")
    loose.chmod(0o644)
    with open_private(loose) as out:
        out.write(b"new")
    assert loose.read_bytes() == b"new"
    assert mode(loose) == 0o600
    assert mode(write_private(tmp_path / "new.txt", b"x")) == 0o600
