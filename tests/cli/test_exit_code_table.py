"""The README's exit-code table is what the code does: the same codes, each with a test.

The table is parsed from the README's "Exit codes" section and compared both
ways with the ``EXIT_*`` constants of ``boolky_sync.errors``, so a code added
on one side only fails here. Every code a run or command of this package
produces has a test in ``test_exit_codes`` named after it (``test_70_...``);
130 and 143 are signals, tested by sending them to real processes.
"""

from __future__ import annotations

import ast
import re

from boolky_sync import errors
from tests.conftest import REPO, TESTS

_ROW = re.compile(r"^\| (\d+) \| (.+) \|$")
SIGNALS = {errors.EXIT_SIGINT, errors.EXIT_SIGTERM}


def readme_table() -> dict[int, str]:
    """Code → meaning, from the rows of the README's "Exit codes" table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    rows = [_ROW.match(line) for line in section.splitlines()]
    return {int(row[1]): row[2] for row in rows if row}


def exit_constants() -> dict[str, int]:
    return {
        name: value
        for name, value in vars(errors).items()
        if name.startswith("EXIT_") and isinstance(value, int)
    }


def test_the_table_lists_every_code_and_only_those() -> None:
    table = readme_table()
    assert set(table) == set(exit_constants().values())
    assert len(exit_constants()) == len(table), "two constants share a code"
    assert all(meaning.strip() for meaning in table.values())


def test_the_table_is_parsed_as_written() -> None:
    table = readme_table()
    assert list(table) == sorted(table)  # the order a reader looks a code up in
    assert {0, 1, 2, 3, 4, 5, 6, 70, 74, 130, 143} == set(table)
    assert "internal error" in table[errors.EXIT_INTERNAL]
    assert "read-only" in table[errors.EXIT_STORAGE]


def test_every_code_but_the_signals_has_a_test_that_produces_it() -> None:
    tree = ast.parse((TESTS / "cli" / "test_exit_codes.py").read_text(encoding="utf-8"))
    named = {
        int(match[1])
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and (match := re.match(r"test_(\d+)_", node.name)) is not None
    }
    assert named == set(readme_table()) - SIGNALS


def test_every_error_class_exits_with_a_documented_code() -> None:
    table = readme_table()
    classes = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.BoolkyError)
    ]
    assert len(classes) > 10
    assert {cls.exit_code for cls in classes} <= set(table)
