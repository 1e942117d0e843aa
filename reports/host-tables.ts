// The tables of a host bench section: its metrics, what was skipped, the machine it ran on and
// what about that machine could skew the figures. Pure.
import type { Inventory } from '../agents/inventory/types.js';
import type { InventoryWarning } from '../analyzers/inventory-warnings.js';
import type { HostBenchResult, HostMetric } from '../scenarios/result.js';
import type { TableModel, Tone } from './build-report.js';
import { formatCi, formatCv, formatMetricValue, guidanceCell } from './host-format.js';
import { describeInventory } from './inventory-text.js';

/** One row per metric in run order: mean, its 95% range, unit, cv, repeats, tool, guidance verdict. */
export function hostMetricsTable(bench: HostBenchResult): TableModel {
  return {
    columns: [
      { label: 'metric', numeric: false },
      { label: 'mean', numeric: true },
      { label: '95% CI', numeric: true },
      { label: 'unit', numeric: false },
      { label: 'cv', numeric: true },
      { label: 'repeats', numeric: true },
      { label: 'tool', numeric: false },
      { label: 'guidance', numeric: false },
    ],
    rows: bench.metrics.map((m) => ({
      tone: guidanceTone(m),
      cells: [
        m.name,
        formatMetricValue(m.mean),
        formatCi(m.ci95),
        `${m.unit}${m.higherIsBetter ? ' ↑' : ' ↓'}`,
        formatCv(m.cv),
        m.converged ? String(m.repeats.length) : `${m.repeats.length}, not converged`,
        m.tool,
        guidanceCell(m),
      ],
    })),
  };
}

function guidanceTone(m: HostMetric): Tone {
  if (!m.guidance) return 'neutral';
  return m.guidance.passed ? 'ok' : 'bad';
}

export function hostSkippedTable(bench: HostBenchResult): TableModel {
  return {
    columns: [
      { label: 'metric', numeric: false },
      { label: 'reason', numeric: false },
    ],
    rows: bench.skipped.map((s) => ({ tone: 'neutral', cells: [s.metric, s.reason] })),
  };
}

/** The inventory as label/value rows, the same reading order as `headroom inventory`. */
export function inventoryTable(inv: Inventory): TableModel {
  return {
    columns: [
      { label: 'what', numeric: false },
      { label: 'value', numeric: false },
    ],
    rows: describeInventory(inv).map(([label, value]) => ({ tone: 'neutral', cells: [label, value] })),
  };
}

/** Findings about the machine (governor, quota, throttling …), warnings first, each with what to do. */
export function inventoryFindingsTable(findings: readonly InventoryWarning[]): TableModel {
  return {
    columns: [
      { label: 'about', numeric: false },
      { label: 'finding', numeric: false },
      { label: 'what to do', numeric: false },
    ],
    rows: findings.map((f) => ({ tone: f.severity === 'warning' ? 'bad' : 'neutral', cells: [f.severity === 'warning' ? `${f.field} (warning)` : f.field, f.message, f.hint] })),
  };
}
