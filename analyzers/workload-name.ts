// A pod's workload from its name alone, for clusters without kube-state-metrics owner series.
// Kubernetes builds pod names from fixed recipes, and the random parts use restricted alphabets
// (k8s.io/apimachinery/pkg/util/rand), which is what makes the suffixes recognisable:
//   Deployment   <deploy>-<pod-template-hash>-<rand5>   web-7d9c8b6f5-x2k4q
//   CronJob      <cronjob>-<minutes since epoch>-<rand5> nightly-29000000-x2k4q
//   indexed Job  <job>-<index>-<rand5>                   train-3-x2k4q
//   DaemonSet, Job, bare ReplicaSet  <name>-<rand5>      node-agent-x2k4q
//   StatefulSet  <sts>-<ordinal>                         db-0
// Owner references (kube_pod_owner) are authoritative; this is the fallback.

/** Characters of utilrand.String(n): consonants and digits without 0, 1 and 3, so no words form. */
const RAND = 'bcdfghjklmnpqrstvwxz2456789';
/**
 * The pod-template-hash is SafeEncodeString of a uint32's decimal digits: each digit byte (48–57)
 * indexes RAND modulo 27, so only ten characters ever appear, and a uint32 has 8–10 digits in all but
 * 0.2% of cases (shorter ones are accepted down to 6).
 */
const HASH = '[4-9bcdf]{6,10}';
/** generateName bases are cut to 58 characters before the 5 random ones are appended (63 in all). */
const GENERATED_BASE_MAX = 58;
const POD_NAME_MAX = 63;

const RAND5_SUFFIX = new RegExp(`^(.+)-([${RAND}]{5})$`);
const HASH_SUFFIX = new RegExp(`^(.+)-${HASH}$`);
const CRONJOB_SUFFIX = /^(.+)-\d{8}(?:-\d{1,5})?$/;
const INDEX_SUFFIX = /^(.+)-\d{1,5}$/;
const ORDINAL_SUFFIX = /^(.+)-(0|[1-9]\d{0,5})$/;
const RAND5_TAIL = new RegExp(`[${RAND}]{5}$`);
const PARTIAL_HASH_TAIL = /^(.+?)-[4-9bcdf]{0,10}$/;

/** Which recipe matched; `kind` is what it implies (null when several kinds share the recipe). */
export type NameRule = 'deployment' | 'cronjob' | 'indexed-job' | 'generated' | 'statefulset' | 'truncated' | 'plain';

export interface WorkloadFromName {
  name: string;
  /** Deployment, CronJob, Job, StatefulSet or Pod; null for `<name>-<rand5>` (DaemonSet, Job or ReplicaSet). */
  kind: string | null;
  rule: NameRule;
}

/**
 * The workload a pod belongs to, told from its name: `web-7d9c8b6f5-x2k4q` → web (Deployment),
 * `db-0` → db (StatefulSet), `node-agent-x2k4q` → node-agent (kind unknown), `debug` → debug (Pod).
 * Names cut at 63 characters lose part of their hash; the result is then a best effort (rule
 * `truncated`), which is why owner series are preferred when present.
 */
export function workloadFromPodName(pod: string): WorkloadFromName {
  const generated = RAND5_SUFFIX.exec(pod);
  if (generated) {
    const found = fromGeneratedBase(generated[1]!);
    // A 63-character name whose base shows no full hash may have been cut right after a dash.
    return found.rule === 'generated' && pod.length === POD_NAME_MAX ? fromTruncatedBase(generated[1]!) : found;
  }
  // Cut mid-word: no dash precedes the random part.
  if (pod.length === POD_NAME_MAX && RAND5_TAIL.test(pod)) return fromTruncatedBase(pod.slice(0, GENERATED_BASE_MAX));
  const ordinal = ORDINAL_SUFFIX.exec(pod);
  if (ordinal) return { name: ordinal[1]!, kind: 'StatefulSet', rule: 'statefulset' };
  return { name: pod, kind: 'Pod', rule: 'plain' };
}

/** `base` is the generateName without its trailing dash: a ReplicaSet, Job or DaemonSet name. */
function fromGeneratedBase(base: string): WorkloadFromName {
  const hashed = HASH_SUFFIX.exec(base);
  if (hashed) return { name: hashed[1]!, kind: 'Deployment', rule: 'deployment' };
  const cron = CRONJOB_SUFFIX.exec(base);
  if (cron) return { name: cron[1]!, kind: 'CronJob', rule: 'cronjob' };
  const indexed = INDEX_SUFFIX.exec(base);
  if (indexed) return { name: indexed[1]!, kind: 'Job', rule: 'indexed-job' };
  return { name: base, kind: null, rule: 'generated' };
}

/** A base cut at 58 characters: drop the partial pod-template-hash after its last dash, if any. */
function fromTruncatedBase(base: string): WorkloadFromName {
  const partial = PARTIAL_HASH_TAIL.exec(base);
  return { name: (partial ? partial[1]! : base).replace(/-+$/, ''), kind: partial ? 'Deployment' : null, rule: 'truncated' };
}

/** A ReplicaSet's Deployment from its name (`web-7d9c8b6f5` → web), or null when it carries no hash. */
export function deploymentFromReplicaSetName(replicaSet: string): string | null {
  const m = HASH_SUFFIX.exec(replicaSet);
  return m ? m[1]! : null;
}

/** A Job's CronJob from its name (`nightly-29000000` → nightly), or null. */
export function cronJobFromJobName(job: string): string | null {
  const m = /^(.+)-\d{8}$/.exec(job);
  return m ? m[1]! : null;
}
