// One CPU-bench thread. It builds the kernels once, then for each `run` message: warms up
// (untimed, so JIT tiers and caches settle), meets the other threads on a shared barrier so every
// timed window starts together, runs the kernel mix for the window and posts its score.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { createCpuKernels, runKernelMix } from '../../benches/host-cpu-kernels.js';
import { CONTROL, type CpuRunRequest, type CpuWorkerData, type CpuWorkerReply } from './cpu-protocol.js';

const data = workerData as CpuWorkerData;
const control = new Int32Array(data.control);
const kernels = createCpuKernels(data.seed);
const SLICE_MS = 25;

const now = () => performance.now();
const aborted = () => Atomics.load(control, CONTROL.abort) !== 0;

/** Waits for all `parties` threads of this generation; false when aborted while waiting. */
function awaitBarrier(generation: number, parties: number): boolean {
  const arrived = Atomics.add(control, CONTROL.arrived, 1) + 1;
  if (arrived === parties) {
    Atomics.store(control, CONTROL.release, generation);
    Atomics.notify(control, CONTROL.release);
    return true;
  }
  for (;;) {
    const seen = Atomics.load(control, CONTROL.release);
    if (seen === generation) return true;
    if (aborted()) return false;
    // A bounded wait, so an abort (or a sibling that died) never leaves this thread stuck.
    Atomics.wait(control, CONTROL.release, seen, 50);
  }
}

function run(req: CpuRunRequest): CpuWorkerReply {
  runKernelMix(kernels, { durationMs: req.warmupMs, sliceMs: SLICE_MS, now, shouldStop: aborted });
  if (!awaitBarrier(req.generation, req.parties)) return { type: 'aborted' };
  const mix = runKernelMix(kernels, { durationMs: req.durationMs, sliceMs: SLICE_MS, now, shouldStop: aborted });
  if (mix.stopped) return { type: 'aborted' };
  return { type: 'result', opsPerSec: mix.opsPerSec, perKernelOpsPerSec: mix.perKernelOpsPerSec, elapsedMs: mix.elapsedMs, checksum: mix.checksum };
}

// A first pass of every kernel before saying ready, so the first repeat does not pay for lazy
// initialisation (zlib tables, crypto context) inside its warm-up.
for (const kernel of kernels) kernel.run();
parentPort!.on('message', (req: CpuRunRequest) => parentPort!.postMessage(run(req)));
parentPort!.postMessage({ type: 'ready', kernels: kernels.map((k) => k.name) } satisfies CpuWorkerReply);
