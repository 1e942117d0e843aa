import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildReport } from './build-report.js';
import { emptyRun, hostileRun, sampleRun } from './fixtures.js';
import { escapeHtml, inlineScript, jsonForScript, renderHtml, type ReportLibs } from './render-html.js';

// Stand-ins for the real library builds: each defines its global, and the first carries the two
// sequences that would break out of an inline <script>.
const libs: ReportLibs = {
  vega: 'var vega = { note: "</script><!-- <script>" }; //# sourceMappingURL=vega.min.js.map',
  vegaLite: 'var vegaLite = {};',
  vegaEmbed: 'var vegaEmbed = function () {};',
};

/** The text of every <script> element, in order, as the HTML parser would split them. */
function scripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!);
}

describe('renderHtml', () => {
  const model = buildReport(sampleRun());
  const html = renderHtml(model, libs);

  it('is one document with the libraries, the chart data and the boot script inline, in that order', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const s = scripts(html);
    expect(s).toHaveLength(5);
    expect(s[1]).toContain('var vega =');
    expect(s[2]).toBe(libs.vegaLite);
    expect(s[3]).toBe(libs.vegaEmbed);
    expect(s[4]).toContain('vegaEmbed(el, spec');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\s(src|href)=/i);
  });

  it('embeds the specs as JSON that parses back to exactly the model specs', () => {
    const charts = JSON.parse(scripts(html)[0]!) as Array<{ id: string; spec: unknown }>;
    const expected = [...model.benches.flatMap((b) => b.charts), ...(model.resources?.charts ?? [])];
    expect(charts).toEqual(expected.map((c) => ({ id: c.id, spec: JSON.parse(JSON.stringify(c.spec)) })));
  });

  it('has a container per chart and announces how many to expect', () => {
    const ids = [...html.matchAll(/data-chart-id="([^"]*)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['bench-0-throughput', 'bench-0-latency', 'bench-0-distribution', 'bench-1-throughput', 'bench-1-latency', 'bench-1-distribution', 'resources']);
    expect(html).toContain('<body data-charts-expected="7">');
  });

  it('forbids every network fetch with a Content-Security-Policy', () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  it('renders the step tables as HTML', () => {
    expect(html).toContain('<th class="num" scope="col">throughput (req/s)</th>');
    expect(html).toContain('<tr class="tone-ok"><td class="num">32</td><td class="num">837</td>');
  });

  it('renders a run with nothing to chart', () => {
    const empty = renderHtml(buildReport(emptyRun()), libs);
    expect(empty).toContain('No step finished, so there is nothing to chart.');
    expect(empty).toContain('<body data-charts-expected="0">');
    expect(empty).toContain('<span class="badge bad">incomplete</span>');
  });
});

describe('escaping', () => {
  const run = hostileRun();
  const html = renderHtml(buildReport(run), libs);

  it('shows a bench named <script>alert(1)</script> as text', () => {
    expect(html).toContain('<h2>&#60;script&#62;alert(1)&#60;/script&#62;</h2>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
  });

  it('leaves exactly one end tag per script element and no comment opener anywhere', () => {
    expect(html.match(/<\/script/gi)).toHaveLength(5);
    expect(html).not.toContain('<!--');
  });

  it('keeps the hostile names intact inside the chart data', () => {
    const charts = JSON.parse(scripts(html)[0]!) as Array<{ id: string; spec: unknown }>;
    expect(JSON.stringify(charts)).toContain(JSON.stringify(run.benches[0]!.name));
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('makes JSON inert in a script element without changing its value', () => {
    const value = { s: '</script><!-- & \u2028 \u2029 >' };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
  });

  it('neutralises </script and <!-- in library code without changing what it computes', () => {
    const code = 'result = ["</SCRIPT>", "<!--", /<\\/script>/.source, `</script ${1 + 1}`].join("|");';
    const safe = inlineScript(`${code}\n//# sourceMappingURL=lib.js.map`);
    expect(safe).not.toMatch(/<\/script|<!--|sourceMappingURL/i);
    const before: { result?: string } = {};
    const after: { result?: string } = {};
    runInNewContext(code, before);
    runInNewContext(safe, after);
    expect(after.result).toBe(before.result);
    expect(after.result).toBe('</SCRIPT>|<!--|<\\/script>|</script 2');
  });
});
