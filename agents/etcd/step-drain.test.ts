// A completed step lets its in-flight puts finish before the /metrics scrape: etcd counts a put its
// client cancelled as a failed proposal, so cancelling them made the bench trip its own guidance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../scenarios/schema.js';
import { requireBinary } from '../../test/require-tool.js';
import { runScenario } from '../run-scenario.js';
import { scrapeEtcdMetrics } from './scrape-metrics.js';
import { startEtcd, type LocalEtcd } from './start-etcd.js';
import { keysUnder } from './test-etcdctl.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const etcdctlBin = requireBinary('etcdctl', 'etcd-client');

describe.skipIf(!etcdBin || !etcdctlBin)('completed etcd steps on a real etcd', () => {
  let etcd: LocalEtcd;
  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin! });
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('drain their in-flight puts: no failed proposal, no failed-proposals guidance', async () => {
    const prefix = '/hr-drain/';
    // Two steps: a cancellation at the end of the first can reach etcd after that step's scrape, so
    // it would show in the second; the total read at the end covers the last step's end.
    const scenario = scenarioSchema.parse({
      name: 'drain',
      benches: [
        {
          name: 'put-50',
          kind: 'etcd',
          endpoints: [etcd.endpoint],
          workload: 'put',
          keySize: 48,
          valueSize: 256,
          keySpace: 1000,
          connections: 10,
          prefix,
          load: { model: 'closed', steps: [50, 50], stepDuration: '2s', warmup: '500ms' },
        },
      ],
    });
    const result = await runScenario(scenario, { file: null, signal: new AbortController().signal, emit: () => {}, sampleResources: false });
    const bench = result.benches[0]!;
    expect(bench.steps).toHaveLength(2);
    for (const step of bench.steps) {
      expect(step.requests).toBeGreaterThan(0);
      expect(step.server?.proposalsFailed).toBe(0);
      // The runner's generator-lag measurement reaches etcd steps too.
      expect(step.generatorLagMs).toBeDefined();
    }
    expect(bench.etcd!.guidance.map((g) => g.rule)).not.toContain('proposals-failed');
    // This etcd is the test's own: every proposal it ever failed would be the bench's.
    expect((await scrapeEtcdMetrics(`${etcd.endpoint}/metrics`)).proposalsFailed).toBe(0);
    expect(await keysUnder(etcdctlBin!, etcd.endpoint, prefix)).toEqual([]);
  });
});
