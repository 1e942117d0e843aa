// The report's stylesheet: readable on screen, clean on paper (A4, charts never split across pages).
export const REPORT_CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #e3e3e3; --ok: #1e8449; --bad: #c0392b; --bg-ok: #eaf6ee; --bg-bad: #fbecea; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 880px; padding: 28px 24px 48px; color: var(--fg); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 6px; font-weight: 600; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); font-weight: 600; overflow-wrap: anywhere; }
h3 { font-size: 15px; margin: 20px 0 6px; font-weight: 600; }
.eyebrow { margin: 0; color: var(--muted); font-size: 12px; letter-spacing: .08em; text-transform: uppercase; }
.sub, .facts { margin: 2px 0; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.badge { display: inline-block; vertical-align: middle; font-size: 12px; font-weight: 600; padding: 2px 9px; border-radius: 10px;
  text-transform: uppercase; letter-spacing: .04em; }
.badge.ok { background: var(--bg-ok); color: var(--ok); }
.badge.bad { background: var(--bg-bad); color: var(--bad); }
.badge.neutral { background: #eef1f4; color: #444; }
ul.verdict { list-style: none; padding: 0; margin: 10px 0; }
ul.verdict li { padding: 6px 10px 6px 12px; margin: 4px 0; border-left: 3px solid #9aa0a6; background: #f6f7f8; border-radius: 0 4px 4px 0; }
ul.verdict li.tone-ok { border-left-color: var(--ok); background: var(--bg-ok); }
ul.verdict li.tone-bad { border-left-color: var(--bad); background: var(--bg-bad); }
ul.warnings { margin: 4px 0; padding-left: 20px; color: #8a5a00; }
figure.chart { margin: 18px 0 8px; }
figcaption { font-size: 13px; color: var(--muted); margin-bottom: 6px; max-width: 700px; }
figcaption strong { color: var(--fg); font-size: 14px; margin-right: 4px; }
.vega { min-height: 40px; }
.vega svg { max-width: 100%; height: auto; }
.chart-error { color: var(--bad); background: var(--bg-bad); padding: 8px 10px; border-radius: 4px; font-size: 13px; }
.empty { color: var(--muted); font-style: italic; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; margin: 4px 0 8px; min-width: 70%; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { font-weight: 600; color: var(--muted); border-bottom: 1px solid #bdbdbd; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
tr.tone-ok td { background: var(--bg-ok); }
tr.tone-bad td { background: var(--bg-bad); }
tr td:last-child { color: var(--muted); font-size: 12px; white-space: normal; min-width: 9em; }
table.prose td { white-space: normal; vertical-align: top; }
table.prose td:first-child { color: var(--muted); white-space: nowrap; }
table.prose td:last-child { color: var(--fg); font-size: 13px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  section.bench { break-before: page; }
  figure.chart, table, ul.verdict li { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
