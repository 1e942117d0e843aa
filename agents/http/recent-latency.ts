// p99 of the last second or so, for the live display. A full HDR histogram per second would double
// the cost of recording; 8 log-spaced buckets per octave (≤ 12.5% error) are plenty for a live number.

const BUCKETS = 8 + 29 * 8;
const MAX_US = 0x7fffffff;

function bucketOf(us: number): number {
  if (us < 8) return us;
  const e = 31 - Math.clz32(us);
  return (e - 2) * 8 + ((us >>> (e - 3)) & 7);
}

function upperUsOf(bucket: number): number {
  if (bucket < 8) return bucket;
  const e = (bucket >> 3) + 2;
  const m = (bucket & 7) + 8;
  return ((m + 1) << (e - 3)) - 1;
}

export class RecentLatency {
  private current = new Int32Array(BUCKETS);
  private previous = new Int32Array(BUCKETS);

  record(latencyUs: number): void {
    const us = latencyUs <= 0 ? 0 : latencyUs >= MAX_US ? MAX_US : latencyUs | 0;
    this.current[bucketOf(us)]!++;
  }

  /** Start a new second; the last one stays part of the window. */
  rotate(): void {
    const old = this.previous;
    this.previous = this.current;
    old.fill(0);
    this.current = old;
  }

  /** p99 over the last one to two seconds, in ms; NaN when nothing was recorded. */
  p99Ms(): number {
    let total = 0;
    for (let b = 0; b < BUCKETS; b++) total += this.current[b]! + this.previous[b]!;
    if (total === 0) return NaN;
    const rank = Math.ceil(total * 0.99);
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.current[b]! + this.previous[b]!;
      if (seen >= rank) return upperUsOf(b) / 1000;
    }
    return NaN;
  }
}
