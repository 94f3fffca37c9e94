"""The hostile files through the real command: exit 2, one clear line, and memory bounded.

Each ``boolky-sync inspect`` runs as the only child of a fresh interpreter,
which reports the child's peak resident memory (``RUSAGE_CHILDREN``), so no
earlier test's children count. Before the limits, the far-cell workbook
aborted the process asking for 512 GB, and the 100,000-column CSV ran for
minutes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.errors import EXIT_INPUT
from tests.conftest import REPO
from tests.extract.hostile_files import far_cell_workbook, inflating_workbook, wide_csv

PEAK_LIMIT_MIB = 400

PROBE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"exit_code": done.returncode, "stderr": done.stderr, "peak_mib": peak}))
"""
"""Runs the command given as its only child; prints its exit code, stderr and peak MiB."""


def inspect_in_child(path: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "boolky_sync", "inspect", str(path)]
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "400"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (
            lambda folder: far_cell_workbook(folder / "far.xlsx"),
            "far.xlsx: sheet 'S' declares A1:XFD1048576 (16,384 columns × 1,048,576 rows)",
        ),
        (
            lambda folder: far_cell_workbook(folder / "liar.xlsx", lying=True),
            "liar.xlsx: sheet 'S' has cells out to XFD1048576",
        ),
        (
            lambda folder: inflating_workbook(folder / "bomb.xlsx", mib=32),
            "bomb.xlsx: xl/worksheets/sheet1.xml packs 32.0 MiB into",
        ),
        (
            lambda folder: wide_csv(folder / "wide.csv"),
            "wide.csv: the header has 100,000 columns, more than the limit of 2,000",
        ),
    ],
    ids=["far cell", "far cell, lying dimension", "inflating workbook", "100,000 columns"],
)
def test_a_hostile_file_is_refused_with_exit_2_in_bounded_memory(
    tmp_path: Path, make: Any, says: str
) -> None:
    result = inspect_in_child(make(tmp_path))
    assert result["exit_code"] == EXIT_INPUT, result["stderr"]
    assert says in result["stderr"]
    assert "Traceback" not in result["stderr"]
    assert len(result["stderr"].strip().splitlines()) == 1
    assert result["peak_mib"] < PEAK_LIMIT_MIB
