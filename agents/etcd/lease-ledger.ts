// Every lease ID this engine asked etcd for. We choose the IDs ourselves (LeaseGrant accepts one),
// so a grant whose answer was lost (timeout, abort) is still on the list the cleanup revokes.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { bigVarint } from './proto.js';

export interface LeaseId {
  id: bigint;
  /** The ID as protobuf varint bytes, spliced into requests as is. */
  varint: Buffer;
}

export class LeaseLedger {
  private readonly open = new Map<bigint, LeaseId>();
  private readonly everRequested = new Set<bigint>();
  requested = 0;
  /** Leases a revoke actually removed. */
  revoked = 0;

  /** A fresh random 62-bit ID, recorded before any request carries it. */
  next(): LeaseId {
    for (;;) {
      const id = BigInt.asUintN(62, randomBytes(8).readBigUInt64BE());
      if (id === 0n || this.everRequested.has(id)) continue;
      const lease = { id, varint: bigVarint(id) };
      this.open.set(id, lease);
      this.everRequested.add(id);
      this.requested++;
      return lease;
    }
  }

  /** Done with this lease: revoked now (existed) or found gone (never granted, expired). */
  markRevoked(id: bigint, existed: boolean): void {
    if (this.open.delete(id) && existed) this.revoked++;
  }

  /** IDs not yet revoked (some may never have been granted, or have expired). */
  outstanding(): LeaseId[] {
    return [...this.open.values()];
  }

  /** Ours, even if already revoked: a grant still in flight at a revoke can land after it. */
  isOurs(id: bigint): boolean {
    return this.everRequested.has(id);
  }
}
