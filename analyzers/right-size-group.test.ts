import { describe, expect, it } from 'vitest';
import { groupByWorkload, indexOwners, resolveWorkload } from './right-size-group.js';
import type { OwnerRef, PodContainerUsage } from './right-size-types.js';

const own = (name: string, ownerKind: string, ownerName: string, namespace = 'shop'): OwnerRef => ({ namespace, name, ownerKind, ownerName });
const usage = (pod: string, container = 'app', namespace = 'shop'): PodContainerUsage => ({ namespace, pod, container, cpuCores: [], memoryBytes: [] });

describe('resolveWorkload', () => {
  const owners = indexOwners({
    podOwners: [
      own('web-7d9c8b6f5-x2k4q', 'ReplicaSet', 'web-7d9c8b6f5'),
      own('canary-abc-x2k4q', 'ReplicaSet', 'canary-abc'),
      own('orphan-rs-pod-x2k4q', 'ReplicaSet', 'orphan-rs'),
      own('gone-7d9c8b6f5-x2k4q', 'ReplicaSet', 'gone-7d9c8b6f5'),
      own('nightly-29012345-w9xnv', 'Job', 'nightly-29012345'),
      own('migrate-w9xnv', 'Job', 'migrate'),
      own('db-0', 'StatefulSet', 'db'),
      own('agent-k8s2m', 'DaemonSet', 'node-agent'),
      own('kube-apiserver-node-1', 'Node', 'node-1', 'kube-system'),
      own('debug', '<none>', '<none>'),
      own('app-bcdfg', 'Rollout', 'app'),
    ],
    replicaSetOwners: [
      own('web-7d9c8b6f5', 'Deployment', 'storefront'),
      own('canary-abc', 'Rollout', 'canary'),
      own('orphan-rs', '<none>', '<none>'),
    ],
    jobOwners: [own('nightly-29012345', 'CronJob', 'nightly'), own('migrate', '<none>', '<none>')],
  });
  const r = (pod: string, ns = 'shop') => resolveWorkload(ns, pod, owners);

  it('follows pod → ReplicaSet → Deployment, even when the names disagree', () => {
    expect(r('web-7d9c8b6f5-x2k4q')).toEqual({ namespace: 'shop', name: 'storefront', kind: 'Deployment', groupedBy: 'owner' });
  });

  it('keeps the kind of a ReplicaSet owner other than Deployment (Argo Rollouts)', () => {
    expect(r('canary-abc-x2k4q')).toMatchObject({ name: 'canary', kind: 'Rollout' });
  });

  it('stops at a ReplicaSet without an owner', () => {
    expect(r('orphan-rs-pod-x2k4q')).toMatchObject({ name: 'orphan-rs', kind: 'ReplicaSet' });
  });

  it('tells the Deployment from the ReplicaSet name when the ReplicaSet has no owner series', () => {
    expect(r('gone-7d9c8b6f5-x2k4q')).toMatchObject({ name: 'gone', kind: 'Deployment', groupedBy: 'owner' });
  });

  it('follows pod → Job → CronJob, and stops at a Job without an owner', () => {
    expect(r('nightly-29012345-w9xnv')).toMatchObject({ name: 'nightly', kind: 'CronJob' });
    expect(r('migrate-w9xnv')).toMatchObject({ name: 'migrate', kind: 'Job' });
  });

  it('takes StatefulSet, DaemonSet and other controllers as they are', () => {
    expect(r('db-0')).toMatchObject({ name: 'db', kind: 'StatefulSet' });
    expect(r('agent-k8s2m')).toMatchObject({ name: 'node-agent', kind: 'DaemonSet' });
    expect(r('app-bcdfg')).toMatchObject({ name: 'app', kind: 'Rollout' });
  });

  it('groups static pods by their manifest name, without the node suffix', () => {
    expect(r('kube-apiserver-node-1', 'kube-system')).toMatchObject({ name: 'kube-apiserver', kind: 'StaticPod' });
  });

  it('treats a pod without owner as its own workload', () => {
    expect(r('debug')).toMatchObject({ name: 'debug', kind: 'Pod', groupedBy: 'owner' });
  });

  it('falls back to the pod name for pods the owner series do not mention', () => {
    expect(r('cache-5f6b7c8d9-m2n4p')).toEqual({ namespace: 'shop', name: 'cache', kind: 'Deployment', groupedBy: 'name' });
    expect(r('web-7d9c8b6f5-x2k4q', 'other')).toMatchObject({ name: 'web', groupedBy: 'name' });
  });

  it('prefers a real owner over a <none> row for the same pod, whatever the order', () => {
    const a = indexOwners({ podOwners: [own('p', '<none>', '<none>'), own('p', 'StatefulSet', 'p-set')], replicaSetOwners: [], jobOwners: [] });
    const b = indexOwners({ podOwners: [own('p', 'StatefulSet', 'p-set'), own('p', '<none>', '<none>')], replicaSetOwners: [], jobOwners: [] });
    expect(resolveWorkload('shop', 'p', a)).toEqual(resolveWorkload('shop', 'p', b));
    expect(resolveWorkload('shop', 'p', a).name).toBe('p-set');
  });
});

describe('groupByWorkload', () => {
  it('puts the containers of all a workload\'s pods together, one group per container, sorted', () => {
    const groups = groupByWorkload({
      usage: [
        usage('web-7d9c8b6f5-x2k4q'),
        usage('web-5f6b7c8d9-m2n4p'),
        usage('web-5f6b7c8d9-m2n4p', 'sidecar'),
        usage('db-1'),
        usage('db-0'),
        usage('db-0', 'app', 'other'),
      ],
      podOwners: [],
      replicaSetOwners: [],
      jobOwners: [],
    });
    expect(groups.map((g) => [g.workload.namespace, g.workload.name, g.container, g.pods.map((p) => p.pod)])).toEqual([
      ['other', 'db', 'app', ['db-0']],
      ['shop', 'db', 'app', ['db-0', 'db-1']],
      ['shop', 'web', 'app', ['web-5f6b7c8d9-m2n4p', 'web-7d9c8b6f5-x2k4q']],
      ['shop', 'web', 'sidecar', ['web-5f6b7c8d9-m2n4p']],
    ]);
  });

  it('lets the owner\'s word on the kind win when only some pods have owner series', () => {
    const groups = groupByWorkload({
      usage: [usage('agent-k8s2m'), usage('agent-x2k4q')],
      podOwners: [own('agent-x2k4q', 'DaemonSet', 'agent')],
      replicaSetOwners: [],
      jobOwners: [],
    });
    expect(groups).toHaveLength(1);
    expect(groups[0]!.workload).toEqual({ namespace: 'shop', name: 'agent', kind: 'DaemonSet', groupedBy: 'owner' });
  });
});
