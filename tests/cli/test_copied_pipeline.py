"""One pipeline file per name in a state folder: a copied file is a new pipeline.

The shipped ``nightly_crm_sync.toml`` in a private copy of the project (``workspace``),
run on its built-in sandbox; its copies keep their state in the same folder.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from boolky_sync.errors import EXIT_INPUT, EXIT_OK
from boolky_sync.pipeline.pipeline_file import load_pipeline
from tests.cli.workspace import invoke, summary_of, uk_mobiles, write_contacts

NIGHTLY = "nightly_crm_sync"


def files_in(*folders: Path) -> dict[Path, tuple[int, int]]:
    """Every file under ``folders`` with its size and modification time."""
    return {
        p: (p.stat().st_size, p.stat().st_mtime_ns)
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def nightly(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped nightly pipeline, run once (it owns its name and its contacts)."""
    monkeypatch.chdir(workspace)
    first = summary_of(invoke("run", f"pipelines/{NIGHTLY}.toml", "--json"))
    assert first["applied"]["ok"] == first["contacts"] > 20
    return workspace / "pipelines" / f"{NIGHTLY}.toml"


def shop_copy(nightly: Path, *, name: str | None) -> Path:
    """A copy of the nightly file for a shop's export and its own group, ``name`` kept or not."""
    text = nightly.read_text(encoding="utf-8")
    assert '# name = "nightly_crm_sync"' in text
    if name is not None:
        text = text.replace('# name = "nightly_crm_sync"', f'name = "{name}"')
    text = text.replace("../sample_data/hubspot_contacts.csv", "../data/shop.csv")
    text = text.replace('preset = "hubspot"', "")
    text = text.replace('phone = ["Mobile Phone Number", "Phone Number"]', "")
    text = text.replace('static_groups = ["CRM"]', 'static_groups = ["Shop"]')
    text = text.replace('managed_groups = ["CRM"]', 'managed_groups = ["Shop"]')
    write_contacts(nightly.parent.parent / "data" / "shop.csv", [("Ann", uk_mobiles(1)[0])])
    shop = nightly.with_name("shop.toml")
    shop.write_text(text, encoding="utf-8")
    return shop


@pytest.mark.parametrize("command", ["validate", "run", "plan"])
def test_a_copy_keeping_the_name_is_refused_naming_both_files_and_writes_nothing(
    nightly: Path, command: str
) -> None:
    workspace = nightly.parent.parent
    shop = shop_copy(nightly, name=NIGHTLY)
    before = files_in(workspace / ".boolky-sync", workspace / "reports")
    result = invoke(
        command, "pipelines/shop.toml", *(["-o", "plan.json"] if command == "plan" else [])
    )
    assert result.exit_code == EXIT_INPUT, result.output
    assert (
        "pipelines/shop.toml and pipelines/nightly_crm_sync.toml both call themselves "
        '"nightly_crm_sync" in state folder .boolky-sync: give one of them its own name '
        "(or remove `name` to use the file's)"
    ) in result.stderr
    assert result.stderr.startswith("error: ")
    assert files_in(workspace / ".boolky-sync", workspace / "reports") == before
    assert not (workspace / "plan.json").exists()
    assert shop.is_file()


def test_a_copy_without_a_name_runs_with_its_own_state_and_removes_nothing(
    nightly: Path,
) -> None:
    workspace = nightly.parent.parent
    shop_copy(nightly, name=None)
    assert load_pipeline(workspace / "pipelines" / "shop.toml").name == "shop"

    result = invoke("run", "pipelines/shop.toml", "--json")
    assert result.exit_code == EXIT_OK, result.output
    summary = summary_of(result)
    assert summary["plan"]["create"] == 1
    assert summary["plan"]["remove"] == summary["plan"]["delete"] == 0
    assert (workspace / ".boolky-sync" / "shop.ledger.sqlite").is_file()
    assert Path(summary["report"]).parent == workspace / "reports" / "shop"

    again = summary_of(invoke("run", f"pipelines/{NIGHTLY}.toml", "--json"))
    assert again["plan"]["remove"] == again["plan"]["create"] == 0
    assert Path(again["report"]).parent == workspace / "reports" / NIGHTLY


def group_claims(workspace: Path) -> list[tuple[str, str, str]]:
    """(group, file, claimed) of every managed-group claim in the state folder."""
    registry = workspace / ".boolky-sync" / "managed_groups.sqlite"
    with closing(sqlite3.connect(registry)) as db:
        rows = db.execute("SELECT group_name, file, claimed FROM claims ORDER BY group_name")
        return [(str(g), str(f), str(c)) for g, f, c in rows.fetchall()]


def test_a_moved_file_takes_its_name_and_state_along(nightly: Path) -> None:
    ((group, owner, claimed),) = group_claims(nightly.parent.parent)
    assert (group, owner) == ("CRM", str(nightly))
    moved = nightly.with_name("crm.toml")
    text = nightly.read_text(encoding="utf-8")
    moved.write_text(text.replace("# name = ", "name = "), encoding="utf-8")
    nightly.unlink()

    result = invoke("run", "pipelines/crm.toml", "--json")
    assert result.exit_code == EXIT_OK, result.output
    summary = summary_of(result)
    assert summary["plan"]["create"] == summary["plan"]["remove"] == 0  # the same ledger
    assert summary["plan"]["unchanged"] == summary["contacts"]
    assert (
        "pipeline nightly_crm_sync was pipelines/nightly_crm_sync.toml and is now "
        "pipelines/crm.toml: its state (ledger, journal, lock, reports) follows the file"
    ) in result.stderr

    assert group_claims(nightly.parent.parent) == [("CRM", str(moved), claimed)]

    # The old path is the owner no more: a new file there is the one refused now.
    nightly.write_text(text, encoding="utf-8")
    refused = invoke("validate", f"pipelines/{NIGHTLY}.toml")
    assert refused.exit_code == EXIT_INPUT
    assert "pipelines/nightly_crm_sync.toml and pipelines/crm.toml both call" in refused.stderr


def test_a_dry_run_file_may_share_a_name_and_a_renamed_owner_lets_it_go(nightly: Path) -> None:
    """The shipped diff report plans against the nightly ledger on purpose."""
    dry = invoke("run", "pipelines/dry_run_report.toml", "--json")
    assert dry.exit_code == EXIT_OK, dry.output
    assert summary_of(dry)["plan"]["unchanged"] > 20

    shop = shop_copy(nightly, name=NIGHTLY)
    assert invoke("validate", "pipelines/shop.toml").exit_code == EXIT_INPUT
    text = nightly.read_text(encoding="utf-8")
    nightly.write_text(text.replace("# name = ", 'name = "crm" #'), encoding="utf-8")
    assert invoke("validate", str(shop)).exit_code == EXIT_OK
