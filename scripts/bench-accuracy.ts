// `npm run bench:accuracy`: headroom against the calibrated target over a grid of known answers
// (USL parameters across the issue's ranges, K workers closed and open, stalls), printed as a
// table and written into docs/performance.md.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { runCalibrationCase, uslSteps, type CalibrationCase } from '../agents/calibration.js';
import { sectionMarkers, spliceSection } from '../reports/splice-section.js';

interface Row {
  case: string;
  metric: string;
  expected: number;
  measured: number;
  tolerance: number;
}

const USL_GRID = [
  { lambda: 50, sigma: 0, kappa: 0.00025 },
  { lambda: 100, sigma: 0.03, kappa: 0.0008 },
  { lambda: 200, sigma: 0.05, kappa: 0.002 },
  { lambda: 300, sigma: 0.1, kappa: 0.0036 },
  { lambda: 400, sigma: 0.08, kappa: 0.02 },
  { lambda: 500, sigma: 0.1, kappa: 0.05 },
  { lambda: 500, sigma: 0.02, kappa: 0.00024 },
];

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));

async function main(): Promise<void> {
  const rows: Row[] = [];
  const started = Date.now();
  const load1 = os.loadavg()[0]!;
  for (const p of USL_GRID) {
    const peak = Math.sqrt((1 - p.sigma) / p.kappa);
    const name = `usl λ=${p.lambda} σ=${p.sigma} κ=${p.kappa}`;
    const o = await runCalibrationCase({ name: 'usl', target: { model: 'usl', ...p }, model: 'closed', steps: uslSteps(peak), stepDurationMs: 2500, warmupMs: 500 });
    const fit = o.bench.usl;
    rows.push({ case: name, metric: 'peak N*', expected: peak, measured: fit?.peak ?? NaN, tolerance: 0.1 });
    rows.push({ case: name, metric: 'peak req/s', expected: o.capacity.peakThroughput, measured: fit?.peakThroughput ?? NaN, tolerance: 0.05 });
    process.stderr.write(`${name}: N* ${fmt(fit?.peak ?? NaN)} (true ${fmt(peak)}), X* ${fmt(fit?.peakThroughput ?? NaN)} (true ${fmt(o.capacity.peakThroughput)})\n`);
  }
  const fixed = { model: 'fixed' as const, workers: 8, serviceMs: 10 };
  const closed = await runCalibrationCase({ name: 'fixed', target: fixed, model: 'closed', steps: [1, 2, 4, 6, 8, 10, 12, 16, 24, 32], stepDurationMs: 2000, warmupMs: 500 });
  rows.push({ case: 'fixed K=8 S=10ms, closed', metric: 'knee (connections)', expected: 8, measured: closed.bench.knee?.load ?? NaN, tolerance: 0.1 });
  rows.push({ case: 'fixed K=8 S=10ms, closed', metric: 'max req/s', expected: 800, measured: Math.max(...closed.bench.steps.map((s) => s.throughput)), tolerance: 0.05 });
  const open = await runCalibrationCase({ name: 'fixed-open', target: fixed, model: 'open', steps: [200, 400, 600, 700, 800, 900, 1000, 1200], stepDurationMs: 2000, warmupMs: 500, maxInFlight: 2000 });
  rows.push({ case: 'fixed K=8 S=10ms, open', metric: 'saturation rate (req/s)', expected: 800, measured: open.bench.saturation.load, tolerance: 0.05 });
  rows.push({ case: 'fixed K=8 S=10ms, open', metric: 'max req/s', expected: 800, measured: Math.max(...open.bench.steps.map((s) => s.throughput)), tolerance: 0.05 });
  rows.push({ case: 'fixed K=8 S=10ms, open', metric: 'p50 at 400 req/s (ms)', expected: 10, measured: open.bench.steps.find((s) => s.load === 400)?.latencyMs.p50 ?? NaN, tolerance: 0.1 });
  const stall = { ...fixed, serviceMs: 5, stallEveryMs: 2000, stallMs: 100 };
  const sOpen = await runCalibrationCase({ name: 'stall-open', target: stall, model: 'open', steps: [400], stepDurationMs: 6000, warmupMs: 1000 } satisfies CalibrationCase);
  const sClosed = await runCalibrationCase({ name: 'stall-closed', target: stall, model: 'closed', steps: [8], stepDurationMs: 6000, warmupMs: 1000 });
  rows.push({ case: 'stall 100ms every 2s, open 400 req/s', metric: 'p99 ≥ 50 ms', expected: 50, measured: sOpen.bench.steps[0]!.latencyMs.p99, tolerance: Infinity });
  rows.push({ case: 'stall 100ms every 2s, closed 8 conn', metric: 'p99 (hides the stall)', expected: 5, measured: sClosed.bench.steps[0]!.latencyMs.p99, tolerance: Infinity });

  const pass = (r: Row): boolean => (r.metric.startsWith('p99 ≥') ? r.measured >= r.expected : r.tolerance === Infinity ? true : Math.abs(r.measured / r.expected - 1) <= r.tolerance);
  const table = [
    '| case | metric | known answer | measured | error | tolerance | ok |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.case} | ${r.metric} | ${fmt(r.expected)} | ${fmt(r.measured)} | ${r.tolerance === Infinity ? '' : `${((r.measured / r.expected - 1) * 100).toFixed(1)}%`} | ${r.tolerance === Infinity ? '' : `±${r.tolerance * 100}%`} | ${pass(r) ? 'yes' : '**no**'} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const { begin, end } = sectionMarkers('bench:accuracy');
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const section = `${begin}
Measured ${new Date(started).toISOString().slice(0, 10)} with \`npm run bench:accuracy\` on ${os.cpus().length} cores (${cpu}), Node ${process.version};
1-minute load average ${load1.toFixed(2)} at the start; ${((Date.now() - started) / 1000).toFixed(0)} s in all. The target runs on a worker
thread of the same process, the generator on the main thread, both on the same 2 cores.

${table}
${end}`;
  if (!process.argv.includes('--no-docs')) {
    const file = new URL('../../docs/performance.md', import.meta.url);
    writeFileSync(file, spliceSection(readFileSync(file, 'utf8'), 'bench:accuracy', section));
    process.stderr.write(`wrote ${file.pathname}\n`);
  }
  if (!rows.every(pass)) process.exitCode = 1;
}

await main();
