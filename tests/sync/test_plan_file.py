"""The plan file: it loads back equal, is the same bytes for the same plan, is readable by its
owner only, holds no key, and a plan made from a Boolky that has changed since is refused."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.errors import EXIT_SAFETY, InputError, SafetyError
from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.model import PLAN_VERSION, Plan
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.run import check_fresh, plan_sync
from tests.sync.support import EVERY_FIELD, KEY, by_hand, contact, desired, sync

OPTIONS = SyncOptions(
    mode="mirror", managed_groups=("CRM",), delete_contacts=True, allow_mass_delete=True
)
FIRST = [contact(n, f"Person {n}", groups=("CRM",)) for n in range(6)]
SECOND = [
    contact(1, "Ann Lee", gender=2, mail="ann@example.org", groups=("CRM",)),
    contact(2, "Person 2", birthday="13-04-1993", groups=("CRM", "VIP")),
    contact(3, "Person 3"),
    contact(4, "Person 4", groups=("CRM",)),
    contact(10, "Zoë Ünal", groups=("CRM", "New")),
]


@pytest.fixture
def plan(box: Sandbox, client: BoolkyClient, book: Ledger) -> Plan:
    """A plan with every kind of change in it."""
    by_hand(box, [contact(5, "Person 5")], groups=("Staff",))  # 5 is then in Staff too
    sync(desired(FIRST), EVERY_FIELD, client, book, OPTIONS)
    made = plan_sync(desired(SECOND), EVERY_FIELD, client, book, OPTIONS)
    kinds = {k: bool(v) for k, v in made.counts().items() if k != "move"}  # moves: no ids
    assert kinds == dict.fromkeys(kinds, True)
    return made


def test_a_plan_loads_back_equal(plan: Plan, tmp_path: Path) -> None:
    assert Plan.from_json(plan.to_json()) == plan
    assert Plan.load(plan.save(tmp_path / "plan.json")) == plan


def test_the_same_plan_is_the_same_bytes(
    plan: Plan, client: BoolkyClient, book: Ledger, tmp_path: Path
) -> None:
    again = plan_sync(desired(SECOND), EVERY_FIELD, client, book, OPTIONS)
    assert again.to_json() == plan.to_json()
    first, second = plan.save(tmp_path / "a.json"), Plan.load(plan.save(tmp_path / "b.json"))
    assert first.read_bytes() == second.save(tmp_path / "c.json").read_bytes()


def test_a_plan_file_is_its_owners_only_and_holds_no_key(plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "plans" / "plan.json"
    target.parent.mkdir()
    target.write_text("an older file, readable by all")
    target.chmod(0o644)

    plan.save(target)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert KEY not in text and KEY[-8:] not in text
    body = json.loads(text)
    assert body["version"] == PLAN_VERSION and body["fingerprint"] == plan.fingerprint
    assert "Zoë Ünal" in text  # written as text, not escaped


def test_a_plan_of_another_version_is_refused_with_a_way_out(plan: Plan) -> None:
    body = json.loads(plan.to_json())
    body["version"] = PLAN_VERSION + 1
    with pytest.raises(InputError, match="make the plan again"):
        Plan.from_json(json.dumps(body), source="old.json")
    with pytest.raises(InputError, match="not a boolky-sync plan file"):
        Plan.from_json('{"version": 1}', source="junk.json")


def test_a_stale_plan_is_refused(plan: Plan, box: Sandbox, client: BoolkyClient) -> None:
    check_fresh(plan, client)  # nothing changed yet

    by_hand(box, [contact(77, "Someone new")])

    with pytest.raises(SafetyError, match="changed since this plan was made") as stale:
        check_fresh(plan, client)
    assert stale.value.exit_code == EXIT_SAFETY


def test_a_membership_change_alone_makes_a_plan_stale(
    plan: Plan, box: Sandbox, client: BoolkyClient
) -> None:
    account = client.get_contacts()
    staff = next(g.id for g in account.groups if g.name == "Staff")
    five = next(c.id for c in account.contacts if c.name == "Person 5")
    client.delete_contacts([five], permanent=False, group_id=staff)
    with pytest.raises(SafetyError):
        check_fresh(plan, client)
