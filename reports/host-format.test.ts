import { describe, expect, it } from 'vitest';
import type { HostMetric } from '../scenarios/result.js';
import { describeGuidance, formatCi, formatCv, formatMetricValue, formatWithUnit, guidanceCell, metricLabel } from './host-format.js';

describe('host metric formatting', () => {
  it('keeps three significant digits below 100 and whole numbers with separators above', () => {
    expect([28_412.4, 1848.2, 412.4, 93.44, 11.77, 3.604, 1.9597, 0.02412].map(formatMetricValue)).toEqual(['28,412', '1,848', '412', '93.4', '11.8', '3.6', '1.96', '0.0241']);
    expect(formatMetricValue(NaN)).toBe('–');
  });

  it('writes units the way people read them', () => {
    expect(formatWithUnit(1.96, '×')).toBe('1.96×');
    expect(formatWithUnit(3.21, 'ms')).toBe('3.21 ms');
  });

  it('collapses an interval whose ends read the same, and shows no cv without spread', () => {
    expect(formatCi([3.381, 3.829])).toBe('3.38–3.83');
    expect(formatCi([5, 5])).toBe('5');
    expect(formatCv(NaN)).toBe('–');
    expect(formatCv(0.0471)).toBe('4.71%');
  });

  it('names known metrics in words and leaves unknown ids as they are', () => {
    expect(metricLabel('disk.fdatasync.p99')).toBe('fdatasync p99');
    expect(metricLabel('gpu.flops')).toBe('gpu.flops');
  });

  it('takes the guidance sentence from the probe and words the table cell as verdict and criterion', () => {
    const m: HostMetric = { name: 'disk.fdatasync.p99', unit: 'ms', higherIsBetter: false, tool: 'fio-3.33', repeats: [3.2, 3.2], mean: 3.2, ci95: [3.2, 3.2], cv: 0, converged: true, guidance: { limit: 10, passed: true, text: 'fdatasync p99 3.2 ms ≤ 10 ms: fit for etcd\'s WAL' } };
    expect(describeGuidance(m)).toBe('fdatasync p99 3.2 ms ≤ 10 ms: fit for etcd\'s WAL');
    expect(guidanceCell(m)).toBe('pass (≤ 10 ms)');
    expect(guidanceCell({ ...m, higherIsBetter: true, unit: 'MB/s', guidance: { limit: 100, passed: false, text: '' } })).toBe('FAIL (≥ 100 MB/s)');
    expect(describeGuidance({ ...m, guidance: undefined })).toBeNull();
    expect(guidanceCell({ ...m, guidance: undefined })).toBe('');
  });
});
