"""Every exit code of the README's table, each from a run that really ends that way.

0 done · 1 Boolky refused a contact · 2 a bad pipeline file or a missing source ·
3 a wrong key · 4 a safety guard · 5 Boolky unreachable · 6 the lock is held ·
70 a bug · 74 a file we must write that cannot be (here: a ledger path that is a
folder; full and read-only disks are in ``test_storage_faults``). 130 and 143
are signals, sent to real processes in the signal tests. Each test also checks
what a person is told, and that nothing was written where nothing should have been.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

import boolky_sync
from boolky_sync.errors import (
    EXIT_AUTH,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_SAFETY,
    EXIT_STORAGE,
    EXIT_UNAVAILABLE,
    InternalError,
    StorageError,
)
from boolky_sync.extract import Extracted
from boolky_sync.pipeline.lock import pipeline_lock
from boolky_sync.pipeline.pipeline_file import load_pipeline
from boolky_sync.sandbox import Faults, Sandbox, run_sandbox
from boolky_sync.sync.journal import Journal
from tests.cli.workspace import (
    KEY,
    api_env,
    invoke,
    latest,
    remote_phones,
    summary_file,
    summary_of,
    uk_mobiles,
    write_contacts,
    write_pipeline,
    writes,
)
from tests.conftest import REPO

PEOPLE = [
    ("Ann Lee", "+447911123456"),
    ("Bob Stone", "+447911123457"),
    ("Cid Roe", "+447911123458"),
]


def small_pipeline(root: Path, name: str = "small", extra: str = "") -> Path:
    write_contacts(root / "data" / f"{name}.csv", PEOPLE)
    return write_pipeline(
        root,
        name,
        f"""
        [source]
        path = "../data/{name}.csv"
        {extra}
        """,
    )


def test_the_exit_codes_are_the_documented_ones() -> None:
    codes = (EXIT_OK, EXIT_PARTIAL, EXIT_INPUT, EXIT_AUTH, EXIT_SAFETY, EXIT_UNAVAILABLE)
    assert (*codes, EXIT_LOCKED) == (0, 1, 2, 3, 4, 5, 6)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in range(7):
        assert f"\n| {code} |" in readme, code


def test_0_a_clean_run(tmp_path: Path) -> None:
    result = invoke("run", small_pipeline(tmp_path), "--json")
    assert result.exit_code == EXIT_OK, result.output
    summary = summary_of(result)
    assert summary["exit_code"] == 0
    assert (summary["applied"]["ok"], summary["drift"]) == (3, 0)


def test_1_boolky_refuses_a_changed_contact(tmp_path: Path) -> None:
    """A sandbox that refuses known phones, and a re-add: the change is refused, the run goes on."""
    pipeline = write_pipeline(
        tmp_path,
        "refusing",
        """
        [source]
        path = "../data/people.csv"
        [sync]
        update_strategy = "readd"
        [target]
        duplicate_policy = "reject"
        """,
    )
    write_contacts(tmp_path / "data" / "people.csv", PEOPLE)
    assert invoke("run", pipeline).exit_code == EXIT_OK
    changed = [("Ann Leeson", PEOPLE[0][1]), *PEOPLE[1:], ("Dee Fox", "+447911123459")]
    write_contacts(tmp_path / "data" / "people.csv", changed)

    result = invoke("run", pipeline, "--json")
    assert result.exit_code == EXIT_PARTIAL, result.output
    summary = summary_of(result)
    assert summary["exit_code"] == EXIT_PARTIAL
    assert summary["plan"]["update"] == 1
    assert summary["plan"]["create"] == 1
    # The refused update is isolated; the new contact in the same run lands.
    assert summary["applied"] == {"ok": 1, "failed": 1, "skipped": 0}
    assert summary["drift"] == 1
    with (Path(summary["report"]) / "changes.csv").open(encoding="utf-8-sig") as f:
        failed = [row for row in csv.DictReader(f) if row["outcome"] == "failed"]
    assert {row["phone"] for row in failed} == {PEOPLE[0][1]}
    assert {row["message_key"] for row in failed} == {"contactAlreadyExists"}


def test_2_a_missing_source_file_names_the_file_key_and_line(tmp_path: Path) -> None:
    pipeline = write_pipeline(
        tmp_path,
        "missing",
        """
        name = "missing"
        [source]
        path = "../data/not-there.csv"
        """,
    )
    result = invoke("run", pipeline)
    assert result.exit_code == EXIT_INPUT
    assert result.stderr.startswith(f"error: {pipeline}: source.path (line 4): no such file")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "pipelines" / "reports").exists()


def test_2_a_bad_pipeline_file(tmp_path: Path) -> None:
    pipeline = small_pipeline(tmp_path, extra='[sync]\nmdoe = "mirror"')
    result = invoke("run", pipeline)
    assert result.exit_code == EXIT_INPUT
    assert "sync.mdoe" in result.stderr
    assert 'did you mean "mode"' in result.stderr
    assert result.stdout == ""


def test_2_a_pipeline_file_that_is_not_there(tmp_path: Path) -> None:
    result = invoke("run", tmp_path / "nope.toml")
    assert result.exit_code == EXIT_INPUT
    assert "no such pipeline file" in result.stderr


def test_3_a_wrong_key(tmp_path: Path, box: Sandbox) -> None:
    wrong = "wrong-key-0a9b8c7d"
    result = invoke(
        "run", small_pipeline(tmp_path), "--base-url", box.url, "--json", env=api_env(wrong)
    )
    assert result.exit_code == EXIT_AUTH, result.output
    summary = summary_of(result)
    assert summary["exit_code"] == EXIT_AUTH
    assert "refused the API key" in summary["error"]
    assert "refused the API key" in result.stderr
    assert wrong not in result.output
    assert writes(box) == 0


def test_3_exits_at_once_without_retrying(tmp_path: Path, box: Sandbox) -> None:
    invoke("run", small_pipeline(tmp_path), "--base-url", box.url, env=api_env("nope-nope"))
    assert box.calls.count() == 1


def test_4_a_mirror_whose_source_shrank(tmp_path: Path, box: Sandbox) -> None:
    pipeline = write_pipeline(
        tmp_path,
        "mirror",
        """
        [source]
        path = "../data/crm.csv"
        [normalize]
        static_groups = ["CRM"]
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        """,
    )
    people = [(f"Person {i}", phone) for i, phone in enumerate(uk_mobiles(40))]
    write_contacts(tmp_path / "data" / "crm.csv", people)
    run = ("run", pipeline, "--base-url", box.url, "--json")
    assert invoke(*run, env=api_env()).exit_code == EXIT_OK
    write_contacts(tmp_path / "data" / "crm.csv", people[:30])
    before = writes(box)

    result = invoke(*run, env=api_env())
    assert result.exit_code == EXIT_SAFETY, result.output
    summary = summary_of(result)
    assert "10 of 40" in summary["error"]
    assert "--allow-mass-delete" in summary["error"]
    assert "10 of 40" in result.stderr
    assert writes(box) == before

    with Journal(load_pipeline(pipeline).journal_path) as journal:
        stopped = journal.runs()[-1]
    assert stopped["exit_code"] == EXIT_SAFETY  # the journal says so too
    assert stopped["summary"]["error"] == summary["error"]

    allowed = invoke(*run, "--allow-mass-delete", env=api_env())
    assert allowed.exit_code == EXIT_OK, allowed.output
    assert summary_of(allowed)["plan"]["remove"] == 10


def test_4_a_mirror_whose_source_has_no_valid_contact(tmp_path: Path, box: Sandbox) -> None:
    pipeline = write_pipeline(
        tmp_path,
        "empty",
        """
        [source]
        path = "../data/crm.csv"
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        """,
    )
    write_contacts(tmp_path / "data" / "crm.csv", [("Ann", "not a phone"), ("Bob", "12")])
    result = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())
    assert result.exit_code == EXIT_SAFETY, result.output
    summary = summary_of(result)
    assert summary["contacts"] == 0
    assert sum(summary["rejected"].values()) == 2
    assert "no valid contact" in summary["error"]
    assert writes(box) == 0


def test_5_boolky_unreachable(tmp_path: Path) -> None:
    with run_sandbox(api_key=KEY) as gone:
        url = gone.url  # a port that was free a moment ago, and is closed again
    pipeline = small_pipeline(tmp_path, extra="[target]\nmax_attempts = 2\ntimeout = 2")
    started = time.monotonic()
    result = invoke("run", pipeline, "--base-url", url, "--json", env=api_env())
    assert result.exit_code == EXIT_UNAVAILABLE, result.output
    assert time.monotonic() - started < 20
    summary = summary_of(result)
    assert summary["exit_code"] == EXIT_UNAVAILABLE
    assert "cannot reach Boolky" in summary["error"]
    assert "cannot reach Boolky" in result.stderr


def test_6_the_lock_is_held(tmp_path: Path, box: Sandbox) -> None:
    pipeline = small_pipeline(tmp_path)
    with pipeline_lock(load_pipeline(pipeline)):
        result = invoke("run", pipeline, "--base-url", box.url, env=api_env())
    assert result.exit_code == EXIT_LOCKED
    assert result.stderr.startswith("error: another run of pipeline 'small' is in progress")
    assert box.calls.count() == 0
    assert remote_phones(box) == {}


def test_5_a_run_stopped_midway_reports_what_landed(tmp_path: Path, box: Sandbox) -> None:
    """Boolky starts refusing (429) after the first batch: the run stops, and its report,
    summary and journal say two contacts landed and four were never sent."""
    people = [(f"Person {i}", phone) for i, phone in enumerate(uk_mobiles(6))]
    write_contacts(tmp_path / "data" / "people.csv", people)
    pipeline = write_pipeline(
        tmp_path,
        "midway",
        """
        [source]
        path = "../data/people.csv"
        [sync]
        batch_size = 2
        concurrency = 1
        [target]
        max_attempts = 1
        """,
    )
    numbered = box.calls.begin

    def begin() -> int:
        number = numbered()
        if number == 3:  # getContacts, the first batch, then: rate limited for good
            box.faults = Faults(rate_limit_rate=1.0, retry_after=0)
        return number

    box.calls.begin = begin  # type: ignore[method-assign]
    result = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())
    assert result.exit_code == EXIT_UNAVAILABLE, result.output
    summary = summary_of(result)
    assert summary["applied"] == {"ok": 2, "failed": 0, "skipped": 4}
    assert summary["outcomes"]["created"] == 2
    assert "rate limiting" in summary["error"]
    with (Path(summary["report"]) / "changes.csv").open(encoding="utf-8-sig") as f:
        outcomes = [row["outcome"] for row in csv.DictReader(f)]
    assert outcomes == ["ok", "ok", "skipped", "skipped", "skipped", "skipped"]
    with Journal(load_pipeline(pipeline).journal_path) as journal:
        (run,) = journal.runs()
    assert run["exit_code"] == EXIT_UNAVAILABLE
    assert run["finished"] is not None
    box.faults = Faults()
    assert set(remote_phones(box)) == {phone for _, phone in people[:2]}


SECRET_LOOKING = "Ann Lee +447911123456 cli-run-key-3b1d"
"""What a bug's exception text could hold: a contact, the key. It must reach no output."""


def _broken_normalize(*args: object, **kwargs: object) -> None:
    raise RuntimeError(SECRET_LOOKING)


def test_70_a_bug_in_a_stage_ends_in_a_report_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One of our functions raises what nothing expects: the run still writes its report,
    exits 70, and says so in one line that holds none of the exception's text."""
    pipeline = small_pipeline(tmp_path)
    monkeypatch.setattr("boolky_sync.pipeline.runner.normalize", _broken_normalize)
    result = invoke("run", pipeline)
    assert result.exit_code == EXIT_INTERNAL, result.output
    expected = (
        "internal error (RuntimeError) — a bug; run again with --debug for the traceback, "
        "and report it"
    )
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.endswith(f"{expected}\n")
    assert "Traceback" not in result.output
    assert f"Stopped: {expected}" in result.stdout
    report = latest(tmp_path / "pipelines" / "reports" / "small")
    summary = summary_file(report)
    assert (summary["exit_code"], summary["error"]) == (EXIT_INTERNAL, expected)
    for written in [result.output, *(f.read_text("utf-8") for f in report.glob("*.*sv"))]:
        assert "+447911123456" not in written and KEY not in written
    assert (report / "report.html").is_file()


def test_70_with_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--debug raises the bug itself (the CLI's own errors are re-raised the same way)."""
    monkeypatch.setattr("boolky_sync.pipeline.runner.normalize", _broken_normalize)
    with pytest.raises(InternalError) as raised:
        invoke("--debug", "run", small_pipeline(tmp_path))
    assert isinstance(raised.value.__cause__, RuntimeError)


def test_70_through_the_python_api_a_hook_that_raises(tmp_path: Path, box: Sandbox) -> None:
    """A caller's hook with a bug: the outcome carries an InternalError caused by it."""

    def look(extracted: Extracted) -> None:
        raise KeyError(extracted.mapping)

    pipeline = small_pipeline(tmp_path)
    with boolky_sync.BoolkyClient(box.url, KEY) as client:
        outcome = boolky_sync.run(pipeline, client=client, hooks=boolky_sync.Hooks(extracted=look))
    assert outcome.exit_code == EXIT_INTERNAL
    assert isinstance(outcome.error, InternalError)
    assert isinstance(outcome.error.__cause__, KeyError)
    assert outcome.report_dir is not None
    assert summary_file(outcome.report_dir)["error"].startswith("internal error (KeyError)")
    assert box.calls.count() == 0
    with pytest.raises(InternalError):
        outcome.raise_for_status()


def test_70_a_command_other_than_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any command: a bug is one ``error:`` line and exit 70, never a traceback."""
    source = write_contacts(tmp_path / "people.csv", PEOPLE)
    monkeypatch.setattr("boolky_sync.cli.inspect_cmd.describe", _broken_normalize)
    result = invoke("inspect", source, "--json")
    assert result.exit_code == EXIT_INTERNAL, result.output
    assert result.stderr.startswith("error: internal error (RuntimeError) — a bug;")
    assert result.stderr.count("\n") == 1
    assert SECRET_LOOKING not in result.output


def test_74_a_ledger_path_that_is_a_folder(tmp_path: Path) -> None:
    """The pipeline's own (built-in sandbox) target, whose ledger is the default path."""
    pipeline = small_pipeline(tmp_path)
    ledger = load_pipeline(pipeline).ledger_path
    ledger.mkdir(parents=True)
    result = invoke("run", pipeline, "--json")
    assert result.exit_code == EXIT_STORAGE, result.output
    summary = summary_of(result)
    assert summary["error"] == f"cannot write the ledger: {ledger} is a folder, not a file"
    assert summary["error"] in result.stderr
    assert "Traceback" not in result.output
    assert summary_file(Path(summary["report"]))["exit_code"] == EXIT_STORAGE
    assert summary["plan"] == {}  # stopped before Boolky was asked anything


def test_74_from_the_python_api_names_the_path(tmp_path: Path, box: Sandbox) -> None:
    pipeline = small_pipeline(tmp_path)
    blocker = load_pipeline(pipeline).state_dir
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the state folder should be\n")
    with boolky_sync.BoolkyClient(box.url, KEY) as client:
        outcome = boolky_sync.run(pipeline, client=client)
    assert outcome.exit_code == EXIT_STORAGE
    assert isinstance(outcome.error, StorageError)
    assert outcome.error.path == str(blocker)
    assert str(outcome.error) == f"cannot take the run's lock: {blocker} is a file, not a folder"
