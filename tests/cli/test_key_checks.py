"""Keys as people store them, and keys pasted where they do not belong, against a real sandbox.

A key read from a file with Windows line ends still works (with a warning); one
holding a control or non-ASCII character, or pasted into the base URL, is
refused with exit 2 and a message that names the problem. In every case the key
-- as is, JSON-escaped and URL-encoded -- is in no file the run left and in
nothing it printed. The key holds a quote, a slash, a plus and an equals sign,
so each of those forms differs from the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus, urlsplit

import click.testing
import pytest

import boolky_sync
from boolky_sync.logs import configure_logging
from boolky_sync.sandbox import Sandbox, run_sandbox
from tests.cli.test_secrets import every_file
from tests.cli.workspace import invoke, latest, summary_file, write_pipeline

KEY = 'sk-"odd"/key+9f8e=7d6c'
PIPELINE_TEXT = """\
    name = "pasted"
    [source]
    path = "../sample_data/google_contacts.csv"
    [normalize]
    default_region = "GB"
    [target]
    kind = "api"
    base_url = '{url}'
    [state]
    folder = "../.boolky-sync"
    [report]
    folder = "../reports/pasted"
"""


def forms(secret: str) -> set[str]:
    """The secret as text may carry it: as is, JSON-escaped, URL-encoded (both ways)."""
    return {secret, json.dumps(secret)[1:-1], quote(secret, safe=""), quote_plus(secret)}


def assert_nowhere(
    root: Path, printed: list[str], *secrets: str, given: Path | None = None
) -> None:
    """No form of any secret in any file under ``root`` (WAL files too) but the pipeline
    file ``given`` that holds it, nor in ``printed``."""
    every = {form for secret in secrets for form in forms(secret)}
    for text in printed:
        for form in every:
            assert form not in text
    for path in every_file(root):
        if path == given:
            continue
        content = path.read_bytes()
        for form in every:
            assert form.encode() not in content, path
            assert form.encode("utf-16-le") not in content, path


def cli(*args: str | Path, key: str | None = KEY, **env: str) -> click.testing.Result:
    """The CLI with the loudest log, the key in ``BOOLKY_API_KEY``."""
    return invoke("--log-format", "json", "-vv", *args, env={"BOOLKY_API_KEY": key, **env})


def outputs(*results: click.testing.Result) -> list[str]:
    return [text for r in results for text in (r.stdout, r.stderr)]


def log_messages(stderr: str) -> list[str]:
    """The messages of the JSON log lines in ``stderr``."""
    lines = [line for line in stderr.splitlines() if line.startswith("{")]
    return [json.loads(line)["message"] for line in lines]


@pytest.fixture
def key_box() -> Iterator[Sandbox]:
    """A sandbox whose key is ``KEY``: the stripped key, as the dashboard gave it."""
    with run_sandbox(api_key=KEY) as box:
        yield box


# -- a key with a line end: stripped, said so, and it works --------------------------


@pytest.mark.parametrize(("end", "shown"), [("\r", r"\r"), ("\r\n", r"\r\n"), ("\n", r"\n")])
def test_a_key_ending_in_a_line_end_works_with_a_warning(
    workspace: Path, key_box: Sandbox, end: str, shown: str
) -> None:
    demo = workspace / "pipelines" / "demo.toml"
    ran = cli("run", demo, "--base-url", key_box.url, "--json", key=KEY + end)
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout)["applied"]["ok"] > 0
    listed = cli("contacts", "list", "--json", key=KEY + end, BOOLKY_BASE_URL=key_box.url)
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.stdout)) > 0
    note = (
        f"BOOLKY_API_KEY ended in a line end ({shown}); it was removed"
        " — check how the key is stored"
    )
    assert note in log_messages(ran.stderr)
    assert note in log_messages(listed.stderr)
    assert_nowhere(workspace, outputs(ran, listed), KEY, KEY + end)


def test_the_python_api_strips_a_line_end_too(
    workspace: Path,
    key_box: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    project_log: None,
) -> None:
    configure_logging(2, "json")
    monkeypatch.setenv("BOOLKY_API_KEY", KEY + "\r\n")
    outcome = boolky_sync.run(workspace / "pipelines" / "demo.toml", base_url=key_box.url)
    assert outcome.exit_code == 0, outcome.report.error
    assert outcome.summary["applied"]["ok"] > 0
    printed = capsys.readouterr()
    assert (
        r"BOOLKY_API_KEY ended in a line end (\r\n); it was removed — check how the key is stored"
        in log_messages(printed.err)
    )
    assert_nowhere(workspace, [printed.out, printed.err], KEY, KEY + "\r\n")


# -- a key holding a character no key holds: refused, named, never shown -----------


@pytest.mark.parametrize(
    ("key", "says"),
    [
        (KEY[:9] + "\n" + KEY[9:], "holds a control character (LF, a line end) at position 10"),
        (KEY[:5] + "\t" + KEY[5:], "holds a control character (a tab) at position 6"),
        (KEY[:16] + "é" + KEY[16:], "holds a non-ASCII character at position 17"),
    ],
    ids=["lf-inside", "tab-inside", "non-ascii"],
)
def test_a_key_with_a_bad_character_is_refused_by_every_command(
    workspace: Path, key_box: Sandbox, key: str, says: str
) -> None:
    demo = workspace / "pipelines" / "demo.toml"
    url = key_box.url
    results = [
        cli("run", demo, "--base-url", url, key=key),
        cli("plan", demo, "-o", workspace / "plan.json", "--base-url", url, key=key),
        cli("contacts", "list", "--base-url", url, key=key),
        cli("groups", "list", key=key, BOOLKY_BASE_URL=url),
    ]
    for result in results:
        assert result.exit_code == 2, result.output
        assert f"BOOLKY_API_KEY {says}" in result.stderr
        assert "Traceback" not in result.stderr
    assert key_box.calls.count("getContacts") == 0  # refused before anything was sent
    summary = summary_file(latest(workspace / "reports" / "demo"))
    assert summary["exit_code"] == 2 and says in summary["error"]
    assert_nowhere(workspace, outputs(*results), key, KEY)


def test_a_nul_in_a_key_given_to_the_client_is_refused(key_box: Sandbox) -> None:
    # An environment variable cannot hold a NUL; a key handed over in Python can.
    with pytest.raises(boolky_sync.InputError) as caught:
        boolky_sync.BoolkyClient(key_box.url, KEY[:3] + "\0" + KEY[3:])
    assert str(caught.value) == (
        "the API key holds a control character (NUL) at position 4: "
        "a key is one line of letters, digits and signs; copy it again"
    )


def test_the_python_api_refuses_a_non_ascii_key_with_a_report(
    workspace: Path, key_box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = "é" + KEY
    monkeypatch.setenv("BOOLKY_API_KEY", bad)
    outcome = boolky_sync.run(workspace / "pipelines" / "demo.toml", base_url=key_box.url)
    assert outcome.exit_code == 2
    assert outcome.report.error == (
        "BOOLKY_API_KEY holds a non-ASCII character at position 1 "
        "(keys from the Boolky dashboard are ASCII): copy it again"
    )
    assert key_box.calls.count("getContacts") == 0
    assert_nowhere(workspace, [], bad, KEY)


# -- a key pasted into the base URL: refused wherever the URL comes from -----------


def pasted_urls(url: str) -> dict[str, str]:
    """The sandbox's address with ``KEY`` pasted into it, each way people do it."""
    parts = urlsplit(url)
    return {
        "key-as-user": f"{parts.scheme}://{quote(KEY, safe='')}@{parts.netloc}",
        "user-and-key": f"{parts.scheme}://me:{quote(KEY, safe='')}@{parts.netloc}/",
        "query": f"{url}/?api_key={quote_plus(KEY)}",
        "fragment": f"{url}#{KEY}",
    }


PROBLEMS = {
    "key-as-user": "carries a user name or password",
    "user-and-key": "carries a user name or password",
    "query": "carries a query (?...), and Boolky's base URL has none",
    "fragment": "carries a fragment (#...), and Boolky's base URL has none",
}


@pytest.mark.parametrize("way", PROBLEMS)
def test_a_key_in_the_base_url_is_refused_on_the_command_line(
    workspace: Path, key_box: Sandbox, way: str
) -> None:
    pasted = pasted_urls(key_box.url)[way]
    demo = workspace / "pipelines" / "demo.toml"
    by_option = [
        cli("run", demo, "--base-url", pasted),
        cli("plan", demo, "-o", workspace / "plan.json", "--base-url", pasted),
        cli("contacts", "list", "--base-url", pasted),
    ]
    by_env = cli("groups", "list", BOOLKY_BASE_URL=pasted)
    for result in by_option:
        assert result.exit_code == 2, result.output
        assert f"error: --base-url {PROBLEMS[way]}; give only https://host" in result.stderr
    assert by_env.exit_code == 2, by_env.output
    assert f"error: BOOLKY_BASE_URL {PROBLEMS[way]}" in by_env.stderr
    assert key_box.calls.count("getContacts") == 0
    assert_nowhere(workspace, outputs(*by_option, by_env), KEY, pasted)


@pytest.mark.parametrize("way", PROBLEMS)
def test_a_key_in_the_pipeline_files_base_url_is_refused(
    workspace: Path, key_box: Sandbox, way: str
) -> None:
    pasted = pasted_urls(key_box.url)[way]
    path = write_pipeline(workspace, "pasted", PIPELINE_TEXT.format(url=pasted))
    results = [cli("validate", path), cli("validate", path, "--json"), cli("run", path)]
    for result in results:
        assert result.exit_code == 2, result.output
        assert "target.base_url" in result.stderr and PROBLEMS[way] in result.stderr
        assert "line 8" in result.stderr
    assert json.loads(results[1].stdout)["valid"] is False
    with pytest.raises(boolky_sync.ConfigError) as caught:
        boolky_sync.run(path)
    assert PROBLEMS[way] in str(caught.value)
    assert key_box.calls.count("getContacts") == 0
    printed = [*outputs(*results), str(caught.value)]
    assert_nowhere(workspace, printed, KEY, pasted, given=path)


@pytest.mark.parametrize("way", PROBLEMS)
def test_a_key_in_run_base_url_is_refused_with_a_report(
    workspace: Path, key_box: Sandbox, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    pasted = pasted_urls(key_box.url)[way]
    monkeypatch.setenv("BOOLKY_API_KEY", KEY)
    outcome = boolky_sync.run(workspace / "pipelines" / "demo.toml", base_url=pasted)
    assert outcome.exit_code == 2
    assert outcome.report.error is not None
    assert outcome.report.error.startswith(f"the base URL {PROBLEMS[way]}; give only https://")
    assert key_box.calls.count("getContacts") == 0
    assert summary_file(latest(workspace / "reports" / "demo"))["exit_code"] == 2
    assert_nowhere(workspace, [outcome.report.error], KEY, pasted)


def test_a_base_url_without_a_scheme_is_a_usage_error(workspace: Path) -> None:
    result = cli("contacts", "list", "--base-url", "127.0.0.1:9")
    assert result.exit_code == 2, result.output
    assert "error: --base-url has no scheme, so it is not an http(s) address; " in result.stderr
    assert "write https://127.0.0.1:9" in result.stderr
    ran = cli("run", workspace / "pipelines" / "demo.toml", "--base-url", "localhost:9/v1")
    assert ran.exit_code == 2
    assert "write https://localhost:9/..." in ran.stderr
