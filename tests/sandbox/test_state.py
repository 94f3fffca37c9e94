"""Where the account lives: a file that survives restarts, or memory that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from boolky_sync.errors import InputError
from boolky_sync.sandbox import Store, run_sandbox
from tests.sandbox.conftest import Start
from tests.sandbox.support import add_group, added, client_for, contact, listed


def test_a_state_file_survives_a_restart_and_ids_are_not_reused(tmp_path: Path) -> None:
    state = tmp_path / "account.sqlite"
    with run_sandbox(state=state) as box, client_for(box) as api:
        kept_group, dropped_group = add_group(api, "Kept"), add_group(api, "Dropped")
        first, dropped = added(
            api, [contact("+4917000000001"), contact("+4917000000002")], [kept_group]
        )
        api.post("/deleteContacts", json={"ids": [dropped["id"]], "permanent": True})
        api.request("DELETE", "/deleteGroup", json={"id": dropped_group})
        before = listed(api)

    with run_sandbox(state=state) as box, client_for(box) as api:
        after = listed(api)
        (new,) = added(api, [contact("+4917000000003")])
        new_group = add_group(api, "New")

    assert after == before
    assert [c["id"] for c in after["contacts"]] == [first["id"]]
    assert new["id"] > dropped["id"]
    assert new_group > dropped_group


def test_memory_state_starts_empty_every_time(start: Start) -> None:
    _, api = start()
    added(api, [contact("+4917000000001")])

    _, fresh = start()

    assert listed(fresh)["contacts"] == []


def test_an_unusable_state_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="sandbox state"):
        Store(tmp_path / "missing-folder" / "account.sqlite")


def test_an_unknown_duplicate_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="duplicate_policy"):
        Store(duplicate_policy="merge")  # type: ignore[arg-type]
