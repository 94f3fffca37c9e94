"""Which writes of a run a retry sends again, read from the journal's changes and outcomes."""

from __future__ import annotations

from boolky_sync.sync.changes import Change
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.retry import leftovers, retry_options


def _state(name: str, *groups: str) -> dict[str, object]:
    return {"name": name, "gender": 1, "mail": None, "birthday": None, "groups": list(groups)}


CHANGES = [
    Change("create_group", None, None, "CRM", None, None),
    Change("create", "+447911000001", None, None, None, _state("Landed", "CRM")),
    Change("create", "+447911000002", None, None, None, _state("Refused", "CRM")),
    Change("update", "+447911000003", 7, None, _state("Old"), _state("Never sent", "CRM")),
    Change("remove", "+447911000004", 8, "CRM", _state("A", "CRM"), _state("A")),
    Change("remove", "+447911000004", 8, "VIP", _state("A", "VIP"), _state("A")),
    Change("delete", "+447911000005", 9, None, _state("B"), None),
]
OUTCOMES = [
    Outcome("create_group", None, 1, "CRM", True),
    Outcome("create", "+447911000001", 11, None, True),
    Outcome("create", "+447911000002", None, None, False, "internalError"),
    Outcome("remove", "+447911000004", 8, "CRM", True),
    Outcome("delete", "+447911000005", 9, None, False, "internalError"),
]


def test_what_did_not_land_is_left_and_what_landed_is_not() -> None:
    left = leftovers(4, CHANGES, OUTCOMES)

    assert left.desired["phone"].tolist() == ["+447911000002", "+447911000003"]
    assert left.desired["name"].tolist() == ["Refused", "Never sent"]
    assert left.desired["groups"].tolist() == [("CRM",), ("CRM",)]
    assert left.desired["gender"].tolist() == [1, 1]
    assert [(c.phone, c.group) for c in left.removals] == [("+447911000004", "VIP")]
    assert [c.contact_id for c in left.deletes] == [9]
    assert left.count == 4


def test_a_write_that_landed_in_one_batch_and_failed_in_another_is_left() -> None:
    twice = [*OUTCOMES, Outcome("create", "+447911000001", None, None, False, "internalError")]

    assert "+447911000001" in leftovers(4, CHANGES, twice).desired["phone"].tolist()


def test_a_run_whose_writes_all_landed_leaves_nothing() -> None:
    landed = [
        Outcome(c.op, c.phone, c.contact_id, c.group, True) for c in CHANGES if c.op != "create"
    ] + [Outcome("create", c.phone, 1, None, True) for c in CHANGES if c.op == "create"]

    assert leftovers(4, CHANGES, landed).count == 0


def test_a_mirror_is_retried_as_an_upsert_and_the_others_as_they_are() -> None:
    assert retry_options(SyncOptions(mode="mirror")).mode == "upsert"
    assert retry_options(SyncOptions(mode="insert")).mode == "insert"
