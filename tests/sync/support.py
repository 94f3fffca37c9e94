"""What the sync tests share: desired contacts in normalize's shape, a whole sync, and the
sandbox's state.

The sandbox is always reached over HTTP through the real client; its state is
read straight from its store, which is how a person would look at the account
in Boolky's dashboard -- independent of the code under test.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from boolky_sync.api import BoolkyClient, NewContact, RetryPolicy
from boolky_sync.sandbox import Sandbox
from boolky_sync.sync.journal import Holding
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.plan import check_guard
from boolky_sync.sync.run import SyncResult, apply_and_verify, plan_sync, restore_held

KEY = "sk-sync-test-7f3e21c9"
EVERY_FIELD = frozenset({"name", "gender", "mail", "birthday", "groups"})
WRITE_ENDPOINTS = ("addContacts", "deleteContacts", "addGroup", "deleteGroup")

State = dict[str, tuple[str, int | None, str | None, str | None, frozenset[str]]]
"""Phone → (name, gender, mail, birthday, group names without "All")."""


def phone(n: int) -> str:
    """A German mobile number in E.164, distinct for every n below a million."""
    return f"+49151{n:08d}"


def contact(
    number: int | str,
    name: str | None = None,
    *,
    gender: int | None = None,
    mail: str | None = None,
    birthday: str | None = None,
    groups: Iterable[str] = (),
) -> dict[str, Any]:
    e164 = phone(number) if isinstance(number, int) else number
    return {
        "phone": e164,
        "name": name if name is not None else f"Person {e164[-4:]}",
        "gender": gender,
        "mail": mail,
        "birthday": birthday,
        "groups": tuple(groups),
    }


def desired(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Desired contacts in the shape normalize gives them (gender Int64, groups tuples)."""
    rows = list(rows)
    return pd.DataFrame(
        {
            "phone": pd.Series([r["phone"] for r in rows], dtype=object),
            "name": pd.Series([r["name"] for r in rows], dtype=object),
            "gender": pd.array([r["gender"] for r in rows], dtype="Int64"),
            "mail": pd.Series([r["mail"] for r in rows], dtype=object),
            "birthday": pd.Series([r["birthday"] for r in rows], dtype=object),
            "groups": pd.Series([r["groups"] for r in rows], dtype=object),
        }
    )


def expected_state(rows: Iterable[dict[str, Any]]) -> State:
    """The state a sandbox should hold when it holds exactly ``rows``."""
    return {
        r["phone"]: (r["name"], r["gender"], r["mail"], r["birthday"], frozenset(r["groups"]))
        for r in rows
    }


def sync(
    contacts: pd.DataFrame,
    carried: frozenset[str],
    client: BoolkyClient,
    ledger: Ledger,
    options: SyncOptions,
    holding: Holding | None = None,
) -> SyncResult:
    """One sync as a run makes it: put back what an earlier replace held (with a ``holding``),
    plan, guard, apply, verify, through the library's own steps."""
    if holding is not None:
        restore_held(client, holding)
    plan = plan_sync(contacts, carried, client, ledger, options)
    check_guard(plan, contacts, options)
    return apply_and_verify(plan, contacts, carried, client, ledger, holding=holding)


MIRROR = SyncOptions(mode="mirror", managed_groups=("CRM",), allow_mass_delete=True)
"""The guard is tested on its own (test_safety); here it would only hide the semantics."""


def run(
    client: BoolkyClient,
    ledger: Ledger,
    rows: list[dict[str, Any]],
    options: SyncOptions,
    carried: frozenset[str] = EVERY_FIELD,
) -> SyncResult:
    """A sync of ``rows`` in which Boolky took every change."""
    result = sync(desired(rows), carried, client, ledger, options)
    assert result.applied is not None
    assert result.applied.failed == 0, [o for o in result.applied.outcomes if not o.ok]
    return result


def client_for(box: Sandbox, *, attempts: int = 4, **kwargs: Any) -> BoolkyClient:
    """A client that never waits for the wall clock between retries."""
    return BoolkyClient(
        box.url,
        KEY,
        retry=RetryPolicy(max_attempts=attempts),
        sleep=lambda _seconds: None,
        **kwargs,
    )


def state(box: Sandbox) -> State:
    """The account as its store holds it; a phone held twice keeps the oldest contact."""
    data = box.store.get_contacts()
    names = {g["id"]: g["name"] for g in data["groups"]}
    found: State = {}
    for c in data["contacts"]:
        groups = frozenset(names[g] for g in c["groupIds"] if g != 0)
        found.setdefault(c["phone"], (c["name"], c["gender"], c["mail"], c["birthDay"], groups))
    return found


def copies(box: Sandbox) -> Counter[str]:
    """How many contacts hold each phone."""
    return Counter(c["phone"] for c in box.store.get_contacts()["contacts"])


def ids_by_phone(box: Sandbox) -> dict[str, int]:
    return {c["phone"]: c["id"] for c in box.store.get_contacts()["contacts"]}


def write_calls(box: Sandbox) -> dict[str, int]:
    """Write calls the sandbox answered, by endpoint (faulted attempts included)."""
    summary = box.calls.summary()["by_endpoint"]
    return {e: summary[e] for e in WRITE_ENDPOINTS if e in summary}


def by_hand(
    box: Sandbox, rows: Iterable[dict[str, Any]], groups: Iterable[str] = ()
) -> dict[str, int]:
    """Contacts made in Boolky by someone else (not through a pipeline); their ids by phone.

    Missing groups are made too, as a person would in the dashboard.
    """
    with client_for(box) as client:
        existing = {g.name: g.id for g in client.get_contacts().groups}
        ids = [existing.get(name) or client.add_group(name).id for name in groups]
        made = client.add_contacts(
            [
                NewContact(r["name"], r["phone"], r["birthday"], r["gender"], r["mail"])
                for r in rows
            ],
            ids,
        )
    return {c.phone: c.id for c in made}


CRASH_SETS = (("CRM",), ("CRM", "VIP"), ("CRM", "Staff"), ())


def crash_rows(renamed: bool = False) -> list[dict[str, Any]]:
    """The 2,000 contacts the crash test syncs, in four group sets; ``renamed`` changes them all."""
    return [
        contact(n, f"{'Renamed' if renamed else 'Person'} {n}", groups=CRASH_SETS[n % 4])
        for n in range(2000)
    ]
