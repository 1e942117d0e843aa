// Runs the calibrated target on its own thread, so the quickstart's target and load generator do
// not share one event loop (they would measure each other's pauses).
import { parentPort, workerData } from 'node:worker_threads';
import { startTarget } from './target/server.js';
import type { TargetOptions } from './target/server.js';

const target = await startTarget(workerData as TargetOptions);
parentPort!.postMessage({ type: 'listening', url: target.url });
parentPort!.on('message', (msg: { type: string }) => {
  if (msg.type === 'close') {
    void target.close().then(() => parentPort!.postMessage({ type: 'closed' }));
  }
});
