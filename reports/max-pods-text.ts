// The maxPods recommendation as plain text: a constraint table and the kubelet lines to apply.
import type { MaxPodsRecommendation } from '../analyzers/max-pods.js';
import { describeNode, describePod } from './max-pods-report.js';

export function formatMaxPodsText(rec: MaxPodsRecommendation): string {
  const rows = [['constraint', 'max pods', 'how'], ...rec.constraints.map((c) => [c.name, c.maxPods.toLocaleString('en-US'), `${c.detail}${c.name === rec.limitedBy ? '   ← binding' : ''}`])];
  const widths = [0, 1].map((col) => Math.max(...rows.map((r) => r[col]!.length)));
  const table = rows.map((r) => `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]}`).join('\n');
  return [
    `maxPods ${rec.maxPods}, limited by ${rec.limitedBy}`,
    `  node: ${describeNode(rec)}; typical pod: ${describePod(rec)}`,
    '',
    table,
    '',
    'kubelet configuration:',
    rec.kubeletConfig.trimEnd().replace(/^/gm, '  '),
    '',
  ].join('\n');
}
