// A run of etcd benches as the report renders it, opened in headless Chromium: every chart drawn
// (the generic ones and the etcd ones build-report merges in), nothing logged, nothing fetched.
// Writes /tmp/headroom-etcd-report.png for a human to look at.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportLibs } from '../agents/write-report.js';
import { openReport } from '../test/open-report.js';
import { requireBinary } from '../test/require-tool.js';
import { buildReport } from './build-report.js';
import { etcdRun } from './etcd-fixtures.js';
import { renderHtml } from './render-html.js';

const chromiumPath = requireBinary('chromium');

describe.skipIf(!chromiumPath)('a run with etcd benches in Chromium', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-etcd-report-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws every chart, the etcd ones included, without console errors', async () => {
    const model = buildReport(etcdRun());
    const ids = [...model.benches.flatMap((b) => b.charts), ...(model.resources?.charts ?? [])].map((c) => c.id);
    expect(ids.filter((id) => id.includes('-etcd-'))).toEqual(['bench-0-etcd-server-latency', 'bench-1-etcd-server-latency', 'bench-2-etcd-server-latency', 'bench-2-etcd-watch-delivery']);
    const file = join(dir, 'etcd.html');
    await writeFile(file, renderHtml(model, await loadReportLibs()));
    const view = await openReport(file, chromiumPath!, '/tmp/headroom-etcd-report.png');
    expect(view.errors).toEqual([]);
    expect(view.foreignRequests).toEqual([]);
    expect(view.dataset.chartsFailed).toBe('0');
    expect(view.charts.map((c) => c.id)).toEqual(ids);
    for (const chart of view.charts) {
      expect(chart.state, chart.id).toBe('rendered');
      expect(chart.width, chart.id).toBeGreaterThan(200);
      // The check-perf bench has one step: its distribution is a single line.
      expect(chart.marks, chart.id).toBeGreaterThan(chart.id.startsWith('bench-1-') ? 0 : 3);
    }
  });
});
