import { describe, expect, it } from 'vitest';
import { formatMs, parseBytes, parseCores, parseDurationMs, parseFraction } from './units.js';
import { planSteps } from './steps.js';

describe('units', () => {
  it('parses durations', () => {
    expect(parseDurationMs('250ms')).toEqual({ ok: true, value: 250 });
    expect(parseDurationMs('1m30s')).toEqual({ ok: true, value: 90_000 });
    expect(parseDurationMs('14d')).toEqual({ ok: true, value: 14 * 86_400_000 });
    expect(parseDurationMs('500us')).toEqual({ ok: true, value: 0.5 });
    expect(parseDurationMs(42)).toEqual({ ok: true, value: 42 });
    expect(parseDurationMs('5 parsecs').ok).toBe(false);
    expect(parseDurationMs('s').ok).toBe(false);
    expect(parseDurationMs(-1).ok).toBe(false);
  });
  it('parses percentages and fractions', () => {
    expect(parseFraction('1%')).toEqual({ ok: true, value: 0.01 });
    expect(parseFraction(0.25)).toEqual({ ok: true, value: 0.25 });
    expect(parseFraction('150%').ok).toBe(false);
    expect(parseFraction(2).ok).toBe(false);
  });
  it('parses Kubernetes quantities', () => {
    expect(parseBytes('512Mi')).toEqual({ ok: true, value: 512 * 1024 * 1024 });
    expect(parseBytes('1G')).toEqual({ ok: true, value: 1e9 });
    expect(parseCores('250m')).toEqual({ ok: true, value: 0.25 });
    expect(parseCores(2)).toEqual({ ok: true, value: 2 });
    expect(parseCores('2 cores').ok).toBe(false);
  });
  it('formats milliseconds for people', () => {
    expect(formatMs(0.25)).toBe('250µs');
    expect(formatMs(12.345)).toBe('12.3ms');
    expect(formatMs(1500)).toBe('1.50s');
    expect(formatMs(90_000)).toBe('1m30s');
  });
});

describe('planSteps', () => {
  it('expands geometric and linear ramps, inclusive of the end', () => {
    expect(planSteps({ ramp: { from: 1, to: 64, factor: 2 } })).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(planSteps({ ramp: { from: 100, to: 400, step: 150 } })).toEqual([100, 250, 400]);
    expect(planSteps({ ramp: { from: 0.1, to: 0.3, step: 0.1 } })).toEqual([0.1, 0.2, 0.3]);
    expect(planSteps({ steps: [3, 1] })).toEqual([3, 1]);
  });
});
