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

const benchName = z.string().min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"');

export const httpTargetSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).describe('The URL to load, http:// or https://.'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional().describe('Request body, sent as is.'),
});

export const httpBenchSchema = z.strictObject({
  name: benchName,
  kind: z.literal('http'),
  engine: z.enum(['headroom', 'autocannon']).default('headroom').describe('headroom: our engine (closed and open models). autocannon: closed model only.'),
  target: httpTargetSchema,
  threads: z.number().int().min(1).max(64).default(1).describe('headroom engine: generator threads. One thread drives ~80k req/s of small responses on loopback; add threads only when the resource profile shows the generator at 100% of a core.'),
  load: loadSchema,
  slo: sloSchema.optional(),
  stop: stopSchema.optional(),
  pid: z.number().int().positive().optional().describe('Sample this process\'s CPU and memory during the run (a local target).'),
});

export const HOST_SUITES = ['cpu', 'memory', 'disk', 'network'] as const;

export const repeatsSchema = z.strictObject({
  min: z.number().int().min(2).max(100).optional().describe('Repeats every metric runs at least (default: 3 quick, 5 full).'),
  max: z.number().int().min(2).max(100).optional().describe('Repeat cap: stop here even when the spread is still above `cv` (default: 5 quick, 10 full).'),
  cv: fraction.default(0.03).describe('Stop repeating once the coefficient of variation (stdev / mean) of the repeats is below this.'),
}).refine((r) => r.min === undefined || r.max === undefined || r.max >= r.min, { message: '"max" must be at least "min"', path: ['max'] });

export const hostBenchSchema = z.strictObject({
  name: benchName,
  kind: z.literal('host'),
  suites: z.array(z.enum(HOST_SUITES)).min(1).default([...HOST_SUITES]).describe('Which groups of metrics to measure: cpu (single/multi ops/s), memory (bandwidth, latency), disk (fdatasync p99, sequential MB/s, random-read IOPS), network (throughput, RTT).'),
  profile: z.enum(['quick', 'full']).default('quick').describe('quick: short repeats, whole run well under 90 s on 2 cores. full: longer repeats and bigger working sets, a few minutes.'),
  repeats: repeatsSchema.optional(),
  disk: z.strictObject({
    dir: z.string().min(1).optional().describe('Directory on the disk to measure; a temp subdirectory is created there and removed afterwards (default: the current directory).'),
    fio: z.enum(['auto', 'never']).default('auto').describe('auto: use fio (--output-format=json) when it is on PATH; never: always the built-in implementation.'),
  }).default({ fio: 'auto' }),
  network: z.strictObject({
    peer: z.string().min(1).optional().describe('host:port of an iperf3 server (`iperf3 -s`) on the other node; default: loopback, which measures this host\'s network stack only.'),
    iperf3: z.enum(['auto', 'never']).default('auto').describe('auto: use iperf3 when it is on PATH; never: the built-in TCP stream and ping-pong.'),
  }).default({ iperf3: 'auto' }),
});

export const ETCD_WORKLOADS = ['put', 'range', 'txn', 'delete', 'watch', 'lease'] as const;
export const ETCD_PROFILES = ['s', 'm', 'l', 'xl'] as const;

export const etcdBenchSchema = z
  .strictObject({
    name: benchName,
    kind: z.literal('etcd'),
    endpoints: z.array(z.url({ protocol: /^https?$/ })).min(1).describe('Client URLs of the etcd members, e.g. http://127.0.0.1:2379 (https:// with `tls`).'),
    tls: z.strictObject({
      ca: z.string().min(1).optional().describe('CA bundle file (PEM) that signed the server certificates.'),
      cert: z.string().min(1).optional().describe('Client certificate file (PEM), for client-certificate auth.'),
      key: z.string().min(1).optional().describe('Client private key file (PEM).'),
    }).optional(),
    auth: z.strictObject({ user: z.string().min(1), password: z.string() }).optional().describe('etcd RBAC user; it needs read/write on the prefix only.'),
    workload: z.enum(ETCD_WORKLOADS).default('put').describe('put | range | txn (compare-and-swap) | delete | watch (put→event latency) | lease (grant + keepalive).'),
    profile: z.enum(ETCD_PROFILES).optional().describe('Run the load of `etcdctl check perf --load=<profile>` (s: 150 w/s, 50 clients; m: 1,000/200; l: 8,000/500; xl: 15,000/1,000; 60 s) and apply its pass criteria. Implies workload put; replaces `load`.'),
    duration: duration.optional().describe('With `profile`: shorten or lengthen the 60 s check.'),
    keySize: z.number().int().min(8).max(1_048_576).default(256).describe('Bytes per key, prefix included.'),
    valueSize: z.number().int().min(0).max(1_572_864).default(1024).describe('Bytes per value.'),
    keySpace: z.number().int().positive().default(100_000).describe('Distinct keys the workload touches.'),
    keyOrder: z.enum(['sequential', 'random']).default('random').describe('How each request picks its key from the key space.'),
    connections: z.number().int().min(1).max(1000).default(10).describe('gRPC channels the clients share (etcd benchmark --conns).'),
    transport: z.enum(['h2', 'etcd3']).default('h2').describe('h2: headroom\'s lean gRPC-over-HTTP/2 client for the load (about a third of the CPU per request of grpc-js, so the generator is not the limit). etcd3: the same requests through the etcd3 npm client (grpc-js), for comparison. Preflight and cleanup always use etcd3.'),
    range: z.strictObject({
      consistency: z.enum(['linearizable', 'serializable']).default('linearizable'),
      keysPerRange: z.number().int().positive().default(1).describe('Keys each range request returns.'),
    }).default({ consistency: 'linearizable', keysPerRange: 1 }),
    watch: z.strictObject({
      watchers: z.number().int().positive().default(100).describe('Watch streams open during the step.'),
      keysPerWatcher: z.number().int().positive().default(1).describe('Keys each watcher watches; puts go to these keys.'),
    }).default({ watchers: 100, keysPerWatcher: 1 }),
    lease: z.strictObject({ ttl: duration.default(60_000).describe('TTL of the leases granted (whole seconds on the wire).') }).default({ ttl: 60_000 }),
    prefix: z.string().min(2).regex(/^\/.*\/$/, 'start and end the prefix with "/" (e.g. /headroom-bench/)').default('/headroom-bench/').describe('Every key the bench writes lives under this prefix; the run refuses to start when it already holds keys, and deletes it at the end.'),
    metricsUrl: z.url({ protocol: /^https?$/ }).optional().describe('Where etcd serves Prometheus metrics (default: <first endpoint>/metrics).'),
    load: loadSchema.optional().describe('Clients (closed) or requests/s (open) per step. Required unless `profile` is set.'),
    slo: sloSchema.optional(),
    stop: stopSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.profile === undefined && b.load === undefined) ctx.addIssue({ code: 'custom', path: ['load'], message: 'give "load" (or a check-perf "profile")' });
    if (b.profile !== undefined && b.load !== undefined) ctx.addIssue({ code: 'custom', path: ['load'], message: '"profile" sets the load itself; remove "load"' });
    if (b.profile !== undefined && b.workload !== 'put') ctx.addIssue({ code: 'custom', path: ['workload'], message: 'a check-perf "profile" measures put only' });
    if (b.duration !== undefined && b.profile === undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: '"duration" applies to a "profile"; use load.stepDuration otherwise' });
    if (b.keySize <= b.prefix.length + 4) ctx.addIssue({ code: 'custom', path: ['keySize'], message: `keySize ${b.keySize} leaves no room for a key after the ${b.prefix.length}-byte prefix` });
  });

export const benchSchema = z.discriminatedUnion('kind', [httpBenchSchema, hostBenchSchema, etcdBenchSchema]);

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
export type HostBench = z.output<typeof hostBenchSchema>;
export type HostSuite = (typeof HOST_SUITES)[number];
export type EtcdBench = z.output<typeof etcdBenchSchema>;
export type EtcdWorkload = (typeof ETCD_WORKLOADS)[number];
export type EtcdProfile = (typeof ETCD_PROFILES)[number];
/** Benches that step through load levels and produce StepResults. */
export type LoadBench = HttpBench | EtcdBench;
export type LoadSpec = z.output<typeof loadSchema>;
export type Slo = z.output<typeof sloSchema>;
export type StopRule = z.output<typeof stopSchema>;
export type LoadModel = LoadSpec['model'];
