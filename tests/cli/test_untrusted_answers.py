"""A getContacts answer is validated before it is believed: through a fault proxy in front of
a real sandbox (duplicate policy ``duplicate``, ``remote_deletions = "restore"``, a mirror: the
settings under which a misread answer did the most harm), every malformed shape stops the run
with exit 5 and an answer holding too few of the ledger's contacts with exit 4, before any
write -- unless ``--trust-empty-remote`` says the contacts really were deleted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import boolky_sync
from boolky_sync.api import BoolkyClient, NewContact
from boolky_sync.errors import EXIT_OK, EXIT_SAFETY, EXIT_UNAVAILABLE, ProtocolError, SafetyError
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
    writes,
)
from tests.sync.fault_proxy import (
    FaultProxy,
    Rewrite,
    cut_at,
    each_contact,
    fault_proxy,
    last_contact,
    listing,
    replaced,
    without,
)

UNDOCUMENTED = "Boolky answered something it does not document: "
REFUSED = "; this tool cannot read such an answer, so it plans nothing on it"
TRUNCATED = (
    ": likely a truncated or empty answer, so nothing is planned; "
    "if they were really deleted on Boolky, run again with --trust-empty-remote"
)


@pytest.fixture
def box() -> Iterator[Sandbox]:
    """A Boolky that makes a second contact for a phone it holds (where re-adds hurt most)."""
    with run_sandbox(api_key=KEY, duplicate_policy="duplicate") as sandbox:
        yield sandbox


@pytest.fixture
def proxy(box: Sandbox) -> Iterator[FaultProxy]:
    with fault_proxy(box.url) as opened:
        yield opened


def mirrored(root: Path, proxy: FaultProxy, box: Sandbox, count: int) -> Path:
    """A mirror of ``count`` contacts into CRM, run once through the (clean) proxy; the
    source then changes (one name, one new contact) so that a run would write."""
    pipeline = write_pipeline(
        root,
        "crm",
        """
        [source]
        path = "../data/crm.csv"
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        remote_deletions = "restore"
        """,
    )
    people = [(f"Person {n}", phone) for n, phone in enumerate(uk_mobiles(count))]
    write_contacts(root / "data" / "crm.csv", people, groups="CRM")
    first = invoke("run", pipeline, "--base-url", proxy.url, "--json", env=api_env())
    assert first.exit_code == EXIT_OK, first.output
    changed = [("Renamed 0", people[0][1]), *people[1:], ("Newcomer", uk_mobiles(1, 9000)[0])]
    write_contacts(root / "data" / "crm.csv", changed, groups="CRM")
    box.calls.reset()
    return pipeline


def copies(box: Sandbox) -> Counter[str]:
    return Counter(c["phone"] for c in box.store.get_contacts()["contacts"])


def broken_run(
    root: Path, box: Sandbox, proxy: FaultProxy, count: int, rewrite: Rewrite, exit_code: int
) -> tuple[Path, str]:
    """A mirror of ``count`` contacts run again on a rewritten answer: it ends with
    ``exit_code``, having written nothing; (the pipeline, the error it gave)."""
    pipeline = mirrored(root, proxy, box, count)
    before = copies(box)
    proxy.rewrite = rewrite
    result = invoke("run", pipeline, "--base-url", proxy.url, "--json", env=api_env())
    assert result.exit_code == exit_code, result.output
    assert proxy.rewritten == 1
    error: str = summary_of(result)["error"]
    assert error in result.stderr and "Traceback" not in result.output
    assert writes(box) == 0 and copies(box) == before
    return pipeline, error


MALFORMED: list[tuple[str, Rewrite, str]] = [
    ("data {}", replaced({}), "getContacts has no contacts"),
    ("data a list", replaced([]), "getContacts answered a list, not an object"),
    ("no groups", without("groups"), "getContacts has no groups"),
    ("contacts an object", listing("contacts", {}), "getContacts has contacts as a dict"),
    ("no groupIds", each_contact("groupIds"), "contact #1 has no groupIds"),
    ("groupIds '12'", each_contact("groupIds", "12"), "contact #1 has groupIds '12', not a list"),
    ("id 2^63", last_contact("id", 2**63), "contact #20 has id 9223372036854775808, beyond"),
    ("a string id", last_contact("id", "17"), "contact #20 has id '17', not a whole number"),
    ("notValid 'x'", last_contact("notValid", "x"), "contact #20 has notValid 'x', not 0, 1"),
    ("a number phone", last_contact("phone", 447911000019), "contact #20 has phone 44791100"),
    ("no name", each_contact("name"), "contact #1 has no name"),
]


@pytest.mark.parametrize(
    ("rewrite", "says"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_a_malformed_get_contacts_stops_the_run_with_exit_5_and_no_write(
    tmp_path: Path, box: Sandbox, proxy: FaultProxy, rewrite: Rewrite, says: str
) -> None:
    _, error = broken_run(tmp_path, box, proxy, 20, rewrite, EXIT_UNAVAILABLE)
    assert error.startswith(UNDOCUMENTED) and error.endswith(REFUSED)
    assert says in error
    assert box.calls.count("getContacts") == 1


def test_the_python_api_stops_on_a_malformed_answer_too(
    tmp_path: Path, box: Sandbox, proxy: FaultProxy
) -> None:
    pipeline = mirrored(tmp_path, proxy, box, 20)
    proxy.rewrite = each_contact("groupIds", "12")
    with BoolkyClient(proxy.url, KEY) as client:
        outcome = boolky_sync.run(pipeline, client=client)
    assert outcome.exit_code == EXIT_UNAVAILABLE
    assert isinstance(outcome.error, ProtocolError)
    assert "contact #1 has groupIds '12', not a list" in str(outcome.error)
    assert writes(box) == 0


@pytest.mark.parametrize(
    ("rewrite", "says"),
    [
        (listing("contacts", []), "holds 0 of the 1,000 contacts this pipeline wrote there"),
        (cut_at(345), "holds 345 of the 1,000 contacts this pipeline wrote there (ledger), "),
    ],
    ids=["empty", "cut at 345"],
)
def test_an_answer_missing_most_of_the_ledger_stops_the_run_with_exit_4_and_no_write(
    tmp_path: Path, box: Sandbox, proxy: FaultProxy, rewrite: Rewrite, says: str
) -> None:
    pipeline, error = broken_run(tmp_path, box, proxy, 1000, rewrite, EXIT_SAFETY)
    assert error.startswith("Boolky's contact list ") and error.endswith(TRUNCATED)
    assert says in error
    assert set(copies(box).values()) == {1}  # no restore, no re-add: not one copy more

    with BoolkyClient(proxy.url, KEY) as client:  # the Python API says the same
        outcome = boolky_sync.run(pipeline, client=client, dry_run=True)
    assert isinstance(outcome.error, SafetyError) and says in str(outcome.error)


def deleted_on_boolky(box: Sandbox) -> int:
    """Staff delete every contact on Boolky (the dashboard's "delete all"); how many."""
    with BoolkyClient(box.url, KEY) as client:
        ids = [c.id for c in client.get_contacts().contacts]
        client.delete_contacts(ids, permanent=True)
    box.calls.reset()
    return len(ids)


def test_trust_empty_remote_believes_a_real_deletion_and_restores(
    tmp_path: Path, box: Sandbox, proxy: FaultProxy
) -> None:
    pipeline = mirrored(tmp_path, proxy, box, 300)
    assert deleted_on_boolky(box) == 300
    run = ("run", pipeline, "--base-url", proxy.url, "--json")

    stopped = invoke(*run, env=api_env())
    assert stopped.exit_code == EXIT_SAFETY, stopped.output
    assert "holds 0 of the 300 contacts" in summary_of(stopped)["error"]
    assert writes(box) == 0

    trusted = invoke(*run, "--trust-empty-remote", env=api_env())
    assert trusted.exit_code == EXIT_OK, trusted.output
    assert summary_of(trusted)["drift"] == 0
    assert len(copies(box)) == 301 and set(copies(box).values()) == {1}  # restored, once each
    assert box.calls.count("addContacts") >= 1


def contacts_on(box: Sandbox) -> dict[str, Any]:
    return {c["phone"]: c["name"] for c in box.store.get_contacts()["contacts"]}


def test_plan_apply_and_import_take_trust_empty_remote(
    tmp_path: Path, box: Sandbox, proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # import keeps its state in .boolky-sync/ of the current folder
    pipeline = mirrored(tmp_path, proxy, box, 40)
    deleted_on_boolky(box)
    saved = tmp_path / "plan.json"
    plan = ("plan", pipeline, "-o", saved, "--base-url", proxy.url, "--json")

    refused = invoke(*plan, env=api_env())
    assert refused.exit_code == EXIT_SAFETY and not saved.exists(), refused.output
    trusted = invoke(*plan, "--trust-empty-remote", env=api_env())
    assert trusted.exit_code == EXIT_OK, trusted.output
    assert summary_of(trusted)["plan"]["create"] == 41

    staff_made = uk_mobiles(1, 5000)[0]  # Boolky changes after the plan: apply must plan again
    with BoolkyClient(box.url, KEY) as client:
        client.add_contacts([NewContact("Staff made", staff_made)])
    apply = ("apply", saved, "--replan", "--base-url", proxy.url, "--json")
    assert invoke(*apply, env=api_env()).exit_code == EXIT_SAFETY
    assert writes(box) == 1  # the staff's own contact, nothing from the tool
    applied = invoke(*apply, "--trust-empty-remote", env=api_env())
    assert applied.exit_code == EXIT_OK, applied.output
    assert len(contacts_on(box)) == 42

    source = write_contacts(
        tmp_path / "data" / "import.csv", [("Imported", uk_mobiles(1, 7000)[0])]
    )
    imported = ("import", source, "--yes", "--base-url", proxy.url, "--json")
    assert invoke(*imported, env=api_env()).exit_code == EXIT_OK
    deleted_on_boolky(box)
    assert invoke(*imported, env=api_env()).exit_code == EXIT_SAFETY
    assert writes(box) == 0
    assert invoke(*imported, "--trust-empty-remote", env=api_env()).exit_code == EXIT_OK


@pytest.mark.parametrize("command", ["run", "plan", "apply", "import"])
def test_every_command_that_plans_offers_trust_empty_remote(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == EXIT_OK
    assert "--trust-empty-remote" in result.output
