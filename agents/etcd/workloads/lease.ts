// lease: before each step, grant a pool of min(keySpace, 1,000) leases of bench.lease.ttl (untimed);
// the measured op is one keep-alive of one of them, like clientv3's KeepAliveOnce (and etcd's
// lease-keepalive benchmark): a LeaseKeepAlive stream carrying one request and one answer. An
// answer with TTL ≤ 0 (the lease is gone) counts as non2xx. After the step every lease of the pool
// is revoked; any the step left behind (abort) are revoked by the engine's cleanup.
import { createKeyPicker } from '../../../benches/etcd-keys.js';
import type { StepPlan } from '../../load-engine.js';
import { RPC, type PendingCall } from '../channel.js';
import type { LeaseId } from '../lease-ledger.js';
import { leaseGrantFrame, leaseIdFrame } from '../proto.js';
import { readKeepAliveTtl, readLeaseGrant } from '../proto-read.js';
import { callOnce, runLimited } from '../setup-calls.js';
import type { Complete, Ticket } from '../step-loop.js';
import { channelFor, decodeOrNull, localFailure, UNDECODABLE, type Workload, type WorkloadContext } from './types.js';

export const LEASE_POOL_MAX = 1000;
const GRANT_PARALLEL = 16;
const LEASE_EXPIRED = localFailure('non2xx', 'lease expired: the keep-alive answer had TTL ≤ 0');

export class LeaseWorkload implements Workload {
  private pool: LeaseId[] = [];
  /** One keep-alive request per lease, built once and written again for every op. */
  private frames: Buffer[] = [];
  private pick: () => number = () => 0;
  private expired = 0;

  constructor(private readonly ctx: WorkloadContext) {}

  async beforeStep(plan: StepPlan, signal: AbortSignal): Promise<void> {
    const size = Math.min(this.ctx.ks.size, LEASE_POOL_MAX);
    const ttlSeconds = Math.max(1, Math.ceil(this.ctx.bench.lease.ttl / 1000));
    const pool = Array.from({ length: size }, () => this.ctx.leases.next());
    this.pool = pool;
    this.expired = 0;
    await runLimited(
      pool,
      GRANT_PARALLEL,
      async (lease, i) => {
        const body = await callOnce(this.ctx.channels[i % this.ctx.channels.length]!, RPC.leaseGrant, leaseGrantFrame(ttlSeconds, lease.varint));
        const { error } = readLeaseGrant(body);
        if (error) throw new Error(`granting a lease failed: ${error}`);
      },
      signal,
    );
    this.frames = pool.map((lease) => leaseIdFrame(lease.varint));
    this.pick = createKeyPicker(this.ctx.bench.keyOrder, pool.length, plan.seed);
  }

  start(ticket: Ticket, complete: Complete): PendingCall {
    const frame = this.frames[this.pick()]!;
    ticket.bytes = frame.length;
    return channelFor(this.ctx, ticket.client).unary(RPC.leaseKeepAlive, frame, true, (failure, body) => {
      if (failure) return complete(ticket, failure);
      const ttl = decodeOrNull(readKeepAliveTtl, body!);
      if (ttl === null) return complete(ticket, UNDECODABLE);
      if (ttl > 0) return complete(ticket, 'ok');
      this.expired++;
      complete(ticket, LEASE_EXPIRED);
    });
  }

  async afterStep(): Promise<void> {
    const pool = this.pool;
    this.pool = [];
    await revokeLeases(this.ctx, pool);
  }

  stepStats(): Record<string, number> {
    return { leases: this.frames.length, expired: this.expired };
  }
}

/** Revokes leases over the load channels; a lease etcd no longer has counts as revoked too. */
export async function revokeLeases(ctx: Pick<WorkloadContext, 'channels' | 'leases'>, leases: readonly LeaseId[]): Promise<void> {
  await runLimited(leases, GRANT_PARALLEL, async (lease, i) => {
    try {
      await callOnce(ctx.channels[i % ctx.channels.length]!, RPC.leaseRevoke, leaseIdFrame(lease.varint), 10_000);
      ctx.leases.markRevoked(lease.id, true);
    } catch (err) {
      if (err instanceof Error && /lease not found/i.test(err.message)) ctx.leases.markRevoked(lease.id, false);
      // Anything else stays outstanding for the engine's cleanup to retry.
    }
  });
}
