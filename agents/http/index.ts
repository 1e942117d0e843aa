// The HTTP engines by id: the bench's `engine` field picks one.
import type { HttpBench } from '../../scenarios/schema.js';
import { createAutocannonEngine } from './autocannon-engine.js';
import type { HttpEngine } from './engine.js';
import { createHeadroomEngine } from './headroom-engine.js';
import { createThreadedEngine } from './threaded-engine.js';

export type { HttpEngine, LiveCounts, StepPlan, StepRunOptions } from './engine.js';

export interface EngineOptions {
  /** headroom engine: drive the load from this many worker threads (default 1: this thread). */
  threads?: number;
}

const engines: Record<HttpBench['engine'], (bench: HttpBench, opts: EngineOptions) => HttpEngine> = {
  headroom: (bench, opts) => ((opts.threads ?? 1) > 1 ? createThreadedEngine(bench, opts.threads!) : createHeadroomEngine(bench)),
  autocannon: createAutocannonEngine,
};

export function createHttpEngine(bench: HttpBench, opts: EngineOptions = {}): HttpEngine {
  return engines[bench.engine](bench, opts);
}
