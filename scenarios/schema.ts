// The scenario file's schema: the single source of truth for its TypeScript types and for
// scenarios/schema.json. Human units ("5s", "1%") are accepted here and normalised by transforms,
// so everything downstream works in milliseconds and fractions.
import { z } from 'zod';
import { parseDurationMs, parseFraction } from './units.js';
import { humanUnitField } from './yaml-positions.js';

const duration = humanUnitField(parseDurationMs, 'A duration: "250ms", "5s", "1m30s"; a bare number is milliseconds.');
const fraction = humanUnitField(parseFraction, 'A percentage like "1%", or a fraction in [0, 1].');

const positive = z.number().positive();

export const rampSchema = z
  .strictObject({
    from: positive.describe('First load level.'),
    to: positive.describe('Last load level (inclusive when the ramp lands on it).'),
    factor: z.number().gt(1).optional().describe('Multiply by this each step (geometric ramp).'),
    step: positive.optional().describe('Add this each step (linear ramp).'),
  })
  .refine((r) => (r.factor === undefined) !== (r.step === undefined), {
    message: 'a ramp needs exactly one of "factor" (geometric) or "step" (linear)',
  })
  .refine((r) => r.to >= r.from, { message: '"to" must be at least "from"', path: ['to'] });

export const loadSchema = z
  .strictObject({
    model: z.enum(['closed', 'open']).default('closed').describe('closed: a step is a number of concurrent connections, each sending its next request when the last one answered. open: a step is an arrival rate in requests per second, sent on schedule whether or not earlier requests answered.'),
    steps: z.array(positive).min(1).optional().describe('Load levels, in order: connections (closed) or requests/s (open).'),
    ramp: rampSchema.optional().describe('Generate the steps instead of listing them.'),
    stepDuration: duration.default(5000).describe('How long each step runs, warm-up included.'),
    warmup: duration.default(1000).describe('Start of each step excluded from statistics.'),
    arrival: z.enum(['constant', 'poisson']).default('constant').describe('Open model: evenly spaced arrivals, or a Poisson process with the same mean rate.'),
    maxInFlight: z.number().int().positive().default(10_000).describe('Open model: requests allowed in flight at once; arrivals beyond it are counted as dropped.'),
    timeout: duration.default(10_000).describe('A request that has not answered by then counts as a timeout error.'),
  })
  .refine((l) => (l.steps === undefined) !== (l.ramp === undefined), {
    message: 'give either "steps" or "ramp"',
  })
  .refine((l) => l.warmup < l.stepDuration, { message: 'warmup must be shorter than stepDuration', path: ['warmup'] });

export const sloSchema = z.strictObject({
  p50: duration.optional().describe('Latency objective for the median.'),
  p90: duration.optional(),
  p95: duration.optional(),
  p99: duration.optional().describe('Latency objective for the 99th percentile.'),
  p999: duration.optional(),
  errorRate: fraction.optional().describe('Largest acceptable share of failed requests.'),
  minThroughput: positive.optional().describe('Requests/s the service must sustain within the SLO; the run exits 1 when its SLO-compliant capacity is lower.'),
});

export const stopSchema = z.strictObject({
  p99: duration.optional().describe('Stop stepping up once a step\'s p99 exceeds this.'),
  errorRate: fraction.optional().describe('Stop stepping up once a step\'s error rate exceeds this.'),
});

export const httpTargetSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).describe('The URL to load, http:// or https://.'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional().describe('Request body, sent as is.'),
});

export const httpBenchSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"'),
  kind: z.literal('http'),
  engine: z.enum(['headroom', 'autocannon']).default('headroom').describe('headroom: our engine (closed and open models). autocannon: closed model only.'),
  target: httpTargetSchema,
  threads: z.number().int().min(1).max(64).default(1).describe('headroom engine: generator threads. One thread drives ~80k req/s of small responses on loopback; add threads only when the resource profile shows the generator at 100% of a core.'),
  load: loadSchema,
  slo: sloSchema.optional(),
  stop: stopSchema.optional(),
  pid: z.number().int().positive().optional().describe('Sample this process\'s CPU and memory during the run (a local target).'),
});

export const benchSchema = z.discriminatedUnion('kind', [httpBenchSchema]);

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    benches: z.array(benchSchema).min(1),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, number>();
    s.benches.forEach((b, i) => {
      const first = seen.get(b.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['benches', i, 'name'], message: `duplicate bench name "${b.name}" (also benches[${first}])` });
      } else seen.set(b.name, i);
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Bench = z.output<typeof benchSchema>;
export type HttpBench = z.output<typeof httpBenchSchema>;
export type LoadSpec = z.output<typeof loadSchema>;
export type Slo = z.output<typeof sloSchema>;
export type StopRule = z.output<typeof stopSchema>;
export type LoadModel = LoadSpec['model'];
