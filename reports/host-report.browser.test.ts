// The run report with host benches opened in headless Chromium: every chart drawn, nothing
// fetched, nothing logged, hostile text shown as text. Writes /tmp/headroom-host-report.png.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportLibs } from '../agents/write-report.js';
import type { RunResult } from '../scenarios/result.js';
import { openReport } from '../test/open-report.js';
import { requireBinary } from '../test/require-tool.js';
import { buildReport } from './build-report.js';
import { sampleRun } from './fixtures.js';
import { hostRun, sampleHostBench, slowDiskHostBench } from './host-fixtures.js';
import { renderHtml, type ReportLibs } from './render-html.js';

const chromiumPath = requireBinary('chromium');

describe.skipIf(!chromiumPath)('host benches in the HTML report, in Chromium', () => {
  let dir: string;
  let libs: ReportLibs;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-host-report-'));
    libs = await loadReportLibs();
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function show(name: string, run: RunResult, screenshot?: string) {
    const model = buildReport(run);
    const file = join(dir, `${name}.html`);
    await writeFile(file, renderHtml(model, libs));
    return { model, view: await openReport(file, chromiumPath!, screenshot) };
  }

  it('draws the metrics chart, the fdatasync distribution and the resources of a host-only run', async () => {
    const { model, view } = await show('host', hostRun(), '/tmp/headroom-host-report.png');
    const expected = [...model.benches.flatMap((b) => b.charts), ...(model.resources?.charts ?? [])].map((c) => c.id);
    expect(expected).toEqual(['host-0-metrics', 'host-0-latency', 'resources']);
    expect(view.charts.map((c) => c.id)).toEqual(expected);
    for (const c of view.charts) {
      expect(c.state, c.id).toBe('rendered');
      expect(c.width, c.id).toBeGreaterThan(200);
    }
    // Per metric: a bar, a whisker and its two ends, a dot per repeat (10 metrics, 32 repeats).
    expect(view.charts[0]!.marks).toBeGreaterThanOrEqual(10 * 4 + 32);
    expect(view.charts[1]!.marks).toBeGreaterThanOrEqual(3); // the curve, the diamond, its label
    expect(view.dataset).toMatchObject({ chartsRendered: '3', chartsFailed: '0', chartsDone: 'true' });
    expect(view.errors).toEqual([]);
    expect(view.foreignRequests).toEqual([]);
  });

  it('draws every chart of a run with load benches and two host benches', async () => {
    const { model, view } = await show('mixed', { ...sampleRun(), hostBenches: [sampleHostBench(), slowDiskHostBench()] });
    const expected = [...model.benches.flatMap((b) => b.charts), ...(model.resources?.charts ?? [])].map((c) => c.id);
    expect(view.charts.map((c) => [c.id, c.state])).toEqual(expected.map((id) => [id, 'rendered']));
    expect(view.dataset.chartsFailed).toBe('0');
    expect(view.errors).toEqual([]);
  });

  it('shows hostile bench names, skip reasons and inventory text as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const b = sampleHostBench();
    const run = hostRun([{ ...b, name: `n${evil}`, skipped: [{ metric: 'network.throughput', reason: `peer said ${evil}` }], inventory: { ...b.inventory, cpu: { ...b.inventory.cpu, model: `</script>${evil}` } } }]);
    const { model, view } = await show('hostile', run);
    const html = renderHtml(model, libs);
    expect(html).not.toContain(evil);
    expect(html).toContain('peer said &#60;img src=x onerror=alert(1)&#62;');
    expect(view.dataset.chartsFailed).toBe('0');
    expect(view.errors).toEqual([]);
    expect(view.foreignRequests).toEqual([]);
  });
});
