import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IPERF3_DEFAULT_PORT, parseIperf3Report, parseIperf3Version, parsePeer } from './iperf3-parse.js';

// Captured from iperf3 3.12 on this project's dev machine: `iperf3 -c 127.0.0.1 -t 1 -J`.
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseIperf3Report', () => {
  it('reads what the receiver counted (end.sum_received)', () => {
    const received = parseIperf3Report(fixture('iperf3-loopback.json'));
    expect(received.bitsPerSecond).toBeCloseTo(23191224636.035023, 3);
    expect(received.bytes).toBe(2909536256);
    expect(received.seconds).toBeCloseTo(1.003668, 6);
  });

  it('turns the "error" iperf3 reports (with exit code 0) into an error', () => {
    expect(() => parseIperf3Report(fixture('iperf3-refused.json'))).toThrow('iperf3: unable to connect to server: Connection refused');
    expect(() => parseIperf3Report('iperf3: error - unable to connect')).toThrow(/not valid JSON/);
    expect(() => parseIperf3Report('{"start": {}, "end": {}}')).toThrow(/sum_received is missing/);
  });
});

describe('parseIperf3Version', () => {
  it('labels the tool iperf3-<version>', () => {
    expect(parseIperf3Version('iperf 3.12 (cJSON 1.7.15)\nLinux vm 6.18 ...')).toBe('iperf3-3.12');
    expect(parseIperf3Version('iperf 3.9.1\n')).toBe('iperf3-3.9.1');
    expect(() => parseIperf3Version('')).toThrow(/version/);
  });
});

describe('parsePeer', () => {
  it('reads host:port, bracketed IPv6 and a bare host (iperf3\'s default port)', () => {
    expect(parsePeer('10.0.0.12:5202')).toEqual({ host: '10.0.0.12', port: 5202 });
    expect(parsePeer('node-b.example:9000')).toEqual({ host: 'node-b.example', port: 9000 });
    expect(parsePeer('[fd00::12]:5201')).toEqual({ host: 'fd00::12', port: 5201 });
    expect(parsePeer('node-b')).toEqual({ host: 'node-b', port: IPERF3_DEFAULT_PORT });
  });

  it('rejects what is not a host and port', () => {
    expect(() => parsePeer('fd00::12')).toThrow(/not host:port/);
    expect(() => parsePeer('10.0.0.12:0')).toThrow(/port/);
    expect(() => parsePeer('10.0.0.12:70000')).toThrow(/port/);
    expect(() => parsePeer(':5201')).toThrow(/not host:port/);
  });
});
