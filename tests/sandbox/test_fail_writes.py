"""``fail_writes`` (``sandbox serve --fail-writes``): a Boolky that reads but cannot write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx

from boolky_sync.sandbox import Faults, run_sandbox
from tests.sandbox.support import REPO_ROOT

KEY = "fail-writes-key-5"
WRITES = [
    ("PUT", "addContacts", {"content": [{"name": "Ann", "phone": "+447911123456"}]}),
    ("POST", "deleteContacts", {"ids": [1], "permanent": True}),
    ("PUT", "addGroup", {"name": "VIP"}),
]


def statuses(url: str) -> dict[str, int]:
    """The status of each write, then of each read, sent to the sandbox at ``url``."""
    headers = {"Authorization": KEY}
    with httpx.Client(base_url=url, headers=headers) as http:
        seen = {name: http.request(method, f"/{name}", json=body).status_code
                for method, name, body in WRITES}  # fmt: skip
        for name in ("getContacts", "getGroups"):
            seen[name] = http.get(f"/{name}").status_code
    return seen


FAILED = {"addContacts": 500, "deleteContacts": 500, "addGroup": 500}
READ = {"getContacts": 200, "getGroups": 200}


def test_every_write_is_answered_500_and_reads_still_work() -> None:
    with run_sandbox(api_key=KEY, faults=Faults(fail_writes=True)) as box:
        assert statuses(box.url) == {**FAILED, **READ}
        assert [g["name"] for g in box.store.get_groups()] == ["All"]  # nothing written
        box.faults.fail_writes = False
        assert statuses(box.url)["addGroup"] == 200


def test_serve_fail_writes_reaches_the_real_command() -> None:
    env = {**os.environ, "BOOLKY_API_KEY": KEY}
    code = (
        "from boolky_sync.cli.sandbox_cmd import sandbox; "
        "sandbox(['serve', '--port', '0', '--fail-writes'])"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stderr is not None
        line = process.stderr.readline()
        url = line.split(" listening on ")[1].split()[0]
        seen = statuses(url)
        process.send_signal(signal.SIGINT)
        process.stderr.read()

    assert seen == {**FAILED, **READ}
