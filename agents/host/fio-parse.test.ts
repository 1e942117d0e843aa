import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFioReport, parseFioVersion, syncPercentileMs } from './fio-parse.js';

// Captured from fio 3.33 on this project's dev machine (ext4 on virtio), with the probes' own options.
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseFioReport', () => {
  it('reads the fdatasync latency percentiles of the etcd check (sync.lat_ns.percentile)', () => {
    const report = parseFioReport(fixture('fio-fdatasync.json'));
    expect(report.version).toBe('fio-3.33');
    expect(report.sync).not.toBeNull();
    // 200 writes of 2300 bytes: fio issues an fdatasync after each but the last.
    expect(report.sync!.count).toBe(199);
    expect(report.sync!.percentilesNs.get(50)).toBe(203776);
    expect(syncPercentileMs(report, 99)).toBeCloseTo(4.489216, 9);
    expect(report.write.ioBytes).toBe(200 * 2300);
  });

  it('reads bandwidth and IOPS of the sequential and random jobs', () => {
    const write = parseFioReport(fixture('fio-seq-write.json'));
    expect(write.write).toEqual({ ioBytes: 67108864, bytesPerSec: 1315860078, iops: 1254.901961, runtimeMs: 51 });
    expect(write.sync).toBeNull();
    expect(() => syncPercentileMs(write, 99)).toThrow(/no sync latencies/);
    expect(parseFioReport(fixture('fio-seq-read.json')).read.bytesPerSec).toBe(1065220063);
    // Four psync jobs with --group_reporting: one summed entry.
    const rand = parseFioReport(fixture('fio-rand-read.json'));
    expect(rand.jobName).toBe('headroom-rand-read');
    expect(rand.read.iops).toBeCloseTo(35871.385842, 6);
  });

  it('turns a failed job into an error carrying fio\'s own message', () => {
    expect(() => parseFioReport(fixture('fio-error.json'), fixture('fio-error.stderr'))).toThrow(/error 20: .*Not a directory/);
  });

  it('skips warnings fio prints before the JSON, and rejects output without a report', () => {
    const noisy = `fio: this platform does not support process shared mutexes, forcing use of threads\n${fixture('fio-seq-read.json')}`;
    expect(parseFioReport(noisy).read.ioBytes).toBe(67108864);
    expect(() => parseFioReport('fio: file hash not empty on exit\n')).toThrow(/no JSON report/);
    expect(() => parseFioReport('{ "jobs": [] }')).toThrow(/no jobs/);
  });
});

describe('parseFioVersion', () => {
  it('keeps fio\'s own label', () => {
    expect(parseFioVersion('fio-3.33\n')).toBe('fio-3.33');
    expect(parseFioVersion('fio-3.36-12-gabcdef\n')).toBe('fio-3.36');
    expect(() => parseFioVersion('command not found')).toThrow(/version/);
  });
});
