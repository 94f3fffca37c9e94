"""The remembered mappings' store: keyed by the header alone, and forgiving of a spoilt file."""

from __future__ import annotations

from pathlib import Path

from boolky_sync.extract.mapping import ColumnMapping, FieldMapping
from boolky_sync.extract.remembered_mappings import (
    MAPPINGS_FILE,
    header_signature,
    recalled,
    remember,
)


def test_the_signature_ignores_case_and_spaces_but_not_order_or_names() -> None:
    assert header_signature([" Name ", "PHONE"]) == header_signature(["name", "phone"])
    assert header_signature(["phone", "name"]) != header_signature(["name", "phone"])
    assert header_signature(["name", "phone"]) != header_signature(["name", "phone", "email"])


def test_a_kept_mapping_comes_back_for_its_header_only(tmp_path: Path) -> None:
    mapping = ColumnMapping(fields={"phone": FieldMapping("phone", ["Tel", "Handy"], "explicit")})
    remember(tmp_path, ["Name", "Tel", "Handy"], mapping)
    kept = recalled(tmp_path, ["name", "tel", "handy"])
    assert kept is not None
    assert kept["phone"] == ["Tel", "Handy"]
    assert kept["email"] == []  # unmapped stays unmapped next time
    assert recalled(tmp_path, ["Name", "Tel"]) is None


def test_a_spoilt_file_is_as_good_as_none(tmp_path: Path) -> None:
    (tmp_path / MAPPINGS_FILE).write_text("{not json", encoding="utf-8")
    assert recalled(tmp_path, ["Name", "Tel"]) is None
    assert recalled(tmp_path / "missing", ["Name", "Tel"]) is None
