// The shape every etcd workload has: untimed work around a step, and one measured op (OpSource).
import type { Buffer } from 'node:buffer';
import type { KeySpace } from '../../../benches/etcd-keys.js';
import type { EtcdBench } from '../../../scenarios/schema.js';
import type { StepPlan } from '../../load-engine.js';
import type { CallFailure, EtcdChannel } from '../channel.js';
import type { LeaseLedger } from '../lease-ledger.js';
import type { EtcdStepLoop, OpOutcome, OpSource } from '../step-loop.js';

export interface WorkloadContext {
  bench: EtcdBench;
  ks: KeySpace;
  /** The value every write sends, built once. */
  value: Buffer;
  channels: readonly EtcdChannel[];
  leases: LeaseLedger;
}

export interface Workload extends OpSource {
  /** Before the step's clock starts (prefill, lease grants, watch streams); stops early when aborted. */
  beforeStep(plan: StepPlan, signal: AbortSignal): Promise<void>;
  /** The loop that is about to run the step (for workloads that record results themselves). */
  attach?(loop: EtcdStepLoop): void;
  /** After the step's clock stopped: release what beforeStep took. */
  afterStep(): Promise<void>;
  /** Outcomes of the last step that ok/errors do not tell apart, e.g. txn compares that failed. */
  stepStats(): Record<string, number>;
}

/** A failure goes to the loop whole, so its message can be kept. */
export function outcomeOf(failure: CallFailure | null): OpOutcome | CallFailure {
  return failure ?? 'ok';
}

/** A failure found by the workload rather than the transport, with a message for the error samples. */
export function localFailure(kind: CallFailure['kind'], message: string): CallFailure {
  return { kind, code: -1, message };
}

/** A response that does not decode is the server's (or the wire's) fault: the op counts as 'other'. */
export const UNDECODABLE: CallFailure = localFailure('other', 'a response that does not decode');

export function channelFor(ctx: WorkloadContext, client: number): EtcdChannel {
  return ctx.channels[client % ctx.channels.length]!;
}

/** null when msg does not decode (complete the op with UNDECODABLE). */
export function decodeOrNull<T>(read: (msg: Buffer) => T, msg: Buffer): T | null {
  try {
    return read(msg);
  } catch {
    return null;
  }
}
