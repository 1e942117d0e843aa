// The delay models of the calibrated target. Pure: time is passed in (milliseconds on any monotonic
// clock), so analyzers and tests can use the same arithmetic the server runs.
//
// usl: a processor-sharing station whose total completion rate with n requests inside is exactly the
//   Universal Scalability Law X(n) = λn / (1 + σ(n−1) + κn(n−1)). Each request carries one unit of
//   work; while n requests are in flight each progresses at 1/D(n) units per ms, where
//   D(n) = (1000/λ)(1 + σ(n−1) + κn(n−1)) ms is the delay a request would see if n stayed constant.
//   The rate is re-evaluated whenever n changes. We chose this over "sample n at arrival" because it
//   makes X(n) hold at every instant, not only when n never changes: a closed loop whose clients
//   spend a little time between requests (so the server sees n hovering just below N) still gets
//   X at the n it actually sees, and an open-loop overload gets the retrograde collapse the USL
//   predicts instead of a queue whose early arrivals keep their small, stale delays.
//   Equal work and equal shares mean requests finish in arrival order, so one FIFO and one
//   "virtual work" counter replace a per-request timer: O(1) per arrival and per completion.
// fixed: K workers in front of one FIFO queue; a request takes exactly S ms once a worker picks it
//   up. Capacity K/S; latency S below capacity, growing without bound above it.
import { Fifo } from './fifo.js';

export interface UslParams {
  /** Requests per second of one unit of concurrency (X(1)). */
  lambda: number;
  /** Contention: the serial fraction of the work. */
  sigma: number;
  /** Coherency: the pairwise cost of keeping n workers consistent. */
  kappa: number;
}

export interface FixedParams {
  workers: number;
  serviceMs: number;
}

export type ModelSpec = ({ model: 'usl' } & UslParams) | ({ model: 'fixed' } & FixedParams);

export interface Capacity {
  /** The concurrency that yields the most throughput: N* for usl (Infinity if κ = 0), K for fixed. */
  peakLoad: number;
  /** Requests per second at that concurrency: X(N*) for usl (its asymptote if κ = 0), K/S for fixed. */
  peakThroughput: number;
}

export interface ModelProblem {
  field: 'lambda' | 'sigma' | 'kappa' | 'workers' | 'serviceMs';
  message: string;
}

/** Delay in ms each of n concurrent requests sees when n stays constant. */
export function uslDelayMs(n: number, p: UslParams): number {
  return (1000 / p.lambda) * (1 + p.sigma * (n - 1) + p.kappa * n * (n - 1));
}

/** X(n) in requests per second. */
export function uslThroughput(n: number, p: UslParams): number {
  return n <= 0 ? 0 : (p.lambda * n) / (1 + p.sigma * (n - 1) + p.kappa * n * (n - 1));
}

export function theoreticalCapacity(spec: ModelSpec): Capacity {
  if (spec.model === 'fixed') {
    return { peakLoad: spec.workers, peakThroughput: (spec.workers * 1000) / spec.serviceMs };
  }
  if (spec.kappa > 0) {
    const peak = Math.sqrt((1 - spec.sigma) / spec.kappa);
    return { peakLoad: peak, peakThroughput: uslThroughput(peak, spec) };
  }
  // Without coherency cost throughput only approaches its asymptote λ/σ (unbounded when σ = 0).
  return { peakLoad: Infinity, peakThroughput: spec.sigma > 0 ? spec.lambda / spec.sigma : Infinity };
}

/** One line for people: "model fixed: 8 workers × 10ms → capacity 800 req/s". */
export function describeTarget(spec: ModelSpec): string {
  const cap = theoreticalCapacity(spec);
  if (spec.model === 'fixed') {
    return `model fixed: ${spec.workers} worker${spec.workers === 1 ? '' : 's'} × ${trimNumber(spec.serviceMs)}ms → capacity ${formatRate(cap.peakThroughput)} req/s`;
  }
  const params = `λ=${trimNumber(spec.lambda)} σ=${trimNumber(spec.sigma)} κ=${trimNumber(spec.kappa)}`;
  if (Number.isFinite(cap.peakLoad)) return `model usl: ${params} → peak N*=${cap.peakLoad.toFixed(1)} at ${formatRate(cap.peakThroughput)} req/s`;
  if (Number.isFinite(cap.peakThroughput)) return `model usl: ${params} → no peak (κ=0): throughput approaches λ/σ = ${formatRate(cap.peakThroughput)} req/s`;
  return `model usl: ${params} → scales linearly: ${formatRate(spec.lambda)} req/s per concurrent request, no limit`;
}

function trimNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function formatRate(perSec: number): string {
  return perSec >= 100 ? Math.round(perSec).toLocaleString('en-US') : String(Number(perSec.toPrecision(3)));
}

/** Every problem with the parameters, so a caller can report them all at once. */
export function validateModel(spec: ModelSpec): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  if (spec.model === 'usl') {
    if (!positive(spec.lambda)) problems.push({ field: 'lambda', message: `must be a positive number of requests per second, got ${spec.lambda}` });
    if (!(spec.sigma >= 0 && spec.sigma <= 1)) problems.push({ field: 'sigma', message: `must be in [0, 1], got ${spec.sigma}` });
    if (!(Number.isFinite(spec.kappa) && spec.kappa >= 0)) problems.push({ field: 'kappa', message: `must be a non-negative number, got ${spec.kappa}` });
  } else {
    if (!(Number.isInteger(spec.workers) && spec.workers >= 1)) problems.push({ field: 'workers', message: `must be a whole number ≥ 1, got ${spec.workers}` });
    if (!positive(spec.serviceMs)) problems.push({ field: 'serviceMs', message: `must be a positive number of milliseconds, got ${spec.serviceMs}` });
  }
  return problems;
}

/** A queueing model driven by an external clock. Times are ms and must not go backwards. */
export interface DelayModel<T> {
  /** A request arrives. Times earlier than the model's clock are taken as "now" for the model. */
  admit(item: T, atMs: number): void;
  /** When the next request completes if nothing else arrives; Infinity when idle. */
  nextDueMs(): number;
  /** Moves the clock to toMs and returns every request that completed by then, in completion order. */
  advance(toMs: number): T[];
  /** Requests inside the model: in service or queued. */
  readonly size: number;
  /** The model's clock: the latest time it was advanced or admitted at. */
  readonly clockMs: number;
}

export function createDelayModel<T>(spec: ModelSpec): DelayModel<T> {
  const problems = validateModel(spec);
  if (problems.length > 0) {
    throw new RangeError(`invalid ${spec.model} model: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  }
  return spec.model === 'usl' ? new UslModel<T>(spec) : new FixedModel<T>(spec);
}

// Completion tags are compared with a tolerance so rounding in the rate arithmetic can never leave
// a request that is due a few ulps short of done.
const EPSILON = 1e-9;

class UslModel<T> implements DelayModel<T> {
  /** In flight, oldest first; tag = the virtual work level at which the request is done. */
  private readonly inFlight = new Fifo<{ item: T; tag: number }>();
  /** Work units every in-flight request has received since the model was last idle. */
  private virtualWork = 0;
  private lastMs = -Infinity;
  private completed: T[] = [];

  constructor(private readonly p: UslParams) {}

  get size(): number {
    return this.inFlight.length;
  }

  get clockMs(): number {
    return this.lastMs;
  }

  admit(item: T, atMs: number): void {
    this.moveTo(Math.max(atMs, this.lastMs));
    this.inFlight.push({ item, tag: this.virtualWork + 1 });
  }

  nextDueMs(): number {
    const head = this.inFlight.peek();
    if (!head) return Infinity;
    return this.lastMs + (head.tag - this.virtualWork) / this.ratePerMs();
  }

  advance(toMs: number): T[] {
    this.moveTo(Math.max(toMs, this.lastMs));
    const out = this.completed;
    this.completed = [];
    return out;
  }

  /** Work units per ms each request receives with the current population. */
  private ratePerMs(): number {
    return 1 / uslDelayMs(this.inFlight.length, this.p);
  }

  // Piecewise-exact: between two completions n is constant, so work accrues linearly.
  private moveTo(toMs: number): void {
    for (;;) {
      const head = this.inFlight.peek();
      if (!head) {
        this.virtualWork = 0;
        this.lastMs = toMs;
        return;
      }
      const rate = this.ratePerMs();
      const dueMs = this.lastMs + (head.tag - this.virtualWork) / rate;
      if (dueMs > toMs + EPSILON) {
        this.virtualWork += (toMs - this.lastMs) * rate;
        this.lastMs = toMs;
        return;
      }
      this.virtualWork = head.tag;
      this.lastMs = Math.max(this.lastMs, dueMs);
      this.inFlight.shift();
      this.completed.push(head.item);
    }
  }
}

class FixedModel<T> implements DelayModel<T> {
  /** In service, in completion order: everyone takes S, and service starts in FIFO order. */
  private readonly busy = new Fifo<{ item: T; dueMs: number }>();
  private readonly waiting = new Fifo<T>();
  private lastMs = -Infinity;
  private completed: T[] = [];

  constructor(private readonly p: FixedParams) {}

  get size(): number {
    return this.busy.length + this.waiting.length;
  }

  get clockMs(): number {
    return this.lastMs;
  }

  admit(item: T, atMs: number): void {
    const at = Math.max(atMs, this.lastMs);
    this.moveTo(at);
    if (this.busy.length < this.p.workers) this.busy.push({ item, dueMs: at + this.p.serviceMs });
    else this.waiting.push(item);
  }

  nextDueMs(): number {
    return this.busy.peek()?.dueMs ?? Infinity;
  }

  advance(toMs: number): T[] {
    this.moveTo(Math.max(toMs, this.lastMs));
    const out = this.completed;
    this.completed = [];
    return out;
  }

  // A freed worker takes the next waiting request at the moment it was freed, not when a late timer
  // noticed: the model never drifts, however late the caller is.
  private moveTo(toMs: number): void {
    for (let head = this.busy.peek(); head && head.dueMs <= toMs + EPSILON; head = this.busy.peek()) {
      this.busy.shift();
      this.completed.push(head.item);
      if (this.waiting.length > 0) this.busy.push({ item: this.waiting.shift() as T, dueMs: head.dueMs + this.p.serviceMs });
    }
    this.lastMs = toMs;
  }
}
