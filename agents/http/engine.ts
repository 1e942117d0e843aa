// HTTP engines implement the generic load-engine contract; these names stay for the HTTP code.
export type { LiveCounts, StepPlan, StepRunOptions } from '../load-engine.js';
export type { LoadEngine as HttpEngine } from '../load-engine.js';
