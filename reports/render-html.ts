// ReportModel → one self-contained HTML file: vega, vega-lite and vega-embed inlined, the specs
// embedded as JSON, every text escaped. It opens offline, and its CSP forbids any network access
// at all, so a report cannot leak or fetch anything even if a spec were to ask for a URL.
import type { BenchSection, ChartModel, ExtraTable, ReportModel, SummaryLine, TableModel } from './build-report.js';
import { REPORT_CSS } from './report-css.js';

export interface ReportLibs {
  /** Browser (UMD) builds: vega/build/vega.min.js, vega-lite/build/vega-lite.min.js, vega-embed/build/vega-embed.min.js. */
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

/** 'unsafe-eval' because vega compiles its expressions with Function(); nothing may be fetched. */
const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is inert inside <script type="application/json">: no '<', '>' or '&' survive, nor the JS line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Library code made safe to inline in a classic <script>: "</script" would end the element and "<!--"
 * can switch the HTML parser into a mode where the real end tag is missed. Both only occur inside JS
 * strings, regexes or comments, where "\x3C" means the same '<'. Source-map comments are dropped so
 * no devtools ever looks for a file next to the report.
 */
export function inlineScript(code: string): string {
  return code
    .replace(/<\/script/gi, (m) => `\\x3C${m.slice(1)}`)
    .replace(/<!--/g, '\\x3C!--')
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '');
}

/** Runs in the page: embeds every chart, shows failures in place, then records the outcome on <body> for tests. */
const BOOT = `(function () {
  var body = document.body;
  var containers = Array.prototype.slice.call(document.querySelectorAll('[data-chart-id]'));
  var specs = {};
  try {
    JSON.parse(document.getElementById('headroom-charts').textContent).forEach(function (c) { specs[c.id] = c.spec; });
  } catch (e) { console.error('headroom: chart data unreadable', e); }
  var failed = 0;
  function fail(el, message) {
    failed++;
    el.setAttribute('data-chart-state', 'failed');
    var p = document.createElement('p');
    p.className = 'chart-error';
    p.textContent = 'This chart could not be drawn: ' + message;
    el.replaceChildren(p);
  }
  var jobs = containers.map(function (el) {
    var spec = specs[el.getAttribute('data-chart-id')];
    if (typeof vegaEmbed !== 'function') { fail(el, 'the chart library did not load'); return Promise.resolve(); }
    if (!spec) { fail(el, 'its specification is missing'); return Promise.resolve(); }
    return vegaEmbed(el, spec, { actions: false, renderer: 'svg', mode: 'vega-lite' }).then(
      function () { el.setAttribute('data-chart-state', 'rendered'); },
      function (err) { fail(el, (err && err.message) || String(err)); }
    );
  });
  Promise.all(jobs).then(function () {
    body.setAttribute('data-charts-rendered', String(containers.length - failed));
    body.setAttribute('data-charts-failed', String(failed));
    body.setAttribute('data-charts-done', 'true');
  });
})();`;

export function renderHtml(model: ReportModel, libs: ReportLibs): string {
  const charts = [...model.benches.flatMap((b) => b.charts), ...(model.resources?.charts ?? [])];
  const status = model.status ? [model.status.text, model.status.tone] : !model.complete ? ['incomplete', 'bad'] : model.passed ? ['passed', 'ok'] : ['failed', 'bad'];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="headroom">
<title>${escapeHtml(`${model.title} · headroom report`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body data-charts-expected="${charts.length}">
<header>
<p class="eyebrow">headroom report</p>
<h1>${escapeHtml(model.title)} <span class="badge ${status[1]}">${escapeHtml(status[0]!)}</span></h1>
${model.subtitle.map((s) => `<p class="sub">${escapeHtml(s)}</p>`).join('\n')}
</header>
<noscript><p class="chart-error">Charts need JavaScript; the tables hold the same figures.</p></noscript>
<section class="summary">
<h2>Summary</h2>
${renderLines(model.summary)}
${model.warnings.length ? `<h3>Warnings</h3>\n<ul class="warnings">${model.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
</section>
${model.benches.map(renderBench).join('\n')}
${model.resources ? `<section class="resources">
<h2>Resources</h2>
${model.resources.facts.map((f) => `<p class="facts">${escapeHtml(f)}</p>`).join('\n')}
${model.resources.charts.map(renderChart).join('\n')}
</section>` : ''}
<footer>Generated by headroom. Charts drawn with Vega-Lite; every figure is also in the tables.</footer>
<script type="application/json" id="headroom-charts">${jsonForScript(charts.map((c) => ({ id: c.id, spec: c.spec })))}</script>
<script>${inlineScript(libs.vega)}</script>
<script>${inlineScript(libs.vegaLite)}</script>
<script>${inlineScript(libs.vegaEmbed)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}

function renderLines(lines: readonly SummaryLine[]): string {
  if (lines.length === 0) return '';
  return `<ul class="verdict">${lines.map((l) => `<li class="tone-${escapeHtml(l.tone)}">${escapeHtml(l.text)}</li>`).join('')}</ul>`;
}

function renderBench(b: BenchSection): string {
  return `<section class="bench">
<h2>${escapeHtml(b.name)}</h2>
${b.facts.map((f) => `<p class="facts">${escapeHtml(f)}</p>`).join('\n')}
${renderLines(b.verdict)}
${b.charts.length ? b.charts.map(renderChart).join('\n') : `<p class="empty">${escapeHtml(b.emptyText ?? 'No step finished, so there is nothing to chart.')}</p>`}
${b.table.rows.length ? `<h3>${escapeHtml(b.tableTitle ?? 'Steps')}</h3>\n${renderTable(b.table)}` : ''}
${(b.extraTables ?? []).filter((t) => t.table.rows.length > 0).map((t) => `<h3>${escapeHtml(t.title)}</h3>\n${renderTable(t.table, t.layout)}`).join('\n')}
</section>`;
}

function renderChart(c: ChartModel): string {
  return `<figure class="chart">
<figcaption><strong>${escapeHtml(c.title)}</strong> ${escapeHtml(c.caption)}</figcaption>
<div class="vega" data-chart-id="${escapeHtml(c.id)}"></div>
</figure>`;
}

function renderTable(t: TableModel, layout?: ExtraTable['layout']): string {
  const cls = (numeric: boolean): string => (numeric ? ' class="num"' : '');
  const head = t.columns.map((c) => `<th${cls(c.numeric)} scope="col">${escapeHtml(c.label)}</th>`).join('');
  const rows = t.rows
    .map((r) => `<tr class="tone-${escapeHtml(r.tone)}">${r.cells.map((cell, i) => `<td${cls(t.columns[i]?.numeric ?? false)}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table${layout ? ` class="${layout}"` : ''}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table></div>`;
}
