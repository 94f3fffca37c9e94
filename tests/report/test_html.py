"""report.html: a valid, self-contained page where contact data is text and figures match."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from boolky_sync.report import RunReport, build_tables, write_report
from boolky_sync.report.write_html import render_html
from tests.report.runs import FORMULA_NAME, REJECTED_SCRIPT, SCRIPT_NAME, applied_report

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "wbr", "source", "rect"}
"""Elements without an end tag (``rect`` is self-closed inside the SVG)."""


class Page(HTMLParser):
    """The parts of a page the tests look at, checking on the way that tags nest properly."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.open: list[str] = []
        self.errors: list[str] = []
        self.figures: dict[str, tuple[str, str]] = {}
        self._figure: tuple[str, str] | None = None
        self.feed(source)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag not in VOID:
            self.open.append(tag)
        key = found.get("data-summary-key")
        if key is not None:
            self._figure = (key, found.get("data-summary-value") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._figure is not None:
            key, value = self._figure
            self.figures[key] = (value, data)
            self._figure = None


@pytest.fixture
def report(tmp_path: Path) -> RunReport:
    return applied_report(tmp_path)


@pytest.fixture
def source(report: RunReport, tmp_path: Path) -> str:
    run = write_report(report, tmp_path / "reports", ("html",))
    return (run / "report.html").read_text(encoding="utf-8")


@pytest.fixture
def page(source: str) -> Page:
    return Page(source)


def test_the_page_is_well_formed_html5(source: str, page: Page) -> None:
    assert source.startswith("<!DOCTYPE html>\n")
    assert page.doctype == "DOCTYPE html"
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert page.tags[0] == ("html", {"lang": "en"})
    names = [t for t, _ in page.tags]
    assert names[: names.index("body")].count("title") == 1  # the others title SVG bars
    assert page.errors == [] and page.open == []


def test_contact_data_is_text_and_never_markup(source: str, page: Page) -> None:
    assert not [t for t, _ in page.tags if t in {"script", "iframe", "object", "embed"}]
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    text = "".join(page.texts)
    for name in (SCRIPT_NAME, REJECTED_SCRIPT, "<script>alert(1)</script>", FORMULA_NAME):
        assert name in text  # shown as it is ...
    assert "&lt;Script&gt;alert(1)&lt;/script&gt;" in source  # ... because it was escaped
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in source
    assert "<script" not in source.lower()


def test_the_page_loads_nothing_from_anywhere(source: str, page: Page) -> None:
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        if "href" in attrs:
            assert attrs["href"] == "data:,", tag
    assert "@import" not in source and "url(" not in source
    assert "http://" not in source.replace("http://evil", "").replace(
        "http://www.w3.org/2000/svg", ""
    )
    csp = next(a for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in (csp["content"] or "")


def lookup(summary: dict[str, Any], dotted: str) -> Any:
    value: Any = summary
    for part in dotted.split("."):
        value = value[part]
    return value


def test_every_figure_matches_summary_json(page: Page, report: RunReport) -> None:
    summary = report.summary()
    assert page.figures, "no data-summary-key on the page"
    for key, (value, shown) in page.figures.items():
        expected = lookup(summary, key)
        assert json.loads(value) == expected, key
        if isinstance(expected, int | float) and not isinstance(expected, bool):
            assert float(shown) == expected, key


def test_the_page_shows_the_figures_the_issue_asks_for(page: Page) -> None:
    expected = {
        "rows",
        "contacts",
        "merged",
        "split",
        "rejected.phone_invalid",
        "warnings.name_case_fixed",
        *(f"plan.{k}" for k in ("create", "update", "remove", "delete", "move", "create_groups")),
        "plan.unchanged",
        "remote_duplicates",
        "respected_deletions",
        "suppressed",
        "extra_copies",
        "made_by_hand",
        "applied.ok",
        "applied.failed",
        "applied.skipped",
        "calls",
        "write_calls",
        "retries",
        "drift",
        *(f"drift_detail.{k}" for k in ("missing", "mismatched", "extra", "duplicated")),
        *(f"durations.{k}" for k in ("extract", "normalize", "plan", "apply", "verify")),
        "exit_code",
        *(
            f"outcomes.{k}"
            for k in ("created", "updated", "removed", "deleted", "failed", "rejected", "unchanged")
        ),
    }
    assert set(page.figures) == expected


def test_the_chart_is_inline_svg_with_a_bar_per_outcome(page: Page) -> None:
    bars = [a["class"] for t, a in page.tags if t == "g"]
    contacts = ("created", "updated", "removed", "deleted", "failed", "unchanged")
    assert bars == [f"bar {k}" for k in (*contacts, "rows", "merged", "rejected")]
    rects = [float(a["width"] or 0) for t, a in page.tags if t == "rect"]
    widths = dict(zip(bars, rects, strict=True))
    assert widths["bar created"] > widths["bar failed"] > 0
    assert widths["bar unchanged"] == 0
    assert widths["bar rows"] > widths["bar rejected"] > 0  # rows on a chart of their own
    figures = [a.get("id") for t, a in page.tags if t == "figure"]
    assert figures == ["chart-contacts", "chart-rows"]


def test_failed_changes_come_first_with_boolkys_reason(source: str) -> None:
    failed = source.index("<h3>Failed (1)</h3>")
    assert source.index("invalidMail") > failed
    assert source.index("<h3>All changes (10)</h3>") > failed
    assert "old@example.com" in source and "bernd@new.example.com" in source


def test_a_dry_run_is_marked_and_charts_the_plan(tmp_path: Path) -> None:
    report = applied_report(tmp_path)
    report.applied, report.dry_run = None, True
    page = render_html(build_tables(report))
    assert "dry run: nothing was sent" in page
    assert "the planned changes (nothing was applied)" in page
    assert 'class="outcome planned"' in page


def test_long_tables_stop_at_the_limit_and_say_where_the_rest_is(report: RunReport) -> None:
    tables = build_tables(report)
    page = render_html(tables, limit=3)
    assert "first 3 of 10; all in changes.csv" in page
    assert Page(page).errors == []
    alone = render_html(tables, csv_written=False, limit=3)
    assert "first 3 of 10</p>" in alone and "all in changes.csv" not in alone


def test_control_characters_become_replacement_marks(report: RunReport) -> None:
    assert report.plan is not None
    first = report.plan.creates[0]
    report.plan.creates[0] = replace(first, record=replace(first.record, name="Bell\x07\x00Ringer"))
    page = render_html(build_tables(report))
    assert "Bell\N{REPLACEMENT CHARACTER}\N{REPLACEMENT CHARACTER}Ringer" in page
    assert "\x07" not in page and "\x00" not in page


def test_figures_of_stages_that_did_not_run_carry_no_key(report: RunReport) -> None:
    report.plan = report.applied = report.drift = None
    page = Page(render_html(build_tables(report)))
    summary = report.summary()
    assert "plan.create" not in page.figures and "drift_detail.missing" not in page.figures
    assert page.figures["drift"] == ("null", "—")
    for key, (value, _) in page.figures.items():
        assert json.loads(value) == lookup(summary, key), key
