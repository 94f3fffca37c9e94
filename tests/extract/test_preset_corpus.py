"""Every preset reads a file in its real layout to the contacts and refusals expected.

csvkit's way: one file per preset in data/presets/ (the program's exact header
row, a few realistic rows, at least one row that must be refused, and the
layout's multi-value cells), and beside it ``NAME.expected.json`` with the
preset it must be recognised as, every contact (E.164 phone, name, e-mail,
groups, and ``birthday`` where the expected contacts give it), every refused
row with its reason, and every contact held back for its consent (``held_back``,
none when absent); ``warnings``, when given, lists every note on a kept row
(row and code), so a note that should not be there fails; ``region``, when given,
is the default region the file is read under. One test reads them all, so a
new preset is tested by adding its two files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from boolky_sync.cli.main import cli
from boolky_sync.extract import PRESETS, extract
from boolky_sync.normalize.options import NormalizeOptions
from boolky_sync.normalize.stage import Normalized, normalize

CORPUS = Path(__file__).parent / "data" / "presets"
EXPECTED = ".expected.json"
FILES = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(EXPECTED))


def expected_of(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((CORPUS / (path.stem + EXPECTED)).read_text("utf-8"))
    return loaded


def test_every_preset_has_a_file_in_its_layout() -> None:
    assert sorted(expected_of(p)["preset"] for p in FILES) == sorted(PRESETS)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_file_reads_to_the_expected_contacts_and_refusals(path: Path) -> None:
    expected = expected_of(path)
    extracted = extract(path)
    options = NormalizeOptions(default_region=expected.get("region"))
    normalized = normalize(extracted.table, extracted.mapping, options)
    assert extracted.mapping.preset == expected["preset"]
    assert read_contacts(normalized, expected) == expected["contacts"]
    assert refused_rows(normalized) == expected["refused"]
    assert held_back_rows(normalized) == expected.get("held_back", [])
    if "warnings" in expected:
        noted = normalized.warnings[["row", "code"]].to_dict("records")
        assert [{"row": int(w["row"]), "code": w["code"]} for w in noted] == expected["warnings"]


def read_contacts(normalized: Normalized, expected: dict[str, Any]) -> list[dict[str, Any]]:
    """The contacts in the expected file's form (``birthday`` only where it gives one)."""
    with_birthday = any("birthday" in c for c in expected["contacts"])
    return [
        {
            "phone": c["phone"],
            "name": c["name"],
            "email": c["mail"],
            "groups": sorted(c["groups"]),
            **({"birthday": c["birthday"]} if with_birthday else {}),
        }
        for c in normalized.contacts.to_dict("records")
    ]


def refused_rows(normalized: Normalized) -> list[dict[str, Any]]:
    return [
        {"row": int(r["row"]), "reason": r["reason"]} for r in normalized.rejects.to_dict("records")
    ]


def held_back_rows(normalized: Normalized) -> list[dict[str, Any]]:
    return [
        {"row": int(h["row"]), "reason": h["reason"]}
        for h in normalized.held_back.to_dict("records")
    ]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_inspect_names_the_preset(path: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["preset"] == expected_of(path)["preset"]


def test_a_row_that_takes_the_layouts_fallback_column_is_noted() -> None:
    extracted = extract(CORPUS / "shopify.csv")
    warnings = normalize(extracted.table, extracted.mapping).warnings
    noted = warnings[warnings["code"] == "phone_fallback"]
    assert noted[["row", "detail"]].values.tolist() == [[3, "Default Address Phone"]]


def test_the_pipelines_date_order_wins_over_the_layouts() -> None:
    extracted = extract(CORPUS / "outlook_web.csv")
    normalized = normalize(extracted.table, extracted.mapping, NormalizeOptions(date_order="DMY"))
    assert normalized.contacts["birthday"].tolist() == ["07-04-1970", None]
