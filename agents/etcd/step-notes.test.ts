// What a step keeps besides its counts, end to end on a real etcd: the messages etcd's errors
// carried (a put over --max-request-bytes: "etcdserver: request is too large") and the workload's
// own counts (txn compares), in result.json's steps and in the text summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTextSummary } from '../../reports/text-summary.js';
import { scenarioSchema } from '../../scenarios/schema.js';
import { requireBinary } from '../../test/require-tool.js';
import { runScenario } from '../run-scenario.js';
import { startEtcd, type LocalEtcd } from './start-etcd.js';

const etcdBin = requireBinary('etcd', 'etcd-server');

describe.skipIf(!etcdBin)('step notes on a real etcd', () => {
  let etcd: LocalEtcd;
  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin!, args: ['--max-request-bytes', '1024'] });
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('keeps etcd\'s error message and the txn outcomes per step, and prints them', async () => {
    const common = { kind: 'etcd', endpoints: [etcd.endpoint], keySize: 48, keySpace: 200, connections: 2, load: { model: 'closed', steps: [2], stepDuration: '1s', warmup: '200ms' } };
    const scenario = scenarioSchema.parse({
      name: 'notes',
      benches: [
        { ...common, name: 'too-large', workload: 'put', valueSize: 2048, prefix: '/hr-notes-put/' },
        { ...common, name: 'cas', workload: 'txn', valueSize: 64, prefix: '/hr-notes-txn/' },
      ],
    });
    const result = await runScenario(scenario, { file: null, signal: new AbortController().signal, emit: () => {}, sampleResources: false });
    const [put, txn] = result.benches;
    const failing = put!.steps[0]!;
    expect(failing.errorsByClass.non2xx).toBeGreaterThan(0);
    expect(failing.errorSamples).toEqual(['etcdserver: request is too large']);
    expect(failing.workloadStats).toBeUndefined();
    const cas = txn!.steps[0]!;
    expect(cas.errors).toBe(0);
    expect(cas.errorSamples).toBeUndefined();
    expect(cas.workloadStats!.succeeded).toBeGreaterThan(0);
    expect(Object.keys(cas.workloadStats!).sort()).toEqual(['failed', 'succeeded']);
    const text = formatTextSummary(result);
    expect(text).toContain('\n  error at 2 clients: etcdserver: request is too large\n');
    expect(text).toMatch(/\n {2}txn at 2 clients: [\d,]+ compares succeeded, [\d,]+ compares failed\n/);
  });
});
