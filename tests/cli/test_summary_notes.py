"""The lines under a run's summary table: what a person must read, act on, or need not fear.

``notes`` works on the summary dict alone, so a figure another stage adds to it
(``suppressed``, ``no_consent``) is said as soon as it is there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from boolky_sync.cli.run_view import RESTORE_HINT, notes
from tests.cli.workspace import invoke, latest, summary_file


def summary(**given: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "rejected": {},
        "warnings": {},
        "plan": {"create": 0, "update": 0, "remove": 0, "delete": 0, "create_groups": 0},
        "drift": None,
        "drift_explanations": [],
        "dry_run": False,
        "confirmed": None,
        "limited": None,
    }
    return {**base, **given}


def test_an_empty_plan_with_nothing_held_back_matches_the_source() -> None:
    assert notes(summary(), RESTORE_HINT) == [
        "Nothing to change: Boolky already matches the source."
    ]


def test_an_empty_plan_of_a_source_whose_every_row_was_refused_says_so() -> None:
    said = notes(summary(contacts=0, rejected={"phone_no_region": 5}), RESTORE_HINT)
    assert "Nothing to change: Boolky already matches the source." not in said
    assert said[-1] == "Nothing to write: every row was refused (the reasons are above)."


def test_every_held_back_kind_is_counted_and_said() -> None:
    said = notes(summary(respected_deletions=1, suppressed=2, no_consent={"crm": 3}), "use X")
    assert said == [
        "6 contacts left out: 1 deleted on Boolky (use X), 2 suppressed, 3 without consent."
    ]


def test_rows_without_a_country_ask_for_a_region() -> None:
    said = notes(summary(rejected={"phone_no_region": 25, "phone_invalid": 1}), RESTORE_HINT)
    assert said[0] == "No country for 25 rows: pass --region (e.g. --region DE)."


def test_a_run_limited_to_part_of_its_plan_says_how_far_it_went(workspace: Path) -> None:
    result = invoke("run", workspace / "pipelines" / "demo.toml", "--limit", "5")
    assert result.exit_code == 0, result.output
    summary = summary_file(latest(workspace / "reports" / "demo"))
    planned = summary["plan"]["create"]
    assert f"Run limited to 5 of {planned} planned changes (--limit)" in result.stdout
    assert f"sends the other {planned - 5}." in result.stdout
    assert "Drift" not in result.stdout
