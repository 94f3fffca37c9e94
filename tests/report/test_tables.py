"""The shared tables: one row per planned change (per field for updates), with its outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from boolky_sync.report.tables import CHANGE_COLUMNS, build_tables, change_table, summary_items
from tests.report.runs import (
    FAILED_PHONE,
    FORMULA_NAME,
    SCRIPT_NAME,
    applied_report,
    limited,
    planned_report,
)


def rows(frame: pd.DataFrame, **where: object) -> list[dict[Any, Any]]:
    chosen = frame
    for column, value in where.items():
        chosen = chosen[chosen[column] == value]
    return chosen.to_dict("records")


def test_every_planned_change_has_a_row_in_write_order(tmp_path: Path) -> None:
    changes = build_tables(applied_report(tmp_path)).changes
    assert tuple(changes.columns) == CHANGE_COLUMNS
    assert changes["op"].tolist() == [
        "create_group",
        *["create"] * 3,
        *["update"] * 4,  # Anna: name and mail; -Minus: mail; @Fail: a group
        "remove",
        "delete",
    ]


def test_an_update_shows_each_field_before_and_after(tmp_path: Path) -> None:
    changes = build_tables(applied_report(tmp_path)).changes
    anna = rows(changes, phone="+4915123456704")
    assert [(r["field"], r["before"], r["after"]) for r in anna] == [
        ("name", "Anna Mueller", "Anna Müller"),
        ("mail", "", "anna@example.com"),
    ]
    assert {r["contact_id"] for r in anna} == {11}
    (joined,) = rows(changes, phone="+4915123456706")
    assert (joined["field"], joined["group"], joined["before"], joined["after"]) == (
        "groups",
        "Kunden",
        "",
        "Kunden",
    )


def test_outcomes_are_joined_with_boolkys_reason_and_new_ids(tmp_path: Path) -> None:
    changes = build_tables(applied_report(tmp_path)).changes
    (failed,) = rows(changes, outcome="failed")
    assert failed["phone"] == FAILED_PHONE
    assert (failed["message_key"], failed["detail"]) == ("invalidMail", "mail is not valid")
    created = rows(changes, op="create")
    assert [r["name"] for r in created] == [SCRIPT_NAME, FORMULA_NAME, "+Plus Name"]
    assert [r["contact_id"] for r in created] == [100, 101, 102]
    assert created[2]["group"] == "Kunden, VIP"
    assert created[0]["after"] == "mail: a@example.com"
    (removal,) = rows(changes, op="remove")
    assert (removal["name"], removal["group"], removal["outcome"]) == ("Carla", "Kunden", "ok")
    (delete,) = rows(changes, op="delete")
    assert (delete["name"], delete["detail"], delete["outcome"]) == (
        "Dora",
        "left the source",
        "ok",
    )


def test_a_dry_run_plans_and_a_limited_run_skips(tmp_path: Path) -> None:
    planned = build_tables(planned_report(tmp_path)).changes
    assert set(planned["outcome"]) == {"planned"}
    assert planned["message_key"].eq("").all()
    report = limited(applied_report(tmp_path), keep=2)
    cut = change_table(report.plan, report.applied)
    assert cut.loc[cut["op"] == "create", "outcome"].tolist() == ["ok", "ok", "skipped"]
    assert set(cut.loc[cut["op"].isin(["update", "remove", "delete"]), "outcome"]) == {"skipped"}


def test_without_a_plan_the_tables_are_empty_but_shaped(tmp_path: Path) -> None:
    report = planned_report(tmp_path)
    report.plan = None
    report.normalized = None
    tables = build_tables(report)
    assert tables.changes.empty and tuple(tables.changes.columns) == CHANGE_COLUMNS
    assert list(tables.rejects.columns) == ["row", "phone", "reason", "detail", "file"]
    assert tables.warnings.empty


def test_the_summary_flattens_to_the_html_keys() -> None:
    items = dict(summary_items({"rows": 3, "plan": {"create": 1}, "rejected": {}, "x": [1]}))
    assert items == {"rows": 3, "plan.create": 1, "rejected": {}, "x": [1]}
