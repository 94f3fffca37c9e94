"""The charts of report.html: what became of the contacts, and what became of the rows.

Contacts and source rows are different things -- a row can be merged into
another row's contact, refused, or split into two contacts -- so they never
share one chart's scale: one chart counts contacts (created, updated, removed,
deleted, failed, unchanged), the other rows (read, merged, rejected). Each bar's
number carries ``data-summary-key`` like every figure of the page. Inline SVG:
the page loads nothing.
"""

from __future__ import annotations

from typing import Any

import orjson

from boolky_sync.report.html_text import escaped

CONTACT_BARS = (
    ("outcomes.created", "Created", "created"),
    ("outcomes.updated", "Updated", "updated"),
    ("outcomes.removed", "Removed from group", "removed"),
    ("outcomes.deleted", "Deleted", "deleted"),
    ("outcomes.failed", "Failed", "failed"),
    ("outcomes.unchanged", "Unchanged", "unchanged"),
)
"""The contacts chart: summary key, label, CSS class."""
ROW_BARS = (
    ("rows", "Rows read", "rows"),
    ("merged", "Merged into another row", "merged"),
    ("outcomes.rejected", "Rejected rows", "rejected"),
)
"""The source rows chart."""


def chart_section(summary: dict[str, Any], *, planned: bool) -> str:
    """Both charts, each with a caption saying what it counts."""
    contacts = (
        "Contacts: the planned changes (nothing was applied) and the contacts already right"
        if planned
        else "Contacts: what became of them on Boolky"
    )
    rows = "Source rows: read, merged into another row's contact, rejected"
    return (
        '<section id="chart"><h2>Outcomes</h2><div class="cards">'
        f'<figure id="chart-contacts">{_chart(summary, CONTACT_BARS, contacts)}'
        f"<figcaption>{escaped(contacts)}</figcaption></figure>"
        f'<figure id="chart-rows">{_chart(summary, ROW_BARS, rows)}'
        f"<figcaption>{escaped(rows)}</figcaption></figure>"
        "</div></section>"
    )


def _value(summary: dict[str, Any], dotted: str) -> int:
    value: Any = summary
    for part in dotted.split("."):
        value = value.get(part, 0) if isinstance(value, dict) else 0
    return int(value or 0)


def _chart(summary: dict[str, Any], bars: tuple[tuple[str, str, str], ...], caption: str) -> str:
    """Horizontal bars as inline SVG, scaled to the largest; a non-zero bar is always seen."""
    label_w, bar_w, row_h, number_w = 170, 300, 30, 80
    counts = [_value(summary, key) for key, _, _ in bars]
    largest = max(counts, default=0) or 1
    drawn = []
    for index, ((key, label, css), count) in enumerate(zip(bars, counts, strict=True)):
        y = index * row_h
        width = max(2.0, bar_w * count / largest) if count else 0.0
        data = escaped(orjson.dumps(count).decode())
        drawn.append(
            f'<g class="bar {css}"><title>{escaped(label)}: {count}</title>'
            f'<text x="{label_w - 10}" y="{y + 20}" text-anchor="end">{escaped(label)}</text>'
            f'<rect x="{label_w}" y="{y + 6}" width="{width:.1f}" height="{row_h - 10}" rx="3"/>'
            f'<text class="count" x="{label_w + width + 8:.1f}" y="{y + 20}" '
            f'data-summary-key="{escaped(key)}" data-summary-value="{data}">{count}</text></g>'
        )
    height, width_all = row_h * len(bars), label_w + bar_w + number_w
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escaped(caption)}" '
        f'width="{width_all}" height="{height}" viewBox="0 0 {width_all} {height}">'
        + "".join(drawn)
        + "</svg>"
    )
