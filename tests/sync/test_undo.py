"""The inverse of a run, planned from its journal records against an account: what a
mirror deleted comes back with its groups (a group gone since is made again), a removal
is put back, and what failed or changed since is left alone."""

from __future__ import annotations

from boolky_sync.api.records import ALL_GROUP_ID, Account, Contact, Group
from boolky_sync.sync.changes import Change
from boolky_sync.sync.journal import Outcome
from boolky_sync.sync.undo import CHANGED_SINCE, inverse_plan

ANN, BEN, CAT = "+447911000001", "+447911000002", "+447911000003"


def state(name: str, *groups: str, mail: str | None = None) -> dict[str, object]:
    return {"name": name, "gender": None, "mail": mail, "birthday": None, "groups": sorted(groups)}


def test_a_mirror_run_is_undone_as_far_as_it_landed() -> None:
    account = Account(
        contacts=[
            Contact(10, "Ben", BEN, (ALL_GROUP_ID,)),  # removed from Members by the run
            Contact(11, "Cat by hand", CAT, (ALL_GROUP_ID, 7)),  # renamed since the run
        ],
        groups=[Group(ALL_GROUP_ID, "All"), Group(7, "Members")],
    )
    changes = [
        Change("delete", ANN, 9, None, state("Ann", "Vip", mail="a@example.com"), None),
        Change("remove", BEN, 10, "Members", state("Ben", "Members"), state("Ben")),
        Change("update", CAT, 11, None, state("Cat", "Members"), state("Cat B", "Members")),
        Change("remove", "+447911000004", 12, "Members", state("Dan", "Members"), state("Dan")),
    ]
    outcomes = [
        Outcome("delete", ANN, 9, None, True),
        Outcome("remove", BEN, 10, "Members", True),
        Outcome("update", CAT, 11, None, True),
        Outcome("remove", "+447911000004", 12, "Members", False, "serverError"),
    ]
    undo = inverse_plan(5, changes, outcomes, account)
    plan = undo.plan
    (ann,) = plan.creates
    assert (ann.record.name, ann.record.mail, ann.groups) == ("Ann", "a@example.com", ("Vip",))
    assert plan.create_groups == ["Vip"]  # gone from Boolky: made again for her
    (ben,) = plan.updates
    assert (ben.contact_id, ben.add_groups, ben.changes) == (10, ("Members",), {})
    assert not plan.deletes and not plan.removals  # Dan's removal failed: nothing to undo
    assert undo.left == {CAT: CHANGED_SINCE}
    assert plan.notes == ["undo of run 5"]
