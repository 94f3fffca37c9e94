"""The style of report.html, inline in the page: it must open anywhere, loading nothing.

Kept apart from the page's structure (``write_html``) so each reads on its own.
The outcome of a change is also its cell's class (``ok``, ``failed``,
``skipped``, ``planned``, ``blocked``), and each bar of the chart is classed
by what it counts (``created``, ``rejected``, ``rows`` ...).
"""

CSS = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --paper: #fff; --wash: #f5f7fa;
  --ok: #2f855a; --bad: #c53030; --warn: #b7791f; --plan: #2b6cb0; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 32px 0 12px; border-bottom: 1px solid var(--line);
  padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 8px; }
header, .card, figure { background: var(--paper); border: 1px solid var(--line);
  border-radius: 6px; padding: 16px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.badge { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 10px;
  vertical-align: middle; }
.badge.dry { background: #ebf4ff; color: var(--plan); }
.error { color: var(--bad); font-weight: 600; margin: 12px 0 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
  gap: 16px; }
table { border-collapse: collapse; }
.figures { width: 100%; }
.figures th { text-align: left; font-weight: normal; color: var(--muted); padding: 2px 8px 2px 0; }
.figures tr.sub th { padding-left: 16px; font-family: ui-monospace, monospace; font-size: 13px; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.notes { margin: 8px 0 0; padding-left: 18px; color: var(--muted); }
.check { font-size: 12px; margin: 8px 0 0; }
.check.ok { color: var(--ok); }
.check.bad { color: var(--bad); font-weight: 600; }
figure { margin: 0; }
figure svg { display: block; max-width: 100%; height: auto; }
#changes h3 { margin: 16px 0 8px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
svg text { font: 13px system-ui, sans-serif; fill: var(--ink); }
svg .bar rect { fill: var(--plan); }
svg .bar.created rect, svg .bar.updated rect { fill: var(--ok); }
svg .bar.failed rect { fill: var(--bad); }
svg .bar.rejected rect { fill: var(--warn); }
svg .bar.unchanged rect, svg .bar.merged rect { fill: #9aa5b1; }
#guard h3 { margin: 16px 0 8px; }
.scroll { overflow-x: auto; max-height: 80vh; border: 1px solid var(--line);
  border-radius: 6px; background: var(--paper); }
.rows { width: 100%; font-size: 13px; }
.rows th, .rows td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; white-space: pre-wrap; overflow-wrap: break-word; }
.rows td { max-width: 32em; }
.rows thead th { position: sticky; top: 0; background: var(--wash); z-index: 1;
  white-space: nowrap; }
.rows tbody tr:nth-child(even) { background: #fafbfc; }
.outcome.ok { color: var(--ok); }
.outcome.failed { color: var(--bad); font-weight: 600; }
.outcome.skipped { color: var(--muted); }
.outcome.planned { color: var(--plan); }
.outcome.blocked { color: var(--warn); font-weight: 600; }
.notice { background: #fffaf0; border: 1px solid var(--warn); border-radius: 6px; padding: 0 16px;
  margin-top: 16px; }
.cap, .none { color: var(--muted); margin: 4px 0 8px; }
"""
