"""Fixtures of the CLI tests: a private copy of the project, and a sandbox on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import KEY, make_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """``tmp_path`` holding copies of ``pipelines/`` and ``sample_data/``."""
    return make_workspace(tmp_path)


@pytest.fixture
def box() -> Iterator[Sandbox]:
    """A sandbox serving over HTTP for ``--base-url``; its key is ``workspace.KEY``."""
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox
