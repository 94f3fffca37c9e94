"""Every pipeline and import obeys the suppression list (issue 13, points 2 and 3).

Over HTTP against a sandbox, through the command line: a number put on the list
is not imported; a contact staff deleted on Boolky is not added again by a
*different* pipeline sharing the state folder; a mirror takes listed numbers
out of its managed group (or deletes the contacts it made) without
``--allow-mass-delete``, however many; the list outlives the ledger.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.errors import EXIT_OK
from boolky_sync.sandbox import Sandbox
from boolky_sync.suppression import DELETED_ON_BOOLKY
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    latest,
    remote_phones,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
)
from tests.pipeline.test_lost_ledger import in_crm

PHONES = uk_mobiles(3)
PEOPLE = [(f"Person {n}", p) for n, p in enumerate(PHONES)]


def pipeline(root: Path, name: str, mode: str = "upsert", extra: str = "") -> Path:
    return write_pipeline(
        root,
        name,
        f"""
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "{mode}"
        {extra}
        """,
    )


def run(path: Path, box: Sandbox) -> Any:
    return invoke("run", path, "--base-url", box.url, "--json", env=api_env())


def suppress(box: Sandbox, state: Path, *args: str) -> Any:
    result = invoke("suppress", *args, "--state", state, "--base-url", box.url, env=api_env())
    assert result.exit_code == EXIT_OK, result.stderr
    return result


def test_a_listed_number_is_not_imported(
    box: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_contacts(tmp_path / "people.csv", PEOPLE)
    suppress(box, Path(".boolky-sync"), "add", PHONES[1], "--reason", "replied STOP")
    result = invoke("import", "people.csv", "--base-url", box.url, "--yes", "--json", env=api_env())
    assert result.exit_code == EXIT_OK, result.stderr
    summary = summary_of(result)
    assert (summary["suppressed"], summary["plan"]["create"], summary["drift"]) == (1, 2, 0)
    assert set(remote_phones(box)) == {PHONES[0], PHONES[2]}
    with (latest(tmp_path / "reports") / "suppressed.csv").open(encoding="utf-8-sig") as file:
        assert [row["phone"] for row in csv.DictReader(file)] == [PHONES[1]]


def test_a_contact_deleted_on_boolky_is_not_added_again_by_another_pipeline(
    box: Sandbox, tmp_path: Path
) -> None:
    write_contacts(tmp_path / "data" / "crm.csv", PEOPLE)
    shop, newsletter = pipeline(tmp_path, "shop"), pipeline(tmp_path, "newsletter")
    assert run(shop, box).exit_code == EXIT_OK
    with BoolkyClient(box.url, box.api_key) as client:  # staff delete one by hand
        (gone,) = [c.id for c in client.get_contacts().contacts if c.phone == PHONES[0]]
        client.delete_contacts([gone], permanent=True)
    noticed = run(shop, box)
    assert summary_of(noticed)["respected_deletions"] == 1

    other = run(newsletter, box)  # another ledger, the same state folder and Boolky
    assert other.exit_code == EXIT_OK, other.stderr
    assert summary_of(other)["suppressed"] == 1
    assert summary_of(other)["plan"]["create"] == 0
    assert PHONES[0] not in remote_phones(box)
    state = tmp_path / "pipelines" / ".boolky-sync"
    listed = json.loads(suppress(box, state, "list", "--json").stdout)
    (entry,) = listed["entries"]
    assert (entry["phone"], entry["reason"], entry["source"], entry["pipeline"]) == (
        PHONES[0],
        DELETED_ON_BOOLKY,
        "remote deletion",
        "shop",
    )
    assert KEY.encode() not in (state / "suppression.sqlite").read_bytes()
    for result in (noticed, other):
        assert KEY not in result.stdout + result.stderr


def test_a_pipeline_that_restores_deletions_still_obeys_opt_outs(
    box: Sandbox, tmp_path: Path
) -> None:
    six = uk_mobiles(6)  # two deleted of six: Boolky's answer is believed (check_present)
    write_contacts(tmp_path / "data" / "crm.csv", [(f"P {n}", p) for n, p in enumerate(six)])
    shop = pipeline(tmp_path, "shop")
    assert run(shop, box).exit_code == EXIT_OK
    with BoolkyClient(box.url, box.api_key) as client:
        ids = {c.phone: c.id for c in client.get_contacts().contacts}
        client.delete_contacts([ids[PHONES[0]], ids[PHONES[1]]], permanent=True)
    assert run(shop, box).exit_code == EXIT_OK  # lists both as deleted on Boolky
    state = tmp_path / "pipelines" / ".boolky-sync"
    suppress(box, state, "add", PHONES[1], "--reason", "asked by mail")
    restorer = pipeline(tmp_path, "restorer", extra='remote_deletions = "restore"')
    result = run(restorer, box)
    assert result.exit_code == EXIT_OK, result.stderr
    assert summary_of(result)["suppressed"] == 1
    assert PHONES[0] in remote_phones(box)  # a deletion, restored as the file says
    assert PHONES[1] not in remote_phones(box)  # an opt-out, obeyed


@pytest.mark.parametrize("delete_contacts", [False, True])
def test_a_mirror_takes_listed_numbers_out_without_allow_mass_delete(
    box: Sandbox, tmp_path: Path, delete_contacts: bool
) -> None:
    phones = uk_mobiles(40)
    write_contacts(tmp_path / "data" / "crm.csv", [(f"P {n}", p) for n, p in enumerate(phones)])
    extra = f'managed_groups = ["CRM"]\ndelete_contacts = {str(delete_contacts).lower()}'
    mirror = pipeline(tmp_path, "mirror", "mirror", extra)
    assert run(mirror, box).exit_code == EXIT_OK
    state = tmp_path / "pipelines" / ".boolky-sync"
    suppress(box, state, "add", *phones[:20])  # half of them: far over the guard's 10%

    result = run(mirror, box)
    assert result.exit_code == EXIT_OK, result.stderr
    summary = summary_of(result)
    assert (summary["suppressed"], summary["guard"], summary["drift"]) == (20, None, 0)
    assert in_crm(box) == set(phones[20:])
    on_boolky = set(remote_phones(box))
    if delete_contacts:
        assert summary["plan"]["delete"] == 20 and on_boolky == set(phones[20:])
    else:
        assert summary["plan"]["remove"] == 20 and on_boolky == set(phones)
    assert run(mirror, box).exit_code == EXIT_OK  # and it stays settled
    assert in_crm(box) == set(phones[20:])


def test_the_list_outlives_the_ledger(box: Sandbox, tmp_path: Path) -> None:
    write_contacts(tmp_path / "data" / "crm.csv", PEOPLE)
    shop = pipeline(tmp_path, "shop")
    state = tmp_path / "pipelines" / ".boolky-sync"
    suppress(box, state, "add", PHONES[2])
    assert summary_of(run(shop, box))["suppressed"] == 1
    for ledger in state.glob("shop.*ledger.sqlite*"):
        ledger.unlink()
    listed = json.loads(suppress(box, state, "list", "--json").stdout)
    assert [e["phone"] for e in listed["entries"]] == [PHONES[2]]
    again = run(shop, box)
    assert summary_of(again)["suppressed"] == 1
    assert PHONES[2] not in remote_phones(box)
