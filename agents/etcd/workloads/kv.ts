// The key-value workloads. Every op builds its request from the key space (benches/etcd-keys.ts), so
// every key stays under the prefix.
//  put:    Put(key, value).
//  range:  Range of keysPerRange consecutive keys (1: a single-key get), linearizable or
//          serializable; the whole key space is written once before the first step, untimed.
//  delete: DeleteRange(key) of a key that exists: before each step the keys deleted so far are
//          written back, and keys are taken once each per pass (random: a seeded permutation). If a
//          step outruns the key space, later deletes find nothing (counted as `misses`).
//  txn:    compare-and-swap, like etcd's txn-put: if mod_revision(key) == the revision we last
//          saw then put else get. A failed compare is an answer, not an error: both count as ok,
//          and stepStats() splits them into succeeded / failed.
import { Buffer } from 'node:buffer';
import { createKeyPicker, createOncePicker, keyAt, rangeEndAt, windowStart, writeKeyIndex } from '../../../benches/etcd-keys.js';
import type { StepPlan } from '../../load-engine.js';
import { RPC, type PendingCall } from '../channel.js';
import { casFrame, deleteFrame, FRAME_HEADER_BYTES, putFrame, rangeFrame, varintSize } from '../proto.js';
import { readDeleted, readTxn } from '../proto-read.js';
import { prefillKeys } from '../setup-calls.js';
import type { Complete, Ticket } from '../step-loop.js';
import { channelFor, decodeOrNull, outcomeOf, UNDECODABLE, type Workload, type WorkloadContext } from './types.js';

/** A request frame with a key at a known offset: copied per op, then only the digits change. */
class KeyedTemplate {
  readonly keyOffset: number;

  constructor(
    readonly frame: Buffer,
    keyOffset: number,
  ) {
    this.keyOffset = keyOffset;
  }

  build(ctx: WorkloadContext, index: number): Buffer {
    const frame = Buffer.allocUnsafe(this.frame.length);
    this.frame.copy(frame);
    writeKeyIndex(ctx.ks, frame, this.keyOffset, index);
    return frame;
  }
}

/** Offset of the first field's bytes when field 1 holds the key. */
function firstFieldOffset(keySize: number): number {
  return FRAME_HEADER_BYTES + 1 + varintSize(keySize);
}

abstract class KvWorkload implements Workload {
  protected pick: () => number = () => 0;

  constructor(protected readonly ctx: WorkloadContext) {}

  async beforeStep(plan: StepPlan, _signal: AbortSignal): Promise<void> {
    this.pick = createKeyPicker(this.ctx.bench.keyOrder, this.ctx.ks.size, plan.seed);
  }

  async afterStep(): Promise<void> {}

  stepStats(): Record<string, number> {
    return {};
  }

  abstract start(ticket: Ticket, complete: Complete): PendingCall;
}

export class PutWorkload extends KvWorkload {
  private readonly template: KeyedTemplate;

  constructor(ctx: WorkloadContext) {
    super(ctx);
    const { frame, keyOffset } = putFrame(keyAt(ctx.ks, 0), ctx.value);
    this.template = new KeyedTemplate(frame, keyOffset);
  }

  start(ticket: Ticket, complete: Complete): PendingCall {
    const frame = this.template.build(this.ctx, this.pick());
    ticket.bytes = frame.length;
    return channelFor(this.ctx, ticket.client).unary(RPC.put, frame, false, (failure) => complete(ticket, outcomeOf(failure)));
  }
}

export class RangeWorkload extends KvWorkload {
  private prefilled = false;
  private readonly perRange: number;
  private readonly serializable: boolean;
  private readonly single: KeyedTemplate;

  constructor(ctx: WorkloadContext) {
    super(ctx);
    this.perRange = Math.min(ctx.bench.range.keysPerRange, ctx.ks.size);
    this.serializable = ctx.bench.range.consistency === 'serializable';
    this.single = new KeyedTemplate(rangeFrame(keyAt(ctx.ks, 0), null, this.serializable), firstFieldOffset(ctx.ks.keySize));
  }

  override async beforeStep(plan: StepPlan, signal: AbortSignal): Promise<void> {
    await super.beforeStep(plan, signal);
    if (this.prefilled) return;
    const all = Array.from({ length: this.ctx.ks.size }, (_, i) => i);
    await prefillKeys(this.ctx.ks, this.ctx.value, all, this.ctx.channels, signal);
    this.prefilled = !signal.aborted;
  }

  start(ticket: Ticket, complete: Complete): PendingCall {
    const { ks } = this.ctx;
    let frame: Buffer;
    if (this.perRange === 1) frame = this.single.build(this.ctx, this.pick());
    else {
      const first = windowStart(ks, this.pick(), this.perRange);
      frame = rangeFrame(keyAt(ks, first), rangeEndAt(ks, first, this.perRange), this.serializable);
    }
    ticket.bytes = frame.length;
    return channelFor(this.ctx, ticket.client).unary(RPC.range, frame, false, (failure) => complete(ticket, outcomeOf(failure)));
  }
}

export class DeleteWorkload extends KvWorkload {
  /** 1 where the key exists (as far as we know). */
  private readonly present: Uint8Array;
  private readonly template: KeyedTemplate;
  private misses = 0;
  private deleted = 0;

  constructor(ctx: WorkloadContext) {
    super(ctx);
    this.present = new Uint8Array(ctx.ks.size);
    this.template = new KeyedTemplate(deleteFrame(keyAt(ctx.ks, 0)), firstFieldOffset(ctx.ks.keySize));
  }

  override async beforeStep(plan: StepPlan, signal: AbortSignal): Promise<void> {
    this.pick = createOncePicker(this.ctx.bench.keyOrder, this.ctx.ks.size, plan.seed);
    this.misses = 0;
    this.deleted = 0;
    const missing: number[] = [];
    for (let i = 0; i < this.present.length; i++) if (this.present[i] === 0) missing.push(i);
    await prefillKeys(this.ctx.ks, this.ctx.value, missing, this.ctx.channels, signal);
    if (!signal.aborted) this.present.fill(1);
  }

  start(ticket: Ticket, complete: Complete): PendingCall {
    const k = this.pick();
    const frame = this.template.build(this.ctx, k);
    this.present[k] = 0;
    ticket.bytes = frame.length;
    return channelFor(this.ctx, ticket.client).unary(RPC.deleteRange, frame, true, (failure, body) => {
      if (failure) return complete(ticket, failure);
      const deleted = decodeOrNull(readDeleted, body!);
      if (deleted === null) return complete(ticket, UNDECODABLE);
      if (deleted === 0) this.misses++;
      else this.deleted++;
      complete(ticket, 'ok');
    });
  }

  override stepStats(): Record<string, number> {
    return { deleted: this.deleted, misses: this.misses };
  }
}

export class TxnWorkload extends KvWorkload {
  /** The mod_revision each key had when we last saw it (0: absent; the prefix starts empty). */
  private readonly expected: Float64Array;
  private succeeded = 0;
  private failed = 0;

  constructor(ctx: WorkloadContext) {
    super(ctx);
    this.expected = new Float64Array(ctx.ks.size);
  }

  override async beforeStep(plan: StepPlan, signal: AbortSignal): Promise<void> {
    await super.beforeStep(plan, signal);
    this.succeeded = 0;
    this.failed = 0;
  }

  start(ticket: Ticket, complete: Complete): PendingCall {
    const k = this.pick();
    const frame = casFrame(keyAt(this.ctx.ks, k), this.ctx.value, this.expected[k]!);
    ticket.bytes = frame.length;
    return channelFor(this.ctx, ticket.client).unary(RPC.txn, frame, true, (failure, body) => {
      if (failure) return complete(ticket, failure);
      const r = decodeOrNull(readTxn, body!);
      if (r === null) return complete(ticket, UNDECODABLE);
      if (r.succeeded) this.succeeded++;
      else this.failed++;
      // Answers for one key can arrive out of order: never step back to an older revision.
      const seen = r.succeeded ? r.revision : r.currentModRevision;
      if (seen > this.expected[k]!) this.expected[k] = seen;
      complete(ticket, 'ok');
    });
  }

  override stepStats(): Record<string, number> {
    return { succeeded: this.succeeded, failed: this.failed };
  }
}
