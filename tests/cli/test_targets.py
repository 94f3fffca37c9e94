"""One pipeline, several Boolkys: each keeps a ledger of its own.

A pipeline is typically tried on the built-in sandbox and then pointed at a
real account (``--base-url``, or a changed ``[target]``). What the ledger
says the pipeline wrote is true of one account only: read against another,
every contact would look deleted there (and never be created), and a mirror
would remove contacts it never wrote.
"""

from __future__ import annotations

from pathlib import Path

from boolky_sync.api import BoolkyClient, NewContact
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)


def test_a_pipeline_tried_on_the_sandbox_then_pointed_elsewhere_creates_everything(
    workspace: Path, box: Sandbox
) -> None:
    demo = workspace / "pipelines" / "demo.toml"
    tried = summary_of(invoke("run", demo, "--json"))
    assert tried["applied"]["ok"] == tried["contacts"] > 20

    elsewhere = invoke("run", demo, "--base-url", box.url, "--json", env=api_env())
    assert elsewhere.exit_code == 0, elsewhere.output
    summary = summary_of(elsewhere)
    assert summary["respected_deletions"] == 0
    assert summary["plan"]["create"] == summary["applied"]["ok"] == tried["contacts"]
    assert summary["drift"] == 0

    # Each Boolky's ledger is still right about its own account.
    for args, env in (((), None), (("--base-url", box.url + "/"), api_env())):
        again = summary_of(invoke("run", demo, *args, "--json", env=env))
        assert again["plan"]["unchanged"] == tried["contacts"]
        assert again["respected_deletions"] == 0
        assert again["write_calls"] == 0


def test_a_changed_target_in_the_file_gets_a_ledger_of_its_own(workspace: Path) -> None:
    demo = workspace / "pipelines" / "demo.toml"
    first = summary_of(invoke("run", demo, "--json"))
    text = demo.read_text(encoding="utf-8")
    demo.write_text(text.replace("sandbox.sqlite", "other-account.sqlite"), encoding="utf-8")
    moved = summary_of(invoke("run", demo, "--json"))
    assert moved["target"].endswith("other-account.sqlite)")
    assert moved["plan"]["create"] == first["contacts"]
    assert moved["respected_deletions"] == 0


def test_a_mirror_never_removes_what_it_wrote_on_another_account(
    tmp_path: Path, box: Sandbox
) -> None:
    people = [(f"Person {i}", phone) for i, phone in enumerate(uk_mobiles(20))]
    write_contacts(tmp_path / "data" / "crm.csv", people)
    mirror = write_pipeline(
        tmp_path,
        "crm",
        """
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        """,
    )
    assert invoke("run", mirror).exit_code == 0  # on the built-in sandbox: all 20 are its own
    # Someone put the first person into CRM by hand on the other account.
    with BoolkyClient(box.url, KEY) as client:
        crm = client.add_group("CRM")
        client.add_contacts([NewContact(*people[0])], [crm.id])
    write_contacts(tmp_path / "data" / "crm.csv", people[1:])

    result = invoke("run", mirror, "--base-url", box.url, "--json", env=api_env())
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    assert summary["plan"]["remove"] == summary["plan"]["delete"] == 0
    with BoolkyClient(box.url, KEY) as client:
        account = client.get_contacts()
    (by_hand,) = [c for c in account.contacts if c.phone == people[0][1]]
    assert crm.id in by_hand.group_ids

    # On its own account, the mirror still removes the person who left the export.
    home = summary_of(invoke("run", mirror, "--json"))
    assert home["plan"]["remove"] == 1
