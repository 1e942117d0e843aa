// Undoes what an etcd bench wrote: every key under its prefix and every lease it asked for. Runs on
// its own etcd3 client after the load channels are closed. A write the load sent just before the end
// can still be applied after a first delete (cancelling a request does not withdraw a proposal
// already in raft), so there is a second pass after a short settle, checked by counting; it is all
// bounded by one deadline.
import type { Etcd3 } from 'etcd3';
import type { EtcdBench } from '../../scenarios/schema.js';
import { createAdminClient, type TlsMaterial } from './client.js';
import type { LeaseLedger } from './lease-ledger.js';

export interface CleanupReport {
  /** Keys under the prefix deleted at the end. */
  keysDeleted: number;
  /** Leases of this engine revoked during the run (after each lease step and at the end). */
  leasesRevoked: number;
}

export interface CleanupOptions {
  /** The whole cleanup; it rejects when it cannot finish in time. */
  timeoutMs?: number;
  /** Between the passes: lets writes still in etcd's pipeline land. */
  settleMs?: number;
}

const REVOKE_PARALLEL = 16;

export async function cleanupEtcd(bench: EtcdBench, tls: TlsMaterial | undefined, ledger: LeaseLedger, opts: CleanupOptions = {}): Promise<CleanupReport> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // One big DeleteRange can take seconds (a million keys); the overall deadline is the bound.
  const admin = createAdminClient(bench, tls, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cleanup of ${bench.prefix} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([runCleanup(admin, bench.prefix, ledger, opts.settleMs ?? 300), deadline]);
  } finally {
    clearTimeout(timer);
    admin.close();
  }
}

async function runCleanup(admin: Etcd3, prefix: string, ledger: LeaseLedger, settleMs: number): Promise<CleanupReport> {
  let keysDeleted = 0;
  await revokeOutstanding(admin, ledger);
  keysDeleted += await deletePrefix(admin, prefix);
  await new Promise((r) => setTimeout(r, settleMs));
  await revokeStragglers(admin, ledger);
  keysDeleted += await deletePrefix(admin, prefix);
  const left = await admin.getAll().prefix(prefix).count();
  if (left > 0) throw new Error(`${left} keys are still under ${prefix} after two deletes (is something else writing there?)`);
  return { keysDeleted, leasesRevoked: ledger.revoked };
}

async function deletePrefix(admin: Etcd3, prefix: string): Promise<number> {
  const res = await admin.delete().prefix(prefix).exec();
  return Number(res.deleted);
}

async function revokeOutstanding(admin: Etcd3, ledger: LeaseLedger): Promise<void> {
  const leases = ledger.outstanding();
  for (let i = 0; i < leases.length; i += REVOKE_PARALLEL) {
    await Promise.all(leases.slice(i, i + REVOKE_PARALLEL).map((lease) => revokeOne(admin, ledger, lease.id)));
  }
}

/** Leases of ours that etcd still lists (a grant that landed after its revoke). */
async function revokeStragglers(admin: Etcd3, ledger: LeaseLedger): Promise<void> {
  if (ledger.requested === 0) return;
  const { leases } = await admin.leaseClient.leaseLeases();
  const ours = leases.map((l) => BigInt(l.ID)).filter((id) => ledger.isOurs(id));
  for (const id of ours) await revokeOne(admin, ledger, id, true);
}

async function revokeOne(admin: Etcd3, ledger: LeaseLedger, id: bigint, straggler = false): Promise<void> {
  try {
    await admin.leaseClient.leaseRevoke({ ID: id.toString() });
    if (straggler) ledger.revoked++;
    else ledger.markRevoked(id, true);
  } catch (err) {
    if (!(err instanceof Error && /lease not found/i.test(err.message))) throw err;
    if (!straggler) ledger.markRevoked(id, false);
  }
}
