// The right-sizing outputs built from one fixed result: the report model, the text table, the JSON
// shape and the kubectl patches.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadReportLibs } from '../agents/write-report.js';
import { renderHtml } from './render-html.js';
import { rightSizeResult } from './right-size-fixtures.js';
import { toRightSizeJson } from './right-size-json.js';
import { buildPatches } from './right-size-patches.js';
import { buildRightSizeReport } from './right-size-report.js';
import { formatRightSizeTable } from './right-size-table.js';

const MIB = 1024 ** 2;
const result = rightSizeResult({ critical: ['shop/db'] });
const meta = { source: 'http://prometheus:9090', generatedAt: '2025-11-26T06:00:00.000Z' };

describe('buildRightSizeReport', () => {
  const model = buildRightSizeReport(result, meta);

  it('sums up the containers, the change in requests and what needs attention first', () => {
    expect(model.summary.map((l) => [l.tone, l.text])).toEqual([
      ['neutral', '6 containers in 6 workloads sized from 2 d of usage.'],
      ['neutral', expect.stringMatching(/^Requests change by [−+][\d.]+ cores and [−+][\d.]+(Mi|Gi) of memory \(× replicas running at the end/)],
      ['bad', expect.stringMatching(/^CPU-throttled in over 10% of periods: shop\/worker worker\. /)],
      ['bad', 'OOM-killed in the window: shop/db postgres. Their memory is raised to at least 1.2 × the current limit.'],
      ['neutral', 'Low confidence (short history or gaps): ops/agent agent.'],
    ]);
    expect(model.passed).toBe(false);
    expect(model.title).toBe('Right-sizing · ops, shop');
    expect(model.subtitle[0]).toBe('2025-11-23 23:55 UTC → 2025-11-25 23:55 UTC · one point per 5 min · generated 2025-11-26 06:00 UTC');
  });

  it('passes when nothing was throttled or OOM-killed', () => {
    const calm = { ...result, workloads: result.workloads.filter((w) => !w.throttled && !w.evidence.oomKilled) };
    const m = buildRightSizeReport(calm, meta);
    expect(m.passed).toBe(true);
    expect(m.summary.at(-1)).toEqual({ text: 'No container was throttled or OOM-killed.', tone: 'ok' });
  });

  it('gives each container a section with its facts, reasons, a current-vs-recommended table and two charts', () => {
    const web = model.benches.find((b) => b.name === 'shop/web · app')!;
    expect(web.facts[0]).toBe('Deployment · grouped by pod name · 2 pods (2 at the end) · 2 d of history · Burstable QoS');
    expect(web.table.rows.map((r) => r.cells.slice(0, 3))).toEqual([
      ['CPU request', '1', `${Math.round(result.workloads.find((w) => w.workload === 'web')!.cpu.request * 1000)}m`],
      ['CPU limit', 'none', 'none'],
      ['memory request', '512Mi', expect.stringMatching(/^\d+Mi$/)],
      ['memory limit', 'none', expect.stringMatching(/^\d+Mi$/)],
    ]);
    expect(web.charts.map((c) => c.id)).toEqual([expect.stringMatching(/-cpu$/), expect.stringMatching(/-memory$/)]);
    const db = model.benches.find((b) => b.name === 'shop/db · postgres')!;
    expect(db.facts.join(' ')).toContain('Guaranteed QoS');
    expect(db.verdict.filter((v) => v.tone === 'bad').map((v) => v.text)).toEqual([expect.stringMatching(/^Memory request = limit 1229Mi: OOM-killed in the window: 1.2 × the current limit 1Gi/)]);
    expect(db.table.rows[3]!.tone).toBe('bad');
  });

  it('renders to HTML with one chart container per chart', async () => {
    const html = renderHtml(model, await loadReportLibs());
    expect(html).toContain(`data-charts-expected="${2 * result.workloads.length}"`);
    expect(html).toContain('shop/worker · worker');
  });
});

describe('formatRightSizeTable', () => {
  const text = formatRightSizeTable(result);

  it('has a row per container with current → recommended and the flags', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('Right-sizing over 2 d ending 2025-11-25 23:55 UTC, one point per 5 min.');
    expect(lines[1]).toMatch(/^WORKLOAD\s+CONTAINER\s+CPU REQUEST\s+CPU LIMIT\s+MEMORY REQUEST\s+MEMORY LIMIT\s+CONF\s+NOTES$/);
    expect(text).toMatch(/shop\/worker\s+worker\s+none → \d+m\s+500m → none\s+none → 230Mi\s+none → 230Mi\s+high\s+throttled 30%/);
    expect(text).toMatch(/shop\/db\s+postgres\s+none → \d+m\s+none → \d+m\s+none → 1229Mi\s+1Gi → 1229Mi\s+high\s+OOM-killed, Guaranteed/);
    expect(text).toMatch(/ops\/agent\s+agent .* low/);
  });

  it('ends with the totals and the reasons behind each flag', () => {
    expect(text).toMatch(/^Requests vs current, × replicas running at the end: CPU [−+][\d.]+ cores \(freed [\d.]+ cores, added [\d.]+ cores\); memory/m);
    expect(text).toMatch(/^shop\/worker worker: Throttled in 30% of CFS periods \(300 of 1000\) under a 500m limit/m);
    expect(text).toMatch(/^ops\/agent agent: Low confidence: only 4 h of history/m);
  });
});

describe('toRightSizeJson', () => {
  it('puts the issue\'s fields first and leaves the chart series out', () => {
    const json = toRightSizeJson(result, { source: meta.source, queries: { cpu: 'q' }, warnings: [] });
    const w = json.workloads[0]!;
    expect(Object.keys(w).slice(0, 8)).toEqual(['namespace', 'workload', 'container', 'cpu', 'memory', 'throttled', 'confidence', 'current']);
    expect(JSON.stringify(json)).not.toContain('"usage"');
    expect(json.window).toEqual({ start: '2025-11-23T23:55:00.000Z', end: '2025-11-25T23:55:00.000Z', stepMs: 300_000 });
  });
});

describe('buildPatches', () => {
  const { patches, unpatched } = buildPatches(result);
  const byPath = new Map(patches.map((p) => [p.path, p]));

  it('writes one strategic-merge patch per workload, removing the CPU limit under the Burstable policy', () => {
    expect([...byPath.keys()].sort()).toEqual(['ops/workload-agent.yaml', 'shop/cronjob-nightly.yaml', 'shop/deployment-web.yaml', 'shop/deployment-worker.yaml', 'shop/statefulset-db.yaml']);
    const web = result.workloads.find((w) => w.workload === 'web')!;
    expect(parse(byPath.get('shop/deployment-web.yaml')!.yaml)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'app', resources: { requests: { cpu: `${Math.round(web.cpu.request * 1000)}m`, memory: `${web.memory.request / MIB}Mi` }, limits: { cpu: null, memory: `${web.memory.limit / MIB}Mi` } } }] } } },
    });
  });

  it('keeps the CPU limit = request for a critical workload, and says how to apply each file', () => {
    const db = byPath.get('shop/statefulset-db.yaml')!.yaml;
    const limits = parse(db).spec.template.spec.containers[0].resources.limits;
    expect(limits).toEqual({ cpu: expect.stringMatching(/^\d+m$/), memory: '1229Mi' });
    expect(limits.cpu).toBe(parse(db).spec.template.spec.containers[0].resources.requests.cpu);
    expect(db).toContain('# Apply: kubectl -n shop patch statefulset db --patch-file patches/shop/statefulset-db.yaml');
  });

  it('patches a CronJob through its job template, and asks for the kind when the names did not tell it', () => {
    expect(parse(byPath.get('shop/cronjob-nightly.yaml')!.yaml).spec.jobTemplate.spec.template.spec.containers[0].name).toBe('backup');
    const agent = byPath.get('ops/workload-agent.yaml')!.yaml;
    expect(agent).toContain('# Apply: kubectl -n ops patch <KIND> agent');
    expect(agent).toMatch(/# Low confidence for agent: only 4 h of history/);
  });

  it('explains why a Job gets no patch', () => {
    expect(unpatched).toEqual([{ namespace: 'shop', workload: 'migrate', kind: 'Job', reason: expect.stringContaining('cannot be changed') }]);
  });
});
