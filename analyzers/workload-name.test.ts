import { describe, expect, it } from 'vitest';
import { cronJobFromJobName, deploymentFromReplicaSetName, workloadFromPodName } from './workload-name.js';

/** SafeEncodeString(decimal digits of a uint32), the way the deployment controller names a ReplicaSet. */
function podTemplateHash(hash32: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...String(hash32 >>> 0)].map((d) => alphabet[d.charCodeAt(0) % alphabet.length]).join('');
}

describe('workloadFromPodName', () => {
  it.each([
    ['web-7d9c8b6f5-x2k4q', 'web', 'Deployment', 'deployment'],
    ['api-v2-66b6c48dd5-zq7rt', 'api-v2', 'Deployment', 'deployment'],
    ['worker-2-5d4f8b7c96-h2j4k', 'worker-2', 'Deployment', 'deployment'],
    ['coredns-5dd5756b68-7wxmz', 'coredns', 'Deployment', 'deployment'],
    ['nightly-backup-29012345-w9xnv', 'nightly-backup', 'CronJob', 'cronjob'],
    ['train-3-x2k4q', 'train', 'Job', 'indexed-job'],
    ['node-exporter-k8s2m', 'node-exporter', null, 'generated'],
    ['kube-proxy-zz9tq', 'kube-proxy', null, 'generated'],
    ['db-0', 'db', 'StatefulSet', 'statefulset'],
    ['kafka-broker-12', 'kafka-broker', 'StatefulSet', 'statefulset'],
    ['debug', 'debug', 'Pod', 'plain'],
    ['my-debug-shell', 'my-debug-shell', 'Pod', 'plain'],
  ] as const)('%s → %s (%s)', (pod, name, kind, rule) => {
    expect(workloadFromPodName(pod)).toEqual({ name, kind, rule });
  });

  it('recognises every real pod-template-hash, whatever its uint32', () => {
    for (const h of [0x1234_5678, 0xffff_ffff, 1_000_000_000, 98_765_432, 4_000_000_000, 12_345_678]) {
      const hash = podTemplateHash(h);
      expect(hash).toMatch(/^[4-9bcdf]{8,10}$/);
      expect(workloadFromPodName(`checkout-${hash}-m2n4p`)).toEqual({ name: 'checkout', kind: 'Deployment', rule: 'deployment' });
    }
  });

  it('does not take words for random suffixes: vowels and 0, 1, 3 never appear in them', () => {
    for (const pod of ['my-store', 'search-index', 'web-admin', 'app-v1013']) {
      expect(workloadFromPodName(pod).rule).toBe('plain');
    }
  });

  it('keeps a deployment name that itself ends like a StatefulSet ordinal', () => {
    expect(workloadFromPodName('redis-1-7d9c8b6f5-x2k4q').name).toBe('redis-1');
    expect(workloadFromPodName('redis-1').name).toBe('redis');
  });

  it('recovers a long Deployment name whose pod name was cut to 63 characters mid-hash', () => {
    const deploy = 'payment-gateway-reconciliation-services-extra-long';
    expect(deploy).toHaveLength(50);
    // The ReplicaSet is "<deploy>-<hash>" (61 characters); the pod's base "<rs>-" is cut to 58, which
    // keeps 7 of the 10 hash characters, then 5 random characters follow with no dash before them.
    const pod = `${`${deploy}-7d9c8b6f5b-`.slice(0, 58)}x2k4q`;
    expect(pod).toHaveLength(63);
    const got = workloadFromPodName(pod);
    expect(got.rule).toBe('truncated');
    expect(got.name).toBe(deploy);
    expect(got.kind).toBe('Deployment');
  });

  it('returns a cut name as is when the cut falls inside the workload name itself', () => {
    const deploy = 'a-really-quite-extraordinarily-long-deployment-name-for-tests'; // 61 characters
    const pod = `${`${deploy}-7d9c8b6f5-`.slice(0, 58)}x2k4q`;
    const got = workloadFromPodName(pod);
    expect(got.rule).toBe('truncated');
    expect(deploy.startsWith(got.name)).toBe(true);
    expect(got.name.length).toBeGreaterThanOrEqual(50);
  });

  it('handles a cut that lands right after a dash', () => {
    const deploy = `${'x'.repeat(28)}-service-with-a-long-name-abc`; // 57 characters
    expect(deploy).toHaveLength(57);
    const pod = `${`${deploy}-7d9c8b6f5-`.slice(0, 58)}x2k4q`; // base is "<deploy>-"
    expect(workloadFromPodName(pod).name).toBe(deploy);
  });
});

describe('owner-name helpers', () => {
  it('strips a pod-template-hash from a ReplicaSet name, or says there is none', () => {
    expect(deploymentFromReplicaSetName('web-7d9c8b6f5')).toBe('web');
    expect(deploymentFromReplicaSetName('legacy-rs')).toBeNull();
  });

  it('strips the scheduled minute from a CronJob-made Job name', () => {
    expect(cronJobFromJobName('nightly-29012345')).toBe('nightly');
    expect(cronJobFromJobName('migrate-db')).toBeNull();
  });
});
