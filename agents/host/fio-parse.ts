// Reads fio's `--output-format=json` report (fio 3.x): the first job's read/write figures and the
// latency percentiles of its sync operations (`--fdatasync=1`). Pure: text in, numbers out.

export interface FioDirection {
  ioBytes: number;
  /** fio's own bandwidth: io_bytes over the job's runtime (which includes an end_fsync). */
  bytesPerSec: number;
  iops: number;
  runtimeMs: number;
}

export interface FioSyncLatency {
  /** Sync operations fio completed. */
  count: number;
  meanNs: number;
  /** Percentile (as fio keys it, e.g. 99) → latency in ns. */
  percentilesNs: Map<number, number>;
}

export interface FioReport {
  version: string;
  jobName: string;
  read: FioDirection;
  write: FioDirection;
  /** null when the job issued no sync operations. */
  sync: FioSyncLatency | null;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function numberAt(obj: Json, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`fio JSON: ${where}.${key} is not a number`);
  return v;
}

function objectAt(obj: Json, key: string, where: string): Json {
  const v = obj[key];
  if (!isObject(v)) throw new Error(`fio JSON: ${where}.${key} is missing`);
  return v;
}

/** `fio --version` prints e.g. "fio-3.33"; the tool label keeps that form. */
export function parseFioVersion(text: string): string {
  const m = /fio-(\d+(?:\.\d+)*)/.exec(text);
  if (!m) throw new Error(`cannot read fio's version from ${JSON.stringify(text.trim().slice(0, 80))}`);
  return `fio-${m[1]}`;
}

/** fio may print warnings before the JSON document on stdout; the document starts at the first `{` line. */
function jsonText(stdout: string): string {
  const start = stdout.search(/^\{/m);
  if (start < 0) throw new Error(`fio printed no JSON report: ${JSON.stringify(stdout.trim().slice(0, 200))}`);
  return stdout.slice(start);
}

function parseDirection(job: Json, key: 'read' | 'write'): FioDirection {
  const d = objectAt(job, key, 'jobs[0]');
  const where = `jobs[0].${key}`;
  return {
    ioBytes: numberAt(d, 'io_bytes', where),
    bytesPerSec: numberAt(d, 'bw_bytes', where),
    iops: numberAt(d, 'iops', where),
    runtimeMs: numberAt(d, 'runtime', where),
  };
}

function parseSync(job: Json): FioSyncLatency | null {
  const sync = job['sync'];
  if (!isObject(sync) || !isObject(sync['lat_ns'])) return null;
  const lat = sync['lat_ns'];
  const count = numberAt(lat, 'N', 'jobs[0].sync.lat_ns');
  if (count === 0) return null;
  const percentilesNs = new Map<number, number>();
  const raw = lat['percentile'];
  if (isObject(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value === 'number') percentilesNs.set(Number(key), value);
    }
  }
  return { count, meanNs: numberAt(lat, 'mean', 'jobs[0].sync.lat_ns'), percentilesNs };
}

/** The first job of a fio JSON report (run one job, or several with --group_reporting). Throws on a job error. */
export function parseFioReport(stdout: string, stderr = ''): FioReport {
  let doc: unknown;
  try {
    doc = JSON.parse(jsonText(stdout));
  } catch (err) {
    throw new Error(`fio's report is not valid JSON (${err instanceof Error ? err.message : String(err)})${stderr ? `: ${stderr.trim().slice(0, 300)}` : ''}`);
  }
  if (!isObject(doc) || !Array.isArray(doc['jobs']) || !isObject(doc['jobs'][0])) throw new Error('fio JSON: no jobs in the report');
  const job = doc['jobs'][0];
  const error = job['error'];
  if (typeof error === 'number' && error !== 0) {
    const reason = stderr.trim().split('\n').pop() ?? '';
    throw new Error(`fio job failed with error ${error}${reason ? `: ${reason}` : ''}`);
  }
  return {
    version: typeof doc['fio version'] === 'string' ? doc['fio version'] : 'fio',
    jobName: typeof job['jobname'] === 'string' ? job['jobname'] : '',
    read: parseDirection(job, 'read'),
    write: parseDirection(job, 'write'),
    sync: parseSync(job),
  };
}

/** A sync-latency percentile in ms (fio keys them as "99.000000"). */
export function syncPercentileMs(report: FioReport, percentile: number): number {
  if (!report.sync) throw new Error('fio reported no sync latencies (was --fdatasync set?)');
  const ns = report.sync.percentilesNs.get(percentile);
  if (ns === undefined) throw new Error(`fio reported no p${percentile} sync latency`);
  return ns / 1e6;
}
