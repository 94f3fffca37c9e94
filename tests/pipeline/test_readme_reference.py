"""README's "Pipeline file reference" is the one description of a pipeline file's keys.

It is read here as TOML and held to the loader's key table both ways: a key
the loader knows and the README leaves out is undocumented, and a key in the
README the loader does not know would be refused in a real file.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from boolky_sync.extract import CANONICAL_FIELDS
from boolky_sync.pipeline.schema import FREE_TABLES, KNOWN_KEYS
from tests.conftest import REPO


def reference() -> dict[str, Any]:
    """The toml block under README's "## Pipeline file reference" heading."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Pipeline file reference", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert found is not None, "no ```toml block in the Pipeline file reference"
    return tomllib.loads(found[1])


def test_the_readme_names_every_table_and_key_the_loader_knows() -> None:
    document = reference()
    assert set(document) == set(KNOWN_KEYS[""])
    for table, keys in KNOWN_KEYS.items():
        if table:
            assert set(document[table]) == set(keys), f"[{table}]"


def test_the_readme_mapping_and_free_tables_hold_only_what_the_loader_reads() -> None:
    document = reference()
    assert set(document["source"]["mapping"]) <= set(CANONICAL_FIELDS)
    for table, key in FREE_TABLES:
        assert document[str(table)][str(key)], f"[{table}.{key}] shows no example"
