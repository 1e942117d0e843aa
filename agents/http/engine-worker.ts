// One headroom engine on its own thread, driven by messages from threaded-engine.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { HttpTarget } from '../../benches/http.js';
import type { StepPlan } from './engine.js';
import { createHeadroomEngine } from './headroom-engine.js';

export type ToWorker = { type: 'run'; plan: StepPlan } | { type: 'abort' };
export interface EngineWorkerData {
  target: HttpTarget;
  arrivalPhase: number;
}

const port = parentPort!;
const data = workerData as EngineWorkerData;
const engine = createHeadroomEngine({ target: data.target }, { arrivalPhase: data.arrivalPhase });
let abort: AbortController | null = null;

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'run') {
    abort = new AbortController();
    void engine
      .runStep(msg.plan, { signal: abort.signal, onTick: (counts) => port.postMessage({ type: 'tick', counts }) })
      .then((measurement) => port.postMessage({ type: 'done', measurement }));
  } else abort?.abort();
});
