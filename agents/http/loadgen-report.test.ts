import { describe, expect, it } from 'vitest';
import { childCpuSecFromStat, formatTable, median, parseWrkOutput, renderDocsSection, SECTION_BEGIN, SECTION_END, spliceDocsSection, summarizeRuns, type GeneratorRun } from './loadgen-report.js';

const WRK = `Running 1s test @ http://127.0.0.1:39217/index.html
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   132.40us  143.86us   2.81ms   98.58%
    Req/Sec    82.44k     6.89k   88.70k    81.82%
  Latency Distribution
     50%  111.00us
     75%  127.00us
     90%  153.00us
     99%    1.70ms
  89773 requests in 1.10s, 66.95MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  81628.29
Transfer/sec:     60.88MB
`;

describe('load generator comparison', () => {
  it('reads wrk --latency output', () => {
    expect(parseWrkOutput(WRK)).toEqual({ requests: 89773, reqPerSec: 81628.29, p50Ms: 0.111, p99Ms: 1.7, errors: 7 });
    expect(() => parseWrkOutput('wrk: command failed')).toThrow(/unexpected wrk output/);
  });

  it('reads waited-for children CPU from a /proc stat line, even with spaces in the command name', () => {
    const line = '22235 (s h) R 22230 22230 6915 0 -1 4194304 88 0 0 0 0 0 250 130 20 0 1 0 123281';
    expect(childCpuSecFromStat(line, 100)).toBeCloseTo(3.8, 10);
  });

  it('takes medians and compares with the first generator', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const run = (generator: string, reqPerSec: number, cpuSec: number): GeneratorRun => ({ generator, requests: reqPerSec * 10, reqPerSec, cpuSec, p50Ms: 1, p99Ms: 2, errors: 0 });
    const rows = summarizeRuns([run('wrk', 100, 10), run('headroom', 90, 9), run('wrk', 120, 12), run('headroom', 60, 12), run('wrk', 80, 8), run('headroom', 80, 8)], ['wrk', 'headroom']);
    expect(rows.map((r) => [r.generator, r.reqPerSec, r.speedVsBaseline, r.cpuUsPerReq, r.cpuPerReqVsBaseline])).toEqual([
      ['wrk', 100, 1, 10_000, 1],
      ['headroom', 80, 0.8, 10_000, 1],
    ]);
    expect(formatTable(rows).split('\n')).toHaveLength(4);
  });

  it('replaces its section of the docs and leaves the rest alone', () => {
    const rows = summarizeRuns([{ generator: 'wrk', requests: 10, reqPerSec: 1, cpuSec: 1, p50Ms: 1, p99Ms: 1, errors: 0 }], ['wrk']);
    const section = renderDocsSection(rows, { date: '2026-01-01', machine: '2 cores', connections: 50, durationSec: 10, repeats: 3, versions: 'Node', loadAverage: 0.5 });
    const once = spliceDocsSection('# Performance\n\n## Load generator\nIntro.\n', section);
    expect(once).toContain(`Intro.\n\n${SECTION_BEGIN}`);
    const again = spliceDocsSection(`${once}\n## Later section\n`, section.replace('2026-01-01', '2026-02-02'));
    expect(again).toContain('2026-02-02');
    expect(again).not.toContain('2026-01-01');
    expect(again.split(SECTION_END)).toHaveLength(2);
    expect(again).toContain('## Later section');
  });
});
