import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSamples, parsePromText, parsePromValue, readHistogram, readScalar } from './prom-text.js';

const ETCD_METRICS = readFileSync(new URL('./fixtures/etcd-3.4.23-metrics-after-m.txt', import.meta.url), 'utf8');

describe('parsePromValue', () => {
  it('reads Go floats, infinities and NaN as Prometheus writes them', () => {
    expect(parsePromValue('2.147483648e+09')).toBe(2147483648);
    expect(parsePromValue('0.0029443330000000004')).toBeCloseTo(0.002944333, 12);
    expect(parsePromValue('+Inf')).toBe(Infinity);
    expect(parsePromValue('-Inf')).toBe(-Infinity);
    expect(parsePromValue('NaN')).toBeNaN();
    expect(parsePromValue('-1.5E-3')).toBe(-0.0015);
  });

  it('refuses what is not a number', () => {
    expect(parsePromValue('1,5')).toBeNull();
    expect(parsePromValue('')).toBeNull();
    expect(parsePromValue('0x10')).toBeNull();
  });
});

describe('parsePromText', () => {
  const text = [
    '# HELP http_requests_total The total number of HTTP requests.',
    '# TYPE http_requests_total counter',
    'http_requests_total{method="post",code="200"} 1027 1395066363000',
    'http_requests_total{method="post",code="400"}    3 1395066363000',
    '',
    '# A free comment',
    'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
    'metric_without_timestamp_and_labels 12.47',
    'something_weird{problem="division by zero"} +Inf -3982045',
    '# TYPE rpc_duration_seconds summary',
    'rpc_duration_seconds{quantile="0.5"} 4773',
    'rpc_duration_seconds_sum 1.7560473e+07',
    '# TYPE latency histogram',
    'latency_bucket{le="0.1",op="get"} 3',
    'latency_bucket{op="get",le="0.5"} 8',
    'latency_bucket{le="+Inf",op="get"} 10',
    'latency_bucket{le="0.1",op="put"} 1',
    'latency_bucket{le="0.5",op="put"} 1',
    'latency_bucket{le="+Inf",op="put",} 2',
    'latency_sum{op="get"} 2.5',
    'latency_count{op="get"} 10',
    'latency_sum{op="put"} 1.5',
    'latency_count{op="put"} 2',
  ].join('\n');
  const prom = parsePromText(text);

  it('reads every sample line of the format\'s own example', () => {
    expect(prom.problems).toEqual([]);
    expect(findSamples(prom, 'http_requests_total')).toHaveLength(2);
    expect(readScalar(prom, 'http_requests_total', { code: '400' })).toBe(3);
    expect(readScalar(prom, 'http_requests_total')).toBe(1030);
    expect(readScalar(prom, 'metric_without_timestamp_and_labels')).toBe(12.47);
    expect(readScalar(prom, 'something_weird')).toBe(Infinity);
    expect(readScalar(prom, 'no_such_metric')).toBeNull();
  });

  it('unescapes label values', () => {
    const [s] = findSamples(prom, 'msdos_file_access_time_seconds');
    expect(s!.labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
  });

  it('keeps each family\'s TYPE', () => {
    expect(prom.types.get('http_requests_total')).toBe('counter');
    expect(prom.types.get('rpc_duration_seconds')).toBe('summary');
    expect(prom.types.get('latency')).toBe('histogram');
  });

  it('reads a histogram of one series, in order of le whatever the label order', () => {
    expect(readHistogram(prom, 'latency', { op: 'get' })).toEqual({
      buckets: [{ le: 0.1, count: 3 }, { le: 0.5, count: 8 }, { le: Infinity, count: 10 }],
      count: 10,
      sum: 2.5,
    });
  });

  it('sums histogram series by le when several match, like sum by (le)', () => {
    expect(readHistogram(prom, 'latency')).toEqual({
      buckets: [{ le: 0.1, count: 4 }, { le: 0.5, count: 9 }, { le: Infinity, count: 12 }],
      count: 12,
      sum: 4,
    });
  });

  it('gives no histogram without a +Inf bucket', () => {
    expect(readHistogram(parsePromText('x_bucket{le="1"} 2\nx_count 2\nx_sum 1'), 'x')).toBeNull();
    expect(readHistogram(prom, 'no_such')).toBeNull();
  });

  it('reports unreadable lines and keeps the rest', () => {
    const bad = parsePromText('good 1\n{le="1"} 2\nbroken{a="1" 3\nnovalue\ngood_too 2\r\n');
    expect(bad.samples.map((s) => s.name)).toEqual(['good', 'good_too']);
    expect(bad.problems).toHaveLength(3);
    expect(bad.problems[0]).toMatch(/^line 2: /);
  });

  it('reads a whole real etcd 3.4.23 /metrics page without a problem', () => {
    const real = parsePromText(ETCD_METRICS);
    expect(real.problems).toEqual([]);
    expect(real.samples.length).toBeGreaterThan(1000);
    expect(real.types.get('etcd_disk_wal_fsync_duration_seconds')).toBe('histogram');
    expect(real.types.get('go_gc_duration_seconds')).toBe('summary');
    const wal = readHistogram(real, 'etcd_disk_wal_fsync_duration_seconds')!;
    expect(wal.buckets).toHaveLength(15); // 1 ms … 8.192 s doubling, and +Inf
    expect(wal.buckets[0]!.le).toBe(0.001);
    expect(wal.buckets.at(-1)!.count).toBe(wal.count);
    expect(readScalar(real, 'etcd_server_quota_backend_bytes')).toBe(2 ** 31);
    expect(readScalar(real, 'grpc_server_handled_total', { grpc_method: 'Put', grpc_code: 'OK' })).toBeGreaterThan(50_000);
  });
});
