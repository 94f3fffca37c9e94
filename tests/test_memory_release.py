"""What a run's stage frees goes back to the system before the next stage needs memory.

glibc keeps freed heap pages for its own later use, and Python's objects never
take them: without ``malloc_trim`` they count towards every later peak.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import boolky_sync
from boolky_sync.sandbox import run_sandbox
from tests.cli.workspace import KEY, remote_phones, uk_mobiles, write_contacts, write_pipeline

HEAP_GARBAGE = """
import json
from boolky_sync.memory_release import give_back

def resident_mib():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

# 64 KiB blocks on the heap (below glibc's mmap threshold), each followed by a small block
# (too large for Python's own allocator) that stays: free() can give none of them back.
pairs = [(bytes(64 * 1024), bytes(4096)) for _ in range(640)]
pins = [pin for _, pin in pairs]
del pairs
held = resident_mib()
give_back()
print(json.dumps({"held": held, "after": resident_mib()}))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="malloc_trim and /proc are glibc's, Linux's")
def test_heap_pages_freed_in_the_middle_of_the_heap_go_back() -> None:
    """In a fresh interpreter, so the heap is laid out as a run's is, not as the test
    process's history left it."""
    done = subprocess.run(
        [sys.executable, "-c", HEAP_GARBAGE], capture_output=True, text=True, check=True
    )
    figures = json.loads(done.stdout)
    assert figures["held"] - figures["after"] > 20, f"40 MiB freed, less than half back: {figures}"


class Counted(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "given back" in record.getMessage()


@pytest.fixture
def given_back() -> Iterator[Counted]:
    logger = logging.getLogger("boolky_sync.memory_release")
    handler, level = Counted(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_run_gives_back_after_each_stage_and_before_verify_reads(
    tmp_path: Path, given_back: Counted
) -> None:
    write_contacts(tmp_path / "data" / "crm.csv", [("Ann", phone) for phone in uk_mobiles(3)])
    path = write_pipeline(tmp_path, "trim", '[source]\npath = "../data/crm.csv"\n')
    with run_sandbox(api_key=KEY) as box, boolky_sync.BoolkyClient(box.url, api_key=KEY) as client:
        outcome = boolky_sync.run(path, client=client)
        assert set(remote_phones(box)) == set(uk_mobiles(3))
    assert outcome.exit_code == 0, outcome.report.error
    # extract, normalize, plan and apply each end with it, and verify gives back before
    # it reads the whole account again.
    assert given_back.count == 5
