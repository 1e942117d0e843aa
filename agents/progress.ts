// Turns run events into what a person watches: one live line on a TTY, plain lines on a pipe.
import { formatMs } from '../scenarios/units.js';
import type { RunEvent } from './run-events.js';

export interface ProgressOptions {
  write: (text: string) => void;
  tty: boolean;
}

const unit = (model: string, kind = 'http'): string => (model === 'open' ? (kind === 'etcd' ? 'ops/s' : 'req/s') : kind === 'etcd' ? 'clients' : 'conn');
const rateUnit = (kind = 'http'): string => (kind === 'etcd' ? 'ops/s' : 'req/s');

function formatValue(value: number, unitName: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unitName}`;
}

export function createProgress(opts: ProgressOptions): { onEvent: (e: RunEvent) => void; finish: () => void } {
  let liveLine = false;
  let lastTickMs = 0;
  let ratePrev: { elapsedMs: number; ok: number } | null = null;
  const kinds = new Map<string, string>();
  const metricIndex = new Map<string, { index: number; count: number }>();
  const clear = (): void => {
    if (liveLine) opts.write('\r\x1b[2K');
    liveLine = false;
  };
  const line = (text: string): void => {
    clear();
    opts.write(`${text}\n`);
  };

  const onEvent = (e: RunEvent): void => {
    switch (e.type) {
      case 'bench-start':
        kinds.set(e.bench, e.kind ?? 'http');
        line(`▶ ${e.bench} (${e.benchIndex + 1}/${e.benchCount}): ${e.model} model, ${e.loads.length} step${e.loads.length === 1 ? '' : 's'} of ${formatMs(e.stepDurationMs)} [${e.loads.join(', ')} ${unit(e.model, e.kind)}] → ${e.target}`);
        break;
      case 'host-bench-start':
        line(`▶ ${e.bench} (${e.benchIndex + 1}/${e.benchCount}): host, ${e.profile} profile, ${e.metrics.length} metrics [${e.metrics.join(', ')}]`);
        break;
      case 'metric-start':
        metricIndex.set(e.metric, { index: e.index, count: e.count });
        if (opts.tty) {
          clear();
          opts.write(`  ${e.metric} (${e.index + 1}/${e.count}) …`);
          liveLine = true;
        }
        break;
      case 'repeat-done': {
        if (!opts.tty) break;
        const at = metricIndex.get(e.metric);
        clear();
        opts.write(`  ${e.metric}${at ? ` (${at.index + 1}/${at.count})` : ''} repeat ${e.repeat}/${e.maxRepeats}: ${formatValue(e.value, e.unit)}${e.repeat > 1 ? ` · cv ${(e.cv * 100).toFixed(1)}%` : ''}`);
        liveLine = true;
        break;
      }
      case 'metric-done': {
        const m = e.metric;
        const half = (m.ci95[1] - m.ci95[0]) / 2;
        const rel = m.mean !== 0 ? ` (±${((half / Math.abs(m.mean)) * 100).toFixed(1)}%)` : '';
        const guidance = m.guidance ? ` · ${m.guidance.passed ? 'PASS' : 'FAIL'} ${m.guidance.text}` : '';
        line(`  ${m.name}: ${formatValue(m.mean, m.unit)}${rel} · ${m.repeats.length} repeats, cv ${(m.cv * 100).toFixed(1)}%${m.converged ? '' : ' (cap reached)'} · ${m.tool}${guidance}`);
        break;
      }
      case 'metric-skipped':
        line(`  ${e.metric}: skipped: ${e.reason}`);
        break;
      case 'step-start':
        ratePrev = null;
        break;
      case 'tick': {
        if (!opts.tty) break;
        const c = e.counts;
        const rate = ratePrev && c.elapsedMs > ratePrev.elapsedMs ? ((c.ok - ratePrev.ok) * 1000) / (c.elapsedMs - ratePrev.elapsedMs) : NaN;
        if (!ratePrev || c.elapsedMs - ratePrev.elapsedMs >= 1000) ratePrev = { elapsedMs: c.elapsedMs, ok: c.ok };
        if (c.elapsedMs - lastTickMs < 200 && c.elapsedMs > lastTickMs) break;
        lastTickMs = c.elapsedMs;
        const etaMs = (e.stepCount - e.stepIndex - 1) * e.stepDurationMs + Math.max(0, e.stepDurationMs - c.elapsedMs);
        const parts = [
          `  ${e.bench} step ${e.stepIndex + 1}/${e.stepCount} @ ${e.load} ${unit(e.model, kinds.get(e.bench))}`,
          `${formatMs(c.elapsedMs)}/${formatMs(e.stepDurationMs)}${c.inWarmup ? ' (warm-up)' : ''}`,
          `ETA ${formatMs(etaMs)}`,
          Number.isNaN(rate) ? `… ${rateUnit(kinds.get(e.bench))}` : `${Math.round(rate).toLocaleString('en-US')} ${rateUnit(kinds.get(e.bench))}`,
          Number.isNaN(c.recentP99Ms) ? 'p99 …' : `p99 ${formatMs(c.recentP99Ms)}`,
        ];
        if (c.errors > 0) parts.push(`${c.errors} errors`);
        if (c.dropped > 0) parts.push(`${c.dropped} dropped`);
        clear();
        opts.write(parts.join(' · '));
        liveLine = true;
        break;
      }
      case 'step-done': {
        const s = e.step;
        const errs = s.errors > 0 ? ` errors=${s.errors} (${(s.errorRate * 100).toFixed(1)}%)` : '';
        const dropped = s.dropped > 0 ? ` dropped=${s.dropped}` : '';
        line(`  ${e.bench} step ${s.index + 1}/${e.stepCount} @ ${s.load} ${unit(e.partial.benches.at(-1)?.model ?? '', kinds.get(e.bench))}: ${s.throughput.toFixed(1)} ${rateUnit(kinds.get(e.bench))}  p50 ${formatMs(s.latencyMs.p50)}  p99 ${formatMs(s.latencyMs.p99)}${errs}${dropped}`);
        break;
      }
      case 'bench-stopped':
        line(`  ${e.bench}: stopped stepping up: ${e.reason}`);
        break;
      case 'warning':
        line(`warning: ${e.message}`);
        break;
      case 'done':
        clear();
        break;
    }
  };
  return { onEvent, finish: clear };
}
