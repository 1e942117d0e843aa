// Seeded pseudo-random numbers for bootstraps and tests: analyzers must be repeatable, so they never
// touch Math.random. mulberry32 is tiny, fast and good enough for resampling (not for cryptography).

export type Random = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed; the same seed always gives the same sequence. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller), for synthetic noise. */
export function normalFrom(rng: Random): () => number {
  return () => {
    // 1 - u keeps the logarithm finite: u is in [0, 1).
    const u = 1 - rng();
    const v = rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** An integer in [0, n). */
export function pickIndex(rng: Random, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}
