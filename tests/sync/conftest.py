"""Fixtures of the sync tests: a sandbox on a random port, a client and a ledger for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.sandbox import Sandbox, run_sandbox
from boolky_sync.sync.ledger import Ledger
from tests.sync.support import KEY, client_for


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


@pytest.fixture
def client(box: Sandbox) -> Iterator[BoolkyClient]:
    with client_for(box) as opened:
        yield opened


@pytest.fixture
def book() -> Iterator[Ledger]:
    """This pipeline's ledger, in memory."""
    with Ledger(None) as opened:
        yield opened
