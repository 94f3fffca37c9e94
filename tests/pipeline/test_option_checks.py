"""The option dataclasses refuse a value outside their rules, from Python as from a file.

The loader turns these same refusals into problems at the file's key and line
(``test_pipeline_file.py``); here they are met without a file, as a scheduler
user or ``import`` meets them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from boolky_sync.errors import ConfigError
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.option_rules import OptionError
from boolky_sync.pipeline.adhoc import import_pipeline
from boolky_sync.pipeline.config import Target
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.pipeline.problems import PipelineFileError
from boolky_sync.pipeline.schema import SANDBOX_STATE, STATE_FOLDER
from boolky_sync.sync.options import SyncOptions


@pytest.mark.parametrize(
    ("make", "option", "says"),
    [
        (lambda: SyncOptions(batch_size=0), "batch_size", "use a number 1 or more"),
        (lambda: SyncOptions(concurrency=17), "concurrency", "use a number from 1 to 16"),
        (lambda: SyncOptions(max_delete_fraction=1.5), "max_delete_fraction", "from 0 to 1"),
        (lambda: SyncOptions(mode="mirrror"), "mode", 'did you mean "mirror"?'),  # type: ignore[arg-type]
        (lambda: NormalizeOptions(default_region="XX"), "default_region", "no country we know"),
        (lambda: NormalizeOptions(date_order="DYM"), "date_order", '"DMY"'),  # type: ignore[arg-type]
        (lambda: NormalizeOptions(consent="requir"), "consent", 'did you mean "require"?'),  # type: ignore[arg-type]
        (lambda: NormalizeOptions(name_fallback="x" * 51), "name_fallback", "50 characters"),
        (lambda: NormalizeOptions(gender_spellings={"x": 0}), "gender_spellings", "1 (male)"),
        (lambda: Target(kind="cloud"), "kind", '"sandbox", "api"'),  # type: ignore[arg-type]
        (lambda: Target(duplicate_policy="merge"), "duplicate_policy", '"upsert"'),
        (lambda: Target(timeout=0), "timeout", "more than 0"),
        (lambda: Target(max_attempts=0), "max_attempts", "1 or more"),
        (lambda: Target(base_url="api.boolky.net"), "base_url", "http(s)"),
        (lambda: Target(api_key_env="sk-secret"), "api_key_env", "name of an environment"),
    ],
)
def test_an_option_out_of_its_rule_is_refused(make: Any, option: str, says: str) -> None:
    with pytest.raises(OptionError) as caught:
        make()
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, ConfigError)
    assert error.option == option
    assert says in str(error)
    assert "sk-secret" not in str(error)


def test_the_defaults_and_a_lower_case_region_are_accepted() -> None:
    assert NormalizeOptions(default_region="de").default_region == "DE"
    SyncOptions(max_delete_fraction=0, concurrency=16)
    Target(kind="api", base_url="https://x.test", timeout=0.5, max_attempts=1)


def test_import_keeps_its_state_where_a_pipeline_file_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contacts.csv").write_text("Name,Phone\nAnn,+4915112345678\n", encoding="utf-8")
    (tmp_path / "p.toml").write_text('[source]\npath = "contacts.csv"\n', encoding="utf-8")
    imported = import_pipeline("contacts.csv", groups=["CRM"], region="DE")
    from_file = load_pipeline(tmp_path / "p.toml")
    assert imported.state_dir == from_file.state_dir == tmp_path / STATE_FOLDER
    assert imported.target == from_file.target
    assert imported.target.state == tmp_path / STATE_FOLDER / SANDBOX_STATE
    assert imported.report.folder == tmp_path / "reports"
    assert imported.normalize.static_groups == ("CRM",)
    assert imported.sync.mode == "upsert"


def test_a_pipeline_file_error_carries_its_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('[source]\npath = "contacts.csv"\n', encoding="utf-8")
    with pytest.raises(PipelineFileError) as caught:
        load_pipeline(path)
    assert (caught.value.path, caught.value.key) == (str(path), "source.path")
