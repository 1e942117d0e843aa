// Turns run events into what a person watches: one live line on a TTY, plain lines on a pipe.
import { formatMs } from '../scenarios/units.js';
import type { RunEvent } from './run-events.js';

export interface ProgressOptions {
  write: (text: string) => void;
  tty: boolean;
}

const unit = (model: string): string => (model === 'open' ? 'req/s' : 'conn');

export function createProgress(opts: ProgressOptions): { onEvent: (e: RunEvent) => void; finish: () => void } {
  let liveLine = false;
  let lastTickMs = 0;
  let ratePrev: { elapsedMs: number; ok: number } | null = null;
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
        line(`▶ ${e.bench} (${e.benchIndex + 1}/${e.benchCount}): ${e.model} model, ${e.loads.length} steps of ${formatMs(e.stepDurationMs)} [${e.loads.join(', ')} ${unit(e.model)}] → ${e.target}`);
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
          `  ${e.bench} step ${e.stepIndex + 1}/${e.stepCount} @ ${e.load} ${unit(e.model)}`,
          `${formatMs(c.elapsedMs)}/${formatMs(e.stepDurationMs)}${c.inWarmup ? ' (warm-up)' : ''}`,
          `ETA ${formatMs(etaMs)}`,
          Number.isNaN(rate) ? '… req/s' : `${Math.round(rate).toLocaleString('en-US')} req/s`,
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
        line(`  ${e.bench} step ${s.index + 1}/${e.stepCount} @ ${s.load} ${unit(e.partial.benches.at(-1)?.model ?? '')}: ${s.throughput.toFixed(1)} req/s  p50 ${formatMs(s.latencyMs.p50)}  p99 ${formatMs(s.latencyMs.p99)}${errs}${dropped}`);
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
