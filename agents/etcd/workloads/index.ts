// The etcd workloads by name (bench.workload): a literal map, no registration by import.
import type { EtcdWorkload } from '../../../scenarios/schema.js';
import { DeleteWorkload, PutWorkload, RangeWorkload, TxnWorkload } from './kv.js';
import { LeaseWorkload } from './lease.js';
import type { Workload, WorkloadContext } from './types.js';
import { WatchWorkload } from './watch.js';

export type { Workload, WorkloadContext } from './types.js';

const WORKLOADS: Record<EtcdWorkload, new (ctx: WorkloadContext) => Workload> = {
  put: PutWorkload,
  range: RangeWorkload,
  txn: TxnWorkload,
  delete: DeleteWorkload,
  watch: WatchWorkload,
  lease: LeaseWorkload,
};

export function createWorkload(ctx: WorkloadContext): Workload {
  return new WORKLOADS[ctx.bench.workload](ctx);
}
