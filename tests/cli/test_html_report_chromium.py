"""report.html in a real browser: it opens in headless Chromium without a console error, and
every figure the browser rendered is the figure summary.json holds.

Chromium (Debian's ``chromium``; ``scripts/install-test-tools`` installs it) loads the page from
disk and prints the DOM it built (``--dump-dom``), with its console on stderr
(``--enable-logging=stderr``): a page error, an uncaught exception or a
Content Security Policy violation (an injected script the page's policy
blocked) all show up there as ``CONSOLE`` lines. Every element of the
rendered DOM carrying ``data-summary-key`` is then compared with summary.json:
its ``data-summary-value`` and its text.

A missing Chromium fails the tests rather than skipping them: the acceptance
of the report needs a browser, and CI has one.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.sandbox import Sandbox
from tests.cli.test_guard_shows_its_plan import PEOPLE, pipeline_for, write_source
from tests.cli.workspace import (
    api_env,
    invoke,
    summary_file,
    summary_of,
    write_contacts,
    write_pipeline,
)

CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)
CONSOLE = re.compile(r":CONSOLE[:(]")
"""How Chromium's log marks a line of the page's console (``INFO:CONSOLE:1]`` or ``CONSOLE(1)``)."""
RENDER_TIMEOUT = 120
SCRIPT = "<script>alert(1)</script>"

ALWAYS_SHOWN = (
    "rows",
    "contacts",
    "merged",
    "split",
    "plan.create",
    "plan.update",
    "plan.remove",
    "plan.delete",
    "plan.create_groups",
    "plan.unchanged",
    "applied.ok",
    "applied.failed",
    "applied.skipped",
    "calls",
    "write_calls",
    "retries",
    "drift",
    "exit_code",
)


def chromium() -> str:
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).is_file() else None)
    if found is None:
        pytest.fail(
            "Chromium is not installed, and the HTML report must be checked in a browser: "
            "run scripts/install-test-tools (apt-get install chromium)"
        )
    return found


@dataclass
class Rendered:
    dom: str
    console: list[str]
    """The page's console lines from Chromium's log."""


def render(page: Path, scratch: Path) -> Rendered:
    """Open ``page`` in headless Chromium; the DOM it built and its console lines."""
    profile = scratch / f"chromium-profile-{page.parent.name}"
    profile.mkdir(parents=True)
    done = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=RENDER_TIMEOUT,
        check=False,
        env={**os.environ, "HOME": str(profile)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "</html>" in done.stdout, f"Chromium printed no DOM: {done.stderr[-2000:]}"
    console = [line for line in done.stderr.splitlines() if CONSOLE.search(line)]
    return Rendered(done.stdout, console)


@dataclass
class Figure:
    key: str
    value: str
    text: str = ""


@dataclass
class Figures(HTMLParser):
    """The ``data-summary-key`` elements of a page, with their value and their text."""

    found: list[Figure] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    _open: list[tuple[str, Figure | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        given = dict(attrs)
        figure = None
        if "data-summary-key" in given:
            figure = Figure(given["data-summary-key"] or "", given.get("data-summary-value") or "")
            self.found.append(figure)
        if tag not in VOID:
            self._open.append((tag, figure))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            opened, _ = self._open.pop()
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, figure in self._open:
            if figure is not None:
                figure.text += data


VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "source", "wbr"}


def figures_of(dom: str) -> Figures:
    parser = Figures()
    parser.feed(dom)
    parser.close()
    return parser


def lookup(summary: dict[str, Any], dotted: str) -> Any:
    value: Any = summary
    for part in dotted.split("."):
        assert isinstance(value, dict) and part in value, f"{dotted} is not in summary.json"
        value = value[part]
    return value


def has(summary: dict[str, Any], dotted: str) -> bool:
    try:
        lookup(summary, dotted)
    except AssertionError:
        return False
    return True


def shown(value: Any) -> str:
    """A figure as the page writes it: a number as JSON writes it, "—" for none."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def mismatches(dom: str, summary: dict[str, Any]) -> list[str]:
    """Every rendered figure that disagrees with summary.json, and every one missing."""
    figures = figures_of(dom).found
    problems = []
    for figure in figures:
        expected = lookup(summary, figure.key)
        if json.loads(figure.value) != expected:
            problems.append(f"{figure.key}: data-summary-value {figure.value} != {expected!r}")
        if figure.text.strip() != shown(expected):
            problems.append(f"{figure.key}: shows {figure.text.strip()!r}, not {expected!r}")
    keys = {f.key for f in figures}
    wanted = {
        *(key for key in ALWAYS_SHOWN if has(summary, key)),  # no plan: no plan figures
        *(f"rejected.{code}" for code in summary["rejected"]),
        *(f"outcomes.{name}" for name in summary["outcomes"]),
    }
    problems.extend(f"{key}: not on the page" for key in sorted(wanted - keys))
    return problems


def assert_opens_clean_and_matches(folder: Path, scratch: Path) -> Rendered:
    rendered = render(folder / "report.html", scratch)
    assert rendered.console == [], "\n".join(rendered.console)
    summary = summary_file(folder)
    assert mismatches(rendered.dom, summary) == []
    assert "script" not in figures_of(rendered.dom).tags
    return rendered


# -- the reports of real runs --------------------------------------------------


def test_a_writing_run_report_opens_clean_and_matches_summary_json(
    workspace: Path, tmp_path: Path
) -> None:
    result = invoke("run", workspace / "pipelines" / "demo.toml", "--json")
    assert result.exit_code == 0, result.output
    folder = Path(summary_of(result)["report"])
    rendered = assert_opens_clean_and_matches(folder, tmp_path)
    keys = {f.key for f in figures_of(rendered.dom).found}
    assert "durations.normalize" in keys
    assert "drift_detail.missing" in keys


def test_a_dry_run_report_opens_clean_and_matches_summary_json(
    workspace: Path, tmp_path: Path
) -> None:
    result = invoke("run", workspace / "pipelines" / "dry_run_report.toml", "--json")
    assert result.exit_code == 0, result.output
    summary = summary_of(result)
    assert summary["drift"] is None  # shown as "—"
    assert_opens_clean_and_matches(Path(summary["report"]), tmp_path)


def test_a_stopped_run_report_opens_clean_and_matches_summary_json(tmp_path: Path) -> None:
    """A run stopped before apply (a mirror of an unusable source) still reports cleanly."""
    write_contacts(tmp_path / "data" / "crm.csv", [(SCRIPT, "not a phone")])
    pipeline = write_pipeline(
        tmp_path,
        "stopped",
        """
        [source]
        path = "../data/crm.csv"
        [sync]
        mode = "mirror"
        managed_groups = ["CRM"]
        """,
    )
    result = invoke("run", pipeline, "--json")
    assert result.exit_code == 4, result.output
    summary = summary_of(result)
    assert summary["plan"]["remove"] == summary["plan"]["delete"] == 0  # planned, then stopped
    rendered = assert_opens_clean_and_matches(Path(summary["report"]), tmp_path)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.dom.lower()
    assert "no valid contact" in rendered.dom


def test_hostile_names_are_text_in_the_rendered_page(tmp_path: Path) -> None:
    write_contacts(
        tmp_path / "data" / "hostile.csv",
        [(SCRIPT, "+447911123450"), ('=HYPERLINK("http://x","y")', "+447911123451")],
    )
    pipeline = write_pipeline(tmp_path, "hostile", '[source]\npath = "../data/hostile.csv"\n')
    result = invoke("run", pipeline, "--json")
    assert result.exit_code == 0, result.output
    rendered = assert_opens_clean_and_matches(Path(summary_of(result)["report"]), tmp_path)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.dom.lower()
    assert '=HYPERLINK("http://x","y")' in html.unescape(rendered.dom)


class SectionTables(HTMLParser):
    """The tables of each ``<section id=...>`` of a rendered page, as lists of rows of cells."""

    def __init__(self, dom: str) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.tables: dict[str, list[list[list[str]]]] = {}
        self.cell: list[str] | None = None
        self.feed(dom)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.section = dict(attrs).get("id") or self.section
        elif tag == "table" and "rows" in (dict(attrs).get("class") or ""):
            self.tables.setdefault(self.section, []).append([])
        elif tag == "tr" and self.section in self.tables:
            self.tables[self.section][-1].append([])
        elif tag in ("td", "th") and self.section in self.tables:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def rows(self, section: str) -> list[dict[str, str]]:
        """The first table of ``section``, as header → cell."""
        head, *body = self.tables[section][0]
        return [dict(zip(head, row, strict=True)) for row in body]


def test_a_guard_stopped_run_lists_what_it_blocked_and_rejects_read_as_words(
    tmp_path: Path, box: Sandbox
) -> None:
    """Rendered in Chromium: the blocked removals under the guard's notice, one row each,
    and the rejected rows starting with row, phone and the reason in words with its code."""
    pipeline = pipeline_for(tmp_path, "mirror")
    source = tmp_path / "data" / "crm.csv"
    write_source(source, PEOPLE)
    first = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())
    assert first.exit_code == 0, first.output
    write_source(source, [*PEOPLE[:30], (SCRIPT, "12")])

    result = invoke("run", pipeline, "--base-url", box.url, "--json", env=api_env())

    assert result.exit_code == 4, result.output
    folder = Path(summary_of(result)["report"])
    rendered = assert_opens_clean_and_matches(folder, tmp_path)
    tables = SectionTables(rendered.dom)
    blocked = tables.rows("guard")
    assert sorted(r["phone"] for r in blocked) == sorted(p for _, p in PEOPLE[30:])
    assert {r["op"] for r in blocked} == {"remove"}
    assert {r["group"] for r in blocked} == {"CRM"}
    (refused,) = tables.rows("rejects")
    assert list(refused)[:3] == ["row", "phone", "reason"]
    assert (refused["row"], refused["phone"], refused["Name"]) == ("32", "12", SCRIPT)
    assert refused["reason"] == (
        "The number has no country code, and no country is known for the row (phone_no_region)"
    )


# -- the checks themselves can fail ----------------------------------------------


def test_the_console_check_sees_a_page_error_and_a_blocked_script(tmp_path: Path) -> None:
    page = tmp_path / "broken" / "report.html"
    page.parent.mkdir()
    page.write_text(
        "<!DOCTYPE html><html><head>"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        "</head><body><p>x</p><script>throw new Error('boom')</script></body></html>",
        encoding="utf-8",
    )
    rendered = render(page, tmp_path)
    assert any("Content Security Policy" in line for line in rendered.console), rendered.console

    page.write_text(
        "<!DOCTYPE html><html><body><script>throw new Error('boom')</script></body></html>",
        encoding="utf-8",
    )
    rendered = render(page, tmp_path / "again")
    assert any("Uncaught Error: boom" in line for line in rendered.console), rendered.console


def test_the_figure_check_sees_a_wrong_number(workspace: Path) -> None:
    result = invoke("run", workspace / "pipelines" / "demo.toml", "--json")
    folder = Path(summary_of(result)["report"])
    page = (folder / "report.html").read_text(encoding="utf-8")
    summary = summary_file(folder)
    assert mismatches(page, summary) == []  # the page as written agrees with the file
    rows = summary["rows"]
    wrong = page.replace(
        f'data-summary-key="rows" data-summary-value="{rows}">{rows}<',
        f'data-summary-key="rows" data-summary-value="{rows}">{rows + 1}<',
        1,  # the first of the figures showing it (the rows chart shows it too)
    )
    assert wrong != page
    assert mismatches(wrong, summary) == [f"rows: shows '{rows + 1}', not {rows}"]
    missing = page.replace('data-summary-key="write_calls"', 'data-x="write_calls"')
    assert "write_calls: not on the page" in mismatches(missing, summary)
