"""The package's public API: what ``import boolky_sync`` offers, and runs through it.

``run`` and ``plan`` are tried against the built-in sandbox of a pipeline file
and against a ``run_sandbox()`` served over HTTP, reached by a client the test
makes and injects; every way a run can end comes back as a ``RunOutcome``
whose ``raise_for_status`` raises the error that ended it.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import boolky_sync
from boolky_sync import errors
from boolky_sync.pipeline.lock import pipeline_lock
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.workspace import (
    KEY,
    make_workspace,
    remote_phones,
    write_contacts,
    write_pipeline,
    writes,
)
from tests.conftest import REPO

PUBLIC = (
    "run",
    "plan",
    "load_pipeline",
    "validate_pipeline",
    "Pipeline",
    "RunOptions",
    "RunOutcome",
    "BoolkyClient",
    "run_sandbox",
    "BoolkyError",
    "__version__",
)
"""The names the issue asks the package to export (the errors are found below)."""

HEAVY = ("pandas", "numpy", "pyarrow", "openpyxl", "uvicorn", "starlette")
PEOPLE = [("Ann Lee", "+447911123456"), ("Bob Stone", "+447911123457")]


def error_classes() -> set[str]:
    return {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, errors.BoolkyError)
    }


def test_all_holds_every_public_name_and_every_error() -> None:
    assert set(PUBLIC) <= set(boolky_sync.__all__)
    assert error_classes() <= set(boolky_sync.__all__)
    assert len(boolky_sync.__all__) == len(set(boolky_sync.__all__))
    assert set(boolky_sync.__all__) <= set(dir(boolky_sync))


@pytest.mark.parametrize("name", sorted(set(boolky_sync.__all__) - {"__version__"}))
def test_every_public_name_has_a_docstring(name: str) -> None:
    value = getattr(boolky_sync, name)
    assert value.__doc__ and value.__doc__.strip(), name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        boolky_sync.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_importing_the_package_loads_no_heavy_module() -> None:
    code = (
        "import sys, boolky_sync\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
        "boolky_sync.BoolkyError, boolky_sync.InputError\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "[]", found.stdout
    assert found.stderr == ""


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The shipped demo pipeline, in a private copy of the project."""
    return make_workspace(tmp_path) / "pipelines" / "demo.toml"


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with run_sandbox(api_key=KEY) as sandbox:
        yield sandbox


@pytest.fixture
def client(box: Sandbox) -> Iterator[boolky_sync.BoolkyClient]:
    with boolky_sync.BoolkyClient(box.url, KEY) as made:
        yield made


def small(root: Path, extra: str = "") -> Path:
    write_contacts(root / "data" / "people.csv", PEOPLE)
    return write_pipeline(root, "small", f'[source]\npath = "../data/people.csv"\n{extra}')


def test_run_of_the_demo_into_its_built_in_sandbox(demo: Path) -> None:
    outcome = boolky_sync.run(demo)
    assert outcome.raise_for_status() is outcome
    assert outcome.exit_code == 0
    assert outcome.error is None
    assert outcome.summary["applied"]["ok"] == outcome.summary["plan"]["create"] > 0
    assert outcome.report_dir is not None
    written = json.loads((outcome.report_dir / "summary.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(outcome.summary))

    again = boolky_sync.run(str(demo)).raise_for_status()
    assert again.summary["plan"]["create"] == 0
    assert again.summary["plan"]["unchanged"] == outcome.summary["contacts"]


def test_a_dry_run_writes_nothing_and_says_so(demo: Path) -> None:
    outcome = boolky_sync.run(demo, dry_run=True).raise_for_status()
    assert outcome.summary["dry_run"] is True
    assert outcome.summary["applied"] == {"ok": 0, "failed": 0, "skipped": 0}
    assert outcome.summary["write_calls"] == 0
    assert boolky_sync.run(demo, dry_run=True).summary["plan"] == outcome.summary["plan"]


def test_run_takes_a_loaded_pipeline_and_a_limit(demo: Path) -> None:
    """A run cut short by ``limit`` did what it was asked: the rest is not drift."""
    outcome = boolky_sync.run(boolky_sync.load_pipeline(demo), limit=2)
    assert outcome.summary["applied"]["ok"] == 2
    assert outcome.summary["limited"] == {"to": 2, "of": outcome.summary["plan"]["create"]}
    assert (outcome.summary["drift"], outcome.exit_code) == (0, errors.EXIT_OK)
    assert outcome.raise_for_status() is outcome


def test_plan_writes_nothing_and_names_its_pipeline(
    tmp_path: Path, box: Sandbox, client: boolky_sync.BoolkyClient
) -> None:
    pipeline = small(tmp_path)
    outcome = boolky_sync.plan(pipeline, client=client).raise_for_status()
    assert outcome.plan is not None
    assert outcome.plan.counts()["create"] == len(PEOPLE)
    assert outcome.plan.pipeline == str(pipeline.resolve())
    assert outcome.summary["dry_run"] is True
    assert writes(box) == 0
    assert remote_phones(box) == {}


def test_an_injected_client_is_used_journalled_and_left_open(
    tmp_path: Path, box: Sandbox, client: boolky_sync.BoolkyClient
) -> None:
    outcome = boolky_sync.run(small(tmp_path), client=client).raise_for_status()
    assert set(remote_phones(box)) == {phone for _, phone in PEOPLE}
    assert outcome.report.target == box.url
    calls = box.calls.count() - 1  # remote_phones made one call of its own
    assert outcome.summary["calls"] == calls > 0
    assert len(client.get_contacts().contacts) == len(PEOPLE)  # still open: the caller's


def test_the_clients_own_on_call_still_hears_every_call(tmp_path: Path, box: Sandbox) -> None:
    heard: list[object] = []
    with boolky_sync.BoolkyClient(box.url, KEY, on_call=heard.append) as client:
        outcome = boolky_sync.run(small(tmp_path), client=client).raise_for_status()
    assert len(heard) == outcome.summary["calls"] == box.calls.count()


def test_a_transport_carries_the_runs_calls(demo: Path) -> None:
    class Counting(httpx.HTTPTransport):
        requests = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            Counting.requests += 1
            return super().handle_request(request)

    outcome = boolky_sync.run(demo, dry_run=True, transport=Counting()).raise_for_status()
    assert Counting.requests == outcome.summary["calls"] > 0


def test_a_client_and_a_base_url_are_one_too_many(
    tmp_path: Path, client: boolky_sync.BoolkyClient
) -> None:
    with pytest.raises(boolky_sync.InputError, match="not both"):
        boolky_sync.run(small(tmp_path), client=client, base_url="http://127.0.0.1:9")


def test_a_held_lock_is_an_outcome_and_raise_for_status_raises_it(
    tmp_path: Path, box: Sandbox, client: boolky_sync.BoolkyClient
) -> None:
    pipeline = small(tmp_path)
    with pipeline_lock(boolky_sync.load_pipeline(pipeline)):
        outcome = boolky_sync.run(pipeline, client=client)
    assert outcome.exit_code == errors.EXIT_LOCKED
    assert isinstance(outcome.error, boolky_sync.LockedError)
    assert outcome.report.error == str(outcome.error)
    assert outcome.report_dir is None
    assert not (tmp_path / "pipelines" / "reports").exists()
    assert box.calls.count() == 0
    with pytest.raises(boolky_sync.LockedError, match="another run of pipeline 'small'"):
        outcome.raise_for_status()


def test_a_refused_key_is_raised_as_the_auth_error_that_stopped_the_run(
    tmp_path: Path, box: Sandbox
) -> None:
    with boolky_sync.BoolkyClient(box.url, "wrong-key-5e6f") as wrong:
        outcome = boolky_sync.run(small(tmp_path), client=wrong)
    assert outcome.exit_code == errors.EXIT_AUTH
    assert outcome.report_dir is not None
    assert outcome.summary["error"] == str(outcome.error)
    with pytest.raises(boolky_sync.AuthError) as raised:
        outcome.raise_for_status()
    assert raised.value is outcome.error


def test_failed_changes_raise_a_boolky_error_with_exit_code_1(tmp_path: Path) -> None:
    """A sandbox that refuses known phones, and a re-add: the run ends, one change failed."""
    pipeline = small(tmp_path, '[sync]\nupdate_strategy = "readd"\n')
    with (
        run_sandbox(api_key=KEY, duplicate_policy="reject") as box,
        boolky_sync.BoolkyClient(box.url, KEY) as client,
    ):
        boolky_sync.run(pipeline, client=client).raise_for_status()
        write_contacts(tmp_path / "data" / "people.csv", [("Ann Leeson", PEOPLE[0][1])])
        outcome = boolky_sync.run(pipeline, client=client)
    assert outcome.exit_code == errors.EXIT_PARTIAL
    assert outcome.error is None
    with pytest.raises(boolky_sync.BoolkyError, match="1 changes failed, drift 1") as raised:
        outcome.raise_for_status()
    assert raised.value.exit_code == errors.EXIT_PARTIAL
    assert str(outcome.report_dir) in str(raised.value)
