"""Updates under every reading of Boolky's Unknown 1 (what addContacts does with a phone it
has) and both update strategies: the right state, or a drift that is reported and explained --
never a silent duplicate."""

from __future__ import annotations

import pytest

from boolky_sync.sandbox import DUPLICATE_POLICIES, Sandbox, run_sandbox
from boolky_sync.sync.ledger import Ledger
from boolky_sync.sync.options import SyncOptions
from boolky_sync.sync.run import plan_sync
from tests.sync.support import (
    EVERY_FIELD,
    KEY,
    by_hand,
    client_for,
    contact,
    copies,
    desired,
    expected_state,
    ids_by_phone,
    phone,
    state,
    sync,
)

BEFORE = [
    contact(1, "Ann", groups=("CRM",)),
    contact(2, "Bob", groups=("CRM",)),
    contact(3, "Carl", groups=("CRM",)),
]
AFTER = [
    contact(1, "Ann Lee", groups=("CRM", "VIP")),  # a changed name and an added group
    contact(2, "Bob", groups=("CRM", "VIP")),  # an added group only
    contact(3, "Carl", groups=("CRM",)),  # unchanged
    contact(4, "Dora Stone", groups=("CRM",)),  # made by hand in Staff: renamed, joins CRM
]


@pytest.mark.parametrize("strategy", ["readd", "replace"])
@pytest.mark.parametrize("policy", DUPLICATE_POLICIES)
def test_an_update_under_every_policy_and_strategy(policy: str, strategy: str) -> None:
    options = SyncOptions(update_strategy=strategy)  # type: ignore[arg-type]
    with (
        run_sandbox(api_key=KEY, duplicate_policy=policy) as box,  # type: ignore[arg-type]
        client_for(box) as client,
        Ledger(None) as book,
    ):
        by_hand(box, [contact(4, "Dora")], groups=("Staff",))
        sync(desired(BEFORE), EVERY_FIELD, client, book, options)

        result = sync(desired(AFTER), EVERY_FIELD, client, book, options)

        assert result.applied is not None and result.drift is not None
        assert len(result.plan.updates) == 3
        held = copies(box)
        silent = {p for p, n in held.items() if n > 1 and p not in result.drift.duplicated}
        assert silent == set(), f"silent duplicates under {policy}/{strategy}"
        if (policy, strategy) == ("reject", "readd"):
            # Boolky refuses every known phone and has no update endpoint: the API cannot
            # express the change. It must be reported, with Boolky's reason, and explained.
            failed = {o.phone: o.message_key for o in result.applied.outcomes if not o.ok}
            assert failed == dict.fromkeys([phone(1), phone(2), phone(4)], "contactAlreadyExists")
            assert set(result.drift.mismatched) == {phone(1), phone(2), phone(4)}
            assert result.drift.mismatched[phone(1)]["name"] == ["Ann", "Ann Lee"]
            assert any('"replace"' in text for text in result.drift.explanations)
            assert set(held.values()) == {1}
            assert state(box)[phone(1)] == ("Ann", None, None, None, frozenset({"CRM"}))
        else:
            assert (result.applied.failed, result.drift.total) == (0, 0)
            assert set(held.values()) == {1}
            want = expected_state(AFTER)
            want[phone(4)] = ("Dora Stone", None, None, None, frozenset({"CRM", "Staff"}))
            assert state(box) == want
            assert book.get(phone(1)).contact_id == ids_by_phone(box)[phone(1)]  # type: ignore[union-attr]
            assert plan_sync(desired(AFTER), EVERY_FIELD, client, book, options).is_empty


@pytest.mark.parametrize("policy", DUPLICATE_POLICIES)
def test_empty_clears_clears_a_field_by_replacing_the_contact(policy: str) -> None:
    options = SyncOptions(empty_clears=True, update_strategy="replace")
    with (
        run_sandbox(api_key=KEY, duplicate_policy=policy) as box,  # type: ignore[arg-type]
        client_for(box) as client,
        Ledger(None) as book,
    ):
        by_hand(box, [contact(1, "Ann", gender=2, mail="ann@example.org")], groups=("Staff",))

        result = sync(desired([contact(1, "Ann")]), EVERY_FIELD, client, book, options)

        (update,) = result.plan.updates
        assert update.changes == {"gender": (2, None), "mail": ("ann@example.org", None)}
        assert state(box) == {phone(1): ("Ann", None, None, None, frozenset({"Staff"}))}
        assert result.drift is not None and result.drift.total == 0


def test_empty_clears_under_readd_is_an_explained_drift_where_boolky_keeps_the_field(
    box: Sandbox,
) -> None:
    """The sandbox's upsert keeps a field a re-add leaves out, as Boolky may."""
    options = SyncOptions(empty_clears=True, update_strategy="readd")
    by_hand(box, [contact(1, "Ann", mail="ann@example.org")])
    with client_for(box) as client, Ledger(None) as book:
        result = sync(desired([contact(1, "Ann")]), EVERY_FIELD, client, book, options)

    assert result.drift is not None
    assert result.drift.mismatched == {phone(1): {"mail": ["ann@example.org", None]}}
    assert any('update_strategy = "replace"' in text for text in result.drift.explanations)
    assert set(copies(box).values()) == {1}


def test_a_replace_boolky_refuses_puts_the_contact_back_as_it_was(box: Sandbox) -> None:
    options = SyncOptions(update_strategy="replace")
    rows = [contact(1, "Ann", gender=2, groups=("CRM",)), contact(2, "Bob", groups=("CRM",))]
    with client_for(box) as client, Ledger(None) as book:
        sync(desired(rows), EVERY_FIELD, client, book, options)
        refused = [
            contact(1, "A" * 51, gender=2, groups=("CRM", "VIP")),  # Boolky refuses the name
            contact(2, "Bob Stone", groups=("CRM",)),
        ]

        result = sync(desired(refused), EVERY_FIELD, client, book, options)

        assert result.applied is not None and result.drift is not None
        failed = {o.phone: o.message_key for o in result.applied.outcomes if not o.ok}
        assert failed == {phone(1): "invalidName"}
        assert state(box) == {
            phone(1): ("Ann", 2, None, None, frozenset({"CRM"})),  # refused: as it was
            phone(2): ("Bob Stone", None, None, None, frozenset({"CRM"})),
        }
        assert set(result.drift.mismatched) == {phone(1)} and result.drift.explanations

        fixed = [contact(1, "Ann Lee", gender=2, groups=("CRM", "VIP")), refused[1]]
        again = sync(desired(fixed), EVERY_FIELD, client, book, options)
        assert again.drift is not None and again.drift.total == 0
        assert state(box) == expected_state(fixed)
        entry = book.get(phone(1))
        assert entry is not None and (entry.contact_id, entry.state) == (
            ids_by_phone(box)[phone(1)],
            "ok",
        )
