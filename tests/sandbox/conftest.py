"""Sandboxes on real sockets, started per test with whatever options it needs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.sandbox.support import client_for

Start = Callable[..., tuple[Sandbox, httpx.Client]]


@pytest.fixture
def start() -> Iterator[Start]:
    """Start sandboxes with any ``run_sandbox`` options; each comes with a keyed client."""
    with ExitStack() as stack:

        def start(**options: Any) -> tuple[Sandbox, httpx.Client]:
            box = stack.enter_context(run_sandbox(**options))
            return box, stack.enter_context(client_for(box))

        yield start


@pytest.fixture
def box_api(start: Start) -> tuple[Sandbox, httpx.Client]:
    return start()


@pytest.fixture
def box(box_api: tuple[Sandbox, httpx.Client]) -> Sandbox:
    return box_api[0]


@pytest.fixture
def api(box_api: tuple[Sandbox, httpx.Client]) -> httpx.Client:
    return box_api[1]
