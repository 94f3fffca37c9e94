"""Helpers for the sandbox tests: documented examples, keyed clients, short calls.

Tests talk to the sandbox with bare httpx, not the project's client, so the
sandbox is checked against Boolky's documentation rather than against the code
it is meant to test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import orjson

from boolky_sync.sandbox import Sandbox

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "tests" / "data" / "boolky-api-examples"


def example(name: str) -> Any:
    """A body from Boolky's documentation (``tests/data``), e.g. ``example("addGroup.request")``."""
    return orjson.loads((EXAMPLES / f"{name}.json").read_bytes())


def client_for(box: Sandbox, key: str | None = None) -> httpx.Client:
    return httpx.Client(
        base_url=box.url,
        headers={"Authorization": box.api_key if key is None else key},
        timeout=10,
    )


def contact(phone: Any, name: Any = "Emma Smith", **fields: Any) -> dict[str, Any]:
    """A NewContact body; any types, so refusal tests can send wrong ones."""
    return {"name": name, "phone": phone, **fields}


def add_contacts(
    api: httpx.Client, content: list[dict[str, Any]], group_ids: list[int] | None = None
) -> httpx.Response:
    body: dict[str, Any] = {"content": content}
    if group_ids is not None:
        body["groupIds"] = group_ids
    return api.put("/addContacts", json=body)


def added(
    api: httpx.Client, content: list[dict[str, Any]], group_ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """The contacts addContacts answered with; fails the test if it refused."""
    response = add_contacts(api, content, group_ids)
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()["result"]["data"]
    return result


def add_group(api: httpx.Client, name: str = "Customers") -> int:
    response = api.put("/addGroup", json={"name": name})
    assert response.status_code == 200, response.text
    group_id: int = response.json()["result"]["data"]["id"]
    return group_id


def listed(api: httpx.Client) -> dict[str, Any]:
    """``result.data`` of getContacts."""
    response = api.get("/getContacts")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["result"]["data"]
    return data


def error_of(response: httpx.Response) -> dict[str, str]:
    """The error envelope's content, after checking it is the whole body."""
    body = response.json()
    assert list(body) == ["error"], body
    error: dict[str, str] = body["error"]
    assert set(error) == {"localizedMessage", "messageKey"}
    return error
