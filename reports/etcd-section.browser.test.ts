// The etcd charts in a real report page, opened in headless Chromium: each one drawn, nothing
// logged, nothing fetched. Writes /tmp/headroom-etcd-report.png for a human to look at.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportLibs } from '../agents/write-report.js';
import { openReport } from '../test/open-report.js';
import { requireBinary } from '../test/require-tool.js';
import { buildReport, type ReportModel } from './build-report.js';
import { etcdRun } from './etcd-fixtures.js';
import { buildEtcdSection } from './etcd-section.js';
import { renderHtml } from './render-html.js';

const chromiumPath = requireBinary('chromium');

/** What the lead's merge will do: the etcd parts appended to each bench's section. */
function etcdReport(): ReportModel {
  const run = etcdRun();
  const model = buildReport(run);
  return {
    ...model,
    benches: model.benches.map((section, i) => {
      const etcd = buildEtcdSection(run.benches[i]!, `bench-${i}`);
      return { ...section, facts: [...section.facts, ...etcd.facts], verdict: [...section.verdict, ...etcd.verdict], charts: [...section.charts, ...etcd.charts] };
    }),
  };
}

describe.skipIf(!chromiumPath)('the etcd section in Chromium', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-etcd-report-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws every etcd chart without console errors', async () => {
    const model = etcdReport();
    const etcdCharts = model.benches.flatMap((b) => b.charts).filter((c) => c.id.includes('-etcd-')).map((c) => c.id);
    expect(etcdCharts).toEqual(['bench-0-etcd-server-latency', 'bench-1-etcd-server-latency', 'bench-2-etcd-server-latency', 'bench-2-etcd-watch-delivery']);
    const file = join(dir, 'etcd.html');
    await writeFile(file, renderHtml(model, await loadReportLibs()));
    const view = await openReport(file, chromiumPath!, '/tmp/headroom-etcd-report.png');
    expect(view.errors).toEqual([]);
    expect(view.foreignRequests).toEqual([]);
    expect(view.dataset.chartsFailed).toBe('0');
    for (const id of etcdCharts) {
      const chart = view.charts.find((c) => c.id === id);
      expect(chart?.state, id).toBe('rendered');
      expect(chart!.width, id).toBeGreaterThan(200);
      expect(chart!.marks, id).toBeGreaterThan(3);
    }
  });
});
