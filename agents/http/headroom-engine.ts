// headroom's own HTTP/1.1 load engine: raw sockets, a parser that works in place, one request
// encoded once. Drives both models; a step opens its own connections and closes them all.
import { encodeRequest } from '../../benches/http.js';
import type { HttpBench } from '../../scenarios/schema.js';
import { ClosedLoop } from './closed-loop.js';
import type { HttpEngine, StepPlan, StepRunOptions } from './engine.js';
import type { StepOutcome } from './load-loop.js';
import { OpenLoop } from './open-loop.js';

export interface HeadroomEngineOptions {
  /** Open model, constant arrivals: delay the schedule by this fraction of a gap (threads interleave). */
  arrivalPhase?: number;
}

export function createHeadroomEngine(bench: Pick<HttpBench, 'target'>, options: HeadroomEngineOptions = {}): HttpEngine {
  const target = encodeRequest(bench.target);
  let running: Promise<StepOutcome> | null = null;
  return {
    id: 'headroom',
    models: ['closed', 'open'],
    runStep(plan: StepPlan, opts: StepRunOptions): Promise<StepOutcome> {
      const loop = plan.model === 'open' ? new OpenLoop(target, plan, opts, options.arrivalPhase) : new ClosedLoop(target, plan, opts);
      const step = loop.run();
      running = step;
      return step;
    },
    async close(): Promise<void> {
      // Steps clean up after themselves; wait for one still running so nothing outlives close().
      if (running) await running;
      running = null;
    },
  };
}
