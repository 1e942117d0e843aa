// watch: bench.watch.watchers Watch streams, spread over the connections, each watching a range of
// keysPerWatcher consecutive keys (watcher w starts at key w × keysPerWatcher, wrapping in the key
// space, so more watchers than keys share keys). They are opened before the step's clock starts
// and closed after it. The load is puts to watched keys: `load` putters (closed) or puts/s (open).
// Every event received is one ok, its latency running from the put's send time (open model: its
// intended send time) to the event's arrival, matched by revision: the put's answer carries the
// revision its event has. An event can beat the put's answer; it waits for it.
import { Buffer } from 'node:buffer';
import { createKeyPicker, keyAt, rangeEndAt, windowStart, writeKeyIndex } from '../../../benches/etcd-keys.js';
import type { StepPlan } from '../../load-engine.js';
import { RPC, type ChannelStream, type PendingCall } from '../channel.js';
import { putFrame, watchCreateFrame } from '../proto.js';
import { readRevision, readWatchResponse } from '../proto-read.js';
import { now, type Complete, type EtcdStepLoop, type Ticket } from '../step-loop.js';
import { channelFor, decodeOrNull, UNDECODABLE, type Workload, type WorkloadContext } from './types.js';

const CREATE_TIMEOUT_MS = 15_000;

interface SentPut {
  startMs: number;
  /** Events still expected for this revision. */
  remaining: number;
}

export class WatchWorkload implements Workload {
  private readonly perWatcher: number;
  /** Keys [0, watched) are watched; puts go there. */
  private readonly watched: number;
  /** How many watchers see each watched key. */
  private readonly watchersOf: Uint32Array;
  private readonly putTemplate: { frame: Buffer; keyOffset: number };
  private streams: ChannelStream[] = [];
  private loop: EtcdStepLoop | null = null;
  private sent = new Map<number, SentPut>();
  /** Arrival times of events whose put had not answered yet, by revision. */
  private early = new Map<number, number[]>();
  private pick: () => number = () => 0;
  private events = 0;
  private streamFailures = 0;

  constructor(private readonly ctx: WorkloadContext) {
    const { ks } = ctx;
    this.perWatcher = Math.min(ctx.bench.watch.keysPerWatcher, ks.size);
    this.watched = Math.min(ks.size, ctx.bench.watch.watchers * this.perWatcher);
    this.watchersOf = new Uint32Array(this.watched);
    for (let w = 0; w < ctx.bench.watch.watchers; w++) {
      const first = this.firstKey(w);
      for (let k = first; k < first + this.perWatcher; k++) if (k < this.watched) this.watchersOf[k]!++;
    }
    this.putTemplate = putFrame(keyAt(ks, 0), ctx.value);
  }

  private firstKey(watcher: number): number {
    return windowStart(this.ctx.ks, (watcher * this.perWatcher) % this.ctx.ks.size, this.perWatcher);
  }

  async beforeStep(plan: StepPlan, signal: AbortSignal): Promise<void> {
    this.sent = new Map();
    this.early = new Map();
    this.events = 0;
    this.streamFailures = 0;
    this.pick = createKeyPicker(this.ctx.bench.keyOrder, this.watched, plan.seed);
    const created: Array<Promise<void>> = [];
    for (let w = 0; w < this.ctx.bench.watch.watchers && !signal.aborted; w++) created.push(this.openWatcher(w));
    try {
      await Promise.all(created);
    } catch (err) {
      this.closeStreams();
      throw err;
    }
  }

  private openWatcher(w: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => reject(new Error(`watch ${w} was not created within ${CREATE_TIMEOUT_MS} ms`)), CREATE_TIMEOUT_MS);
      const onMessage = (msg: Buffer): void => {
        const info = decodeOrNull((m) => readWatchResponse(m, this.onEvent), msg);
        if (info === null) return this.onStreamEnd('a watch response that does not decode', ready, reject, timer);
        if (info.created && !ready) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
        if (info.canceled) this.onStreamEnd(info.cancelReason || 'watch canceled by etcd', ready, reject, timer);
      };
      const stream = channelFor(this.ctx, w).openStream(RPC.watch, onMessage, (failure) => {
        this.onStreamEnd(failure ? failure.message : 'watch stream ended', ready, reject, timer);
      });
      this.streams.push(stream);
      const first = this.firstKey(w);
      const end = this.perWatcher > 1 ? rangeEndAt(this.ctx.ks, first, this.perWatcher) : null;
      stream.write(watchCreateFrame(keyAt(this.ctx.ks, first), end));
    });
  }

  private onStreamEnd(reason: string, ready: boolean, reject: (err: Error) => void, timer: NodeJS.Timeout): void {
    if (!ready) {
      clearTimeout(timer);
      reject(new Error(`cannot open a watch: ${reason}`));
      return;
    }
    this.streamFailures++;
    // A watcher lost mid-step: its events are lost too, so the step says so.
    this.loop?.recordFailure({ kind: 'connect', message: `watch stream lost: ${reason}` }, now());
  }

  attach(loop: EtcdStepLoop): void {
    this.loop = loop;
  }

  private readonly onEvent = (revision: number): void => {
    const t = now();
    const loop = this.loop;
    if (loop === null || !loop.isRunning()) return;
    this.events++;
    const put = this.sent.get(revision);
    if (put === undefined) {
      const times = this.early.get(revision);
      if (times) times.push(t);
      else this.early.set(revision, [t]);
      return;
    }
    loop.recorder.response(put.startMs, t, 200);
    if (--put.remaining <= 0) this.sent.delete(revision);
  };

  start(ticket: Ticket, complete: Complete): PendingCall {
    const k = this.pick();
    const frame = Buffer.allocUnsafe(this.putTemplate.frame.length);
    this.putTemplate.frame.copy(frame);
    writeKeyIndex(this.ctx.ks, frame, this.putTemplate.keyOffset, k);
    ticket.bytes = frame.length;
    const startMs = ticket.startMs;
    return channelFor(this.ctx, ticket.client).unary(RPC.put, frame, true, (failure, body) => {
      if (failure) return complete(ticket, failure);
      const revision = decodeOrNull(readRevision, body!);
      if (revision === null) return complete(ticket, UNDECODABLE);
      this.onPutAnswered(revision, startMs, this.watchersOf[k]!);
      complete(ticket, 'silent');
    });
  }

  private onPutAnswered(revision: number, startMs: number, watchers: number): void {
    const loop = this.loop;
    if (loop === null || !loop.isRunning()) return;
    let remaining = watchers;
    const times = this.early.get(revision);
    if (times) {
      this.early.delete(revision);
      for (const t of times) loop.recorder.response(startMs, t, 200);
      remaining -= times.length;
    }
    if (remaining > 0) this.sent.set(revision, { startMs, remaining });
  }

  async afterStep(): Promise<void> {
    this.closeStreams();
    this.loop = null;
    this.sent.clear();
    this.early.clear();
  }

  private closeStreams(): void {
    for (const s of this.streams) s.close();
    this.streams = [];
  }

  stepStats(): Record<string, number> {
    return { watchers: this.ctx.bench.watch.watchers, events: this.events, streamFailures: this.streamFailures };
  }
}
