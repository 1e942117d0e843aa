// The plan as plain text: one row per node model, the cheapest marked, then any notes.
import type { Plan } from '../analyzers/plan.js';
import { formatBytes, formatNumber } from './format.js';
import { planNotes } from './plan-report.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`;

function table(rows: string[][], leftAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (leftAligned.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export function formatPlanText(plan: Plan, priceUnit: string | null = null): string {
  const req = plan.requests;
  const out = [
    `${formatNumber(req.workloads)} workloads, ${formatNumber(req.pods)} pods requesting ${formatNumber(req.cpu)} cores and ${formatBytes(req.memory)}; target utilisation ${pct(plan.targetUtilization)}, ${plan.spare} spare node${plan.spare === 1 ? '' : 's'} per model`,
    '',
  ];
  if (plan.models.length > 0) {
    const rows = [['model', 'nodes', 'spare', 'limited by', 'cpu', 'memory', 'pods', priceUnit ? `cost (${priceUnit})` : 'cost', '']];
    for (const m of plan.models) {
      rows.push([m.name, String(m.nodes), String(m.spare), m.limitedBy, pct(m.utilization.cpu), pct(m.utilization.memory), pct(m.utilization.pods), m.cost === null ? '–' : formatNumber(m.cost), m.cheapest ? '← cheapest' : '']);
    }
    out.push(table(rows, new Set([0, 3, 8])).replace(/^/gm, '  '), '');
    out.push('  cpu, memory: requests / allocatable; pods: pods / maxPods; over the non-spare nodes.', '');
  }
  for (const note of planNotes(plan)) out.push(`note: ${note}`);
  return `${out.join('\n').trimEnd()}\n`;
}
