"""``benchmarks/end_to_end.py --profile`` writes its profile although the console script
ends with ``os._exit`` (``cli.process_end``): ``python -m cProfile -o`` writes its stats
only after the script returns, which that script never does, and the benchmark's
``--profile`` failed with a missing file for as long as nobody ran it."""

from __future__ import annotations

import pstats
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_the_profiled_console_script_leaves_its_stats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # for its ``_common``
    profiled = runpy.run_path(str(BENCHMARKS / "end_to_end.py"), run_name="bench")["PROFILED"]
    out = tmp_path / "run.prof"
    done = subprocess.run(
        [sys.executable, "-c", profiled, str(out), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Keep a Boolky contact list" in done.stdout
    functions = {f"{path}:{name}" for path, _, name in pstats.Stats(str(out)).stats}  # type: ignore[attr-defined]
    assert any(f.endswith("cli/main.py:main") for f in functions)
