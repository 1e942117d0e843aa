// Messages and shared memory between the CPU probes and their worker threads.

/** Slots of the shared Int32Array every thread of one probe sees. */
export const CONTROL = {
  /** Non-zero: stop now (abort or a sibling died). */
  abort: 0,
  /** Threads that reached this repeat's barrier. */
  arrived: 1,
  /** The generation whose barrier has opened. */
  release: 2,
} as const;
export const CONTROL_SLOTS = 3;

export interface CpuWorkerData {
  seed: number;
  /** SharedArrayBuffer of CONTROL_SLOTS Int32 slots. */
  control: SharedArrayBuffer;
}

export interface CpuRunRequest {
  type: 'run';
  /** Increases every repeat, so a barrier of one repeat can never open another's. */
  generation: number;
  parties: number;
  warmupMs: number;
  durationMs: number;
}

export type CpuWorkerReply =
  | { type: 'ready'; kernels: string[] }
  | { type: 'result'; opsPerSec: number; perKernelOpsPerSec: number[]; elapsedMs: number; checksum: number }
  | { type: 'aborted' };
