"""``plan`` then ``apply``: a plan for its owner's eyes only, applied once, refused when stale.

Against a sandbox started by the test (``--base-url``), so the calls each
step makes can be counted.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

from boolky_sync.api import BoolkyClient
from boolky_sync.api.records import NewContact
from boolky_sync.errors import EXIT_INPUT, EXIT_SAFETY
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import (
    api_env,
    invoke,
    remote_phones,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
    writes,
)


def test_plan_writes_a_private_file_and_nothing_to_boolky(workspace: Path, box: Sandbox) -> None:
    plan_file = workspace / "out" / "plan.json"
    result = invoke(
        "plan",
        workspace / "pipelines" / "nightly_crm_sync.toml",
        "-o",
        plan_file,
        "--base-url",
        box.url,
        "--json",
        env=api_env(),
    )
    assert result.exit_code == 0, result.output
    assert f"plan written to {plan_file}" in result.stderr
    assert stat.S_IMODE(plan_file.stat().st_mode) == 0o600
    assert writes(box) == 0
    summary = summary_of(result)
    assert summary["dry_run"] is True
    saved = json.loads(plan_file.read_text(encoding="utf-8"))
    assert len(saved["creates"]) == summary["plan"]["create"] > 20
    assert "CRM" in saved["create_groups"]
    assert saved["pipeline"] == str(workspace / "pipelines" / "nightly_crm_sync.toml")


def test_apply_applies_the_plan_then_refuses_it_once_boolky_changed(
    workspace: Path, box: Sandbox
) -> None:
    pipeline = write_pipeline(
        workspace,
        "planned",
        """
        [source]
        path = "../data/people.csv"
        [normalize]
        static_groups = ["Planned"]
        """,
    )
    people = [(f"Person {i}", phone) for i, phone in enumerate(uk_mobiles(12))]
    write_contacts(workspace / "data" / "people.csv", people)
    plan_file = workspace / "plan.json"
    url = ("--base-url", box.url)
    assert invoke("plan", pipeline, "-o", plan_file, *url, env=api_env()).exit_code == 0
    assert writes(box) == 0

    applied = invoke("apply", plan_file, *url, "--json", env=api_env())
    assert applied.exit_code == 0, applied.output
    summary = summary_of(applied)
    assert summary["dry_run"] is False
    assert summary["plan"]["create"] == 12
    assert summary["applied"] == {"ok": 12, "failed": 0, "skipped": 0}
    assert summary["drift"] == 0
    assert set(remote_phones(box)) == {phone for _, phone in people}
    done = writes(box)

    # The same plan again: it was applied, and says when and by which run.
    again = invoke("apply", plan_file, *url, "--json", env=api_env())
    assert again.exit_code == EXIT_INPUT, again.output
    assert re.fullmatch(
        rf"error: {re.escape(str(plan_file))}: this plan was already applied at "
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(run \d+\); nothing was done: make a new "
        r"plan with 'boolky-sync plan', or pass --replan to plan again and apply that\n",
        again.stderr,
    ), again.stderr
    assert again.stdout == ""
    assert writes(box) == done

    # The source moved on too; --replan plans again from it and applies that.
    (new_phone,) = uk_mobiles(1, start=500)
    write_contacts(workspace / "data" / "people.csv", [*people, ("New One", new_phone)])
    replanned = invoke("apply", plan_file, *url, "--replan", "--json", env=api_env())
    assert replanned.exit_code == 0, replanned.output
    summary = summary_of(replanned)
    assert summary["plan"]["create"] == 1
    assert summary["plan"]["unchanged"] == 12
    assert (summary["applied"]["ok"], summary["drift"]) == (1, 0)
    assert remote_phones(box)[new_phone] == "New One"

    # A new plan, then Boolky changes under it: applying it is refused, --replan offered.
    fresh = workspace / "fresh.json"
    assert invoke("plan", pipeline, "-o", fresh, *url, env=api_env()).exit_code == 0
    with BoolkyClient(box.url, box.api_key) as client:
        client.add_contacts([NewContact(phone=uk_mobiles(1, start=900)[0], name="By Hand")])
    done = writes(box)
    stale = invoke("apply", fresh, *url, "--json", env=api_env())
    assert stale.exit_code == EXIT_SAFETY, stale.output
    assert "Boolky changed since this plan was made" in summary_of(stale)["error"]
    assert "--replan" in stale.stderr
    assert writes(box) == done


def test_apply_of_a_file_that_is_no_plan_is_an_input_error(tmp_path: Path) -> None:
    junk = tmp_path / "plan.json"
    junk.write_text('{"hello": "world"}', encoding="utf-8")
    result = invoke("apply", junk)
    assert result.exit_code == EXIT_INPUT
    assert str(junk) in result.stderr
    assert "Traceback" not in result.output
    missing = invoke("apply", tmp_path / "nope.json")
    assert missing.exit_code == EXIT_INPUT
    assert "cannot read the plan file" in missing.stderr
