// The untimed calls around a step: one call as a promise with its own deadline, a bounded-
// parallel runner, and the prefill that writes keys a step will read or delete.
import { Buffer } from 'node:buffer';
import { writeKey, type KeySpace } from '../../benches/etcd-keys.js';
import { RPC, type EtcdChannel } from './channel.js';
import { putManyFrame } from './proto.js';

export const SETUP_CALL_TIMEOUT_MS = 30_000;
/** etcd's default --max-txn-ops. */
const MAX_TXN_OPS = 128;
/** Well under etcd's default --max-request-bytes (1.5 MiB). */
const MAX_TXN_BYTES = 1_000_000;
const SETUP_PARALLEL = 8;

export class SetupCallError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'SetupCallError';
  }
}

/** One unary call; resolves with the response message, rejects with etcd's message. */
export function callOnce(channel: EtcdChannel, path: string, frame: Buffer, timeoutMs = SETUP_CALL_TIMEOUT_MS): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      call.cancel();
      reject(new SetupCallError(`${path}: no answer within ${timeoutMs} ms`, 4));
    }, timeoutMs);
    const call = channel.unary(path, frame, true, (failure, body) => {
      clearTimeout(timer);
      if (failure) reject(new SetupCallError(`${path}: ${failure.message}`, failure.code));
      else resolve(body ?? Buffer.alloc(0));
    });
  });
}

/** Runs fn over items with at most `parallel` at once; stops starting new ones once aborted. */
export async function runLimited<T>(items: readonly T[], parallel: number, fn: (item: T, i: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/** Writes the given keys (value `value`) in transactions of many puts; returns how many it wrote. */
export async function prefillKeys(ks: KeySpace, value: Buffer, indexes: readonly number[], channels: readonly EtcdChannel[], signal?: AbortSignal): Promise<number> {
  const perTxn = Math.max(1, Math.min(MAX_TXN_OPS, Math.floor(MAX_TXN_BYTES / (ks.keySize + value.length + 16))));
  const batches: number[][] = [];
  for (let i = 0; i < indexes.length; i += perTxn) batches.push(indexes.slice(i, i + perTxn));
  let written = 0;
  await runLimited(
    batches,
    SETUP_PARALLEL,
    async (batch, i) => {
      await putBatch(ks, value, batch, channels[i % channels.length]!);
      written += batch.length;
    },
    signal,
  );
  return written;
}

async function putBatch(ks: KeySpace, value: Buffer, batch: readonly number[], channel: EtcdChannel): Promise<void> {
  const pairs = batch.map((k) => {
    const key = Buffer.allocUnsafe(ks.keySize);
    writeKey(ks, key, 0, k);
    return { key, value };
  });
  try {
    await callOnce(channel, RPC.txn, putManyFrame(pairs));
  } catch (err) {
    // A server with a lower --max-txn-ops: split the batch until it fits.
    if (err instanceof SetupCallError && /too many operations/i.test(err.message) && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await putBatch(ks, value, batch.slice(0, half), channel);
      await putBatch(ks, value, batch.slice(half), channel);
      return;
    }
    throw new Error(`prefilling the key space failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
