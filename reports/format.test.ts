import { describe, expect, it } from 'vitest';
import { ETCD_SATURATION_WORDS, HTTP_SATURATION_WORDS } from '../analyzers/saturation.js';
import { formatLoad, formatRate, loadUnit, loadWords } from './format.js';

describe('load wording by bench kind', () => {
  it('counts HTTP load in connections and req/s, also when no kind is given', () => {
    expect(formatLoad(32, 'closed')).toBe('32 connections');
    expect(formatLoad(1, 'closed', 'http')).toBe('1 connection');
    expect(formatLoad(1200, 'open')).toBe('1,200 req/s');
    expect(formatRate(1170.4)).toBe('1,170 req/s');
    expect(loadUnit('open')).toEqual({ singular: 'req/s', plural: 'req/s', axis: 'offered rate (req/s)', column: 'offered (req/s)', rate: 'req/s' });
    expect(loadUnit('closed')).toEqual({ singular: 'connection', plural: 'connections', axis: 'connections', column: 'connections', rate: 'req/s' });
  });

  it('counts etcd load in clients and ops/s', () => {
    expect(formatLoad(32, 'closed', 'etcd')).toBe('32 clients');
    expect(formatLoad(1, 'closed', 'etcd')).toBe('1 client');
    expect(formatLoad(1000, 'open', 'etcd')).toBe('1,000 ops/s');
    expect(formatRate(962.4, 'etcd')).toBe('962 ops/s');
    expect(loadUnit('open', 'etcd')).toMatchObject({ axis: 'offered rate (ops/s)', column: 'offered (ops/s)' });
    expect(loadUnit('closed', 'etcd')).toMatchObject({ axis: 'clients', column: 'clients', rate: 'ops/s' });
  });

  it('uses the same plural and rate as the saturation analyzer', () => {
    expect(loadWords('http')).toMatchObject(HTTP_SATURATION_WORDS);
    expect(loadWords('etcd')).toMatchObject(ETCD_SATURATION_WORDS);
  });
});
