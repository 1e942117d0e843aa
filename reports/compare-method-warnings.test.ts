// A comparison of runs measured with different tools or profiles says so in every output: the text,
// the JSON `warnings` and the HTML report's warnings.
import { describe, expect, it } from 'vitest';
import { loadReportLibs } from '../agents/write-report.js';
import { compareHostResults } from '../analyzers/compare.js';
import type { RunResult } from '../scenarios/result.js';
import { syntheticHostRun } from './compare-fixtures.js';
import { buildCompareReport, compareJson } from './compare-report.js';
import type { CompareMeta } from './compare-summary.js';
import { formatCompareText } from './compare-text.js';
import { renderHtml } from './render-html.js';

const baseline = syntheticHostRun({ seed: 1 }); // fio-3.33 for the disk, quick profile
const candidate: RunResult = structuredClone(syntheticHostRun({ seed: 2, startedAt: '2026-01-10T09:05:00.000Z' }));
candidate.hostBenches![0]!.profile = 'full';
candidate.hostBenches![0]!.metrics.find((m) => m.name === 'disk.fdatasync.p99')!.tool = 'built-in';

const comparison = compareHostResults(baseline, candidate, { tolerance: 0.05 });
const meta: CompareMeta = {
  baseline: { file: 'a/result.json', hostname: 'node-a', startedAt: baseline.startedAt },
  candidate: { file: 'b/result.json', hostname: 'node-a', startedAt: candidate.startedAt },
  generatedAt: '2026-01-12T08:00:00.000Z',
};
const toolWarning = 'disk.fdatasync.p99 was measured with fio-3.33 in the baseline but built-in in the candidate';
const profileWarning = 'The bench ran the quick profile in the baseline but the full profile in the candidate';

describe('compare outputs when the runs measured differently', () => {
  it('print both warnings in the text, first among the warnings', () => {
    const lines = formatCompareText(comparison, meta).split('\n').filter((l) => l.startsWith('warning: '));
    expect(lines[0]).toContain(`warning: ${toolWarning}`);
    expect(lines[1]).toContain(`warning: ${profileWarning}`);
  });

  it('list them in the JSON warnings', () => {
    const json = compareJson(comparison, meta) as { warnings: string[] };
    expect(json.warnings.some((w) => w.startsWith(toolWarning))).toBe(true);
    expect(json.warnings.some((w) => w.startsWith(profileWarning))).toBe(true);
  });

  it('show them in the HTML report\'s warnings', async () => {
    const model = buildCompareReport(comparison, meta);
    expect(model.warnings.slice(0, 2).map((w) => w.slice(0, 60))).toEqual([toolWarning.slice(0, 60), profileWarning.slice(0, 60)]);
    const html = renderHtml(model, await loadReportLibs());
    const list = /<ul class="warnings">(.*?)<\/ul>/s.exec(html)?.[1] ?? '';
    expect(list).toContain(`<li>${toolWarning}`);
    expect(list).toContain(`<li>${profileWarning}`);
  });
});
