"""The suppression list's store: one list per Boolky, removals kept as history."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from boolky_sync.suppression import (
    DELETED_ON_BOOLKY,
    Entry,
    SuppressionList,
    obeyed,
    record_remote_deletions,
    suppression_path,
)

SANDBOX, REAL = "sandbox /state/sandbox.sqlite", "https://api.boolky.example"


def test_an_entry_is_listed_once_per_source_and_kept_after_reopening(tmp_path: Path) -> None:
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    with SuppressionList(tmp_path, SANDBOX) as listed:
        first = listed.add_many(
            [
                Entry("+447911000001", "STOP", "file", file="stop.csv", row=2, when=when),
                Entry("+447911000001", "STOP", "file", file="stop.csv", row=3),
                Entry("+447911000002", "asked on the phone", "command"),
            ]
        )
        assert (first.added, first.already) == (
            ["+447911000001", "+447911000002"],
            ["+447911000001"],
        )
    with SuppressionList(tmp_path, SANDBOX) as again:
        (one, two) = again.entries()
        assert (one.phone, one.file, one.row, one.added) == (
            "+447911000001",
            "stop.csv",
            2,
            "2026-03-01T09:30:00+00:00",
        )
        assert two.source == "command"
    assert suppression_path(tmp_path).stat().st_mode & 0o777 == 0o600


def test_each_boolky_has_its_own_list_in_the_one_file(tmp_path: Path) -> None:
    with SuppressionList(tmp_path, SANDBOX) as sandbox, SuppressionList(tmp_path, REAL) as real:
        sandbox.add_many([Entry("+447911000001", "STOP", "command")])
        assert real.phones() == frozenset()
        assert sandbox.phones() == {"+447911000001"}


def test_removal_closes_every_open_entry_and_keeps_them_as_history(tmp_path: Path) -> None:
    with SuppressionList(tmp_path, SANDBOX) as listed:
        listed.add_many(
            [
                Entry("+447911000001", DELETED_ON_BOOLKY, "remote deletion", pipeline="crm"),
                Entry("+447911000001", "STOP", "command"),  # restoring pipelines obey this
                Entry("+447911000001", DELETED_ON_BOOLKY, "remote deletion", pipeline="web"),
            ]
        )
        assert listed.remove("+447911000001", "subscribed again at the counter") == 2
        assert listed.remove("+447911000001", "twice") == 0
        assert listed.phones() == frozenset() and listed.entries() == []
        history = listed.entries(history=True)
        assert [(h.source, h.removed_reason) for h in history] == [
            ("remote deletion", "subscribed again at the counter"),
            ("command", "subscribed again at the counter"),
        ]
        assert all(h.removed for h in history)
        again = listed.add_many([Entry("+447911000001", "STOP again", "command")])
        assert again.added == ["+447911000001"]


def test_a_pipeline_that_restores_neither_feeds_nor_obeys_deletions(tmp_path: Path) -> None:
    with SuppressionList(tmp_path, SANDBOX) as listed:
        assert record_remote_deletions(listed, ["+447911000009"], "crm", "restore").added == []
        record_remote_deletions(listed, ["+447911000001"], "crm", "respect")
        listed.add_many([Entry("+447911000002", "STOP", "command")])
        assert obeyed(listed, "respect") == {"+447911000001", "+447911000002"}
        assert obeyed(listed, "restore") == {"+447911000002"}
        (deleted,) = [e for e in listed.entries() if e.source == "remote deletion"]
        assert (deleted.reason, deleted.pipeline) == (DELETED_ON_BOOLKY, "crm")


@pytest.mark.parametrize("phone", ["07911 123456", "+44 7911 123456", ""])
def test_only_e164_numbers_go_on_the_list(tmp_path: Path, phone: str) -> None:
    with SuppressionList(tmp_path, SANDBOX) as listed:
        with pytest.raises(ValueError, match="not a suppression entry"):
            listed.add_many([Entry(phone, "STOP", "command")])
        assert listed.entries() == []
