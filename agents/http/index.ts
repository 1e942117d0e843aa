// The HTTP engines by id: the bench's `engine` field picks one.
import type { HttpBench } from '../../scenarios/schema.js';
import { createAutocannonEngine } from './autocannon-engine.js';
import type { HttpEngine } from './engine.js';
import { createHeadroomEngine } from './headroom-engine.js';

export type { HttpEngine, LiveCounts, StepPlan, StepRunOptions } from './engine.js';

const engines: Record<HttpBench['engine'], (bench: HttpBench) => HttpEngine> = {
  headroom: createHeadroomEngine,
  autocannon: createAutocannonEngine,
};

export function createHttpEngine(bench: HttpBench): HttpEngine {
  return engines[bench.engine](bench);
}
