import { describe, expect, it } from 'vitest';
import { HOST_SUITES } from '../../scenarios/schema.js';
import { HOST_PROBES } from './index.js';

describe('the host probe registry', () => {
  it('lists every suite, each probe under the suite it says it belongs to, in the fixed order', () => {
    expect(Object.keys(HOST_PROBES)).toEqual([...HOST_SUITES]);
    const metrics = HOST_SUITES.flatMap((suite) =>
      HOST_PROBES[suite].map((create) => {
        const probe = create();
        expect(probe.suite).toBe(suite);
        expect(probe.metric.startsWith(`${suite}.`)).toBe(true);
        return probe.metric;
      }),
    );
    expect(metrics).toEqual([
      'cpu.single',
      'cpu.multi',
      'memory.bandwidth',
      'memory.latency',
      'disk.fdatasync.p99',
      'disk.seq-write',
      'disk.seq-read',
      'disk.rand-read-iops',
      'network.throughput',
      'network.rtt',
    ]);
  });

  it('creates a fresh probe per call, so two benches never share state', () => {
    for (const suite of HOST_SUITES) for (const create of HOST_PROBES[suite]) expect(create()).not.toBe(create());
  });
});
