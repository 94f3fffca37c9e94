"""report.html: one self-contained page a person opens to see what a run did.

It has to open anywhere -- a mail attachment, a file share, a browser with no
network -- so it loads nothing: no script, no font, no stylesheet or image
from elsewhere; the CSS is inline and the chart is inline SVG. A Content
Security Policy in the page forbids scripts outright, as a second wall behind
the first one: every value that comes from the source or from Boolky goes
through ``html.escape``, so a contact named ``<script>alert(1)</script>`` is
shown as text.

Each figure of the summary carries ``data-summary-key`` (the dotted key in
summary.json: ``plan.create``, ``rejected.phone_invalid``, ``outcomes.failed``)
and ``data-summary-value`` (the JSON of that value), and a number's text is
the number as JSON writes it, so a test in a browser can compare the page
with summary.json. The tables stop at ``ROW_LIMIT`` rows and say where the
rest is; the page of a million-contact run stays a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson
import pandas as pd

from boolky_sync.report.folder import write_private
from boolky_sync.report.html_chart import chart_section
from boolky_sync.report.html_text import escaped
from boolky_sync.report.page_style import CSS
from boolky_sync.report.settle import BLOCKED
from boolky_sync.report.tables import LISTINGS, Listing, ReportTables, text
from boolky_sync.report.times import local_and_utc

HTML_FILE = "report.html"
ROW_LIMIT = 1_000
"""Rows per table on the page; the CSV files hold all of them."""

SOURCE_FIGURES = (
    ("rows", "Rows read"),
    ("contacts", "Desired contacts"),
    ("merged", "Merged into another row"),
    ("split", "Split off (further numbers)"),
)
PLAN_FIGURES = (
    ("plan.create", "Creates"),
    ("plan.update", "Updates"),
    ("plan.remove", "Group removals"),
    ("plan.delete", "Deletions"),
    ("plan.move", "Records moved to a new number"),
    ("plan.create_groups", "Groups to create"),
    ("plan.unchanged", "Unchanged"),
    ("remote_duplicates", "Phones held twice on Boolky"),
    ("respected_deletions", "Deleted on Boolky, left deleted"),
    ("suppressed", "On the suppression list, held back (suppressed.csv)"),
    ("extra_copies", "Extra copies this pipeline made"),
    ("made_by_hand", "Made again by hand, left alone"),
)
APPLY_FIGURES = (
    ("applied.ok", "Done"),
    ("applied.failed", "Failed"),
    ("applied.skipped", "Not sent (--limit, or the run stopped)"),
    ("calls", "API calls"),
    ("write_calls", "Write calls"),
    ("retries", "Retries"),
)
VERIFY_FIGURES = (
    ("drift", "Drift after verify"),
    ("drift_detail.missing", "Missing on Boolky"),
    ("drift_detail.mismatched", "Still different"),
    ("drift_detail.extra", "Still there, should be gone"),
    ("drift_detail.duplicated", "Held by several contacts"),
)


def write_html(
    tables: ReportTables, folder: Path, *, csv_written: bool = True, limit: int = ROW_LIMIT
) -> Path:
    """Write ``folder/report.html``; ``csv_written`` says the capped tables' rest is in CSV."""
    page = render_html(tables, csv_written=csv_written, limit=limit)
    return write_private(folder / HTML_FILE, page.encode("utf-8"))


def render_html(tables: ReportTables, *, csv_written: bool = True, limit: int = ROW_LIMIT) -> str:
    summary = tables.summary
    title = f"boolky-sync report: {summary['pipeline']}, {local_and_utc(summary['started'])}"
    body = [
        _header(summary),
        _guard_notice(tables, csv_written=csv_written, limit=limit),
        _summary_section(summary),
        chart_section(summary, planned=not tables.applied),
        _changes_section(tables.changes, csv_written=csv_written, limit=limit),
        *(
            _listing_section(listing, tables.listing(listing), csv_written, limit)
            for listing in LISTINGS
            if listing.when_empty or len(tables.listing(listing))
        ),
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="boolky-sync">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escaped(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


_ABSENT = object()
"""What ``_lookup`` finds for a key summary.json does not have (no plan, no verify)."""


def _lookup(summary: dict[str, Any], dotted: str) -> Any:
    value: Any = summary
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return _ABSENT
        value = value[part]
    return value


def _figure(key: str, value: Any, tag: str = "td") -> str:
    """A summary figure with the attributes a browser test compares with summary.json.

    A figure summary.json does not have is shown as "—" and carries no key, so
    every ``data-summary-key`` on the page names a path that exists in the file.
    """
    if value is _ABSENT:
        return f'<{tag} class="num">—</{tag}>'
    shown = "—" if value is None else text(value)
    data = orjson.dumps(value, default=str).decode()
    return (
        f'<{tag} class="num" data-summary-key="{escaped(key)}" '
        f'data-summary-value="{escaped(data)}">{escaped(shown)}</{tag}>'
    )


def _figure_rows(summary: dict[str, Any], figures: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f'<tr><th scope="row">{escaped(label)}</th>{_figure(key, _lookup(summary, key))}</tr>'
        for key, label in figures
    )


def _counts_rows(summary: dict[str, Any], group: str, total_label: str) -> str:
    """A total without a key (summary.json has none), then one keyed row per code."""
    counts: dict[str, int] = summary.get(group) or {}
    total = (
        f'<tr><th scope="row">{escaped(total_label)}</th>'
        f'<td class="num">{sum(counts.values())}</td></tr>'
    )
    return total + "".join(
        f'<tr class="sub"><th scope="row">{escaped(code)}</th>{_figure(f"{group}.{code}", n)}</tr>'
        for code, n in counts.items()
    )


def _card(title: str, rows: str, extra: str = "") -> str:
    return (
        f'<section class="card"><h3>{escaped(title)}</h3>'
        f'<table class="figures"><tbody>{rows}</tbody></table>{extra}</section>'
    )


def _items(values: Sequence[Any], css: str = "notes") -> str:
    if not values:
        return ""
    return f'<ul class="{css}">' + "".join(f"<li>{escaped(v)}</li>" for v in values) + "</ul>"


# -- sections ----------------------------------------------------------------


def _header(summary: dict[str, Any]) -> str:
    mode = '<span class="badge dry">dry run: nothing was sent</span>' if summary["dry_run"] else ""
    if summary.get("confirmed") is False:
        mode = '<span class="badge dry">not confirmed: nothing was sent</span>'
    shown = summary.get("error") and summary["error"] != summary.get("guard")  # else: its notice
    error = f'<p class="error">{escaped(summary["error"])}</p>' if shown else ""
    facts = [
        ("Started", _time(summary["started"])),
        ("Finished", _time(summary["finished"]) if summary["finished"] else "did not finish"),
        ("Sources", escaped(summary["sources"]) or "—"),
        ("Boolky", escaped(summary["target"]) or "—"),
        ("Exit code", _figure("exit_code", summary["exit_code"], tag="span")),
    ]
    listed = "".join(f"<dt>{escaped(name)}</dt><dd>{value}</dd>" for name, value in facts)
    return (
        f"<header><h1>boolky-sync report: {escaped(summary['pipeline'])} {mode}</h1>"
        f'<dl class="facts">{listed}</dl>{error}</header>'
    )


def _time(iso: str) -> str:
    """A time of the run: local, with UTC beside it; the exact ISO text in ``datetime``."""
    return f'<time datetime="{escaped(iso)}">{escaped(local_and_utc(iso))}</time>'


def _guard_notice(tables: ReportTables, *, csv_written: bool, limit: int) -> str:
    """What the safety guard stopped, each blocked change listed, and how to go on: the
    moment a person must decide."""
    summary = tables.summary
    if not summary.get("guard"):
        return ""
    blocked = _table(tables.blocked, limit=limit, rest="changes.csv" if csv_written else None)
    return (
        '<section id="guard" class="notice"><h2>Stopped by the safety guard</h2>'
        f"<p>{escaped(summary['guard'])}</p><p>Nothing was sent to Boolky. "
        f"{_figure('blocked', summary['blocked'], tag='strong')} removals and deletions were "
        "blocked; here they are (in changes.csv too, with the outcome “blocked by guard”). "
        "Check them; if they are meant, run again with "
        "<code>--allow-mass-delete</code>, which lifts the guard for that one run.</p>"
        f'<h3 id="blocked">Blocked changes ({len(tables.blocked)})</h3>{blocked}</section>'
    )


def _summary_section(summary: dict[str, Any]) -> str:
    cards = [
        _card(
            "Source",
            _figure_rows(summary, SOURCE_FIGURES)
            + _counts_rows(summary, "rejected", "Rejected rows")
            + _counts_rows(summary, "warnings", "Warnings"),
            _arithmetic(summary) + _items(summary["source_notes"]),
        ),
        _card("Plan", _figure_rows(summary, PLAN_FIGURES), _items(summary["notes"])),
        _card("Apply", _figure_rows(summary, APPLY_FIGURES)),
        _card(
            "Verify",
            _figure_rows(summary, VERIFY_FIGURES),
            _items(summary["drift_explanations"]),
        ),
        _card("Durations (seconds)", _durations(summary)),
    ]
    return (
        '<section id="summary"><h2>Summary</h2><div class="cards">'
        + "".join(cards)
        + ("</div></section>")
    )


def _arithmetic(summary: dict[str, Any]) -> str:
    """The check a reader can do by eye: every row read is a contact, merged or rejected."""
    rejected = sum((summary.get("rejected") or {}).values())
    rows, contacts, merged, split = (summary[k] for k in ("rows", "contacts", "merged", "split"))
    held = summary.get("no_consent", 0)
    holds = rows == contacts + merged + rejected + held - split
    mark = "adds up" if holds else "does not add up"
    words, figures = ("", "") if not held else (" + held back", f" + {held}")
    return (
        f'<p class="check {"ok" if holds else "bad"}">rows read = desired + merged + rejected'
        f"{words} − split: {rows} = {contacts} + {merged} + {rejected}{figures} − {split} "
        f"({mark})</p>"
    )


def _durations(summary: dict[str, Any]) -> str:
    durations: dict[str, float] = summary.get("durations") or {}
    if not durations:
        return '<tr><td colspan="2">not measured</td></tr>'
    return "".join(
        f'<tr><th scope="row">{escaped(stage)}</th>{_figure(f"durations.{stage}", seconds)}</tr>'
        for stage, seconds in durations.items()
    )


def _changes_section(changes: pd.DataFrame, *, csv_written: bool, limit: int) -> str:
    rest = "changes.csv" if csv_written else None
    parts = ['<section id="changes"><h2>Changes</h2>']
    for outcome, title in (("failed", "Failed"), (BLOCKED, "Blocked by the safety guard")):
        picked = changes[changes["outcome"] == outcome]
        if len(picked):
            parts.append(
                f"<h3>{title} ({len(picked)})</h3>{_table(picked, limit=limit, rest=rest)}"
            )
    if len(parts) > 1:
        parts.append(f"<h3>All changes ({len(changes)})</h3>")
    parts.append(_table(changes, limit=limit, rest=rest))
    return "".join(parts) + "</section>"


def _listing_section(listing: Listing, rows: pd.DataFrame, csv_written: bool, limit: int) -> str:
    """One of ``LISTINGS`` (rejected rows, warnings ...): every column, the first rows."""
    rest = listing.csv_file if csv_written else None
    table = _table(rows, limit=limit, rest=rest)
    title = escaped(listing.title)
    return f'<section id="{listing.key}"><h2>{title} ({len(rows)})</h2>{table}</section>'


def _table(frame: pd.DataFrame, *, limit: int, rest: str | None) -> str:
    """``frame`` as an HTML table of its first ``limit`` rows, saying where the rest is."""
    if frame.empty:
        return '<p class="none">None.</p>'
    head = "".join(f'<th scope="col">{escaped(c)}</th>' for c in frame.columns)
    outcome_at = list(frame.columns).index("outcome") if "outcome" in frame.columns else -1
    rows = "".join(
        _table_row(values, outcome_at)
        for values in frame.head(limit).itertuples(index=False, name=None)
    )
    note = ""
    if len(frame) > limit:
        where = f"; all in {rest}" if rest else ""
        note = f'<p class="cap">first {limit:,} of {len(frame):,}{where}</p>'
    return (
        f'{note}<div class="scroll"><table class="rows"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _table_row(values: Sequence[Any], outcome_at: int) -> str:
    cells = (
        f'<td class="outcome {cell.split()[0]}">{cell}</td>'
        if i == outcome_at
        else f"<td>{cell}</td>"
        for i, cell in enumerate(map(escaped, values))
    )
    return f"<tr>{''.join(cells)}</tr>"


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""No script may run, nothing may load: the page needs neither."""
