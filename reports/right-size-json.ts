// The one JSON object `recommend resources --json` prints and recommendations.json holds. The issue's
// fields come first in each entry (namespace … current); the rest is evidence for a reader or a script.
// Cores and bytes, never quantity strings, so scripts need no parser.
import type { RightSizeResult, ContainerRecommendation, ResourceTotals, RightSizePolicy, SkippedContainer } from '../analyzers/right-size-types.js';

export interface RightSizeJsonEntry {
  namespace: string;
  workload: string;
  container: string;
  cpu: { request: number; limit: number | null };
  memory: { request: number; limit: number };
  throttled: boolean;
  confidence: 'high' | 'low';
  current: ContainerRecommendation['current'];
  kind: string | null;
  groupedBy: 'owner' | 'name';
  qos: ContainerRecommendation['qos'];
  replicas: number;
  pods: string[];
  confidenceReasons: string[];
  evidence: ContainerRecommendation['evidence'];
  notes: string[];
}

export interface RightSizeJson {
  workloads: RightSizeJsonEntry[];
  /** Change in requests × replicas, versus current requests. */
  totals: { cpuCores: ResourceTotals; memoryBytes: ResourceTotals };
  skipped: SkippedContainer[];
  window: { start: string; end: string; stepMs: number };
  policy: RightSizePolicy;
  source: string;
  /** The PromQL run, placeholders filled in. */
  queries: Record<string, string>;
  warnings: string[];
}

export function toRightSizeJson(result: RightSizeResult, meta: { source: string; queries: Record<string, string>; warnings: string[] }): RightSizeJson {
  return {
    workloads: result.workloads.map((r) => ({
      namespace: r.namespace,
      workload: r.workload,
      container: r.container,
      cpu: { ...r.cpu },
      memory: { ...r.memory },
      throttled: r.throttled,
      confidence: r.confidence,
      current: r.current,
      kind: r.kind,
      groupedBy: r.groupedBy,
      qos: r.qos,
      replicas: r.replicas,
      pods: r.pods,
      confidenceReasons: r.confidenceReasons,
      evidence: r.evidence,
      notes: r.notes,
    })),
    totals: result.totals,
    skipped: result.skipped,
    window: { start: new Date(result.window.startMs).toISOString(), end: new Date(result.window.endMs).toISOString(), stepMs: result.window.stepMs },
    policy: result.policy,
    source: meta.source,
    queries: meta.queries,
    warnings: meta.warnings,
  };
}
