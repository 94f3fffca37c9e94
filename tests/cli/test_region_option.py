"""One rule for a region everywhere: ``--region`` of import and normalize, ``default_region``.

``import --region fr`` once passed the lower-case code on to phonenumbers, which
knows only "FR", and refused every French national number as ``phone_invalid``
while exiting 0. Codes in any case and country names in the six languages are
the ISO code wherever they are given; anything else is exit 2 with a suggestion.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from boolky_sync.errors import EXIT_INPUT, ConfigError
from boolky_sync.normalize.countries import region_code
from boolky_sync.option_rules import OptionError
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.sandbox import Sandbox
from tests.cli.workspace import api_env, invoke, remote_phones, write_contacts

FRENCH = [(f"Client {n}", f"06 12 34 56 {n:02d}") for n in range(10, 40)]


@pytest.fixture
def french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_contacts(tmp_path / "clients.csv", FRENCH)


@pytest.mark.parametrize("region", ["fr", "FR", "France", "Frankreich", "francia"])
def test_import_with_a_region_in_any_spelling_accepts_every_national_number(
    box: Sandbox, french: Path, region: str
) -> None:
    result = invoke(
        "import", french, "--region", region, "--base-url", box.url, "--yes", env=api_env()
    )
    assert result.exit_code == 0, result.output
    assert sorted(remote_phones(box)) == [f"+336123456{n}" for n in range(10, 40)]


def test_an_unknown_region_is_refused_with_a_suggestion_before_anything_is_read(
    box: Sandbox, french: Path
) -> None:
    commands: list[list[str | Path]] = [
        ["import", french, "--yes", "--base-url", box.url],
        ["normalize", french],
    ]
    for command in commands:
        result = invoke(*command, "--region", "Frnace", env=api_env())
        assert result.exit_code == EXIT_INPUT, result.output
        assert '--region: the text "Frnace" names no country we know' in result.output
        assert 'did you mean "France"?' in result.output
        assert "Traceback" not in result.output
    assert remote_phones(box) == {}


def test_normalize_reads_the_same_spellings(french: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = invoke("normalize", french, "--region", "fr", "--output", out, "--json")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("+336123456") == 30


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("gb", "GB"),
        ("United Kingdom", "GB"),
        ("Royaume-Uni", "GB"),
        ("Vereinigtes Königreich", "GB"),
        ("Reino Unido", "GB"),
        ("Regno Unito", "GB"),
        ("deu", "DE"),
        ("+33", "FR"),
    ],
)
def test_a_pipeline_file_takes_codes_and_names_alike(tmp_path: Path, value: str, code: str) -> None:
    (tmp_path / "c.csv").write_text("Name,Phone\nAnn,07911 123456\n", encoding="utf-8")
    path = tmp_path / "p.toml"
    path.write_text(
        f'[source]\npath = "c.csv"\n[normalize]\ndefault_region = "{value}"\n', encoding="utf-8"
    )
    assert load_pipeline(path).normalize.default_region == code


def test_the_rule_is_one_function() -> None:
    assert region_code(" es ") == "ES"
    with pytest.raises(OptionError) as caught:
        region_code("Atlantis", "--region")
    assert isinstance(caught.value, ConfigError) and caught.value.exit_code == EXIT_INPUT
    assert str(caught.value).startswith('--region: the text "Atlantis" names no country')
