"""Starting and stopping the background sandbox: free ports, clean exits, clear failures."""

from __future__ import annotations

import threading

import httpx
import pytest

from boolky_sync.errors import InputError
from boolky_sync.sandbox import run_sandbox
from tests.sandbox.conftest import Start


def test_each_sandbox_gets_its_own_free_port(start: Start) -> None:
    first, _ = start()
    second, _ = start()

    assert first.url.startswith("http://127.0.0.1:")
    assert first.url != second.url


def test_leaving_the_block_stops_the_server_and_its_thread() -> None:
    with run_sandbox() as box:
        url = box.url

    assert not [t for t in threading.enumerate() if t.name == "boolky-sandbox"]
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/getGroups")


def test_a_taken_port_is_an_input_error(start: Start) -> None:
    box, _ = start()
    port = int(box.url.rsplit(":", 1)[1])

    with pytest.raises(InputError, match=f"{port}.*try another --port"), run_sandbox(port=port):
        pass


def test_the_handle_carries_the_key_and_the_store(start: Start) -> None:
    box, _ = start(api_key="k-123", duplicate_policy="reject")

    assert box.api_key == "k-123"
    assert box.store.duplicate_policy == "reject"
